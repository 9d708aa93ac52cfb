// The sense each situation calls for, written as predicates over the LU before the command — a
// second formulation of the rules, independent of the reducer's code, that ERR-04 holds it to:
// READ(16) and WRITE(16) in full, EXTENDED COPY's parameter list, and the validity of the token a
// WRITE USING TOKEN names, tracked from the trace itself (SPC-5 §5.17.6.5.2.3, §5.17.6.7).

import type { ScsiCommand } from '../../../model/device/scsi/command.js';
import type { ScsiLu } from '../../../model/device/scsi/lu.js';
import type { AscName, ScsiCompletion, SenseKey } from '../../../model/device/scsi/sense.js';
import { writesOf } from './facts.js';
import type { ScsiTrace } from './trace.js';

/** A sense key and ASC, and INFORMATION where the situation fixes it (VALID = 1). */
export type ExpectedSense = { readonly key: SenseKey; readonly code: AscName; readonly information?: number } | 'GOOD';

const is = (key: SenseKey, code: AscName, information?: number): ExpectedSense => (information === undefined ? { key, code } : { key, code, information });

const zoneOf = (lu: ScsiLu, lba: number): number => Math.floor(lba / lu.config.zoned!.zoneSize);
const conventional = (lu: ScsiLu, z: number): boolean => z < lu.config.zoned!.conventionalZones;
const condOf = (lu: ScsiLu, z: number): string => (conventional(lu, z) ? 'NOT_WRITE_POINTER' : (lu.zones[z]?.cond ?? 'EMPTY'));
const wpOf = (lu: ScsiLu, z: number): number | null => {
  const c = condOf(lu, z);
  if (c === 'EMPTY') return z * lu.config.zoned!.zoneSize;
  return c === 'IMPLICITLY_OPENED' || c === 'EXPLICITLY_OPENED' || c === 'CLOSED' ? lu.zones[z]!.wp : null;
};

const tooLong = (lu: ScsiLu, n: number): boolean => lu.config.maxTransferLength !== 0 && n > lu.config.maxTransferLength;

/** WRITE(16): SBC-4 §6.6.4, §4.5, §4.11; ZBC-2 §4.5.3.2, §4.5.3.4.2. */
export const writeSituation = (lu: ScsiLu, lba: number, n: number): ExpectedSense => {
  if (tooLong(lu, n)) return is('ILLEGAL_REQUEST', 'INVALID_FIELD_IN_CDB');
  if (lba + n > lu.config.capacity) return is('ILLEGAL_REQUEST', 'LBA_OUT_OF_RANGE');
  if (n === 0) return 'GOOD';
  if (lu.writeProtected) return is('DATA_PROTECT', 'WRITE_PROTECTED');
  if (!lu.config.zoned) return 'GOOD';
  const f = zoneOf(lu, lba);
  const l = zoneOf(lu, lba + n - 1);
  if (conventional(lu, f)) return conventional(lu, l) ? 'GOOD' : is('ILLEGAL_REQUEST', 'WRITE_BOUNDARY_VIOLATION');
  const c = condOf(lu, f);
  if (c === 'READ_ONLY') return is('DATA_PROTECT', 'ZONE_IS_READ_ONLY');
  if (c === 'OFFLINE') return is('DATA_PROTECT', 'ZONE_IS_OFFLINE');
  if (c === 'FULL') return is('ILLEGAL_REQUEST', 'INVALID_FIELD_IN_CDB');
  if (lba !== wpOf(lu, f)) return is('ILLEGAL_REQUEST', 'UNALIGNED_WRITE_COMMAND');
  if (l !== f) return is('ILLEGAL_REQUEST', 'WRITE_BOUNDARY_VIOLATION');
  const explicit = Object.values(lu.zones).filter((z) => z.cond === 'EXPLICITLY_OPENED').length;
  if ((c === 'EMPTY' || c === 'CLOSED') && lu.config.zoned.maxOpen && explicit >= lu.config.zoned.maxOpen) return is('DATA_PROTECT', 'INSUFFICIENT_ZONE_RESOURCES');
  return 'GOOD';
};

