// fast-check arbitraries for SCSI device scenarios. Addresses are symbolic ("the write pointer of
// zone 2"; "written data"; "the last token") and resolved against the LU as the scenario runs, so
// random workloads keep landing where sense data changes. The resolved scenario is concrete: a
// counterexample records it and `copyspec run` replays it.

import fc from 'fast-check';
import type { ScsiBug } from '../../../model/device/scsi/bugs.js';
import { scsiZoneCount } from '../../../model/device/scsi/config.js';
import type { ScsiLu } from '../../../model/device/scsi/lu.js';
import type { ScsiDeviceEntry, ScsiScenario, ScsiStep } from '../../../model/scenario/scsi-schema.js';
import { traceScsi, type ScsiTrace } from './trace.js';

export const SCSI_DEV = 'sda';

export type SymLba = { readonly anchor: 'wp' | 'zone-start' | 'below-wp' | 'cap-end' | 'abs'; readonly zone: number; readonly delta: number; readonly abs: number };
type SymRange = { readonly lba: SymLba; readonly blocks: number };

export type SymScsiStep =
  | { readonly cmd: 'read16' | 'write16'; readonly lba: SymLba; readonly blocks: number }
  /** `withinLimits`: keep to the operating parameters as a careful host would. */
  | { readonly cmd: 'xcopy'; readonly segments: readonly { src: SymLba; dst: SymLba; blocks: number }[]; readonly withinLimits: boolean; readonly foreign: boolean }
  | { readonly cmd: 'receive-copy-status' | 'receive-rod-token-information' | 'report-zones' | 'receive-copy-operating-parameters' }
  | { readonly cmd: 'populate-token'; readonly ranges: readonly SymRange[]; readonly timeout: number; readonly withinLimits: boolean }
  | { readonly cmd: 'write-using-token'; readonly ranges: readonly SymRange[]; readonly token: 'last' | 'older' | 'unknown'; readonly offset: number; readonly delTkn: boolean }
  | { readonly cmd: 'open-zone' | 'close-zone' | 'finish-zone' | 'reset-write-pointer'; readonly lba: SymLba; readonly all: boolean }
  | { readonly cmd: 'inject'; readonly fault: 'media-error' | 'write-protect' | 'zone-read-only' | 'zone-offline'; readonly lba: SymLba; readonly blocks: number }
  | { readonly cmd: 'elapse'; readonly seconds: number };

const clamp = (v: number): number => Math.max(0, Math.min(v, Number.MAX_SAFE_INTEGER));

export const resolveScsiLba = (lu: ScsiLu, s: SymLba): number => {
  const cap = lu.config.capacity;
  const z = lu.config.zoned;
  if (s.anchor === 'cap-end') return clamp(cap - 1 + s.delta);
  if (!z) return clamp((s.abs % Math.min(cap, 256)) + (s.anchor === 'abs' ? 0 : s.delta));
  const idx = s.zone % scsiZoneCount(lu.config);
  const start = idx * z.zoneSize;
  const rec = lu.zones[idx];
  const conv = idx < z.conventionalZones;
  switch (s.anchor) {
    case 'wp':
      return clamp((conv ? start + (s.abs % z.zoneSize) : (rec?.wp ?? start)) + s.delta);
    case 'zone-start':
      return clamp(start + s.delta);
    case 'below-wp': {
      const top = conv || rec?.cond === 'FULL' || rec?.cond === 'READ_ONLY' ? start + z.zoneSize : (rec?.wp ?? start);
      return start + (s.abs % Math.max(1, top - start));
    }
    case 'abs':
      return s.abs % cap;
  }
};

