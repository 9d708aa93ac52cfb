// Stack cases with a host-managed zoned SCSI LU behind sd (sd_zbc, model/driver/sd.ts): the LU
// alone, zones of a power-of-two size with unrestricted reads (what sd_zbc_read_zones accepts), no
// conventional zones, and a workload that writes each zone in order — every write and copy
// destination at the zone's write pointer as the host tracks it. Copies read from what is already
// written. No zone resets: one racing a write in flight to its zone is the user's conflict (the plug's
// wp_offset is reset at submission, blk_zone_wplug_handle_reset_or_finish, while the write still
// lands), so examples/stack-scsi-zbc.json and test/model/stack/sd-zbc.test.ts cover the reset path.
// Faults: media errors, write protect, a zone going read only or offline.

import fc from 'fast-check';
import type { StackBug } from '../../model/block/bugs.js';
import type { ScsiBug } from '../../model/device/scsi/bugs.js';
import type { DesignName } from '../../model/stack/design.js';
import type { HostOp, StackConfig, StackFault } from '../../model/stack/state.js';
import type { StackCase } from './generators.js';

type ScsiLu = NonNullable<StackConfig['scsi']>[number];

/** A symbolic op: which zone, how many blocks; made concrete against the host's write pointers. */
type ZoneOp = { readonly kind: 'write' | 'copy'; readonly zone: number; readonly blocks: number; readonly from: number };

const ZONES = 4;

const zonedLuArb = (luBugs: readonly ScsiBug[]): fc.Arbitrary<ScsiLu> =>
  fc
    .record({
      blockBytes: fc.constantFrom<512 | 4096>(512, 4096),
      zoneSize: fc.constantFrom(8, 16, 32),
      maxTransferLength: fc.constantFrom(0, 4, 64),
      maxOpen: fc.constantFrom(0, 0, 2),
      xcopy: fc.option(fc.record({ maxSegmentDescriptors: fc.integer({ min: 1, max: 4 }), maxSegmentLength: fc.constantFrom(0, 4096) }), { freq: 4 }),
      rod: fc.option(fc.constantFrom<'change-vulnerable' | 'persistent'>('change-vulnerable', 'persistent'), { freq: 4 }),
    })
    .map((r) => ({
      name: 'sdb',
      blockBytes: r.blockBytes,
      capacity: ZONES * r.zoneSize,
      maxTransferLength: r.maxTransferLength,
      optimalTransferLength: 0,
      optimalTransferLengthGranularity: 0,
      senseFormat: 'fixed' as const,
      bugs: [...luBugs],
      zoned: { zoneSize: r.zoneSize, conventionalZones: 0, maxOpen: r.maxOpen, urswrz: true },
      ...(r.xcopy ? { xcopy: { maxCscdDescriptors: 2, maxSegmentDescriptors: r.xcopy.maxSegmentDescriptors, maxDescriptorListLength: 1024, maxSegmentLength: r.xcopy.maxSegmentLength } } : {}),
      ...(r.rod ? { rod: { maxRangeDescriptors: 4, maxInactivityTimeout: 600, defaultInactivityTimeout: 60, maxTokenTransferSize: 0, optimalTransferCount: 0, rodType: r.rod } } : {}),
    }));

const zoneOpArb: fc.Arbitrary<ZoneOp> = fc.record({
  kind: fc.constantFrom<ZoneOp['kind']>('write', 'write', 'copy'),
  zone: fc.nat(ZONES - 1),
  blocks: fc.integer({ min: 1, max: 6 }),
  from: fc.nat(ZONES - 1),
});

/** The ops, each write and copy destination at its zone's write pointer as the host tracks it (in blocks). */
const concreteZoneOps = (ops: readonly ZoneOp[], lu: ScsiLu): HostOp[] => {
  const zs = lu.zoned!.zoneSize;
  const k = lu.blockBytes / 512;
  const wp = Array.from({ length: ZONES }, () => 0);
  const at = (z: number, off: number): number => (z * zs + off) * k;
  const out: HostOp[] = [];
  for (const o of ops) {
    const room = zs - wp[o.zone]!;
    if (o.kind === 'write' && room > 0) {
      const n = Math.min(o.blocks, room);
      out.push({ op: 'write', bdev: lu.name, sector: at(o.zone, wp[o.zone]!), nr: n * k });
      wp[o.zone]! += n;
    } else if (o.kind === 'copy' && room > 0 && wp[o.from]! > 0 && o.from !== o.zone) {
      const n = Math.min(o.blocks, room, wp[o.from]!);
      out.push({ op: 'copy', bdev: lu.name, dst: { sector: at(o.zone, wp[o.zone]!), nr: n * k }, src: [{ sector: at(o.from, 0), nr: n * k }] });
      wp[o.zone]! += n;
    }
  }
  return out;
};

const zonedFaultArb: fc.Arbitrary<StackFault> = fc.oneof(
  fc.record({ dev: fc.constant('sdb'), fault: fc.constant<'media-error'>('media-error'), slba: fc.nat(15), nlb: fc.nat(3) }),
  fc.constant<StackFault>({ dev: 'sdb', fault: 'write-protect' }),
  fc.record({ dev: fc.constant('sdb'), fault: fc.constantFrom<'zone-read-only' | 'zone-offline'>('zone-read-only', 'zone-offline'), slba: fc.constantFrom(0, 8) }),
);

/** Stack cases over a zoned sd disk, for `design`, with the host's `bugs` and the LU's `luBugs`. */
export const stackZonedScsiCaseArb = (bugs: readonly StackBug[], design: DesignName, luBugs: readonly ScsiBug[] = []): fc.Arbitrary<StackCase> =>
  fc
    .record({
      lu: zonedLuArb(luBugs),
      ops: fc.array(zoneOpArb, { minLength: 1, maxLength: 10 }),
      tags: fc.constantFrom(1, 2, 64),
      plug: fc.boolean(),
      nowait: fc.constantFrom(false, false, true),
      faults: fc.array(zonedFaultArb, { maxLength: 1 }),
      schedule: fc.array(fc.oneof({ weight: 3, arbitrary: fc.constant(0) }, { weight: 2, arbitrary: fc.nat({ max: 7 }) }), { maxLength: 60 }),
    })
    .map((r) => {
      const ops = concreteZoneOps(r.ops, r.lu);
      const cfg: StackConfig = { design, devices: [], scsi: [r.lu], dm: [], partitions: [], tags: r.tags, plug: r.plug, nowait: r.nowait, ops: ops.length ? ops : [{ op: 'read', bdev: 'sdb', sector: 0, nr: r.lu.blockBytes / 512 }], faults: r.faults, bugs: [...bugs] };
      return { cfg, schedule: r.schedule };
    });