/**
 * ERR-04's own record of latent media errors, kept from the trace rather than read from the LU: an
 * injected error marks [lba, min(lba + blocks, capacity)) (none when blocks is 0 or lba is past the
 * capacity); every block a command writes is reassigned and reads again (SBC-4 §4.18). RESET WRITE
 * POINTER writes no block and so clears none. Ranges [start, end), disjoint.
 */
export type LatentErrors = (readonly [number, number])[];

export const noteLatent = (latent: LatentErrors, st: ScsiTrace['steps'][number]): LatentErrors => {
  const s = st.step;
  const cap = st.before.config.capacity;
  let out = latent;
  if (s.cmd === 'inject' && s.fault === 'media-error' && s.blocks! > 0 && s.lba! < cap) out = [...out, [s.lba!, Math.min(s.lba! + s.blocks!, cap)]];
  for (const w of writesOf(st)) out = out.flatMap(([a, b]) => [...(a < w.lba ? [[a, Math.min(b, w.lba)] as const] : []), ...(b > w.lba + w.blocks ? [[Math.max(a, w.lba + w.blocks), b] as const] : [])]);
  return out;
};

/** The lowest LBA of [lba, lba+n) with a latent error, or null. */
const firstLatent = (latent: LatentErrors, lba: number, n: number): number | null => {
  const hits = latent.filter(([a, b]) => a < lba + n && lba < b).map(([a]) => Math.max(a, lba));
  return hits.length ? Math.min(...hits) : null;
};

/** READ(16): SBC-4 §6.6.4, §4.5, §4.18 (INFORMATION = the first unrecovered LBA); ZBC-2 §4.5.3.3. */
export const readSituation = (lu: ScsiLu, lba: number, n: number, latent: LatentErrors): ExpectedSense => {
  if (tooLong(lu, n)) return is('ILLEGAL_REQUEST', 'INVALID_FIELD_IN_CDB');
  if (lba + n > lu.config.capacity) return is('ILLEGAL_REQUEST', 'LBA_OUT_OF_RANGE');
  if (n === 0) return 'GOOD';
  if (lu.config.zoned) {
    const f = zoneOf(lu, lba);
    const l = zoneOf(lu, lba + n - 1);
    if (Object.entries(lu.zones).some(([i, z]) => Number(i) >= f && Number(i) <= l && z.cond === 'OFFLINE')) return is('DATA_PROTECT', 'ZONE_IS_OFFLINE');
    if (!lu.config.zoned.urswrz) {
      if (f !== l && !conventional(lu, l)) return is('ILLEGAL_REQUEST', 'READ_BOUNDARY_VIOLATION');
      const wp = f === l ? wpOf(lu, f) : null;
      if (wp !== null && lba + n > wp) return is('ILLEGAL_REQUEST', 'ATTEMPT_TO_READ_INVALID_DATA');
    }
  }
  const bad = firstLatent(latent, lba, n);
  return bad === null ? 'GOOD' : is('MEDIUM_ERROR', 'UNRECOVERED_READ_ERROR', bad);
};

/** EXTENDED COPY parameter list (SPC-4 r37 §6.4.3.4–6.4.3.5; SPC-5 §5.17.7.3, §6.25), or null past it. */
export const xcopyListSituation = (lu: ScsiLu, c: Extract<ScsiCommand, { cmd: 'xcopy' }>): ExpectedSense | null => {
  const lim = lu.config.xcopy;
  if (!lim) return is('ILLEGAL_REQUEST', 'INVALID_COMMAND_OPERATION_CODE');
  if (c.cscd.length > lim.maxCscdDescriptors) return is('ILLEGAL_REQUEST', 'TOO_MANY_TARGET_DESCRIPTORS');
  if (c.segments.length > lim.maxSegmentDescriptors) return is('ILLEGAL_REQUEST', 'TOO_MANY_SEGMENT_DESCRIPTORS');
  if (32 * c.cscd.length + 28 * c.segments.length > lim.maxDescriptorListLength) return is('ILLEGAL_REQUEST', 'PARAMETER_LIST_LENGTH_ERROR');
  if (c.cscd.some((d) => d.type !== 0xe4)) return is('ILLEGAL_REQUEST', 'UNSUPPORTED_TARGET_DESCRIPTOR_TYPE_CODE');
  if (c.segments.some((s) => s.type !== 0x02)) return is('ILLEGAL_REQUEST', 'UNSUPPORTED_SEGMENT_DESCRIPTOR_TYPE_CODE');
  if (c.segments.some((s) => s.src >= c.cscd.length || s.dst >= c.cscd.length)) return is('ILLEGAL_REQUEST', 'INVALID_FIELD_IN_PARAMETER_LIST');
  if (lim.maxSegmentLength && c.segments.some((s) => s.blocks * lu.config.blockBytes > lim.maxSegmentLength)) return is('ILLEGAL_REQUEST', 'INVALID_FIELD_IN_PARAMETER_LIST');
  return null;
};

