// The SCSI logical unit as a pure reducer: scsiExecute(lu, command) → {lu, completion, data…}, and
// scsiInject(lu, event) for faults and time. Guard first (each check in the order its clause or, where
// the standards leave the order open, spec/scsi-device.md gives), then the effect. A failed check
// changes nothing unless a partial effect is documented (EXTENDED COPY segments, WRITE USING TOKEN).

import { castDraft, produce } from 'immer';
import { match } from 'ts-pattern';
import type { Run } from '../../content/token.js';
import { checkRead, checkWrite, loadBlocks, storeBlocks, cancelTokensOver } from './blocks.js';
import type { ScsiCommand, ScsiEvent, ZoneOutAction } from './command.js';
import { scsiZoneCount } from './config.js';
import { hasScsiBug, ZONE_CONDITION_CODE, type CopyResult, type ScsiLu, type ZoneCondition } from './lu.js';
import { check, good, type ScsiCompletion } from './sense.js';
import { executePopulateToken, executeWriteUsingToken } from './token.js';
import { blockLimitsVpd, thirdPartyCopyVpd, zonedCharacteristicsVpd, type VpdPage } from './vpd.js';
import { executeXcopy } from './xcopy.js';
import { isConventional, isOpen, openResourceCheck, openZone, recordedZones, resetZone, setZone, zoneIndexOf, zoneStartOf, zoneState, type D } from './zone.js';

/** One REPORT ZONES zone descriptor (ZBC-2 §5.2.2): type 1h conventional / 2h sequential write required. */
export type ScsiZoneDescriptor = { readonly start: number; readonly length: number; readonly type: 'CONVENTIONAL' | 'SEQUENTIAL_WRITE_REQUIRED'; readonly cond: ZoneCondition; readonly wp: number | null };

export type ScsiResult = {
  readonly lu: ScsiLu;
  readonly completion: ScsiCompletion;
  /** READ(16): the blocks returned. */
  readonly data?: readonly Run[];
  /** REPORT ZONES. */
  readonly zones?: readonly ScsiZoneDescriptor[];
  /** RECEIVE COPY STATUS / RECEIVE ROD TOKEN INFORMATION: the result kept for the list identifier. */
  readonly copyResult?: CopyResult;
  /** INQUIRY / RECEIVE COPY OPERATING PARAMETERS: the fields returned. */
  readonly page?: VpdPage;
};

const unsupported = (lu: ScsiLu): ScsiResult => ({ lu, completion: check('ILLEGAL_REQUEST', 'INVALID_COMMAND_OPERATION_CODE') });

/** Block Limits MAXIMUM TRANSFER LENGTH: a READ/WRITE above it → INVALID FIELD IN CDB (SBC-4 §6.6.4). */
const aboveMaxTransfer = (lu: ScsiLu, blocks: number): boolean => lu.config.maxTransferLength !== 0 && blocks > lu.config.maxTransferLength;

const read16 = (lu: ScsiLu, lba: number, blocks: number): ScsiResult => {
  if (aboveMaxTransfer(lu, blocks)) return { lu, completion: check('ILLEGAL_REQUEST', 'INVALID_FIELD_IN_CDB') };
  const err = checkRead(lu, lba, blocks);
  if (err) return { lu, completion: err };
  return { lu, completion: good(), data: loadBlocks(lu, lba, blocks) };
};

const write16 = (lu: ScsiLu, lba: number, blocks: number, data: readonly Run[]): ScsiResult => {
  if (aboveMaxTransfer(lu, blocks)) return { lu, completion: check('ILLEGAL_REQUEST', 'INVALID_FIELD_IN_CDB') };
  const err = checkWrite(lu, lba, blocks);
  if (err) return { lu, completion: err };
  return { lu: produce(lu, (d) => storeBlocks(d, lba, data)), completion: good() };
};

/** RECEIVE COPY STATUS / RECEIVE ROD TOKEN INFORMATION: an unknown list identifier → INVALID FIELD IN CDB (SPC-5 §6.20 wording, shared by the receive commands). */
const receive = (lu: ScsiLu, listId: number, ops: readonly CopyResult['op'][]): ScsiResult => {
  const r = lu.lists[listId];
  if (!r || !ops.includes(r.op)) return { lu, completion: check('ILLEGAL_REQUEST', 'INVALID_FIELD_IN_CDB') };
  return { lu, completion: good(), copyResult: r };
};

/**
 * ZONE MANAGEMENT OUT on one zone (ZBC-2 §5.3 CLOSE, §5.4 FINISH, §5.5 OPEN, §5.6 RESET WRITE
 * POINTER). A READ ONLY or OFFLINE zone answers DATA PROTECT with its ASC; the zone transitions of
 * ZBC-2 Table "zone condition transitions": OPEN of a FULL zone and CLOSE/FINISH/RESET of a zone
 * already in the target condition change nothing; CLOSE of an open zone whose write pointer is at the
 * zone start makes it EMPTY.
 */
