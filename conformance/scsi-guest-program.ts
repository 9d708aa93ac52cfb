// A SCSI scenario as the guest's scsi-batch runs it (conformance/guest/scsi-batch.c): which target
// stands for its logical unit — LIO (target_core_mod + tcm_loop, an rd_mcp ramdisk) for a
// conventional LU, scsi_debug with zbc=host-managed for a zoned one — and one text line per
// command. Scenarios the targets cannot stand for are refused with the reason.

import { match } from 'ts-pattern';
import { scsiZoneCount } from '../model/device/scsi/config.js';
import { luConfigOf } from '../model/scenario/run-scsi.js';
import type { ScsiDeviceEntry, ScsiScenario } from '../model/scenario/scsi-schema.js';

export type ScsiTarget = 'LIO' | 'SDEBUG';
/**
 * `scenario`: the scenario it runs (a stand-in target in tests runs the model on it); `notSent`:
 * steps the guest must not send, with why (their comparison is left out, and counted).
 */
export type ScsiGuestProgram = {
  readonly target: ScsiTarget;
  readonly device: ScsiDeviceEntry;
  readonly commands: readonly string[];
  readonly scenario: ScsiScenario;
  readonly notSent: ReadonlyMap<number, string>;
};

/**
 * A READ(16) or WRITE(16) with TRANSFER LENGTH 0 at LBA 0 on a host-managed scsi_debug LU oopses
 * Linux 6.1: check_zbc_access_params looks up the zone of LBA + 0 − 1 = 2^64 − 1 (seen: "BUG: unable
 * to handle page fault … RIP: check_zbc_access_params", then the guest hangs in rmmod). Not sent
 * (spec/scsi-divergences.md, SDEBUG-ZERO-LENGTH).
 */
export const SDEBUG_OOPS = 'a READ(16)/WRITE(16) of TRANSFER LENGTH 0 at LBA 0 oopses scsi_debug on Linux 6.1 (SDEBUG-ZERO-LENGTH)';

/** scsi_debug's zone size is whole MiB (module parameter zone_size_mb, drivers/scsi/scsi_debug.c sdebug_device_create_zones). */
export const SDEBUG_ZONE_BYTES = 1 << 20;
/** Ramdisk and store sizes the harness allocates per LU (the guest has 768 MiB). */
export const MAX_LU_BYTES = 16 << 20;
/** Largest transfer one command carries (scsi-batch.c BUF). */
export const MAX_TRANSFER_BYTES = 4 << 20;

/**
 * LIO's RECEIVE COPY OPERATING PARAMETERS (target_core_xcopy.h RCR_OP_MAX_TARGET_DESC_COUNT 2,
 * RCR_OP_MAX_SG_DESC_COUNT 1, RCR_OP_MAX_DESC_LIST_LEN 1024, RCR_OP_MAX_SEGMENT_LEN 256 MiB; seen
 * in the guest, Linux 6.1): a LU configured with EXTENDED COPY is configured with these.
 */
export const LIO_XCOPY_LIMITS = { maxCscdDescriptors: 2, maxSegmentDescriptors: 1, maxDescriptorListLength: 1024, maxSegmentLength: 268435456 } as const;

/** ZONE MANAGEMENT OUT service actions (ZBC-2 §5.3–5.6). */
const ZONE_ACTION = { 'close-zone': 1, 'finish-zone': 2, 'open-zone': 3, 'reset-write-pointer': 4 } as const;

/** Why the targets cannot run this scenario as the model does, or null. */
export const scsiUnsupportedReason = (sc: ScsiScenario): string | null => {
  if (sc.devices.length !== 1) return `${sc.devices.length} LUs: the harness runs one LU per scenario`;
  const d = sc.devices[0]!;
  if (d.capacity * d.blockBytes > MAX_LU_BYTES) return `device ${d.name}: ${d.capacity} blocks is larger than the harness's ${MAX_LU_BYTES >> 20} MiB LUs`;
  if (d.maxTransferLength !== 0) return `device ${d.name}: MAXIMUM TRANSFER LENGTH ${d.maxTransferLength} cannot be set on LIO or scsi_debug`;
  if (d.zoned) {
    const bytes = d.zoned.zoneSize * d.blockBytes;
    if (bytes % SDEBUG_ZONE_BYTES !== 0 || ((bytes / SDEBUG_ZONE_BYTES) & (bytes / SDEBUG_ZONE_BYTES - 1)) !== 0) return `device ${d.name}: scsi_debug zones are a power of two MiB`;
    if (d.zoned.conventionalZones >= scsiZoneCount(luConfigOf(d))) return `device ${d.name}: scsi_debug needs a sequential write required zone`;
  } else if ((d.capacity * d.blockBytes) % 4096 !== 0) return `device ${d.name}: an rd_mcp ramdisk is whole 4 KiB pages`;
  for (const [i, st] of sc.steps.entries()) {
    if (st.cmd === 'inject') return `step ${i + 1}: fault injection has no LIO or scsi_debug counterpart`;
    if ((st.cmd === 'read16' || st.cmd === 'write16') && st.blocks * d.blockBytes > MAX_TRANSFER_BYTES) return `step ${i + 1}: a transfer larger than the guest's buffer`;
  }
  return null;
};

