// `copyspec check --coverage` (issue 11): per generator — the stack cases, the NVMe device
// scenarios, the SCSI device scenarios — how many of the cases one cell of the run draws have each
// shape the degenerate corner would hide (zero offsets, conflict-free layouts, permanent faults,
// requests below every limit). The cases are those of the run: the same arbitraries, seed and run
// count as the check (fast-check draws the same values for the same seed), so the table is
// deterministic for a seed. Stack shapes are classified in properties/stack/shapes.ts; the device
// shapes here, on the resolved (concrete) steps and their completions.

import fc from 'fast-check';
import { symScenarioArb, traceSymbolic } from './device/generators.js';
import { symScsiScenarioArb, traceSymbolicScsi } from './device/scsi/generators.js';
import { ALL_STACK_SHAPES, shapeDistribution, type AnyStackShape } from './stack/shapes.js';
import type { DeviceTrace } from './device/trace.js';
import type { ScsiTrace } from './device/scsi/trace.js';

/**
 * NVMe device shapes. Copy limits: MSRC is 0's based, so MSRC+1 ranges is the most a Copy may carry
 * (NVMe NVM Command Set 1.0 §3.2.2, §4.1.1 Copy command limits); MSSRL per range, MCL in all. MDTS:
 * 2^MDTS × 4 KiB (CAP.MPSMIN 0 here) per read or write (NVMe Base 2.0 §5.15.2.1). Zones: a write
 * ending exactly at the zone capacity, or past it (ZNS 1.1 §2.1.1.2 Zone Boundary Error). Faults: a
 * media error clears when its blocks are rewritten (transient); write protect, offline and
 * read-only zones stay (permanent).
 */
export const NVME_SHAPES = [
  'copy-at-msrc-plus-1-ranges',
  'copy-over-msrc-plus-1-ranges',
  'copy-range-at-mssrl',
  'copy-range-over-mssrl',
  'copy-at-mcl',
  'copy-over-mcl',
  'copy-overlap-forward',
  'copy-overlap-backward',
  'rw-at-mdts',
  'rw-over-mdts',
  'write-at-zone-capacity',
  'write-across-zone-capacity',
  'zone-resources-exhausted',
  'zone-select-all',
  'fault-transient',
  'fault-permanent',
  'namespace-2^40-blocks',
] as const;
export type NvmeShape = (typeof NVME_SHAPES)[number];

/** Overlap of a source with the destination of the same copy: source below (forward) or at/above it (backward). */
const overlapDir = (src: number, srcN: number, dst: number, dstN: number): 'forward' | 'backward' | null =>
  src < dst + dstN && dst < src + srcN ? (src < dst ? 'forward' : 'backward') : null;

export const nvmeShapes = (t: DeviceTrace): Set<NvmeShape> => {
  const out = new Set<NvmeShape>();
  const cfg = t.scenario.devices[0];
  if (!cfg) return out;
  if (cfg.nsze === 2 ** 40) out.add('namespace-2^40-blocks');
  const mdtsBlocks = cfg.mdts ? (2 ** cfg.mdts * 4096) / cfg.lbaBytes : 0;
  const z = cfg.zoned;
  for (const { step, result } of t.steps) {
    if (step.cmd === 'copy' && cfg.copy) {
      const { msrc, mssrl, mcl } = cfg.copy;
      const total = step.ranges.reduce((n, r) => n + r.nlb + 1, 0);
      if (step.ranges.length === msrc + 1) out.add('copy-at-msrc-plus-1-ranges');
      if (step.ranges.length > msrc + 1) out.add('copy-over-msrc-plus-1-ranges');
      if (step.ranges.some((r) => r.nlb + 1 === mssrl)) out.add('copy-range-at-mssrl');
      if (step.ranges.some((r) => r.nlb + 1 > mssrl)) out.add('copy-range-over-mssrl');
      if (total === mcl) out.add('copy-at-mcl');
      if (total > mcl) out.add('copy-over-mcl');
      for (const r of step.ranges) {
        const d = overlapDir(r.slba, r.nlb + 1, step.sdlba, total);
        if (d) out.add(d === 'forward' ? 'copy-overlap-forward' : 'copy-overlap-backward');
      }
    }
    if ((step.cmd === 'read' || step.cmd === 'write') && mdtsBlocks) {
      if (step.nlb + 1 === mdtsBlocks) out.add('rw-at-mdts');
      if (step.nlb + 1 > mdtsBlocks) out.add('rw-over-mdts');
    }
    if (step.cmd === 'write' && z) {
      const end = Math.floor(step.slba / z.zoneSize) * z.zoneSize + z.zoneCap;
      if (step.slba + step.nlb + 1 === end) out.add('write-at-zone-capacity');
      if (step.slba + step.nlb + 1 > end) out.add('write-across-zone-capacity');
    }
    if (step.cmd === 'zone-mgmt-send' && step.all) out.add('zone-select-all');
    if (result && (result.cqe.status === 'TOO_MANY_OPEN_ZONES' || result.cqe.status === 'TOO_MANY_ACTIVE_ZONES')) out.add('zone-resources-exhausted');
    if (step.cmd === 'inject') out.add(step.fault === 'media-error' ? 'fault-transient' : 'fault-permanent');
  }
  return out;
};

