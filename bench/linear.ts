// Issue 10 item 3 (linear runs): CPU per step of one run at 10, 100, 1,000 and 10,000 ops (stack)
// and steps (device), printed as ratios to the 10 case; the goal is <= 1.5x at 10,000. CPU time
// (process.cpuUsage), never the wall clock: the machines are shared. Figures, not assertions.

import { runStack } from '../model/scenario/run-stack.js';
import { runDeviceScenario } from '../model/scenario/run-device.js';
import { deviceScenarioSchema, type DeviceScenario } from '../model/scenario/schema.js';
import type { HostOp, StackConfig } from '../model/stack/state.js';

const SIZES = [10, 100, 1_000, 10_000] as const;

const cpuSeconds = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

/** CPU per step of one sample: `run` (it returns its steps) repeated until at least `min` CPU-s. */
const sample = (run: () => number, min: number): number => {
  const t0 = cpuSeconds();
  let steps = 0;
  let t = 0;
  do {
    steps += run();
    t = cpuSeconds() - t0;
  } while (t < min);
  return t / steps;
};

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

/** Samples of the 10 case taken before and after each larger size, so the baseline sees the same machine load. */
const BASE_SAMPLES_PER_SIZE = 3;
/** CPU per sample of the 10, 100 and 1,000 cases: many runs, so one sample is not one scheduler slice. */
const SAMPLE_CPU_S = 0.05;
/** Samples of the 100 and 1,000 cases (median); the 10,000 case is one run (tens of CPU-seconds). */
const SAMPLES = 5;

type Measured = { readonly us: readonly number[]; readonly base: readonly number[] };

/**
 * CPU per step at each size. The 10 case (the baseline of every ratio) is the median of samples
 * of >= 50 ms of CPU each, taken around every other size: a single short measurement of it swung
 * by ×2 on a loaded machine, and every ratio inherits its noise.
 */
const measure = (run: (n: number) => () => number): Measured => {
  const base: number[] = [];
  const baseRun = run(SIZES[0]);
  const takeBase = (): void => {
    for (let k = 0; k < BASE_SAMPLES_PER_SIZE; k++) base.push(sample(baseRun, SAMPLE_CPU_S));
  };
  const us: number[] = [0];
  for (const n of SIZES.slice(1)) {
    takeBase();
    const r = run(n);
    us.push(n >= 10_000 ? sample(r, 0) : median(Array.from({ length: SAMPLES }, () => sample(r, SAMPLE_CPU_S))));
  }
  takeBase();
  us[0] = median(base);
  return { us: us.map((x) => x * 1e6), base: base.map((x) => x * 1e6) };
};

/**
 * A GC-like stack scenario of `n` ops on vectored-bio (the workload of the performance profile):
 * alternating 16-sector writes and 4-range copies whose sectors recycle a `window`-sector area.
 * `tags` bounds what is in flight; a small window and few tags give a state that stops growing
 * within the first ops, so what is left to grow is the run's own history.
 */
export const stackWorkload = (n: number, window: number, tags: number): StackConfig => ({
  design: 'vectored-bio',
  devices: [{ name: 'n', lbaBytes: 512, nsze: 1 << 16, mdts: 5, copy: { mssrl: 64, mcl: 256, msrc: 1, formats: [0] }, bugs: [] }],
  dm: [],
  partitions: [],
  tags,
  plug: true,
  nowait: false,
  faults: [],
  bugs: [],
  ops: Array.from({ length: n }, (_, i): HostOp =>
    i % 2 === 0
      ? { op: 'write', bdev: 'n', sector: (i * 16) % window, nr: 16 }
      : { op: 'copy', bdev: 'n', dst: { sector: window + ((i * 16) % window), nr: 16 }, src: [0, 1, 2, 3].map((j) => ({ sector: (i * 64 + j * 16) % window, nr: 4 })) }),
});

/** A device scenario of `n` steps: writes, 2-range copies and reads recycling a 256-block area. */
export const deviceWorkload = (n: number): DeviceScenario =>
  deviceScenarioSchema.parse({
    format: 'copyspec-scenario/1',
    devices: [{ name: 'n', kind: 'nvme', lbaBytes: 4096, nsze: 1 << 20, copy: { mssrl: 64, mcl: 256, msrc: 7 } }],
    steps: Array.from({ length: n }, (_, i) =>
      i % 3 === 0
        ? { dev: 'n', cmd: 'write', slba: (i * 16) % 256, nlb: 15 }
        : i % 3 === 1
          ? { dev: 'n', cmd: 'copy', sdlba: 256 + ((i * 16) % 256), ranges: [{ slba: (i * 8) % 256, nlb: 7 }, { slba: (i * 24) % 256, nlb: 7 }] }
          : { dev: 'n', cmd: 'read', slba: (i * 32) % 512, nlb: 31 },
    ),
  });

const line = (label: string, m: Measured): string =>
  `  ${label.padEnd(46)} ${m.us.map((u, k) => `${SIZES[k]}: ${u.toFixed(0)} µs ×${(u / m.us[0]!).toFixed(2)}`).join('  ')}` +
  `\n  ${''.padEnd(46)} (10 ops: median of ${m.base.length} samples of >= ${SAMPLE_CPU_S * 1000} ms CPU, ${Math.min(...m.base).toFixed(0)}–${Math.max(...m.base).toFixed(0)} µs)`;

/** Print the per-step CPU cost and its ratio to the 10 case for each workload. */
export const printLinearRuns = (): void => {
  console.log('linear runs: CPU per step of one run, ratio to 10 ops / steps (goal ≤ ×1.5 at 10,000):');
  const stack = (label: string, window: number, tags: number): void => {
    for (let w = 0; w < 20; w++) runStack(stackWorkload(10, window, tags)); // JIT warm-up
    console.log(line(label, measure((n) => {
      const cfg = stackWorkload(n, window, tags);
      return () => runStack(cfg).actions.length;
    })));
  };
  stack('stack, 256-sector window, 2 tags (steady state)', 256, 2);
  stack('stack, 4,096-sector window, 64 tags (profile)', 4096, 64);
  for (let w = 0; w < 20; w++) runDeviceScenario(deviceWorkload(10));
  console.log(line('device, 256-block window', measure((n) => {
    const sc = deviceWorkload(n);
    return () => (runDeviceScenario(sc), n);
  })));
};