const ranges = (rs: readonly { lba: number; blocks: number }[]): string => `${rs.length} ${rs.map((r) => `${r.lba}:${r.blocks}`).join(' ')}`.trimEnd();

/** The guest program of a scenario the harness supports (check scsiUnsupportedReason first). */
export const scsiGuestProgram = (sc: ScsiScenario): ScsiGuestProgram => {
  const device = sc.devices[0]!;
  const commands: string[] = [];
  const notSent = new Map<number, string>();
  sc.steps.forEach((st, i) => {
    const n = i + 1;
    if (device.zoned && (st.cmd === 'read16' || st.cmd === 'write16') && st.blocks === 0 && st.lba === 0) {
      notSent.set(n, SDEBUG_OOPS);
      return;
    }
    const line = match(st)
      .with({ cmd: 'read16' }, (s) => `R ${n} ${s.lba} ${s.blocks}`)
      .with({ cmd: 'write16' }, (s) => `W ${n} ${s.lba} ${s.blocks}`)
      .with({ cmd: 'xcopy' }, (s) =>
        [`X ${n} ${s.listId} ${s.cscd.length}`, ...s.cscd.map((c) => `${c.lu === device.name ? 'self' : 'other'}:${c.type}`), `${s.segments.length}`, ...s.segments.map((g) => `${g.type}:${g.src}:${g.dst}:${g.blocks}:${g.srcLba}:${g.dstLba}:${g.dc ? 1 : 0}`)].join(' '))
      .with({ cmd: 'receive-copy-operating-parameters' }, () => `O ${n}`)
      .with({ cmd: 'receive-copy-status' }, (s) => `S ${n} ${s.listId}`)
      .with({ cmd: 'receive-rod-token-information' }, (s) => `T ${n} ${s.listId}`)
      .with({ cmd: 'populate-token' }, (s) => `P ${n} ${s.listId} ${s.inactivityTimeout} ${ranges(s.ranges)}`)
      // No target creates tokens, so the guest sends a token no copy manager made (scsi-batch.c wut).
      .with({ cmd: 'write-using-token' }, (s) => `U ${n} ${s.listId} ${s.offset} ${s.delTkn ? 1 : 0} ${ranges(s.ranges)}`)
      .with({ cmd: 'inquiry' }, (s) => `I ${n} ${s.page}`)
      .with({ cmd: 'open-zone' }, { cmd: 'close-zone' }, { cmd: 'finish-zone' }, { cmd: 'reset-write-pointer' }, (s) => `Z ${n} ${ZONE_ACTION[s.cmd]} ${s.lba} ${s.all ? 1 : 0}`)
      .with({ cmd: 'report-zones' }, (s) => `Q ${n} ${s.lba} ${s.count}`)
      .with({ cmd: 'elapse' }, () => null) // time passes on the model's clock only; no target keeps tokens
      .with({ cmd: 'inject' }, () => {
        throw new Error(`scsiGuestProgram: step ${n} injects a fault; scsiUnsupportedReason refuses such scenarios`);
      })
      .exhaustive();
    if (line !== null) commands.push(line);
  });
  return { target: device.zoned ? 'SDEBUG' : 'LIO', device, commands, scenario: sc, notSent };
};

/** Blocks the guest fills with random data before the scenario: the model's original content (every block of a conventional LU or zone). */
export const prefillBlocks = (d: ScsiDeviceEntry): number => (d.zoned ? d.zoned.conventionalZones * d.zoned.zoneSize : d.capacity);
