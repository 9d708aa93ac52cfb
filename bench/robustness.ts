// `npm run robustness [-- --from 1 --to 20 --jobs 2]`: the ci profile of `copyspec check` once per
// seed, and per cell the number of seeds whose verdict matched the declared one and the median run
// at which a refuted cell found its first counterexample. A verdict that needs a lucky seed is a
// generator problem (issue 10): every cell should match in every seed. Exit 1 if any did not.

import { spawn } from 'node:child_process';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';

type CellLine = { design: string; property: string; variant: string | null; verdict: string; expected: string; runs?: number };

const { values } = parseArgs({ options: { from: { type: 'string', default: '1' }, to: { type: 'string', default: '20' }, jobs: { type: 'string', default: '2' }, design: { type: 'string' } } });
const from = Number(values.from);
const to = Number(values.to);
const jobs = Math.max(1, Number(values.jobs));
if (!Number.isInteger(from) || !Number.isInteger(to) || from > to || from < 0) {
  console.error('robustness: --from and --to are whole numbers, from ≤ to');
  process.exit(2);
}
const bin = fileURLToPath(new URL('../../bin/copyspec.js', import.meta.url));

/** One `copyspec check --json` run for `seed`: its cell lines. */
const runSeed = (seed: number): Promise<CellLine[]> =>
  new Promise((resolve, reject) => {
    const args = [bin, 'check', '--seed', String(seed), '--json', '--no-save', ...(values.design ? ['--design', values.design] : [])];
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (b: Buffer) => (out += b.toString()));
    child.on('error', reject);
    child.on('close', () => resolve(out.split('\n').filter((l) => l.startsWith('{"design"')).map((l) => JSON.parse(l) as CellLine)));
  });

const seeds = Array.from({ length: to - from + 1 }, (_, i) => from + i);
const results = new Map<number, CellLine[]>();
const queue = [...seeds];
await Promise.all(
  Array.from({ length: jobs }, async () => {
    for (let s = queue.shift(); s !== undefined; s = queue.shift()) {
      results.set(s, await runSeed(s));
      process.stderr.write(`seed ${s} done (${results.size}/${seeds.length})\n`);
    }
  }),
);

const key = (c: CellLine): string => `${c.property} ${c.variant ?? c.design}`;
const cells = new Map<string, { matched: number; firsts: number[]; expected: string }>();
for (const s of seeds) {
  for (const c of results.get(s) ?? []) {
    const e = cells.get(key(c)) ?? { matched: 0, firsts: [], expected: c.expected };
    if (c.verdict === c.expected) e.matched++;
    if (c.verdict === 'refuted' && c.runs !== undefined) e.firsts.push(c.runs);
    cells.set(key(c), e);
  }
}
const median = (xs: number[]): string => {
  if (!xs.length) return '-';
  const s = [...xs].sort((a, b) => a - b);
  return String(s[Math.floor((s.length - 1) / 2)]);
};
console.log(`robustness: ci profile, seeds ${from}..${to} (${seeds.length})`);
console.log(`${'cell'.padEnd(52)} ${'expected'.padEnd(8)} matched  median runs to first counterexample`);
let bad = 0;
for (const [k, e] of [...cells].sort()) {
  if (e.matched < seeds.length) bad++;
  console.log(`${k.padEnd(52)} ${e.expected.padEnd(8)} ${`${e.matched}/${seeds.length}`.padEnd(8)} ${median(e.firsts)}`);
}
console.log(bad ? `${bad} cell(s) matched in fewer than ${seeds.length} seeds` : `every cell as declared in ${seeds.length}/${seeds.length} seeds`);
process.exit(bad ? 1 : 0);
