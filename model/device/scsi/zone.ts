// ZBC host-managed zones (ZBC-2 §4.5): zone conditions, the write pointer, open resources, and the
// checks a read or write meets, on the LU or on an immer draft of it. Where ZBC-2 text was not at
// hand the behaviour follows what the ZBC conformance suite expects (libzbc test/scripts/
// 01_sk_ascq_check); scsi_debug's departures are listed in spec/scsi-device.md.

import { castDraft, isDraft, original, type Draft } from 'immer';
import { writeRuns, type ExtentMap } from '../../content/extent-map.js';
import { scsiSectorsPerBlock, scsiZoneCount } from './config.js';
import { hasScsiBug, type ScsiLu, type ScsiZone, type ZoneCondition } from './lu.js';
import { check, type ScsiCompletion } from './sense.js';

export type D = Draft<ScsiLu>;

/** The content map of a draft without an immer proxy (content maps are replaced whole). */
export const luContentOf = (d: D): ExtentMap => (isDraft(d.content) ? original(d.content)! : d.content) as ExtentMap;

export const zoneIndexOf = (lu: ScsiLu, lba: number): number => Math.floor(lba / lu.config.zoned!.zoneSize);
export const zoneStartOf = (lu: ScsiLu, idx: number): number => idx * lu.config.zoned!.zoneSize;
export const isConventional = (lu: ScsiLu, idx: number): boolean => idx < lu.config.zoned!.conventionalZones;

/** A zone's condition and write pointer (null where the write pointer is not valid). */
export const zoneState = (lu: ScsiLu, idx: number): { cond: ZoneCondition; wp: number | null } => {
  if (isConventional(lu, idx)) return { cond: 'NOT_WRITE_POINTER', wp: null };
  const z = lu.zones[idx];
  if (!z) return { cond: 'EMPTY', wp: zoneStartOf(lu, idx) };
  const wpValid = z.cond === 'IMPLICITLY_OPENED' || z.cond === 'EXPLICITLY_OPENED' || z.cond === 'CLOSED';
  return { cond: z.cond, wp: wpValid ? z.wp : null };
};

export const isOpen = (c: ZoneCondition): boolean => c === 'IMPLICITLY_OPENED' || c === 'EXPLICITLY_OPENED';

export const explicitlyOpen = (lu: ScsiLu): number => Object.values(lu.zones).filter((z) => z.cond === 'EXPLICITLY_OPENED').length;

/** Zones recorded in the map (i.e. not EMPTY) whose index lies in [first, last], in order. */
const recordedIn = (lu: ScsiLu, first: number, last: number): number[] =>
  Object.keys(lu.zones).map(Number).filter((i) => i >= first && i <= last).sort((a, b) => a - b);

/** Assign a zone's condition, keeping the implicitly-opened list in order; EMPTY removes the record. */
export const setZone = (d: D, idx: number, cond: ScsiZone['cond'] | 'EMPTY', wp: number): void => {
  const i = d.implicitOpen.indexOf(idx);
  if (i >= 0) d.implicitOpen.splice(i, 1);
  if (cond === 'EMPTY') delete d.zones[idx];
  else d.zones[idx] = { cond, wp };
  if (cond === 'IMPLICITLY_OPENED') d.implicitOpen.push(idx);
};

/**
 * Can a zone in condition `c` be opened? EMPTY and CLOSED zones need an open resource. ZBC-2
 * §4.5.3.4.2: with MAXIMUM NUMBER OF OPEN SEQUENTIAL WRITE REQUIRED ZONES zones EXPLICITLY OPENED, a
 * write to or an open of an EMPTY or CLOSED zone fails with DATA PROTECT / INSUFFICIENT ZONE
 * RESOURCES; while an implicitly opened zone exists the device closes it to make room instead.
 */
export const openResourceCheck = (lu: ScsiLu, c: ZoneCondition, implicit: boolean): ScsiCompletion | null => {
  if (c !== 'EMPTY' && c !== 'CLOSED') return null;
  const max = lu.config.zoned!.maxOpen;
  if (implicit && hasScsiBug(lu, 'scsi-implicit-open-ignores-limit')) return null;
  if (max && explicitlyOpen(lu) >= max) return check('DATA_PROTECT', 'INSUFFICIENT_ZONE_RESOURCES');
  return null;
};

/** Make room for one more open zone: close the oldest implicitly opened zone at the limit. */
const makeRoom = (d: D): void => {
  const lu = d as unknown as ScsiLu;
  const max = lu.config.zoned!.maxOpen;
  const open = Object.values(lu.zones).filter((z) => isOpen(z.cond)).length;
  if (!max || open < max || d.implicitOpen.length === 0) return;
  if (hasScsiBug(lu, 'scsi-implicit-open-ignores-limit')) return;
  const victim = d.implicitOpen[0]!;
  setZone(d, victim, 'CLOSED', lu.zones[victim]!.wp);
};

