// `npm run robustness [-- --from 1 --to 20 --jobs 2 --refuted-only]`: the ci profile of
// `copyspec check` once per seed, and per cell the number of seeds whose verdict matched the
// declared one and the median run at which a refuted cell found its first counterexample. A verdict
// that needs a lucky seed is a generator problem (issue 10): every cell should match in every seed.
// Exit 1 if any did not.
//
// `--refuted-only` runs only the cells that can differ by seed: the ones declared refuted and the
// known-bad variants. A holding cell cannot depend on the seed the same way: if one flipped, that
// would be a real counterexample, which any seed may find and the full `check` reports. The cells
// run in this process's children (one per seed, `--jobs` at a time) through the same check code
// as `copyspec check` (ALL_PROPERTIES), so a verdict here is the verdict there.

import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import fc from 'fast-check';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { ALL_PROPERTIES, PROFILE_RUNS } from '../cli/check.js';
import { expectedVerdict, variantDesign } from '../properties/designs.js';
import { DESIGN_NAMES, type DesignName } from '../model/stack/design.js';
import type { StackBug } from '../model/block/bugs.js';

type CellLine = { design: string; property: string; variant: string | null; verdict: string; expected: string; runs?: number };

const { values } = parseArgs({
  options: {
    from: { type: 'string', default: '1' },
    to: { type: 'string', default: '20' },
    jobs: { type: 'string', default: '2' },
    design: { type: 'string' },
    property: { type: 'string' },
    kind: { type: 'string' },
    // A declared-refuted cell left out, as DESIGN:PROPERTY (e.g. an open +fix gap being closed elsewhere).
    skip: { type: 'string', multiple: true, default: [] },
    'refuted-only': { type: 'boolean', default: false },
    // Internal: the child that runs the refuted cells of one seed and prints their lines.
    worker: { type: 'string' },
    // Rewrite this file with the table so far after every seed.
    partial: { type: 'string' },
  },
});
const from = Number(values.from);
const to = Number(values.to);
const jobs = Math.max(1, Number(values.jobs));
if (!Number.isInteger(from) || !Number.isInteger(to) || from > to || from < 0 || !Number.isInteger(jobs)) {
  console.error('robustness: --from, --to and --jobs are whole numbers, from ≤ to');
  process.exit(2);
}
if (values.design !== undefined && !(DESIGN_NAMES as readonly string[]).includes(values.design)) {
  console.error(`robustness: no design ${JSON.stringify(values.design)}; known: ${DESIGN_NAMES.join(', ')}`);
  process.exit(2);
}
if (values.property !== undefined && !ALL_PROPERTIES.some((p) => p.meta.id === values.property)) {
  console.error(`robustness: no property ${JSON.stringify(values.property)}`);
  process.exit(2);
}
if (values.kind !== undefined && ((!values['refuted-only'] && values.worker === undefined) || !['device', 'scsi', 'layer', 'stack'].includes(values.kind))) {
  console.error('robustness: --kind device|scsi|layer|stack goes with --refuted-only');
  process.exit(2);
}
const bin = fileURLToPath(new URL('../../bin/copyspec.js', import.meta.url));
const self = fileURLToPath(import.meta.url);

type RefutedCell = { prop: (typeof ALL_PROPERTIES)[number]; design: DesignName | null; variant: string | null };

/** The cells a seed can change: declared refuted (stack × design) and every known-bad variant. */
const refutedCells = (): { run: RefutedCell[]; skipped: number } => {
  const designs = values.design ? [values.design as DesignName] : [...DESIGN_NAMES];
  const run: RefutedCell[] = [];
  let skipped = 0;
  for (const prop of ALL_PROPERTIES) {
    if ((values.property && prop.meta.id !== values.property) || (values.kind && prop.kind !== values.kind)) continue;
    if (prop.kind === 'stack') {
      for (const d of designs) {
        if (expectedVerdict(d, prop.meta.id) === 'refuted' && !values.skip.includes(`${d}:${prop.meta.id}`)) run.push({ prop, design: d, variant: null });
        else skipped++;
      }
    } else skipped++;
    for (const v of prop.meta.refutes) {
      const d = prop.kind === 'stack' ? variantDesign(v as StackBug) : null;
      if (d === null || designs.includes(d)) run.push({ prop, design: d, variant: v });
    }
  }
  return { run, skipped };
};

