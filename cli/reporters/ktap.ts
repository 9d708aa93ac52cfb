// `check --reporter ktap`: the Kernel Test Anything Protocol, version 1, as
// Documentation/dev-tools/ktap.rst specifies it and kernel CI (KernelCI, kunit_tool's parser)
// reads it: the version line, the plan `1..N`, one result line per cell
// (`ok N description` / `not ok N description`; a cell declared n/a `ok N description # SKIP ...`),
// diagnostic lines `# ...` directly before the result they concern. A last test, "coverage", fails
// when a property was vacuous or a design's branch was never reached.

import { cellName, replayCommand, type CheckPlan, type CheckResults } from './record.js';

/** A description "can be any string of words (can't include #)" (ktap.rst): one line, no '#'. */
const description = (s: string): string => s.replace(/#/g, 'No.').replace(/\s+/g, ' ').trim();
const diagnostic = (s: string): string => `# ${s.replace(/\s+/g, ' ').trim()}`;

export const ktapLines = (plan: CheckPlan, recs: CheckResults, problems: readonly string[]): string[] => {
  const ran = plan.cells.flatMap((c, k) => (recs[k] === undefined ? [] : [{ c, r: recs[k] }]));
  const lines = ['KTAP version 1', `1..${ran.length + 1}`];
  ran.forEach(({ c, r }, i) => {
    const name = description(cellName(c));
    const n = i + 1;
    if (r.verdict !== c.expected) {
      // Inconclusive (a stack run cut by the step budget) is no pass: `not ok`, the diagnostic says why.
      lines.push(diagnostic(`${cellName(c)}: ${r.verdict}, declared ${c.expected}${r.violation ? `: ${r.violation}` : ''}`));
      lines.push(diagnostic(`replay: ${replayCommand(plan, c, r)}`));
      lines.push(`not ok ${n} ${name}`);
    } else if (c.expected === 'n/a') lines.push(`ok ${n} ${name} # SKIP declared n/a on this design`);
    else {
      if (r.verdict === 'refuted') lines.push(diagnostic(`refuted as declared: ${r.violation ?? ''}; replay: ${replayCommand(plan, c, r)}`));
      lines.push(`ok ${n} ${name}`);
    }
  });
  for (const p of problems) lines.push(diagnostic(p));
  lines.push(`${problems.length ? 'not ok' : 'ok'} ${ran.length + 1} coverage`);
  return lines;
};
