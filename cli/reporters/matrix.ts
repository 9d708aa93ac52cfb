// The properties × designs matrix `copyspec check` prints (and `copyspec merge` prints from shard
// outputs): verdicts, the non-holding cells with their reasons, the known-bad variants, coverage.
// A shard's matrix shows `-` for the cells other shards run.

import { DECLARED } from '../../properties/designs.js';
import type { DesignName } from '../../model/stack/design.js';
import type { CheckPlan, CheckResults } from './record.js';

export const matrixLines = (plan: CheckPlan, recs: CheckResults, cov: { problems: readonly string[]; byDesign: ReadonlyMap<DesignName, Record<string, number>> }, mismatches: number): string[] => {
  const lines: string[] = [];
  const out = (l: string): void => void lines.push(l);
  const { designs, cells } = plan;
  const ran = recs.filter((r) => r !== undefined).length;
  out(`copyspec check: profile ${plan.profile}, seed ${plan.seed}, runs per cell ${plan.runsText}${plan.shard ? `, shard ${plan.shard.i}/${plan.shard.n} (${ran} of ${cells.length} cells; - another shard's)` : ''}`);
  out('');
  const w = Math.max(...designs.map((d) => d.length), 9) + 2;
  out(`${'property'.padEnd(10)}${designs.map((d) => d.padEnd(w)).join('')}`);
  for (const id of plan.properties) {
    const row = designs.map((d) => {
      const k = cells.findIndex((x) => x.property === id && x.variant === null && (x.design === d || x.design === null));
      const c = cells[k]!;
      const r = recs[k];
      if (r === undefined) return '-'.padEnd(w);
      const mark = r.verdict === 'inconclusive' ? '?' : r.verdict === c.expected ? '' : '!';
      return `${mark}${r.verdict}${c.design === null ? '*' : ''}`.padEnd(w);
    });
    out(`${id.padEnd(10)}${row.join('')}`);
  }
  const inconclusive = recs.filter((r) => r?.verdict === 'inconclusive').length;
  out(`(* no design changes this property: checked once, on the NVMe or SCSI device model or the layer function; ! differs from the declared verdict${inconclusive ? '; ? a stack run was cut by the step budget: no verdict' : ''})`);
  cells.forEach((c, k) => {
    const r = recs[k];
    if (c.variant !== null || r === undefined || r.verdict === 'holds') return;
    const file = typeof r.counterexample === 'string' ? r.counterexample : undefined;
    const declared = c.design ? DECLARED[c.design][c.property] : undefined;
    out(`  ${c.property} on ${c.design ?? 'the model'}: ${r.verdict} (declared ${c.expected})${r.violation ? `: ${r.violation}` : ''}${file ? ` → ${file}` : ''}${declared ? ` — ${declared.why}` : ''}`);
  });
  out('');
  out('known-bad variants (each must be refuted by its property):');
  cells.forEach((c, k) => {
    const r = recs[k];
    if (c.variant === null || r === undefined) return;
    const ok = r.verdict === 'refuted';
    const cut = r.verdict === 'inconclusive';
    const file = typeof r.counterexample === 'string' ? r.counterexample : undefined;
    const what = ok ? `refuted${r.interrupted ? ' (shrinking cut by its budget)' : ''}: ${r.violation}${file ? ` → ${file}` : ''}` : cut ? `inconclusive: ${r.violation}${file ? ` → ${file}` : ''}` : `holds after ${r.runs} runs`;
    out(`${ok ? 'ok  ' : cut ? '??  ' : 'FAIL'} ${c.property.padEnd(9)} ${c.variant.padEnd(28)} ${(c.design ?? 'model').padEnd(15)} ${what}`);
  });
  if (cov.byDesign.size) {
    out('');
    out('coverage (traces reaching each branch, summed over the properties):');
    for (const [d, acc] of cov.byDesign) out(`  ${d.padEnd(15)} ${Object.entries(acc).sort().map(([b, n]) => `${b} ${n}`).join(', ')}`);
  }
  for (const p of cov.problems) out(`FAIL coverage: ${p}`);
  const budget = inconclusive ? `${inconclusive} cell(s) inconclusive: a stack run was cut by the step budget` : '';
  out(mismatches ? `${mismatches} verdict(s) differ from the declared ones${budget ? `; ${budget}` : ''}` : budget || 'every verdict as declared');
  return lines;
};
