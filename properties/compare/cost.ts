// For `npm run bench`: the cost of the full stack against the naive reference on the embedded
// workloads — what a design-level run costs over "copy = read the sources, write the destination"
// applied op by op (model/reference/reference.ts). Figures, not assertions; the clock is a
// parameter so the measuring code stays pure apart from it.

import { performance } from 'node:perf_hooks';
import { DESIGN_NAMES, type DesignName } from '../../model/stack/design.js';
import { tokenKey } from '../../model/content/token.js';
import { referenceCopy, referenceDeallocate, referenceInit, referenceWrite, type Reference } from '../../model/reference/reference.js';
import { runStack } from '../../model/scenario/run-stack.js';
import { WORKLOADS, settleSetup, workloadConfig, type Workload } from './workloads.js';

export type CostRow = {
  readonly workload: string;
  readonly design: DesignName;
  /** Stack steps of the run. */
  readonly steps: number;
  /** Milliseconds for the stack run and for the reference over the same ops. */
  readonly stackMs: number;
  readonly referenceMs: number;
};

/** The naive reference applied to a workload's ops (every named block device flat, 512-byte sectors). */
export const referenceRun = (w: Workload): Reference => {
  const cfg = w.config;
  const sectors = (name: string): number => {
    const d = cfg.devices.find((x) => x.name === name);
    if (d) return d.nsze * (d.lbaBytes / 512);
    return (cfg.dm.find((t) => t.name === name)?.targets ?? []).reduce((n, x) => n + x.len, 0);
  };
  const zoned = (name: string): boolean => cfg.devices.some((d) => d.name === name && d.zoned);
  const names = [...new Set(cfg.ops.map((o) => o.bdev))];
  let ref = referenceInit(names.map((n) => ({ name: n, size: sectors(n), initial: zoned(n) ? 'unwritten' : 'orig' })));
  cfg.ops.forEach((o, i) => {
    if (o.op === 'write') ref = referenceWrite(ref, o.bdev, o.sector, Array.from({ length: o.nr }, (_, j) => tokenKey({ kind: 'data', tag: `w${i}` }, j)));
    else if (o.op === 'copy') ref = referenceCopy(ref, o.bdev, o.dst.sector, o.src);
    else if (o.op === 'zone-reset') {
      const d = cfg.devices.find((x) => x.name === o.bdev);
      ref = referenceDeallocate(ref, o.bdev, { sector: o.sector, nr: (d?.zoned?.zoneSize ?? 0) * ((d?.lbaBytes ?? 512) / 512) });
    }
  });
  return ref;
};

/**
 * Time each design's stack run (setup settled, as `copyspec compare` runs it) and the reference on
 * each workload. bench/index.ts: `for (const r of compareCost()) console.log(...)`.
 */
export const compareCost = (workloads: readonly Workload[] = WORKLOADS, designs: readonly DesignName[] = DESIGN_NAMES, now: () => number = () => performance.now()): CostRow[] =>
  workloads.flatMap((w) => {
    let t = now();
    referenceRun(w);
    const referenceMs = now() - t;
    return designs.map((design) => {
      const cfg = workloadConfig(w, design);
      const schedule = settleSetup(cfg); // not timed: finding the schedule replays the setup
      t = now();
      const run = runStack(cfg, schedule);
      return { workload: w.name, design, steps: run.actions.length, stackMs: now() - t, referenceMs };
    });
  });