if (values.worker !== undefined) {
  const seed = Number(values.worker);
  // No shrinking: the verdict and the run of the first counterexample are fixed before fast-check
  // shrinks, and shrinking is most of a refuted cell's cost.
  fc.configureGlobal({ ...fc.readConfigureGlobal(), endOnFailure: true });
  for (const c of refutedCells().run) {
    const t0 = performance.now();
    const cell = { design: c.design ?? '*', property: c.prop.meta.id, variant: c.variant, expected: 'refuted' };
    let v: { verdict: string; runs: number };
    try {
      v = c.prop.run(c.variant, { seed, runs: PROFILE_RUNS.ci[c.prop.kind] }, c.design ?? 'vectored-bio');
    } catch (e) {
      // A property or the model that throws is a copyspec bug: the cell says so, the seed goes on.
      process.stderr.write(`seed ${seed}: ${c.prop.meta.id} ${c.variant ?? c.design} threw: ${(e as Error).message}\n`);
      v = { verdict: 'threw', runs: 0 };
    }
    const line: CellLine = { ...cell, verdict: v.verdict, runs: v.runs };
    // Wall time of the cell (shrinking included), for whoever tunes the generators; not in the table.
    process.stdout.write(`${JSON.stringify({ ...line, ms: Math.round(performance.now() - t0) })}\n`);
  }
  process.exit(0);
}

/** The cell lines of one seed: a `copyspec check --json` run, or a worker over the refuted cells. */
const runSeed = (seed: number): Promise<CellLine[]> =>
  new Promise((resolve, reject) => {
    const args = values['refuted-only']
      ? [self, '--worker', String(seed), ...(values.design ? ['--design', values.design] : []), ...(values.property ? ['--property', values.property] : []), ...(values.kind ? ['--kind', values.kind] : []), ...values.skip.flatMap((x) => ['--skip', x])]
      : [bin, 'check', '--seed', String(seed), '--json', '--no-save', ...(values.design ? ['--design', values.design] : []), ...(values.property ? ['--property', values.property] : [])];
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (b: Buffer) => (out += b.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      // A worker that died (out of memory, a throw) leaves its remaining cells unmatched: say so.
      if (code !== 0) process.stderr.write(`seed ${seed}: the check exited with status ${code}\n`);
      resolve(out.split('\n').filter((l) => l.startsWith('{"design"')).map((l) => JSON.parse(l) as CellLine));
    });
  });

const key = (c: CellLine): string => `${c.property} ${c.variant ?? c.design}`;
const median = (xs: number[]): string => {
  if (!xs.length) return '-';
  const s = [...xs].sort((a, b) => a - b);
  return String(s[Math.floor((s.length - 1) / 2)]);
};
const max = (xs: number[]): string => (xs.length ? String(Math.max(...xs)) : '-');

/** The table over the seeds done so far, and how many cells fell short of all of them. */
const table = (done: readonly number[]): { lines: string[]; bad: number } => {
  const cells = new Map<string, { matched: number; firsts: number[]; expected: string }>();
  for (const s of done) {
    for (const c of results.get(s) ?? []) {
      const e = cells.get(key(c)) ?? { matched: 0, firsts: [], expected: c.expected };
      if (c.verdict === c.expected) e.matched++;
      if (c.verdict === 'refuted' && c.runs !== undefined) e.firsts.push(c.runs);
      cells.set(key(c), e);
    }
  }
  const lines = [`robustness: ci profile, seeds ${done.length === seeds.length ? `${from}..${to}` : [...done].sort((a, b) => a - b).join(',')} (${done.length})${values['refuted-only'] ? ', refuted cells only (no shrinking)' : ''}`];
  if (values['refuted-only']) {
    lines.push(`skipped ${refutedCells().skipped} cell(s) declared holds or n/a: their verdict does not hang on the seed (a holding cell that flips is a real counterexample, which any seed may find; the full run checks them)`);
    if (values.skip.length) lines.push(`skipped on request (--skip): ${values.skip.join(', ')}`);
  }
  lines.push(`${'cell'.padEnd(52)} ${'expected'.padEnd(8)} ${'matched'.padEnd(8)} median runs to first counterexample (max)`);
  let bad = 0;
  for (const [k, e] of [...cells].sort()) {
    if (e.matched < done.length) bad++;
    lines.push(`${k.padEnd(52)} ${e.expected.padEnd(8)} ${`${e.matched}/${done.length}`.padEnd(8)} ${median(e.firsts)} (${max(e.firsts)})`);
  }
  lines.push(bad ? `${bad} cell(s) matched in fewer than ${done.length} seeds` : `every cell as declared in ${done.length}/${done.length} seeds`);
  return { lines, bad };
};

const seeds = Array.from({ length: to - from + 1 }, (_, i) => from + i);
const results = new Map<number, CellLine[]>();
const queue = [...seeds];
await Promise.all(
  Array.from({ length: jobs }, async () => {
    for (let s = queue.shift(); s !== undefined; s = queue.shift()) {
      results.set(s, await runSeed(s));
      process.stderr.write(`seed ${s} done (${results.size}/${seeds.length})\n`);
      // The table so far, for a long run watched (or cut) before its end.
      if (values.partial) writeFileSync(values.partial, `${table([...results.keys()]).lines.join('\n')}\n`);
    }
  }),
);

const { lines, bad } = table(seeds);
for (const l of lines) console.log(l);
process.exit(bad ? 1 : 0);
