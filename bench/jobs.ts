// Issue 10 item 5: what `check --jobs 2` gains on 2 cores. Two figures.
//
// 1. The schedule, from CPU time (process.cpuUsage), so it holds on a shared machine: every cell of
//    one design at a tenth of the ci profile's runs per kind (the ci mix: 100 device/SCSI/layer, 20
//    stack runs a cell), each cell's CPU-s measured on this thread, then the time two workers take
//    when each takes the next cell as it gets free — in catalogue order (as before) and longest
//    first by check's deterministic estimate (cli/check.ts costOf, as the pool now does). The speed-up
//    on two idle cores is the sum over the longer worker's share.
// 2. The wall clock of the built bin with --jobs 1 and --jobs 2 on the same selection, and whether
//    their outputs are identical. On a loaded machine this says little: with CPU pressure near 100%
//    the scheduler (CFS autogroup: one share per session, not per thread) gives a second thread
//    hardly any more CPU, which is what the ×1.10 measured before was. The CPU pressure is printed.

import { readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { costOf, planCheck, PROFILE_RUNS, type Selection } from '../cli/check.js';

const cpuSeconds = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

/** When the last of `workers` workers is done, each taking the next cell of `order` as it gets free. */
export const makespan = (costs: readonly number[], order: readonly number[], workers: number): number => {
  const free = Array.from({ length: workers }, () => 0);
  for (const k of order) {
    const w = free.indexOf(Math.min(...free));
    free[w]! += costs[k]!;
  }
  return Math.max(...free);
};

/** The CPU pressure of the last 10 s (Linux PSI, /proc/pressure/cpu `some avg10`), or null. */
const cpuPressure = (): number | null => {
  try {
    const m = /some avg10=([\d.]+)/.exec(readFileSync('/proc/pressure/cpu', 'utf8'));
    return m ? Number(m[1]) : null;
  } catch {
    return null;
  }
};

export const printJobsSpeedup = (design: Selection['design'] = 'vectored-bio'): void => {
  // (1) the schedule: the ci mix at a tenth of its runs, each cell's CPU time.
  const tenth = Object.fromEntries(Object.entries(PROFILE_RUNS.ci).map(([k, n]) => [k, n / 10])) as Record<string, number>;
  const sel: Selection = { profile: 'ci', seed: 1, runs: undefined, property: undefined, design };
  const plan = planCheck(sel);
  const cells = plan.cellsToRun;
  const costs = cells.map((c) => {
    if (c.expected === 'n/a') return 0;
    const t = cpuSeconds();
    c.prop.run(c.variant, { seed: 1, runs: tenth[c.prop.kind]! }, c.design ?? 'vectored-bio');
    return cpuSeconds() - t;
  });
  const total = costs.reduce((a, b) => a + b, 0);
  const inOrder = cells.map((_, k) => k);
  const estimate = (k: number): number => costOf(cells[k]!, sel);
  const longestFirst = [...inOrder].sort((a, b) => estimate(b) - estimate(a));
  const longest = Math.max(...costs);
  const fmt = (m: number): string => `${m.toFixed(1)} CPU-s, ×${(total / m).toFixed(2)}`;
  console.log(`check --jobs 2, the schedule (${design}, ${cells.length} cells at a tenth of the ci runs: ${total.toFixed(1)} CPU-s in all, the longest cell ${longest.toFixed(1)}): two workers need ${fmt(makespan(costs, longestFirst, 2))} longest first (the pool's order), ${fmt(makespan(costs, inOrder, 2))} in catalogue order`);

  // (2) the wall clock of the bin, and identical output.
  const bin = fileURLToPath(new URL('../../bin/copyspec.js', import.meta.url));
  const args = ['check', '--design', design!, '--runs', '20', '--no-save', '--quiet', '--json'];
  const run = (jobs: number): { seconds: number; stdout: string } => {
    const t = performance.now();
    const r = spawnSync(process.execPath, [bin, ...args, '--jobs', String(jobs)], { encoding: 'utf8', maxBuffer: 1 << 28 });
    return { seconds: (performance.now() - t) / 1000, stdout: r.stdout };
  };
  const one = run(1);
  const two = run(2);
  const psi = cpuPressure();
  console.log(`check --jobs 2 vs --jobs 1, the wall clock (${args.slice(1, 5).join(' ')}, ${os.availableParallelism()} cores, load ${os.loadavg()[0]!.toFixed(1)}${psi === null ? '' : `, CPU pressure ${psi.toFixed(0)}%`}): ${one.seconds.toFixed(1)} s → ${two.seconds.toFixed(1)} s, ×${(one.seconds / two.seconds).toFixed(2)} (means something only with 2 idle cores); output ${one.stdout === two.stdout ? 'identical' : 'DIFFERS'}`);
};

if (process.argv[1] === fileURLToPath(import.meta.url)) printJobsSpeedup(process.argv[2] as Selection['design']);
