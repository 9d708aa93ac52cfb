// ERR-06: the sense of the SCSI commands ERR-04 leaves out — ZONE MANAGEMENT OUT, REPORT ZONES,
// INQUIRY, the receive commands, and the token commands on a LU without ROD tokens — written again as
// predicates over the LU before the command, independent of model/device/scsi/execute.ts and zone.ts.

import type { ScsiCommand } from '../../../model/device/scsi/command.js';
import type { ScsiLu, ZoneCondition } from '../../../model/device/scsi/lu.js';
import { ASC, completionText } from '../../../model/device/scsi/sense.js';
import type { ExpectedSense } from './expected-sense.js';
import type { ScsiProperty } from './trace.js';

const illegal = (code: 'INVALID_COMMAND_OPERATION_CODE' | 'INVALID_FIELD_IN_CDB' | 'LBA_OUT_OF_RANGE'): ExpectedSense => ({ key: 'ILLEGAL_REQUEST', code });
const UNSUPPORTED = illegal('INVALID_COMMAND_OPERATION_CODE');

/**
 * ZONE MANAGEMENT OUT (ZBC-2 §5.3 CLOSE, §5.4 FINISH, §5.5 OPEN, §5.6 RESET WRITE POINTER) in the
 * order spec/scsi-device.md gives: no zones → INVALID COMMAND OPERATION CODE; without ALL, a ZONE ID
 * past the capacity → LBA OUT OF RANGE, one that is not a zone start or names a conventional zone →
 * INVALID FIELD IN CDB; FINISH and RESET on a write-protected LU → WRITE PROTECTED (SBC-4 §4.11);
 * OPEN ALL → INSUFFICIENT ZONE RESOURCES when the explicitly opened zones and the CLOSED ones it would
 * open exceed the limit; ALL passes READ ONLY and OFFLINE zones by; one READ ONLY / OFFLINE zone →
 * ZONE IS READ ONLY / ZONE IS OFFLINE; OPEN of one EMPTY or CLOSED zone with the limit explicitly
 * opened → INSUFFICIENT ZONE RESOURCES (ZBC-2 §4.5.3.4.2); anything else GOOD.
 */
export const zoneOutSituation = (lu: ScsiLu, c: Extract<ScsiCommand, { cmd: 'zone-out' }>): ExpectedSense => {
  const z = lu.config.zoned;
  if (!z) return UNSUPPORTED;
  if (!c.all) {
    if (c.lba >= lu.config.capacity) return illegal('LBA_OUT_OF_RANGE');
    if (c.lba % z.zoneSize !== 0 || c.lba / z.zoneSize < z.conventionalZones) return illegal('INVALID_FIELD_IN_CDB');
  }
  if (lu.writeProtected && (c.action === 'finish' || c.action === 'reset')) return { key: 'DATA_PROTECT', code: 'WRITE_PROTECTED' };
  const conds = Object.values(lu.zones).map((r) => r.cond);
  const explicit = conds.filter((x) => x === 'EXPLICITLY_OPENED').length;
  const short: ExpectedSense = { key: 'DATA_PROTECT', code: 'INSUFFICIENT_ZONE_RESOURCES' };
  if (c.all) return c.action === 'open' && z.maxOpen && explicit + conds.filter((x) => x === 'CLOSED').length > z.maxOpen ? short : 'GOOD';
  const idx = c.lba / z.zoneSize;
  const cond: ZoneCondition = Object.hasOwn(lu.zones, idx) ? lu.zones[idx]!.cond : 'EMPTY';
  if (cond === 'READ_ONLY') return { key: 'DATA_PROTECT', code: 'ZONE_IS_READ_ONLY' };
  if (cond === 'OFFLINE') return { key: 'DATA_PROTECT', code: 'ZONE_IS_OFFLINE' };
  if (c.action === 'open' && (cond === 'EMPTY' || cond === 'CLOSED') && z.maxOpen && explicit >= z.maxOpen) return short;
  return 'GOOD';
};

