// Known divergences between the Linux SCSI targets the harness runs (LIO: target_core_mod with
// tcm_loop and an rd_mcp ramdisk; scsi_debug with zbc=host-managed) and the standards the SCSI
// model follows, per target and Linux version (the guest's kernel: Debian bookworm's 6.1). Each
// explains some differing fields of one step, names the clause the model follows, and says whether
// the two sides' states part ways. spec/scsi-divergences.md documents the same ids (a test keeps the
// two in step). Sources: drivers/target/target_core_xcopy.c (target_do_xcopy,
// target_do_receive_copy_results), drivers/scsi/scsi_debug.c (opcode_info_arr,
// check_zbc_access_params), and the guest runs recorded in that page.

import type { ScsiLu } from '../model/device/scsi/lu.js';
import type { ScsiDivergenceContext, ScsiExplanation, ScsiField, ScsiKnownDivergence } from './scsi-compare.js';
import type { ScsiObservation } from './scsi-observation.js';

const ILLEGAL_REQUEST = 0x5;
const is = (o: ScsiObservation, key: number, asc: number, ascq: number): boolean => o.status === 2 && o.key === key && o.asc === asc && o.ascq === ascq;
/** ILLEGAL REQUEST / INVALID COMMAND OPERATION CODE (20h/00h). */
const invalidOpcode = (o: ScsiObservation): boolean => is(o, ILLEGAL_REQUEST, 0x20, 0);
/** ILLEGAL REQUEST / INVALID FIELD IN CDB (24h/00h). */
const invalidCdb = (o: ScsiObservation): boolean => is(o, ILLEGAL_REQUEST, 0x24, 0);

/**
 * Did the model's step change what a later READ or zone report can see? The target changed nothing.
 * (A token the model made and the target did not is not a parting: every later use of it is a token
 * command the same divergence explains, and a WRITE USING TOKEN that writes parts the states then.)
 */
const modelActed = (before: ScsiLu, after: ScsiLu): boolean => before.content !== after.content || before.zones !== after.zones;

const only = (c: ScsiDivergenceContext, fields: readonly ScsiField[], stateDiverges: boolean): ScsiExplanation | null => {
  const claimed = c.differs.filter((f) => fields.includes(f));
  return claimed.length ? { fields: claimed, stateDiverges } : null;
};

const TOKEN_COMMANDS = new Set(['populate-token', 'write-using-token', 'receive-rod-token-information']);
const THIRD_PARTY_COPY = new Set([...TOKEN_COMMANDS, 'xcopy', 'receive-copy-status', 'receive-copy-operating-parameters']);

