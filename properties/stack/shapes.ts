// The shapes a generated stack case has (issue 11: generators that leave the degenerate corner):
// which of the mechanisms that zero offsets, conflict-free layouts and permanent faults would hide
// a case reaches. `copyspec check --coverage` and `bench` print their distribution over the ci
// profile's cases (properties/coverage-report.ts) and a test asserts that every shape is produced.

import fc from 'fast-check';
import { findTarget, type DmTable } from '../../model/dm/table.js';
import { deviceLimits } from '../../model/stack/init.js';
import type { StackConfig } from '../../model/stack/state.js';
import type { SectorRange } from '../../model/block/bio.js';
import { BLK_MAX_REQUEST_COUNT } from '../../model/blk-mq/plug.js';
import type { DesignName } from '../../model/stack/design.js';
import { stackCaseProperty } from './edge-first.js';
import { traceStack, type StackTrace } from './trace.js';

export const STACK_SHAPES = [
  'partition-start-nonzero',
  'dm-target-offset-nonzero',
  'dm-target-start-nonzero',
  'copy-across-targets-one-namespace',
  'copy-overlap-forward',
  'copy-overlap-backward',
  'copy-mixed-source-lengths',
  'copy-at-max-copy-sectors',
  'copy-at-max-src-segments',
  'copy-to-zoned',
  'fault-transient',
  'fault-permanent',
  'copy-limits-drop',
  // The edges of STACK_EDGES (issue 10), so the shapes test notices one that stopped appearing.
  'plug-past-max-requests',
  'copy-over-max-src-segments',
  'copy-src-straddles-zone',
  'copy-pair-back-to-back',
  'copy-first-into-zone-then-write',
] as const;
export type StackShape = (typeof STACK_SHAPES)[number];

/** Distinct targets of `t` that the range [sector, sector+nr) touches. */
const targetsTouched = (t: DmTable, r: SectorRange): Set<number> => {
  const out = new Set<number>();
  for (let at = r.sector; at < r.sector + r.nr; ) {
    const x = findTarget(t, at);
    if (!x) break;
    out.add(x.start);
    at = x.start + x.len;
  }
  return out;
};

/** The shapes configuration `cfg` has. */
export const stackShapes = (cfg: StackConfig): Set<StackShape> => {
  const out = new Set<StackShape>();
  const lim = deviceLimits(cfg);
  if (cfg.partitions.some((p) => p.start > 0)) out.add('partition-start-nonzero');
  for (const t of cfg.dm) {
    if (t.targets.some((x) => x.type !== 'error' && x.type !== 'stripe' && x.offset > 0)) out.add('dm-target-offset-nonzero');
    if (t.targets.length > 1) out.add('dm-target-start-nonzero');
  }
  for (const o of cfg.ops) {
    if (o.op !== 'copy') continue;
    const t = cfg.dm.find((x) => x.name === o.bdev);
    if (t && new Set(t.targets.flatMap((x) => (x.type === 'linear' ? [x.dev] : []))).size === 1 && t.targets.length > 1) {
      if ([o.dst, ...o.src].some((r) => targetsTouched(t, r).size > 1)) out.add('copy-across-targets-one-namespace');
    }
    for (const s of o.src) {
      if (s.sector < o.dst.sector + o.dst.nr && o.dst.sector < s.sector + s.nr) out.add(s.sector < o.dst.sector ? 'copy-overlap-forward' : 'copy-overlap-backward');
    }
    if (new Set(o.src.map((s) => s.nr)).size > 1) out.add('copy-mixed-source-lengths');
    const l = lim[o.bdev];
    if (l && l.maxCopySectors > 0 && o.dst.nr === l.maxCopySectors) out.add('copy-at-max-copy-sectors');
    if (l && l.maxCopySrcSegments > 0 && o.src.length === l.maxCopySrcSegments) out.add('copy-at-max-src-segments');
    if (l && l.maxCopySrcSegments > 0 && o.src.length === l.maxCopySrcSegments + 1) out.add('copy-over-max-src-segments');
    const zoned = cfg.devices.find((d) => d.name === o.bdev && d.zoned);
    if (zoned?.zoned) {
      out.add('copy-to-zoned');
      const zs = (zoned.zoned.zoneSize * zoned.lbaBytes) / 512;
      if (o.src.some((r) => Math.floor(r.sector / zs) !== Math.floor((r.sector + r.nr - 1) / zs))) out.add('copy-src-straddles-zone');
    }
  }
  // zone-fresh: a copy is the first op to write its zone (no zone write plug yet), a write follows at its end.
  cfg.ops.forEach((o, i) => {
    const ns = o.op === 'copy' ? cfg.devices.find((d) => d.name === o.bdev && d.zoned) : undefined;
    if (o.op !== 'copy' || !ns?.zoned) return;
    const zs = (ns.zoned.zoneSize * ns.lbaBytes) / 512;
    const z = Math.floor(o.dst.sector / zs);
    const before = cfg.ops.slice(0, i).some((p) => p.bdev === o.bdev && ((p.op === 'write' && Math.floor(p.sector / zs) === z) || (p.op === 'copy' && Math.floor(p.dst.sector / zs) <= z && z <= Math.floor((p.dst.sector + p.dst.nr - 1) / zs))));
    const after = cfg.ops.slice(i + 1).some((p) => p.bdev === o.bdev && p.op === 'write' && p.sector === o.dst.sector + o.dst.nr && Math.floor(p.sector / zs) === z);
    if (!before && after) out.add('copy-first-into-zone-then-write');
  });
  if (cfg.plug && cfg.ops.length > BLK_MAX_REQUEST_COUNT) out.add('plug-past-max-requests');
  cfg.ops.forEach((o, i) => {
    const n = cfg.ops[i + 1];
    if (cfg.plug && o.op === 'copy' && n?.op === 'copy' && o.src.length === 1 && n.src.length === 1 && o.dst.sector + o.dst.nr === n.dst.sector) out.add('copy-pair-back-to-back');
  });
  for (const f of cfg.faults) {
    // A media error clears when the blocks are rewritten; the others stay until the end.
    if (f.fault === 'media-error') out.add('fault-transient');
    else if (f.fault === 'copy-limits-zero') out.add('copy-limits-drop');
    else out.add('fault-permanent');
  }
  return out;
};

