// The edge prefix of the SCSI stack cells (issue 10: verdicts that do not depend on the seed), as
// properties/stack/edge-first.ts gives the NVMe stack cells theirs. DATA-07 needs a write to a token
// copy's source that the LU executes after POPULATE TOKEN and before WRITE USING TOKEN; random
// schedules hit that order in about one run in a hundred (seeds 1..8: refuted within 200 runs in
// 4 of 8). The edge makes it certain: the write is submitted before the copy (as raceWrites puts
// it) and the first exec takes the second queued command, the copy's POPULATE TOKEN (model/designs/
// token/scsi.ts: READ_TOKEN → POPULATE TOKEN + RRTI), so the write runs between the token and its use.
// ERR-05's variant sd-xcopy-ignores-segment-number needs an EXTENDED COPY carrying several requests
// (multi-bio-plug's batch callback) whose later segment fails: a copy of two discontiguous source
// ranges (a request each, in one plug) and a latent media error in the second range (seeds 1..12:
// missed within 200 runs in 1 of 12).

import fc from 'fast-check';
import type { StackBug } from '../../model/block/bugs.js';
import type { ScsiBug } from '../../model/device/scsi/bugs.js';
import type { DesignName } from '../../model/stack/design.js';
import type { HostOp, StackConfig } from '../../model/stack/state.js';
import type { StackCase } from './generators.js';
import { EDGE_ROUNDS } from './edge-first.js';

type ScsiLu = NonNullable<StackConfig['scsi']>[number];

/**
 * Submit the write (submit, map, alloc), then the copy (submit, map, alloc): both queued, nothing
 * executed. Then exec choice 1: the copy's POPULATE TOKEN before the write; the default policy after.
 */
const TOKEN_RACE_SCHEDULE = [0, 0, 0, 0, 0, 0, 1] as const;

const tokenRaceArb = (bugs: readonly StackBug[], design: DesignName, luBugs: readonly ScsiBug[]): fc.Arbitrary<StackCase> =>
  fc
    .record({
      blockBytes: fc.constantFrom<512 | 4096>(512, 4096),
      src: fc.nat({ max: 31 }),
      blocks: fc.integer({ min: 1, max: 4 }),
      dst: fc.nat({ max: 31 }),
      hit: fc.nat({ max: 3 }),
    })
    .map((r): StackCase => {
      const k = r.blockBytes / 512;
      // 128 blocks: sources in the first half, destinations in the second; the racing write hits one block of the source.
      const lu: ScsiLu = {
        name: 'sda', blockBytes: r.blockBytes, capacity: 128, maxTransferLength: 0, optimalTransferLength: 0, optimalTransferLengthGranularity: 0, senseFormat: 'fixed', bugs: [...luBugs],
        rod: { maxRangeDescriptors: 4, maxInactivityTimeout: 600, defaultInactivityTimeout: 60, maxTokenTransferSize: 0, optimalTransferCount: 0, rodType: 'change-vulnerable' },
      };
      const ops: HostOp[] = [
        { op: 'write', bdev: 'sda', sector: (r.src + (r.hit % r.blocks)) * k, nr: k },
        { op: 'copy', bdev: 'sda', dst: { sector: (64 + r.dst) * k, nr: r.blocks * k }, src: [{ sector: r.src * k, nr: r.blocks * k }] },
      ];
      const cfg: StackConfig = { design, devices: [], scsi: [lu], dm: [], partitions: [], tags: 64, plug: false, nowait: false, ops, faults: [], bugs: [...bugs] };
      return { cfg, schedule: [...TOKEN_RACE_SCHEDULE] };
    });

/**
 * One copy of two source ranges (multi-bio-plug plugs a request per range and its batch callback puts
 * both in one EXTENDED COPY), an LU that takes several segments, and a media error (struck first: the
 * schedule's leading 1 takes the inject, listed after the op's submit, model/stack/enabled.ts) in the
 * second range.
 */
const xcopyPartialArb = (bugs: readonly StackBug[], design: DesignName, luBugs: readonly ScsiBug[]): fc.Arbitrary<StackCase> =>
  fc
    .record({
      blockBytes: fc.constantFrom<512 | 4096>(512, 4096),
      blocks: fc.integer({ min: 1, max: 4 }),
      bad: fc.nat({ max: 3 }),
    })
    .map((r): StackCase => {
      const k = r.blockBytes / 512;
      const lu: ScsiLu = {
        name: 'sda', blockBytes: r.blockBytes, capacity: 128, maxTransferLength: 0, optimalTransferLength: 0, optimalTransferLengthGranularity: 0, senseFormat: 'fixed', bugs: [...luBugs],
        xcopy: { maxCscdDescriptors: 2, maxSegmentDescriptors: 4, maxDescriptorListLength: 1024, maxSegmentLength: 0 },
      };
      // Sources at blocks 0 and 16, the destination at 64; the error on a block of the second range.
      const copy: HostOp = { op: 'copy', bdev: 'sda', dst: { sector: 64 * k, nr: 2 * r.blocks * k }, src: [0, 16].map((b) => ({ sector: b * k, nr: r.blocks * k })) };
      const cfg: StackConfig = {
        design, devices: [], scsi: [lu], dm: [], partitions: [], tags: 64, plug: true, nowait: false,
        ops: [copy], faults: [{ dev: 'sda', fault: 'media-error', slba: 16 + (r.bad % r.blocks), nlb: 0 }], bugs: [...bugs],
      };
      return { cfg, schedule: [1] };
    });

const EDGES: Readonly<Record<string, (bugs: readonly StackBug[], design: DesignName, luBugs: readonly ScsiBug[]) => fc.Arbitrary<StackCase>>> = {
  'DATA-07': tokenRaceArb,
  'ERR-05': xcopyPartialArb,
};

/** The edge prefix of SCSI stack property `id` (EDGE_ROUNDS × its edge), or none. */
export const scsiEdgePrefix = (id: string, bugs: readonly StackBug[], design: DesignName, luBugs: readonly ScsiBug[]): fc.Arbitrary<StackCase>[] => {
  const edge = EDGES[id];
  return edge ? Array.from({ length: EDGE_ROUNDS }, () => edge(bugs, design, luBugs)) : [];
};
