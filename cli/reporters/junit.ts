// `check --reporter junit`: JUnit XML, as CI systems read it (Jenkins, GitLab, GitHub test
// reporters): one <testcase> per cell in the suite "copyspec check", failed when its verdict
// differs from the declared one, the failure message naming the command that replays it; a cell
// declared n/a is <skipped/>. Coverage problems are failed testcases of a second suite.

import { cellName, differs, replayCommand, type CheckPlan, type CheckResults } from './record.js';

/** Text and attribute values: the five XML special characters, and no control character XML 1.0 forbids. */
export const xmlEscape = (s: string): string =>
  s
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '?') // eslint-disable-line no-control-regex
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');

export const junitXml = (plan: CheckPlan, recs: CheckResults, problems: readonly string[]): string => {
  const cases: string[] = [];
  let failures = 0;
  let skipped = 0;
  let errors = 0;
  plan.cells.forEach((c, k) => {
    const r = recs[k];
    if (r === undefined) return; // another shard's cell
    const name = `${c.property}${c.variant ? ` ${c.variant}` : ''} on ${c.design ?? 'model'}`;
    const open = `    <testcase classname="copyspec.check.${xmlEscape(c.property)}" name="${xmlEscape(name)}">`;
    if (r.verdict === 'inconclusive') {
      // No verdict: JUnit's <error>, a test that could not be completed, not a failed one.
      errors++;
      const msg = `${cellName(c)}: inconclusive, declared ${c.expected}: ${r.violation ?? ''}; replay: ${replayCommand(plan, c, r)}`;
      cases.push(`${open}\n      <error message="${xmlEscape(msg)}" type="step-budget">${xmlEscape(msg)}</error>\n    </testcase>`);
    } else if (differs(c, r)) {
      failures++;
      const msg = `${cellName(c)}: ${r.verdict}, declared ${c.expected}${r.violation ? `: ${r.violation}` : ''}; replay: ${replayCommand(plan, c, r)}`;
      cases.push(`${open}\n      <failure message="${xmlEscape(msg)}" type="verdict">${xmlEscape(msg)}</failure>\n    </testcase>`);
    } else if (c.expected === 'n/a') {
      skipped++;
      cases.push(`${open}\n      <skipped message="declared n/a on this design"/>\n    </testcase>`);
    } else if (r.verdict === 'refuted') {
      cases.push(`${open}\n      <system-out>${xmlEscape(`refuted as declared: ${r.violation ?? ''}; replay: ${replayCommand(plan, c, r)}`)}</system-out>\n    </testcase>`);
    } else cases.push(`    <testcase classname="copyspec.check.${xmlEscape(c.property)}" name="${xmlEscape(name)}"/>`);
  });
  const suites = [
    `  <testsuite name="copyspec check" tests="${cases.length}" failures="${failures}" errors="${errors}" skipped="${skipped}">`,
    ...cases,
    '  </testsuite>',
  ];
  if (problems.length) {
    suites.push(`  <testsuite name="copyspec coverage" tests="${problems.length}" failures="${problems.length}" errors="0" skipped="0">`);
    for (const p of problems) suites.push(`    <testcase classname="copyspec.coverage" name="${xmlEscape(p)}">\n      <failure message="${xmlEscape(p)}" type="coverage"/>\n    </testcase>`);
    suites.push('  </testsuite>');
  }
  return ['<?xml version="1.0" encoding="UTF-8"?>', `<testsuites name="copyspec" tests="${cases.length + problems.length}" failures="${failures + problems.length}"${errors ? ` errors="${errors}"` : ''}>`, ...suites, '</testsuites>', ''].join('\n');
};