export const SCSI_KNOWN_DIVERGENCES: readonly ScsiKnownDivergence[] = [
  {
    id: 'LIO-NO-ROD-TOKEN',
    target: 'LIO',
    from: '6.1',
    targetDoes: 'no ROD token support: POPULATE TOKEN and WRITE USING TOKEN (83h/10h, 83h/11h) → ILLEGAL REQUEST / INVALID COMMAND OPERATION CODE (target_do_xcopy: service action ≠ 0, "EXTENDED_COPY(LID4) not supported"); RECEIVE ROD TOKEN INFORMATION (84h/07h) → INVALID FIELD IN CDB (target_do_receive_copy_results: unsupported service action)',
    spec: 'the token commands as the LU\'s Third-party Copy VPD page reports them: SBC-4 §5.12, §5.59, §4.28; SPC-5 §6.26',
    explains: (c) => {
      if (c.before.config.zoned || c.target.status !== 2 || !TOKEN_COMMANDS.has(c.step.cmd)) return null;
      const answer = c.step.cmd === 'receive-rod-token-information' ? invalidCdb(c.target) : invalidOpcode(c.target);
      return answer ? only(c, ['sense', 'data', 'zones'], modelActed(c.before, c.after)) : null;
    },
  },
  {
    id: 'LIO-NO-COPY-STATUS',
    target: 'LIO',
    from: '6.1',
    targetDoes: 'RECEIVE COPY STATUS(LID1) (84h/00h) → ILLEGAL REQUEST / INVALID FIELD IN CDB: target_do_receive_copy_results serves only OPERATING PARAMETERS (03h); LIO keeps no copy results',
    spec: 'the results of the EXTENDED COPY with that LIST IDENTIFIER (LIST ID USAGE 00b: held): SPC-4 §6.18.2 (RECEIVE COPY STATUS(LID1)), SPC-5 §6.20',
    explains: (c) => (c.step.cmd === 'receive-copy-status' && invalidCdb(c.target) ? only(c, ['sense'], false) : null),
  },
  {
    id: 'LIO-XCOPY-NOT-REACHABLE',
    target: 'LIO',
    from: '6.1',
    targetDoes: 'an EXTENDED COPY segment whose READ of the source or WRITE of the destination fails (e.g. LOGICAL BLOCK ADDRESS OUT OF RANGE) → COPY ABORTED / COPY TARGET DEVICE NOT REACHABLE (0Dh/02h), the CSCD\'s own sense not forwarded (target_xcopy_do_work ends every I/O failure with TCM_COPY_TARGET_DEVICE_NOT_REACHABLE)',
    spec: 'COPY ABORTED / THIRD PARTY DEVICE FAILURE (0Dh/01h) with the failed command\'s sense forwarded, the segment number in COMMAND-SPECIFIC INFORMATION: SPC-5 §5.17.7.4; COPY TARGET DEVICE NOT REACHABLE is for a CSCD the copy manager cannot address',
    explains: (c) =>
      !c.before.config.zoned && c.step.cmd === 'xcopy' && is(c.model, 0xa, 0x0d, 0x01) && is(c.target, 0xa, 0x0d, 0x02) ? only(c, ['sense'], modelActed(c.before, c.after)) : null,
  },
  {
    id: 'SDEBUG-ZERO-LENGTH',
    target: 'scsi_debug',
    from: '6.1',
    targetDoes: 'a READ(16) or WRITE(16) with TRANSFER LENGTH 0 meets the zone checks as if it moved data ending at LBA − 1: a write off the write pointer → 21h/04h UNALIGNED WRITE COMMAND, a write at a zone start → 21h/05h WRITE BOUNDARY VIOLATION, a read at the first sequential zone after a conventional one → 21h/06h (check_zbc_access_params takes the last LBA as LBA + 0 − 1; at LBA 0 that is 2^64 − 1 and the kernel oopses: SDEBUG-ZERO-LENGTH-OOPS, not sent by the harness)',
    spec: 'TRANSFER LENGTH 0: no logical blocks are transferred, and that is not an error (SBC-4 §5.16 READ(16), §5.52 WRITE(16)); no zone rule applies to a transfer of nothing (ZBC-2 §4.5.3.2, §4.5.3.3)',
    explains: (c) => {
      const s = c.step;
      if (!c.before.config.zoned || (s.cmd !== 'write16' && s.cmd !== 'read16') || s.blocks !== 0 || c.model.status !== 0) return null;
      return [0x04, 0x05, 0x06].some((q) => is(c.target, ILLEGAL_REQUEST, 0x21, q)) ? only(c, ['sense', 'data'], false) : null;
    },
  },
  {
    id: 'SDEBUG-WRITE-BOUNDARY-FIRST',
    target: 'scsi_debug',
    from: '6.1',
    targetDoes: 'a write off the write pointer, or into a FULL zone, that also crosses the zone end → WRITE BOUNDARY VIOLATION (21h/05h): check_zbc_access_params checks the zone boundary before the zone condition and the write pointer',
    spec: 'ZBC-2 §4.5.3.2 lists the conditions without an order; the model checks the zone condition (FULL: INVALID FIELD IN CDB 24h/00h) and the write pointer (UNALIGNED WRITE COMMAND 21h/04h) first, as libzbc\'s conformance scripts expect (spec/scsi-device.md)',
    explains: (c) => {
      const s = c.step;
      if (!c.before.config.zoned || s.cmd !== 'write16' || s.blocks === 0) return null;
      const z = c.before.config.zoned.zoneSize;
      const crosses = Math.floor(s.lba / z) !== Math.floor((s.lba + s.blocks - 1) / z);
      const modelRefused = is(c.model, ILLEGAL_REQUEST, 0x21, 0x04) || invalidCdb(c.model);
      return crosses && modelRefused && is(c.target, ILLEGAL_REQUEST, 0x21, 0x05) ? only(c, ['sense'], false) : null;
    },
  },
  {
    id: 'SDEBUG-READ-CROSS-TYPES',
    target: 'scsi_debug',
    from: '6.1',
    targetDoes: 'a READ(16) crossing from a conventional into a sequential write required zone (or back) → ILLEGAL REQUEST 21h/06h ATTEMPT TO READ INVALID DATA (check_zbc_access_params: "reads cannot cross zone types boundaries"), although scsi_debug checks no write pointer on reads',
    spec: 'with URSWRZ = 1 reads are unrestricted (ZBC-2 §4.5.3.3, Zoned Block Device Characteristics VPD B6h); with URSWRZ = 0 a crossing involving a sequential write required zone is READ BOUNDARY VIOLATION 21h/07h',
    explains: (c) => {
      const s = c.step;
      const z = c.before.config.zoned;
      if (!z || s.cmd !== 'read16' || s.blocks === 0 || !is(c.target, ILLEGAL_REQUEST, 0x21, 0x06)) return null;
      const conv = (lba: number): boolean => Math.floor(lba / z.zoneSize) < z.conventionalZones;
      return conv(s.lba) !== conv(s.lba + s.blocks - 1) ? only(c, ['sense', 'data'], false) : null;
    },
  },
  {
    id: 'LIO-RCOP-WITHOUT-3PC',
    target: 'LIO',
    from: '6.1',
    targetDoes: 'with EXTENDED COPY turned off (attrib/emulate_3pc = 0: EXTENDED COPY → 20h/00h) RECEIVE COPY OPERATING PARAMETERS still answers GOOD with the copy limits (target_do_receive_copy_results does not look at emulate_3pc)',
    spec: 'a copy manager that does not support EXTENDED COPY (3PC = 0) does not support RECEIVE COPY OPERATING PARAMETERS: INVALID COMMAND OPERATION CODE (SPC-4 §6.18, §4.3.5.1)',
    explains: (c) => (!c.before.config.zoned && !c.before.config.xcopy && c.step.cmd === 'receive-copy-operating-parameters' && invalidOpcode(c.model) && c.target.status === 0 ? only(c, ['sense', 'params'], false) : null),
  },
  {
    id: 'LIO-XCOPY-CSCD-FIRST',
    target: 'LIO',
    from: '6.1',
    targetDoes: 'every identification CSCD descriptor is resolved before any segment runs: one naming no LU of the node → COPY ABORTED 0Dh/02h even when its only segment moves 0 blocks (target_xcopy_parse_target_descriptors → target_xcopy_locate_se_dev_e4)',
    spec: 'the model reaches a CSCD when a segment moves data through it: a segment of BLOCK DEVICE NUMBER OF BLOCKS 0 moves nothing (SPC-5 §6.4.6.4) and meets no CSCD; SPC-5 §5.17.7.3 lets a copy manager check descriptors before processing or (§5.17.7.4) during it',
    explains: (c) => {
      const s = c.step;
      if (c.before.config.zoned || s.cmd !== 'xcopy' || c.model.status !== 0 || !is(c.target, 0xa, 0x0d, 0x02)) return null;
      return s.cscd.some((d) => d.lu !== c.before.config.name) ? only(c, ['sense'], modelActed(c.before, c.after)) : null;
    },
  },
  {
    id: 'SDEBUG-NO-3PC',
    target: 'scsi_debug',
    from: '6.1',
    targetDoes: 'no third-party copy at all: EXTENDED COPY, RECEIVE COPY RESULTS, POPULATE TOKEN, WRITE USING TOKEN, RECEIVE ROD TOKEN INFORMATION (83h, 84h) → ILLEGAL REQUEST / INVALID COMMAND OPERATION CODE (scsi_debug.c opcode_info_arr has neither opcode)',
    spec: 'EXTENDED COPY(LID1) and the token commands on a zoned LU, the copy written like a WRITE (ZBC-2 §4.5.3.2 write pointer rules): SPC-4 §6.3, SBC-4 §5.12, §5.59',
    explains: (c) =>
      c.before.config.zoned && THIRD_PARTY_COPY.has(c.step.cmd) && invalidOpcode(c.target) ? only(c, ['sense', 'csi', 'data', 'zones', 'params'], modelActed(c.before, c.after)) : null,
  },
];

/** The known divergences of a target (all of them: the guest kernel is the one the page records). */
export const scsiDivergences = (): readonly ScsiKnownDivergence[] => SCSI_KNOWN_DIVERGENCES;