/**
 * Shapes only a run shows: the plug flushed at BLK_MAX_REQUEST_COUNT (32, one queue) or twice that
 * (64, requests for several queues: blk_plug_max_rq_count, block/blk-mq.c blk_add_rq_to_plug); a
 * bio waiting for a tag (all tags in use, blk_mq_get_tag) or a tag allocation failed (nowait); a
 * read or write request of exactly max_sectors (split to the limit, bio_split_rw).
 */
export const STACK_TRACE_SHAPES = ['plug-flush-at-32', 'plug-flush-at-64', 'tags-exhausted', 'rw-at-max-sectors'] as const;
export type StackTraceShape = (typeof STACK_TRACE_SHAPES)[number];

/** The shapes run `t` shows. */
export const stackTraceShapes = (t: StackTrace): Set<StackTraceShape> => {
  const out = new Set<StackTraceShape>();
  const lim = deviceLimits(t.cfg);
  for (const e of t.events) {
    if (e.event === 'plug-flush' && e.reason === 'limit' && e.requests === BLK_MAX_REQUEST_COUNT) out.add('plug-flush-at-32');
    if (e.event === 'plug-flush' && e.reason === 'limit' && e.requests === 2 * BLK_MAX_REQUEST_COUNT) out.add('plug-flush-at-64');
    if (e.event === 'device-cmd' && (e.command.cmd === 'read' || e.command.cmd === 'write')) {
      const d = t.cfg.devices.find((x) => x.name === e.dev);
      const l = lim[e.dev];
      if (d && l && (e.command.nlb + 1) * (d.lbaBytes / 512) === l.maxSectors) out.add('rw-at-max-sectors');
    }
  }
  if (t.actions.some((a) => a.kind === 'tag-fail') || t.states.some((s) => Object.values(s.bios).some((b) => b.stage === 'wait-tag'))) out.add('tags-exhausted');
  return out;
};

/** Every shape a stack case can show: of its configuration, then of its run. */
export const ALL_STACK_SHAPES = [...STACK_SHAPES, ...STACK_TRACE_SHAPES] as const;
export type AnyStackShape = StackShape | StackTraceShape;

/**
 * How many of the `runs` cases a stack cell draws (seed `seed`: the edge prefix, then the random
 * cases) have each shape, the runs traced on `design`.
 */
export const shapeDistribution = (runs: number, seed: number, design: DesignName = 'vectored-bio'): Record<AnyStackShape, number> => {
  const counts = Object.fromEntries(ALL_STACK_SHAPES.map((s) => [s, 0])) as Record<AnyStackShape, number>;
  for (const [c] of fc.sample(stackCaseProperty([], design, () => true), { numRuns: runs, seed })) {
    for (const s of stackShapes(c.cfg)) counts[s]++;
    for (const s of stackTraceShapes(traceStack(c.cfg, c.schedule))) counts[s]++;
  }
  return counts;
};