/** Steps resolved as the scenario runs; list identifiers are the step number (one byte for LID1). */
export const resolveScsiStep = (lu: ScsiLu, s: SymScsiStep, stepNo: number, lists: { xcopy: number; token: number }): ScsiStep => {
  const dev = SCSI_DEV;
  const at = (x: SymLba): number => resolveScsiLba(lu, x);
  switch (s.cmd) {
    case 'read16':
    case 'write16':
      return { dev, cmd: s.cmd, lba: at(s.lba), blocks: s.blocks };
    case 'xcopy': {
      const lim = lu.config.xcopy;
      let segments = s.segments.map((g) => ({ src: 0, dst: 1, blocks: g.blocks, srcLba: at(g.src), dstLba: at(g.dst), type: 0x02, dc: false }));
      if (s.withinLimits && lim) {
        segments = segments.slice(0, Math.max(1, lim.maxSegmentDescriptors));
        if (lim.maxSegmentLength) segments = segments.map((g) => ({ ...g, blocks: Math.min(g.blocks, Math.floor(lim.maxSegmentLength / lu.config.blockBytes)) }));
      }
      const cscd = lim && s.withinLimits && lim.maxCscdDescriptors < 2 ? [{ lu: dev, type: 0xe4 }] : [{ lu: dev, type: 0xe4 }, { lu: s.foreign ? 'sdz' : dev, type: 0xe4 }];
      if (cscd.length === 1) segments = segments.map((g) => ({ ...g, dst: 0 }));
      lists.xcopy = stepNo & 0xff;
      return { dev, cmd: 'xcopy', listId: lists.xcopy, cscd, segments };
    }
    case 'receive-copy-status':
      return { dev, cmd: s.cmd, listId: lists.xcopy };
    case 'receive-rod-token-information':
      return { dev, cmd: s.cmd, listId: lists.token };
    case 'report-zones':
      return { dev, cmd: s.cmd, lba: 0, count: 8 };
    case 'receive-copy-operating-parameters':
      return { dev, cmd: s.cmd };
    case 'populate-token': {
      const lim = lu.config.rod;
      let ranges = s.ranges.map((r) => ({ lba: at(r.lba), blocks: r.blocks }));
      if (s.withinLimits && lim) ranges = ranges.slice(0, lim.maxRangeDescriptors);
      lists.token = stepNo;
      return { dev, cmd: 'populate-token', listId: stepNo, inactivityTimeout: s.timeout, ranges };
    }
    case 'write-using-token': {
      const last = lu.nextToken - 1;
      const token = s.token === 'last' ? last : s.token === 'older' ? Math.max(1, last - 1) : last + 5;
      lists.token = stepNo;
      return { dev, cmd: 'write-using-token', listId: stepNo, token, tokenLength: 0x1f8, offset: s.offset, delTkn: s.delTkn, ranges: s.ranges.map((r) => ({ lba: at(r.lba), blocks: r.blocks })).slice(0, Math.max(1, lu.config.rod?.maxRangeDescriptors ?? 1)) };
    }
    case 'open-zone':
    case 'close-zone':
    case 'finish-zone':
    case 'reset-write-pointer':
      return { dev, cmd: s.cmd, lba: at(s.lba), all: s.all };
    case 'inject':
      return s.fault === 'write-protect' ? { dev, cmd: 'inject', fault: s.fault } : { dev, cmd: 'inject', fault: s.fault, lba: at(s.lba), ...(s.fault === 'media-error' ? { blocks: s.blocks } : {}) };
    case 'elapse':
      return { dev, cmd: 'elapse', seconds: s.seconds };
  }
};

