// `check --reporter github`: GitHub Actions workflow commands, one `::error` annotation per cell
// whose verdict differs from the declared one (and per coverage problem), naming the replay
// command; and the matrix as Markdown for the job summary ($GITHUB_STEP_SUMMARY). The workflow
// command syntax and its escaping (%25 %0D %0A in messages, also %3A %2C in properties) are
// GitHub's "Workflow commands for GitHub Actions" documentation.

import { cellName, replayCommand, type CheckPlan, type CheckResults } from './record.js';

const escapeData = (s: string): string => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const escapeProperty = (s: string): string => escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');

export const githubAnnotations = (plan: CheckPlan, recs: CheckResults, problems: readonly string[]): string[] => {
  const lines: string[] = [];
  plan.cells.forEach((c, k) => {
    const r = recs[k];
    if (r === undefined || r.verdict === c.expected) return;
    // The counterexample file when there is one; otherwise the catalogue entry of the property.
    const file = typeof r.counterexample === 'string' ? r.counterexample : 'spec/PROPERTIES.md';
    const msg = `${r.verdict}, declared ${c.expected}${r.violation ? `: ${r.violation}` : ''}. Replay: ${replayCommand(plan, c, r)}`;
    // An inconclusive cell (a run cut by the step budget) is a warning: no verdict, not a wrong one.
    lines.push(`::${r.verdict === 'inconclusive' ? 'warning' : 'error'} file=${escapeProperty(file)},title=${escapeProperty(`copyspec ${cellName(c)}`)}::${escapeData(msg)}`);
  });
  for (const p of problems) lines.push(`::error title=${escapeProperty('copyspec coverage')}::${escapeData(p)}`);
  return lines;
};

const cellText = (s: string): string => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export const githubMarkdown = (plan: CheckPlan, recs: CheckResults, problems: readonly string[]): string => {
  const out: string[] = [`### copyspec check: profile ${plan.profile}, seed ${plan.seed}${plan.shard ? `, shard ${plan.shard.i}/${plan.shard.n}` : ''}`, ''];
  out.push(`| property | ${plan.designs.join(' | ')} |`, `|---|${plan.designs.map(() => '---|').join('')}`);
  for (const id of plan.properties) {
    const row = plan.designs.map((d) => {
      const k = plan.cells.findIndex((x) => x.property === id && x.variant === null && (x.design === d || x.design === null));
      const r = recs[k];
      if (r === undefined) return '–';
      const c = plan.cells[k]!;
      return `${r.verdict === c.expected ? '' : r.verdict === 'inconclusive' ? '⚠️ ' : '❌ '}${r.verdict}${c.design === null ? '\\*' : ''}`;
    });
    out.push(`| ${id} | ${row.join(' | ')} |`);
  }
  out.push('', `\\* checked once (no design changes it); ❌ differs from the declared verdict${recs.some((r) => r?.verdict === 'inconclusive') ? '; ⚠️ a stack run was cut by the step budget: no verdict' : ''}`, '');
  const variants = plan.cells.flatMap((c, k) => (c.variant !== null && recs[k] ? [{ c, r: recs[k] }] : []));
  if (variants.length) {
    out.push('| known-bad variant | property | design | verdict |', '|---|---|---|---|');
    for (const { c, r } of variants) out.push(`| ${cellText(c.variant!)} | ${c.property} | ${c.design ?? 'model'} | ${r.verdict === 'refuted' ? 'refuted' : r.verdict === 'inconclusive' ? '⚠️ inconclusive' : '❌ holds'} |`);
    out.push('');
  }
  const bad = plan.cells.flatMap((c, k) => (recs[k] && recs[k].verdict !== c.expected ? [`- ${cellText(cellName(c))}: \`${replayCommand(plan, c, recs[k])}\``] : []));
  for (const p of problems) bad.push(`- coverage: ${cellText(p)}`);
  out.push(bad.length ? `**${bad.length} problem(s)**` : '**every verdict as declared**', ...bad, '');
  return out.join('\n');
};