const zoneOutOne = (d: D, idx: number, action: ZoneOutAction): ScsiCompletion | null => {
  const lu = d as unknown as ScsiLu;
  const { cond, wp } = zoneState(lu, idx);
  if (cond === 'READ_ONLY') return check('DATA_PROTECT', 'ZONE_IS_READ_ONLY');
  if (cond === 'OFFLINE') return check('DATA_PROTECT', 'ZONE_IS_OFFLINE');
  const start = zoneStartOf(lu, idx);
  switch (action) {
    case 'open': {
      if (cond === 'FULL' || cond === 'EXPLICITLY_OPENED') return null;
      const short = openResourceCheck(lu, cond, false);
      if (short) return short;
      openZone(d, idx, false);
      return null;
    }
    case 'close':
      if (isOpen(cond)) setZone(d, idx, wp === start ? 'EMPTY' : 'CLOSED', wp!);
      return null;
    case 'finish':
      if (cond !== 'FULL') setZone(d, idx, 'FULL', start + lu.config.zoned!.zoneSize);
      return null;
    case 'reset':
      if (cond !== 'EMPTY') {
        cancelTokensOver(d, start, lu.config.zoned!.zoneSize);
        resetZone(d, idx);
      }
      return null;
  }
};

/** Which recorded zones an ALL-bit action applies to (ZBC-2 §5.3–5.6: OPEN ALL opens CLOSED zones; the others every zone they move). */
const allTargets = (lu: ScsiLu, action: ZoneOutAction): number[] =>
  recordedZones(lu).filter((i) => {
    const c = lu.zones[i]!.cond;
    if (action === 'open') return c === 'CLOSED';
    if (action === 'close') return isOpen(c);
    if (action === 'finish') return isOpen(c) || c === 'CLOSED';
    return isOpen(c) || c === 'CLOSED' || c === 'FULL';
  });

const zoneOut = (lu: ScsiLu, action: ZoneOutAction, lba: number, all: boolean): ScsiResult => {
  if (!lu.config.zoned) return unsupported(lu);
  if (!all) {
    if (lba >= lu.config.capacity) return { lu, completion: check('ILLEGAL_REQUEST', 'LBA_OUT_OF_RANGE') };
    const idx = zoneIndexOf(lu, lba);
    // ZONE ID not the lowest LBA of a zone, or a conventional zone → INVALID FIELD IN CDB (ZBC-2 §5.3–5.6; variant scsi-zone-id-not-zone-start skips the first).
    if ((lba !== zoneStartOf(lu, idx) && !hasScsiBug(lu, 'scsi-zone-id-not-zone-start')) || isConventional(lu, idx)) return { lu, completion: check('ILLEGAL_REQUEST', 'INVALID_FIELD_IN_CDB') };
  }
  if (lu.writeProtected && (action === 'reset' || action === 'finish')) return { lu, completion: check('DATA_PROTECT', 'WRITE_PROTECTED') };
  // OPEN ALL needs a resource for every CLOSED zone (ZBC-2 §5.5).
  if (all && action === 'open' && lu.config.zoned.maxOpen) {
    const opening = allTargets(lu, 'open').length;
    if (explicitAfterOpenAll(lu, opening) > lu.config.zoned.maxOpen) return { lu, completion: check('DATA_PROTECT', 'INSUFFICIENT_ZONE_RESOURCES') };
  }
  let completion: ScsiCompletion = good();
  const next = produce(lu, (d) => {
    const targets = all ? allTargets(lu, action) : [zoneIndexOf(lu, lba)];
    for (const idx of targets) {
      const err = zoneOutOne(d, idx, action);
      if (err) {
        completion = err;
        return;
      }
    }
  });
  return { lu: completion.status === 'GOOD' ? next : lu, completion };
};

const explicitAfterOpenAll = (lu: ScsiLu, opening: number): number => Object.values(lu.zones).filter((z) => z.cond === 'EXPLICITLY_OPENED').length + opening;

/** REPORT ZONES, reporting option 00h: the zones from the one holding `lba`, at most `count` (ZBC-2 §5.2). */
const reportZones = (lu: ScsiLu, lba: number, count: number): ScsiResult => {
  if (!lu.config.zoned) return unsupported(lu);
  if (lba >= lu.config.capacity) return { lu, completion: check('ILLEGAL_REQUEST', 'LBA_OUT_OF_RANGE') };
  const zones: ScsiZoneDescriptor[] = [];
  const n = scsiZoneCount(lu.config);
  for (let i = zoneIndexOf(lu, lba); i < n && zones.length < count; i++) {
    const { cond, wp } = zoneState(lu, i);
    zones.push({ start: zoneStartOf(lu, i), length: lu.config.zoned.zoneSize, type: isConventional(lu, i) ? 'CONVENTIONAL' : 'SEQUENTIAL_WRITE_REQUIRED', cond, wp });
  }
  return { lu, completion: good(), zones };
};