/** LUs: small ones where edges are dense, and 2^40-block ones so cost stays honest. */
export const scsiConfigArb: fc.Arbitrary<ScsiDeviceEntry> = fc
  .record({
    blockBytes: fc.constantFrom(512 as const, 4096 as const),
    huge: fc.constantFrom(false, false, false, false, true),
    maxTransferLength: fc.constantFrom(0, 0, 4, 16),
    senseFormat: fc.constantFrom('fixed' as const, 'descriptor' as const),
    xcopy: fc.option(fc.record({
      maxCscdDescriptors: fc.constantFrom(1, 2, 2, 2),
      maxSegmentDescriptors: fc.constantFrom(1, 2, 4, 4),
      maxDescriptorListLength: fc.constantFrom(1024, 1024, 100),
      segmentBlocks: fc.constantFrom(0, 2, 4, 8),
    }), { freq: 6, nil: undefined }),
    rod: fc.option(fc.record({
      maxRangeDescriptors: fc.constantFrom(1, 2, 4, 4),
      maxInactivityTimeout: fc.constantFrom(600, 600, 20),
      defaultInactivityTimeout: fc.constantFrom(60, 5),
      maxTokenTransferSize: fc.constantFrom(0, 0, 8, 16),
      rodType: fc.constantFrom('change-vulnerable' as const, 'change-vulnerable' as const, 'persistent' as const),
    }), { freq: 6, nil: undefined }),
    zoned: fc.option(fc.record({
      zoneSize: fc.constantFrom(8, 16),
      zones: fc.integer({ min: 2, max: 6 }),
      conventionalZones: fc.constantFrom(0, 0, 1),
      maxOpen: fc.constantFrom(0, 1, 2),
      urswrz: fc.boolean(),
    }), { freq: 2, nil: undefined }),
  })
  .map(({ blockBytes, huge, maxTransferLength, senseFormat, xcopy, rod, zoned }): ScsiDeviceEntry => {
    const base = {
      name: SCSI_DEV, kind: 'scsi' as const, blockBytes, maxTransferLength, optimalTransferLength: 0, optimalTransferLengthGranularity: 0, senseFormat, bugs: [],
      ...(xcopy ? { xcopy: { maxCscdDescriptors: xcopy.maxCscdDescriptors, maxSegmentDescriptors: xcopy.maxSegmentDescriptors, maxDescriptorListLength: xcopy.maxDescriptorListLength, maxSegmentLength: xcopy.segmentBlocks * blockBytes } } : {}),
      ...(rod ? { rod: { ...rod, defaultInactivityTimeout: Math.min(rod.defaultInactivityTimeout, rod.maxInactivityTimeout), optimalTransferCount: 0 } } : {}),
    };
    if (!zoned) return { ...base, capacity: huge ? 2 ** 40 : 128 };
    const zoneSize = huge ? 16 : zoned.zoneSize;
    return { ...base, capacity: huge ? 2 ** 40 : zoned.zones * zoneSize, zoned: { zoneSize, conventionalZones: zoned.conventionalZones, maxOpen: zoned.maxOpen, urswrz: zoned.urswrz } };
  });

const zoneChoice = fc.constantFrom(0, 0, 1, 1, 1, 2, 3, 5);
const symLba = (anchors: SymLba['anchor'][]): fc.Arbitrary<SymLba> =>
  fc.record({ anchor: fc.constantFrom(...anchors), zone: zoneChoice, delta: fc.constantFrom(0, 0, 0, 0, -1, 1), abs: fc.nat(255) });
const dstLba = symLba(['wp', 'wp', 'wp', 'wp', 'zone-start', 'abs', 'cap-end']);
const srcLba = symLba(['below-wp', 'below-wp', 'below-wp', 'abs', 'zone-start', 'cap-end']);
const anyLba = symLba(['wp', 'wp', 'below-wp', 'zone-start', 'abs', 'cap-end']);
const blocks = fc.constantFrom(0, 1, 1, 2, 2, 3, 4, 8, 17);
const ranges = (lba: fc.Arbitrary<SymLba>) => fc.array(fc.record({ lba, blocks: fc.constantFrom(1, 1, 2, 3, 4, 0) }), { minLength: 1, maxLength: 3 });