type TokenView = { ranges: { lba: number; blocks: number }[]; timeout: number; last: number; state: 'valid' | 'cancelled' | 'deleted'; vulnerable: boolean };

/**
 * For each WRITE USING TOKEN step, the token error its token's history calls for ('valid' = none),
 * tracked from the trace: a token is made by a successful POPULATE TOKEN; a change-vulnerable one
 * is cancelled by any write to a block it represents, by RESET WRITE POINTER of its zone, by a media
 * error or an OFFLINE zone under it; it expires when more than its inactivity timeout passes after
 * its last use; DEL_TKN deletes it.
 */
export const tokenSituations = (t: ScsiTrace): Map<number, AscName | 'valid'> => {
  const out = new Map<number, AscName | 'valid'>();
  const tokens = new Map<number, TokenView>();
  let now = 0;
  const touch = (lba: number, blocks: number): void => {
    // A fault of 0 blocks (or past the capacity) changes no block and cancels nothing (as the model's scsiInject).
    if (blocks <= 0) return;
    for (const v of tokens.values()) if (v.vulnerable && v.state === 'valid' && v.ranges.some((r) => r.lba < lba + blocks && lba < r.lba + r.blocks)) v.state = 'cancelled';
  };
  for (const st of t.steps) {
    const c = st.command;
    const lu = st.before;
    if (st.step.cmd === 'elapse') now += st.step.seconds;
    if (st.step.cmd === 'inject' && st.step.fault === 'media-error') touch(st.step.lba!, Math.max(0, Math.min(st.step.blocks!, lu.config.capacity - st.step.lba!)));
    if (st.step.cmd === 'inject' && st.step.fault === 'zone-offline' && lu.config.zoned && st.step.lba! < lu.config.capacity) {
      const z = zoneOf(lu, st.step.lba!);
      if (!conventional(lu, z)) touch(z * lu.config.zoned.zoneSize, lu.config.zoned.zoneSize);
    }
    if (!c || !st.result) continue;
    if (c.cmd === 'write-using-token') {
      const v = tokens.get(c.token);
      out.set(st.stepNo, c.tokenLength !== 0x1f8 ? 'INVALID_TOKEN_LENGTH' : !v ? 'TOKEN_UNKNOWN' : now - v.last > v.timeout ? 'TOKEN_EXPIRED' : v.state === 'cancelled' ? 'TOKEN_CANCELLED' : v.state === 'deleted' ? 'TOKEN_DELETED' : 'valid');
    }
    for (const w of writesOf(st)) touch(w.lba, w.blocks);
    if (c.cmd === 'zone-out' && c.action === 'reset' && st.result.completion.status === 'GOOD') {
      const size = lu.config.zoned!.zoneSize;
      for (const idx of Object.keys(lu.zones).map(Number)) if (st.after.zones[idx] === undefined) touch(idx * size, size);
    }
    if (c.cmd === 'populate-token' && st.result.completion.status === 'GOOD') {
      const id = st.after.lists[c.listId]!.token!;
      const rod = lu.config.rod!;
      tokens.set(id, { ranges: c.ranges.filter((r) => r.blocks > 0), timeout: c.inactivityTimeout || rod.defaultInactivityTimeout, last: now, state: 'valid', vulnerable: rod.rodType === 'change-vulnerable' });
    }
    if (c.cmd === 'write-using-token' && st.result.completion.status === 'GOOD') {
      const v = tokens.get(c.token)!;
      v.last = now;
      if (c.delTkn && v.state === 'valid') v.state = 'deleted';
    }
  }
  return out;
};

const senseText = (e: ExpectedSense): string => (e === 'GOOD' ? 'GOOD' : `${e.key} ${e.code}`);