/**
 * The other commands: REPORT ZONES (ZBC-2 §5.2: no zones → INVALID COMMAND OPERATION CODE, a ZONE
 * START LBA past the capacity → LBA OUT OF RANGE); INQUIRY (SPC-5 §6.7: a VPD page the LU does not
 * have → INVALID FIELD IN CDB; B0h always, 8Fh with ROD tokens or EXTENDED COPY, B6h when zoned); the
 * copy manager commands without their support (SPC-5 §4.2.5.1) → INVALID COMMAND OPERATION CODE; the
 * receive commands (SPC-5 §6.20, §6.26) → INVALID FIELD IN CDB for a list identifier no command of
 * their kind used. Null for the commands ERR-04 judges.
 */
export const commandSituation = (lu: ScsiLu, c: ScsiCommand): ExpectedSense | null => {
  const { xcopy, rod, zoned } = lu.config;
  const listOf = (listId: number, ops: readonly string[]): ExpectedSense => (ops.includes(lu.lists[listId]?.op ?? '') ? 'GOOD' : illegal('INVALID_FIELD_IN_CDB'));
  switch (c.cmd) {
    case 'zone-out':
      return zoneOutSituation(lu, c);
    case 'report-zones':
      return !zoned ? UNSUPPORTED : c.lba >= lu.config.capacity ? illegal('LBA_OUT_OF_RANGE') : 'GOOD';
    case 'inquiry':
      return c.page === 'b0' || (c.page === '8f' && (rod || xcopy)) || (c.page === 'b6' && zoned) ? 'GOOD' : illegal('INVALID_FIELD_IN_CDB');
    case 'receive-copy-operating-parameters':
      return xcopy ? 'GOOD' : UNSUPPORTED;
    case 'receive-copy-status':
      return xcopy ? listOf(c.listId, ['xcopy']) : UNSUPPORTED;
    case 'receive-rod-token-information':
      return rod ? listOf(c.listId, ['populate-token', 'write-using-token']) : UNSUPPORTED;
    case 'populate-token':
    case 'write-using-token':
      return rod ? null : UNSUPPORTED;
    case 'read16':
    case 'write16':
    case 'xcopy':
      return null;
  }
};

const text = (e: ExpectedSense): string => (e === 'GOOD' ? 'GOOD' : `${e.key.replace(/_/g, ' ')} ${ASC[e.code].name}`);

export const ERR_06: ScsiProperty = {
  id: 'ERR-06',
  title: 'Zone management, REPORT ZONES, INQUIRY and the receive commands answer as their situation calls for',
  statement:
    'ZONE MANAGEMENT OUT completes with the status, sense key and ASC that ZBC-2 and spec/scsi-device.md give for the LU it met (unsupported; ZONE ID past the capacity, not a zone start, or conventional; write protection for FINISH and RESET; a READ ONLY or OFFLINE zone; open resources, counted over the CLOSED zones for OPEN ALL), and succeeds otherwise; REPORT ZONES, INQUIRY (a VPD page the LU has), RECEIVE COPY OPERATING PARAMETERS, RECEIVE COPY STATUS and RECEIVE ROD TOKEN INFORMATION (a list identifier a command of their kind used), and the token commands on a LU without ROD tokens likewise.',
  layers: ['device'],
  sources: ['ZBC-2 §5.2–5.6, §4.5.3.4.2', 'SBC-4 §4.11 (write protection)', 'SPC-5 §4.2.5.1, §6.7, §6.20, §6.25, §6.26'],
  refutes: ['scsi-zone-id-not-zone-start'],
  check: (t) => {
    for (const st of t.steps) {
      const c = st.command;
      if (!c || !st.result) continue;
      const want = commandSituation(st.before, c);
      if (!want) continue;
      const got = st.result.completion;
      const same = want === 'GOOD' ? got.status === 'GOOD' : got.status === 'CHECK CONDITION' && got.sense.key === want.key && got.sense.code === want.code;
      if (!same) return `step ${st.stepNo}: ${c.cmd}${'action' in c ? ` ${c.action}${c.all ? ' all' : ''}` : ''} completed ${completionText(got)}, its situation calls for ${text(want)}`;
    }
    return null;
  },
};