export const symScsiStepArb: fc.Arbitrary<SymScsiStep> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ cmd: fc.constant('write16' as const), lba: anyLba, blocks }) },
  { weight: 2, arbitrary: fc.record({ cmd: fc.constant('read16' as const), lba: srcLba, blocks }) },
  { weight: 4, arbitrary: fc.record({ cmd: fc.constant('xcopy' as const), segments: fc.array(fc.record({ src: srcLba, dst: dstLba, blocks }), { minLength: 1, maxLength: 3 }), withinLimits: fc.constantFrom(true, true, true, false), foreign: fc.constantFrom(false, false, false, false, false, true) }) },
  { weight: 4, arbitrary: fc.record({ cmd: fc.constant('populate-token' as const), ranges: ranges(srcLba), timeout: fc.constantFrom(0, 0, 3, 30, 700), withinLimits: fc.constantFrom(true, true, true, false) }) },
  { weight: 5, arbitrary: fc.record({ cmd: fc.constant('write-using-token' as const), ranges: ranges(dstLba), token: fc.constantFrom('last' as const, 'last' as const, 'last' as const, 'older' as const, 'unknown' as const), offset: fc.constantFrom(0, 0, 0, 1, 3), delTkn: fc.constantFrom(false, false, true) }) },
  { weight: 1, arbitrary: fc.record({ cmd: fc.constantFrom('receive-copy-status' as const, 'receive-rod-token-information' as const, 'report-zones' as const, 'receive-copy-operating-parameters' as const) }) },
  { weight: 3, arbitrary: fc.record({ cmd: fc.constantFrom('open-zone' as const, 'close-zone' as const, 'finish-zone' as const, 'reset-write-pointer' as const, 'reset-write-pointer' as const), lba: symLba(['zone-start', 'zone-start', 'zone-start', 'abs', 'cap-end']), all: fc.constantFrom(false, false, false, true) }) },
  { weight: 1, arbitrary: fc.record({ cmd: fc.constant('inject' as const), fault: fc.constantFrom('media-error' as const, 'media-error' as const, 'write-protect' as const, 'zone-read-only' as const, 'zone-offline' as const), lba: srcLba, blocks: fc.constantFrom(1, 2) }) },
  { weight: 2, arbitrary: fc.record({ cmd: fc.constant('elapse' as const), seconds: fc.constantFrom(1, 4, 31, 61, 700) }) },
);

const lbaAt = (anchor: SymLba['anchor'], zone: number, delta: number, abs: number): SymLba => ({ anchor, zone, delta, abs });

/**
 * Step sequences at edges a random step list meets only by luck (issue 10; spec/stack.md
 * "Generators"); each one step group in 20:
 * - open-limit: writes at the write pointers of four zones in turn, then an explicit open: more
 *   zones implicitly opened than MAXIMUM NUMBER OF OPEN SEQUENTIAL WRITE REQUIRED ZONES (ZBC-2 4.4.3.2.4).
 * - token-then-write: POPULATE TOKEN over written blocks, a WRITE(16) over its first block, WRITE
 *   USING TOKEN: a change-vulnerable token must be invalidated by the write (SBC-4 4.28.4).
 * - rewrite-media: a latent media error, a WRITE(16) over it, a READ(16) of it: the write reassigns
 *   the block and the read succeeds (SBC-4 4.14.2; ERR-04). Random steps met it in 5 of 8 seeds
 *   within the ci profile's 1000 runs (median run 614); a reset first puts a zoned LU's write
 *   pointer at the zone start, so the same LBA serves the inject, the write and the read.
 * - xcopy-over-limits: an EXTENDED COPY of three segments, regardless of the operating parameters,
 *   one of them 17 blocks: past MAXIMUM SEGMENT COUNT when it is 1 or 2, past MAXIMUM SEGMENT LENGTH
 *   when that is set (SPC-4 6.4.3.5, LIMIT-05). With the rewrite-media group in, seed 1 needed more
 *   than 300 runs (the mutation selection's budget) to exceed the segment count.
 */