/**
 * SCSI device shapes. EXTENDED COPY: segment descriptors up to MAXIMUM SEGMENT DESCRIPTOR COUNT,
 * each up to MAXIMUM SEGMENT LENGTH bytes (SPC-4 §6.4.3.5, §6.25 RECEIVE COPY OPERATING
 * PARAMETERS). POPULATE TOKEN: range descriptors up to MAXIMUM RANGE DESCRIPTORS, blocks up to
 * MAXIMUM TOKEN TRANSFER SIZE (SBC-4 §6.6.9.3 Third-party Copy VPD ROD token features). READ/WRITE(16)
 * up to MAXIMUM TRANSFER LENGTH (SBC-4 §6.6.4 Block Limits VPD). Zones: a write ending at the zone
 * end or across it (ZBC-2 §4.4.3.3); explicit opens past MAXIMUM NUMBER OF OPEN SEQUENTIAL WRITE
 * REQUIRED ZONES (INSUFFICIENT ZONE RESOURCES).
 */
export const SCSI_SHAPES = [
  'xcopy-at-max-segments',
  'xcopy-over-max-segments',
  'xcopy-segment-at-max-length',
  'xcopy-segment-over-max-length',
  'xcopy-overlap-forward',
  'xcopy-overlap-backward',
  'populate-at-max-ranges',
  'populate-over-max-ranges',
  'populate-at-max-token-transfer',
  'populate-over-max-token-transfer',
  'rw-at-max-transfer-length',
  'rw-over-max-transfer-length',
  'write-at-zone-end',
  'write-across-zone-end',
  'zone-resources-exhausted',
  'fault-transient',
  'fault-permanent',
] as const;
export type ScsiShape = (typeof SCSI_SHAPES)[number];