/**
 * EXTENDED COPY past its parameter list (SPC-5 §5.17.7.2 step 6, §5.17.7.4): segments are processed
 * in order and a segment of 0 blocks moves nothing and cannot fail (§6.4.6.4). A failure names its
 * segment in COMMAND-SPECIFIC INFORMATION, with COPY TARGET DEVICE NOT REACHABLE exactly when that
 * segment names a CSCD for another LU (no earlier segment with blocks may), else THIRD PARTY DEVICE
 * FAILURE with the READ's (source 1) or WRITE's (source 2) own sense forwarded. The first segment
 * with blocks meets the LU as it was before the command, so its outcome is fixed here exactly (the
 * copy manager's READ and WRITE are not held to MAXIMUM TRANSFER LENGTH); later ones meet a LU their
 * predecessors changed, and DATA-06 and ZONE-04 judge what they wrote.
 */
export const xcopySegmentViolation = (lu: ScsiLu, c: Extract<ScsiCommand, { cmd: 'xcopy' }>, got: ScsiCompletion, latent: LatentErrors): string | null => {
  const foreign = (i: number): boolean => c.cscd[c.segments[i]!.src]!.lu !== lu.config.name || c.cscd[c.segments[i]!.dst]!.lu !== lu.config.name;
  const moving = c.segments.map((s, i) => [s, i] as const).filter(([s]) => s.blocks > 0);
  const failedAt = got.status === 'CHECK CONDITION' ? got.sense.commandSpecific : undefined;
  if (got.status === 'CHECK CONDITION') {
    if (got.sense.key !== 'COPY_ABORTED') return `failed with ${got.sense.key} ${got.sense.code} after its parameter list passed: only COPY ABORTED names a segment`;
    if (failedAt === undefined || !moving.some(([, i]) => i === failedAt)) return `failed naming segment ${failedAt}, not a segment with blocks to move`;
  }
  const done = failedAt ?? c.segments.length;
  const early = moving.find(([, i]) => i < done && foreign(i));
  if (early) return `segment ${early[1]} names a CSCD for another LU yet ${got.status === 'GOOD' ? 'the copy completed' : `the copy failed only at segment ${failedAt}`}`;
  if (failedAt !== undefined && got.status === 'CHECK CONDITION' && (got.sense.code === 'COPY_TARGET_DEVICE_NOT_REACHABLE') !== foreign(failedAt)) return `segment ${failedAt} failed with ${got.sense.code}, but it ${foreign(failedAt) ? 'names' : 'names no'} CSCD for another LU`;
  const first = moving[0];
  if (!first || foreign(first[1])) return null;
  const [s, i] = first;
  const unlimited: ScsiLu = { ...lu, config: { ...lu.config, maxTransferLength: 0 } };
  const read = readSituation(unlimited, s.srcLba, s.blocks, latent);
  const write = read === 'GOOD' ? writeSituation(unlimited, s.dstLba, s.blocks) : 'GOOD';
  const bad = read !== 'GOOD' ? { source: 1, want: read } : write !== 'GOOD' ? { source: 2, want: write } : null;
  if (!bad) return failedAt === i ? `segment ${i} failed, but its READ and WRITE meet no error on the LU as it was` : null;
  if (failedAt !== i || got.status !== 'CHECK CONDITION') return `segment ${i}'s ${bad.source === 1 ? 'READ' : 'WRITE'} meets ${senseText(bad.want)}, yet the copy ${got.status === 'GOOD' ? 'completed' : `failed at segment ${failedAt}`}`;
  const f = got.sense.forwarded;
  const w = bad.want as Exclude<ExpectedSense, 'GOOD'>;
  if (got.sense.code !== 'THIRD_PARTY_DEVICE_FAILURE' || f?.source !== bad.source || f.sense.key !== w.key || f.sense.code !== w.code || (w.information !== undefined && f.sense.information !== w.information)) {
    return `segment ${i} failed with ${got.sense.code}${f ? ` forwarding source ${f.source} ${f.sense.key} ${f.sense.code}` : ''}; its ${bad.source === 1 ? 'READ' : 'WRITE'} meets ${senseText(w)}${w.information === undefined ? '' : ` at LBA ${w.information}`}`;
  }
  return null;
};
