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

/** Least CPU per step over 3 rounds, each repeating `run` (it returns its steps) for at least `min` CPU-s. */
const perStep = (run: () => number, min = 0.3): number => {
  let best = Infinity;
  for (let round = 0; round < 3; round++) {
    const t0 = cpuSeconds();
    let steps = 0;
    let t = 0;
    do {
      steps += run();
      t = cpuSeconds() - t0;
    } while (t < min);
    best = Math.min(best, t / steps);
  }
  return best;
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

const line = (label: string, us: readonly number[]): string =>
  `  ${label.padEnd(46)} ${us.map((u, k) => `${SIZES[k]}: ${u.toFixed(0)} µs ×${(u / us[0]!).toFixed(2)}`).join('  ')}`;

/** Print the per-step CPU cost and its ratio to the 10 case for each workload. */
export const printLinearRuns = (): void => {
  console.log('linear runs: CPU per step of one run (min of 3), ratio to 10 ops / steps (goal ≤ ×1.5 at 10,000):');
  const stack = (label: string, window: number, tags: number): void => {
    for (let w = 0; w < 20; w++) runStack(stackWorkload(10, window, tags)); // JIT warm-up
    const us = SIZES.map((n) => {
      const cfg = stackWorkload(n, window, tags);
      return perStep(() => runStack(cfg).actions.length, n >= 10_000 ? 0 : 0.3) * 1e6;
    });
    console.log(line(label, us));
  };
  stack('stack, 256-sector window, 2 tags (steady state)', 256, 2);
  stack('stack, 4,096-sector window, 64 tags (profile)', 4096, 64);
  for (let w = 0; w < 20; w++) runDeviceScenario(deviceWorkload(10));
  const dev = SIZES.map((n) => {
    const sc = deviceWorkload(n);
    return perStep(() => (runDeviceScenario(sc), n), n >= 10_000 ? 0 : 0.3) * 1e6;
  });
  console.log(line('device, 256-block window', dev));
};