const openLimitArb: fc.Arbitrary<SymScsiStep[]> = fc.record({ first: fc.nat(3), blocks: fc.constantFrom(1, 2) }).map(({ first, blocks }) => [
  ...[0, 1, 2, 3].map((i): SymScsiStep => ({ cmd: 'write16', lba: lbaAt('wp', first + i, 0, 0), blocks })),
  { cmd: 'open-zone', lba: lbaAt('zone-start', first + 4, 0, 0), all: false },
]);

const tokenThenWriteArb: fc.Arbitrary<SymScsiStep[]> = fc
  .record({ zone: zoneChoice, abs: fc.nat(255), blocks: fc.constantFrom(1, 2, 3), dst: dstLba })
  .map(({ zone, abs, blocks, dst }) => {
    // Written data at `abs` (or, zoned, at the start of the zone, below its write pointer).
    const src = lbaAt('zone-start', zone, 0, abs);
    const data = lbaAt('abs', zone, 0, abs);
    return [
      { cmd: 'write16', lba: lbaAt('wp', zone, 0, abs), blocks },
      { cmd: 'populate-token', ranges: [{ lba: src, blocks }], timeout: 0, withinLimits: true },
      { cmd: 'write16', lba: data, blocks: 1 },
      { cmd: 'write-using-token', ranges: [{ lba: dst, blocks }], token: 'last', offset: 0, delTkn: false },
    ];
  });

const rewriteMediaArb: fc.Arbitrary<SymScsiStep[]> = fc
  .record({ zone: zoneChoice, abs: fc.nat(255), bad: fc.constantFrom(1, 2), blocks: fc.constantFrom(1, 2, 3) })
  .map(({ zone, abs, bad, blocks }) => {
    const at = lbaAt('zone-start', zone, 0, abs);
    return [
      { cmd: 'reset-write-pointer', lba: at, all: false },
      { cmd: 'inject', fault: 'media-error', lba: at, blocks: bad },
      { cmd: 'write16', lba: at, blocks },
      { cmd: 'read16', lba: at, blocks },
    ];
  });

const xcopyOverLimitsArb: fc.Arbitrary<SymScsiStep[]> = fc
  .tuple(srcLba, dstLba, srcLba, dstLba, srcLba, dstLba)
  .map(([s1, d1, s2, d2, s3, d3]) => [{ cmd: 'xcopy', segments: [{ src: s1, dst: d1, blocks: 1 }, { src: s2, dst: d2, blocks: 17 }, { src: s3, dst: d3, blocks: 2 }], withinLimits: false, foreign: false }]);

export type SymScsiScenario = { readonly config: ScsiDeviceEntry; readonly steps: readonly SymScsiStep[] };

const scsiStepGroupArb: fc.Arbitrary<SymScsiStep[]> = fc.oneof(
  { weight: 16, arbitrary: symScsiStepArb.map((x) => [x]) },
  { weight: 1, arbitrary: openLimitArb },
  { weight: 1, arbitrary: tokenThenWriteArb },
  { weight: 1, arbitrary: rewriteMediaArb },
  { weight: 1, arbitrary: xcopyOverLimitsArb },
);

export const symScsiScenarioArb: fc.Arbitrary<SymScsiScenario> = fc.record({
  config: scsiConfigArb,
  steps: fc.array(scsiStepGroupArb, { maxLength: 24, size: 'large' }).map((g) => g.flat().slice(0, 32)),
});

/** Resolve and run a symbolic scenario in one pass; the trace's scenario holds the concrete steps. */
export const traceSymbolicScsi = (sym: SymScsiScenario, bugs: readonly ScsiBug[]): ScsiTrace => {
  const steps: ScsiStep[] = [];
  const scenario: ScsiScenario = { format: 'copyspec-scenario/1', devices: [sym.config], steps };
  const lists = { xcopy: 0, token: 0 };
  return traceScsi(scenario, bugs, sym.steps.length, (lus, i) => {
    const step = resolveScsiStep(lus.get(SCSI_DEV)!, sym.steps[i]!, i + 1, lists);
    steps.push(step);
    return step;
  });
};