/** Open zone `idx` (a write: implicit; OPEN ZONE: explicit). The caller checked resources. */
export const openZone = (d: D, idx: number, implicit: boolean): void => {
  const lu = d as unknown as ScsiLu;
  const { cond, wp } = zoneState(lu, idx);
  if (cond === 'EMPTY' || cond === 'CLOSED') {
    makeRoom(d);
    setZone(d, idx, implicit ? 'IMPLICITLY_OPENED' : 'EXPLICITLY_OPENED', wp!);
  } else if (cond === 'IMPLICITLY_OPENED' && !implicit && !hasScsiBug(lu, 'scsi-explicit-open-stays-implicit')) setZone(d, idx, 'EXPLICITLY_OPENED', wp!);
};

/**
 * Checks of a write of `n` blocks at `lba` against the zones it touches (ZBC-2 §4.5.3.2), in this
 * order: a range starting in a conventional zone may not reach a sequential write required zone
 * (WRITE BOUNDARY VIOLATION); in a sequential write required zone: READ ONLY, OFFLINE (DATA
 * PROTECT), FULL (INVALID FIELD IN CDB, as libzbc expects and scsi_debug answers), LBA ≠ write
 * pointer (UNALIGNED WRITE COMMAND), crossing the zone end (WRITE BOUNDARY VIOLATION), then an open
 * resource (INSUFFICIENT ZONE RESOURCES).
 */
export const checkZoneWrite = (lu: ScsiLu, lba: number, n: number): ScsiCompletion | null => {
  const first = zoneIndexOf(lu, lba);
  const last = zoneIndexOf(lu, lba + n - 1);
  if (isConventional(lu, first)) return isConventional(lu, last) ? null : check('ILLEGAL_REQUEST', 'WRITE_BOUNDARY_VIOLATION');
  const { cond, wp } = zoneState(lu, first);
  if (cond === 'READ_ONLY') return check('DATA_PROTECT', 'ZONE_IS_READ_ONLY');
  if (cond === 'OFFLINE') return check('DATA_PROTECT', 'ZONE_IS_OFFLINE');
  if (cond === 'FULL') return check('ILLEGAL_REQUEST', 'INVALID_FIELD_IN_CDB');
  if (lba !== wp && !hasScsiBug(lu, 'scsi-write-ignores-wp')) return check('ILLEGAL_REQUEST', 'UNALIGNED_WRITE_COMMAND');
  if (last !== first) return check('ILLEGAL_REQUEST', 'WRITE_BOUNDARY_VIOLATION');
  return openResourceCheck(lu, cond, true);
};

/** The effect of a write the checks passed: open the zone implicitly, advance the write pointer, FULL at the zone end. */
export const advanceZone = (d: D, lba: number, n: number): void => {
  const lu = d as unknown as ScsiLu;
  const idx = zoneIndexOf(lu, lba);
  if (isConventional(lu, idx)) return;
  openZone(d, idx, true);
  const z = (d as unknown as ScsiLu).zones[idx]!;
  const end = Math.max(z.wp, lba + n);
  if (end >= zoneStartOf(lu, idx) + lu.config.zoned!.zoneSize) setZone(d, idx, 'FULL', end);
  else setZone(d, idx, z.cond, end);
};

/**
 * Checks of a read (ZBC-2 §4.5.3.3): an OFFLINE zone fails with DATA PROTECT / ZONE IS OFFLINE
 * (older ZBC revisions: MEDIUM ERROR; spec/scsi-device.md). With URSWRZ = 0 a read crossing a zone
 * boundary that involves a sequential write required zone fails with READ BOUNDARY VIOLATION, and a
 * read past the write pointer of an EMPTY, open or CLOSED zone with ATTEMPT TO READ INVALID DATA.
 */
export const checkZoneRead = (lu: ScsiLu, lba: number, n: number): ScsiCompletion | null => {
  const first = zoneIndexOf(lu, lba);
  const last = zoneIndexOf(lu, lba + n - 1);
  if (recordedIn(lu, first, last).some((i) => lu.zones[i]!.cond === 'OFFLINE')) return check('DATA_PROTECT', 'ZONE_IS_OFFLINE');
  if (lu.config.zoned!.urswrz) return null;
  if (first !== last) return isConventional(lu, last) ? null : check('ILLEGAL_REQUEST', 'READ_BOUNDARY_VIOLATION');
  const { wp } = zoneState(lu, first);
  if (wp !== null && lba + n > wp) return check('ILLEGAL_REQUEST', 'ATTEMPT_TO_READ_INVALID_DATA');
  return null;
};

/** RESET WRITE POINTER of one zone: EMPTY, write pointer at the zone start, every block unwritten (ZBC-2 §5.6). */
export const resetZone = (d: D, idx: number): void => {
  const lu = d as unknown as ScsiLu;
  setZone(d, idx, 'EMPTY', zoneStartOf(lu, idx));
  if (hasScsiBug(lu, 'scsi-reset-keeps-data')) return;
  const k = scsiSectorsPerBlock(lu.config);
  const size = lu.config.zoned!.zoneSize;
  d.content = castDraft(writeRuns(luContentOf(d), zoneStartOf(lu, idx) * k, [{ len: size * k, src: { kind: 'unwritten' }, off: 0 }]));
};

/** Every sequential write required zone index recorded (not EMPTY), ascending. */
export const recordedZones = (lu: ScsiLu): number[] => recordedIn(lu, 0, scsiZoneCount(lu.config) - 1);