/** Which LBA a command addresses first (for the `scsi-assert-past-capacity` variant). */
const firstLba = (c: ScsiCommand): number | null =>
  match(c)
    .with({ cmd: 'read16' }, { cmd: 'write16' }, { cmd: 'zone-out' }, { cmd: 'report-zones' }, (x) => x.lba)
    .with({ cmd: 'xcopy' }, (x) => x.segments[0]?.dstLba ?? null)
    .with({ cmd: 'populate-token' }, { cmd: 'write-using-token' }, (x) => x.ranges[0]?.lba ?? null)
    .with({ cmd: 'receive-copy-operating-parameters' }, { cmd: 'receive-copy-status' }, { cmd: 'receive-rod-token-information' }, { cmd: 'inquiry' }, () => null)
    .exhaustive();

export const scsiExecute = (lu: ScsiLu, c: ScsiCommand): ScsiResult => {
  const at = firstLba(c);
  if (hasScsiBug(lu, 'scsi-assert-past-capacity') && at !== null && at >= lu.config.capacity) {
    throw new Error(`assertion failed: LBA ${at} past the capacity of ${lu.config.name}`);
  }
  return match(c)
    .with({ cmd: 'read16' }, (x) => read16(lu, x.lba, x.blocks))
    .with({ cmd: 'write16' }, (x) => write16(lu, x.lba, x.blocks, x.data))
    .with({ cmd: 'xcopy' }, (x) => (lu.config.xcopy ? executeXcopy(lu, x) : unsupported(lu)))
    .with({ cmd: 'receive-copy-operating-parameters' }, () =>
      lu.config.xcopy ? { lu, completion: good(), page: { page: 'receive-copy-operating-parameters', fields: { ...lu.config.xcopy, maxInlineDataLength: 0, snlid: 1 } } } : unsupported(lu))
    .with({ cmd: 'receive-copy-status' }, (x) => (lu.config.xcopy ? receive(lu, x.listId, ['xcopy']) : unsupported(lu)))
    .with({ cmd: 'populate-token' }, (x) => (lu.config.rod ? executePopulateToken(lu, x) : unsupported(lu)))
    .with({ cmd: 'write-using-token' }, (x) => (lu.config.rod ? executeWriteUsingToken(lu, x) : unsupported(lu)))
    .with({ cmd: 'receive-rod-token-information' }, (x) => (lu.config.rod ? receive(lu, x.listId, ['populate-token', 'write-using-token']) : unsupported(lu)))
    .with({ cmd: 'inquiry' }, (x) =>
      match(x.page)
        .with('b0', () => ({ lu, completion: good(), page: blockLimitsVpd(lu.config) }))
        .with('8f', () => (lu.config.rod || lu.config.xcopy ? { lu, completion: good(), page: thirdPartyCopyVpd(lu.config) } : { lu, completion: check('ILLEGAL_REQUEST', 'INVALID_FIELD_IN_CDB') }))
        .with('b6', () => (lu.config.zoned ? { lu, completion: good(), page: zonedCharacteristicsVpd(lu.config) } : { lu, completion: check('ILLEGAL_REQUEST', 'INVALID_FIELD_IN_CDB') }))
        .exhaustive())
    .with({ cmd: 'zone-out' }, (x) => zoneOut(lu, x.action, x.lba, x.all))
    .with({ cmd: 'report-zones' }, (x) => reportZones(lu, x.lba, x.count))
    .exhaustive();
};

/**
 * Events outside the command set. A zone turned READ ONLY or OFFLINE leaves the open set; a latent
 * media error makes the copy manager unable to keep a change-vulnerable token's data, so it cancels
 * those tokens (SPC-5 §5.17.6.2.3.1); time passing only moves the clock.
 */
export const scsiInject = (lu: ScsiLu, e: ScsiEvent): ScsiLu =>
  produce(lu, (d) => {
    match(e)
      .with({ event: 'write-protect' }, () => {
        d.writeProtected = true;
      })
      .with({ event: 'media-error' }, ({ lba, blocks }) => {
        if (blocks === 0 || lba >= lu.config.capacity) return;
        const end = Math.min(lba + blocks, lu.config.capacity);
        d.mediaErrors = castDraft([...lu.mediaErrors, [lba, end] as const]);
        cancelTokensOver(d, lba, end - lba);
      })
      .with({ event: 'zone-read-only' }, { event: 'zone-offline' }, ({ event, lba }) => {
        if (!lu.config.zoned || lba >= lu.config.capacity) return;
        const idx = zoneIndexOf(lu, lba);
        if (isConventional(lu, idx)) return;
        const wp = zoneState(lu, idx).wp ?? zoneStartOf(lu, idx);
        setZone(d, idx, event === 'zone-offline' ? 'OFFLINE' : 'READ_ONLY', wp);
        if (event === 'zone-offline') cancelTokensOver(d, zoneStartOf(lu, idx), lu.config.zoned.zoneSize);
      })
      .with({ event: 'elapse' }, ({ seconds }) => {
        d.now += seconds;
      })
      .exhaustive();
  });

export { ZONE_CONDITION_CODE };
