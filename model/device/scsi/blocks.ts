// Reads and writes of logical blocks, shared by READ(16)/WRITE(16) and by the copy manager's own
// transfers (EXTENDED COPY segments, POPULATE TOKEN, WRITE USING TOKEN): the checks each meets and
// the effect of a write — content, media errors rewritten, the write pointer, and the ROD tokens
// that represented the overwritten blocks.

import { castDraft } from 'immer';
import { readRuns, writeRuns } from '../../content/extent-map.js';
import type { Run } from '../../content/token.js';
import { scsiSectorsPerBlock } from './config.js';
import { hasScsiBug, type ScsiLu } from './lu.js';
import { check, type ScsiCompletion } from './sense.js';
import { advanceZone, checkZoneRead, checkZoneWrite, luContentOf, type D } from './zone.js';

/** LBA + blocks past the capacity → ILLEGAL REQUEST / LOGICAL BLOCK ADDRESS OUT OF RANGE (SBC-4 §4.5; READ(16), WRITE(16)). */
export const checkCapacity = (lu: ScsiLu, lba: number, n: number): ScsiCompletion | null =>
  lba + n > lu.config.capacity ? check('ILLEGAL_REQUEST', 'LBA_OUT_OF_RANGE') : null;

/** The first block of [lba, lba+n) with a latent media error, or null. */
export const firstMediaError = (lu: ScsiLu, lba: number, n: number): number | null => {
  let first: number | null = null;
  for (const [a, b] of lu.mediaErrors) {
    if (a < lba + n && lba < b) {
      const at = Math.max(a, lba);
      if (first === null || at < first) first = at;
    }
  }
  return first;
};

/**
 * The checks a read of `n` blocks at `lba` meets, in order: capacity, zones (ZBC-2 §4.5.3.3), a
 * latent media error → MEDIUM ERROR / UNRECOVERED READ ERROR with the failing LBA in INFORMATION
 * (SBC-4 §4.18.2).
 */
export const checkRead = (lu: ScsiLu, lba: number, n: number): ScsiCompletion | null => {
  const cap = checkCapacity(lu, lba, n);
  if (cap || n === 0) return cap;
  const z = lu.config.zoned ? checkZoneRead(lu, lba, n) : null;
  if (z) return z;
  const bad = firstMediaError(lu, lba, n);
  return bad === null ? null : check('MEDIUM_ERROR', 'UNRECOVERED_READ_ERROR', { information: bad });
};

/** The checks a write meets, in order: capacity, write protection (DATA PROTECT / WRITE PROTECTED, SBC-4 §4.11), zones. */
export const checkWrite = (lu: ScsiLu, lba: number, n: number): ScsiCompletion | null => {
  const cap = checkCapacity(lu, lba, n);
  if (cap || n === 0) return cap;
  if (lu.writeProtected) return check('DATA_PROTECT', 'WRITE_PROTECTED');
  return lu.config.zoned ? checkZoneWrite(lu, lba, n) : null;
};

export const loadBlocks = (lu: ScsiLu, lba: number, n: number): Run[] => {
  const k = scsiSectorsPerBlock(lu.config);
  return readRuns(lu.content, lba * k, n * k);
};

/**
 * Cancel the change-vulnerable ROD tokens that represent a block of [lba, lba+n): SPC-5
 * §5.17.6.2.3.3 lets the copy manager invalidate such a token when its data is modified, and
 * §5.17.6.2.3.1 requires it when it cannot keep the data; a change-vulnerable token keeps no copy,
 * so a write to its blocks is exactly that case (reported as TOKEN CANCELLED, §5.17.6.5.2.3).
 */
export const cancelTokensOver = (d: D, lba: number, n: number): void => {
  const lu = d as unknown as ScsiLu;
  if (hasScsiBug(lu, 'scsi-token-not-invalidated-on-write')) return;
  for (const t of Object.values(lu.tokens)) {
    if (t.state !== 'valid' || t.rodType !== 'change-vulnerable') continue;
    if (t.ranges.some((r) => r.lba < lba + n && lba < r.lba + r.blocks)) d.tokens[t.id] = { ...d.tokens[t.id]!, state: 'cancelled' };
  }
};

/** Rewriting blocks clears their latent media errors (the device reassigns them). */
const clearMediaErrors = (d: D, lba: number, n: number): void => {
  const end = lba + n;
  if (hasScsiBug(d as unknown as ScsiLu, 'scsi-rewrite-keeps-media-error')) return;
  if (!d.mediaErrors.some(([a, b]) => a < end && lba < b)) return;
  d.mediaErrors = castDraft(d.mediaErrors.flatMap(([a, b]) => {
    if (b <= lba || a >= end) return [[a, b] as const];
    const keep: (readonly [number, number])[] = [];
    if (a < lba) keep.push([a, lba]);
    if (b > end) keep.push([end, b]);
    return keep;
  }));
};

/** The effect of a write the checks passed: `data` at `lba`, and everything that follows from it. */
export const storeBlocks = (d: D, lba: number, data: readonly Run[], opts: { advanceWp: boolean } = { advanceWp: true }): void => {
  const lu = d as unknown as ScsiLu;
  const k = scsiSectorsPerBlock(lu.config);
  const n = data.reduce((s, r) => s + r.len, 0) / k;
  if (n === 0) return;
  d.content = castDraft(writeRuns(luContentOf(d), lba * k, data));
  clearMediaErrors(d, lba, n);
  cancelTokensOver(d, lba, n);
  if (lu.config.zoned && opts.advanceWp) advanceZone(d, lba, n);
};
