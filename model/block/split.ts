// Splitting a bio to queue limits (block/blk-merge.c __bio_split_to_limits): read and write split at
// max_sectors and chunk boundaries (bio_split_rw, get_max_io_size); a copy splits the way the
// nearest ranged op, discard, does (bio_split_discard), counting its source segments against the
// copy limits and stopping at the destination's chunk (zone) boundary. The kernel returns the front
// piece and resubmits the rest (bio_submit_split); the pieces come out in order, so this returns
// them all at once.

import { castDraft, current, isDraft } from 'immer';
import { sliceRuns, sliceSources, srcTotal, type Bio } from './bio.js';
import type { StackBug } from './bugs.js';
import type { QueueLimits } from './limits.js';

/** Kernel errnos as the block layer reports them to a bio's submitter (blk_status_to_errno). */
export const ERRNO = { EIO: -5, EAGAIN: -11, EINVAL: -22, EOPNOTSUPP: -95 } as const;
export type Errno = (typeof ERRNO)[keyof typeof ERRNO];

/** Sectors left before the next multiple of `chunk` (blk_boundary_sectors_left); Infinity with no chunk. */
const boundaryLeft = (sector: number, chunk: number): number => (chunk ? chunk - (sector % chunk) : Infinity);

/**
 * Checks done at submission (the copy series' blkdev_copy_offload checks and bio_split_io_at's
 * alignment rule): zero length or misalignment → -EINVAL; a copy on a queue without copy limits →
 * -EOPNOTSUPP (so the caller falls back to read + write).
 */
export const checkBio = (bio: Bio, lim: QueueLimits): Errno | null => {
  const lbs = lim.logicalBlockSize / 512;
  const misaligned = (s: number, n: number): boolean => s % lbs !== 0 || n % lbs !== 0;
  // submit_bio_noacct: a zone operation on a device that is not zoned → BLK_STS_NOTSUPP;
  // blkdev_zone_mgmt: a sector that is not a zone start → -EINVAL.
  if (bio.op === 'zone-reset') return !lim.zoned ? ERRNO.EOPNOTSUPP : bio.sector % lim.chunkSectors !== 0 ? ERRNO.EINVAL : null;
  // A copy: blkdev_copy_sanity_check → -EINVAL. A read or write: blk_mq_submit_bio's bio_unaligned
  // → bio_io_error (-EIO); a zero-length one is refused earlier by its submitter (-EINVAL).
  if (bio.nr === 0) return ERRNO.EINVAL;
  if (misaligned(bio.sector, bio.nr)) return bio.op === 'copy' ? ERRNO.EINVAL : ERRNO.EIO;
  if (bio.op !== 'copy') return null;
  // A token bio names its source in the token page, not in srcs (submit_bio_checks tests only max_copy_sectors).
  if (!bio.token && (bio.srcs.length === 0 || srcTotal(bio.srcs) !== bio.nr || bio.srcs.some((s) => s.nr === 0 || misaligned(s.sector, s.nr)))) return ERRNO.EINVAL;
  if (lim.maxCopySectors === 0) return ERRNO.EOPNOTSUPP;
  return null;
};

/** Length of the front piece of a copy at destination offset `off` (bio_split_discard's role). */
const copyPieceLength = (bio: Bio, off: number, lim: QueueLimits, bugs: readonly StackBug[]): number => {
  const lbs = lim.logicalBlockSize / 512;
  let max = Math.min(bio.nr - off, lim.maxCopySectors);
  if (!bugs.includes('split-ignores-chunk')) max = Math.min(max, boundaryLeft(bio.sector + off, lim.chunkSectors));
  // Count source segments: each source range cut into pieces of at most maxCopySegmentSectors.
  let take = 0;
  let segs = 0;
  for (const s of sliceSources(bio.srcs, off, bio.nr - off)) {
    for (let at = 0; at < s.nr && take < max; ) {
      if (segs === lim.maxCopySrcSegments && !bugs.includes('split-ignores-src-segments')) return Math.floor(take / lbs) * lbs;
      const here = s.sector + at;
      const toBoundary = lim.copySrcBoundary ? lim.copySrcBoundary - (here % lim.copySrcBoundary) : Infinity;
      const n = Math.min(s.nr - at, lim.maxCopySegmentSectors, toBoundary, max - take);
      take += n;
      at += n;
      segs++;
    }
    if (take >= max) break;
  }
  return Math.floor(take / lbs) * lbs;
};

/** Length of the front piece of a read or write at offset `off` (get_max_io_size). */
const rwPieceLength = (bio: Bio, off: number, lim: QueueLimits, bugs: readonly StackBug[]): number => {
  const lbs = lim.logicalBlockSize / 512;
  let max = Math.min(bio.nr - off, lim.maxSectors);
  if (!bugs.includes('split-ignores-chunk')) max = Math.min(max, boundaryLeft(bio.sector + off, lim.chunkSectors));
  return Math.floor(max / lbs) * lbs;
};

/** The pieces of a checked bio, in order, each within the limits; ids are assigned by the caller. */
export const splitToLimits = (given: Bio, lim: QueueLimits, bugs: readonly StackBug[] = []): Omit<Bio, 'id'>[] => {
  // A plain snapshot of a draft (a stack step passes its immer draft): spreading the draft would put
  // its child drafts (decrypt, copyCtx) into the pieces, which outlive the step as revoked proxies.
  const bio: Bio = isDraft(given) ? current(castDraft(given)) : given;
  if (bio.op === 'zone-reset') return [bio];
  const pieces: Omit<Bio, 'id'>[] = [];
  for (let off = 0; off < bio.nr; ) {
    const len = bio.op === 'copy' ? copyPieceLength(bio, off, lim, bugs) : rwPieceLength(bio, off, lim, bugs);
    if (len <= 0) throw new Error(`split of bio ${bio.id} made no progress at offset ${off}`);
    pieces.push({
      ...bio,
      sector: bio.sector + off,
      nr: len,
      srcs: bio.op === 'copy' ? sliceSources(bio.srcs, off, len) : [],
      data: bio.op === 'write' ? sliceRuns(bio.data, off, len) : [],
    });
    off += len;
  }
  if (bugs.includes('split-drops-tail') && pieces.length > 2) pieces.pop();
  return pieces;
};