export const scsiShapes = (t: ScsiTrace): Set<ScsiShape> => {
  const out = new Set<ScsiShape>();
  const cfg = t.scenario.devices[0];
  if (!cfg) return out;
  const z = cfg.zoned;
  for (const { step, result } of t.steps) {
    if (step.cmd === 'xcopy' && cfg.xcopy) {
      const { maxSegmentDescriptors, maxSegmentLength } = cfg.xcopy;
      if (step.segments.length === maxSegmentDescriptors) out.add('xcopy-at-max-segments');
      if (step.segments.length > maxSegmentDescriptors) out.add('xcopy-over-max-segments');
      for (const g of step.segments) {
        const bytes = g.blocks * cfg.blockBytes;
        if (maxSegmentLength && bytes === maxSegmentLength) out.add('xcopy-segment-at-max-length');
        if (maxSegmentLength && bytes > maxSegmentLength) out.add('xcopy-segment-over-max-length');
        const d = g.blocks ? overlapDir(g.srcLba, g.blocks, g.dstLba, g.blocks) : null;
        if (d) out.add(d === 'forward' ? 'xcopy-overlap-forward' : 'xcopy-overlap-backward');
      }
    }
    if (step.cmd === 'populate-token' && cfg.rod) {
      const { maxRangeDescriptors, maxTokenTransferSize } = cfg.rod;
      const blocks = step.ranges.reduce((n, r) => n + r.blocks, 0);
      if (step.ranges.length === maxRangeDescriptors) out.add('populate-at-max-ranges');
      if (step.ranges.length > maxRangeDescriptors) out.add('populate-over-max-ranges');
      if (maxTokenTransferSize && blocks === maxTokenTransferSize) out.add('populate-at-max-token-transfer');
      if (maxTokenTransferSize && blocks > maxTokenTransferSize) out.add('populate-over-max-token-transfer');
    }
    if ((step.cmd === 'read16' || step.cmd === 'write16') && cfg.maxTransferLength) {
      if (step.blocks === cfg.maxTransferLength) out.add('rw-at-max-transfer-length');
      if (step.blocks > cfg.maxTransferLength) out.add('rw-over-max-transfer-length');
    }
    if (step.cmd === 'write16' && z && step.blocks > 0) {
      const end = (Math.floor(step.lba / z.zoneSize) + 1) * z.zoneSize;
      if (step.lba + step.blocks === end) out.add('write-at-zone-end');
      if (step.lba + step.blocks > end) out.add('write-across-zone-end');
    }
    if (result?.completion.status === 'CHECK CONDITION' && result.completion.sense.code === 'INSUFFICIENT_ZONE_RESOURCES') out.add('zone-resources-exhausted');
    if (step.cmd === 'inject') out.add(step.fault === 'media-error' ? 'fault-transient' : 'fault-permanent');
  }
  return out;
};

export type CoverageReport = {
  readonly seed: number;
  readonly runs: { readonly stack: number; readonly nvme: number; readonly scsi: number };
  readonly stack: Readonly<Record<AnyStackShape, number>>;
  readonly nvme: Readonly<Record<NvmeShape, number>>;
  readonly scsi: Readonly<Record<ScsiShape, number>>;
};

const countShapes = <S extends string, C>(shapes: readonly S[], cases: readonly C[], classify: (c: C) => Set<S>): Record<S, number> => {
  const counts = Object.fromEntries(shapes.map((s) => [s, 0])) as Record<S, number>;
  for (const c of cases) for (const s of classify(c)) counts[s]++;
  return counts;
};

/** The shapes of the cases one cell of each generator draws with `seed` and these run counts. */
export const coverageReport = (seed: number, runs: CoverageReport['runs']): CoverageReport => ({
  seed,
  runs,
  stack: shapeDistribution(runs.stack, seed),
  nvme: countShapes(NVME_SHAPES, fc.sample(symScenarioArb, { seed, numRuns: runs.nvme }), (s) => nvmeShapes(traceSymbolic(s, []))),
  scsi: countShapes(SCSI_SHAPES, fc.sample(symScsiScenarioArb, { seed, numRuns: runs.scsi }), (s) => scsiShapes(traceSymbolicScsi(s, []))),
});

/** Every shape of every generator that no case produced: what a coverage gate reports. */
export const missingShapes = (r: CoverageReport): string[] => [
  ...ALL_STACK_SHAPES.filter((s) => r.stack[s] === 0).map((s) => `stack ${s}`),
  ...NVME_SHAPES.filter((s) => r.nvme[s] === 0).map((s) => `nvme ${s}`),
  ...SCSI_SHAPES.filter((s) => r.scsi[s] === 0).map((s) => `scsi ${s}`),
];

/** The table `check --coverage` prints: a block per generator, a line per shape with count and share. */
export const coverageLines = (r: CoverageReport): string[] => {
  const block = (title: string, n: number, counts: Readonly<Record<string, number>>): string[] => [
    `${title} (${n} cases, seed ${r.seed}):`,
    ...Object.entries(counts).map(([s, c]) => `  ${s.padEnd(36)} ${String(c).padStart(5)}  ${`${((100 * c) / Math.max(1, n)).toFixed(0)}%`.padStart(4)}${c === 0 ? '  never produced' : ''}`),
  ];
  return [
    'generator coverage: shapes of the cases one cell draws (a case counts once per shape)',
    ...block('stack generator, traced on vectored-bio', r.runs.stack, r.stack),
    ...block('NVMe device generator', r.runs.nvme, r.nvme),
    ...block('SCSI device generator', r.runs.scsi, r.scsi),
  ];
};
