// bio_split_copy (2/5 block/blk-merge.c), reached from __bio_split_to_limits's new `case
// REQ_OP_COPY` for every copy bio: walk the bio's pieces (≤ max_copy_segment_sectors), counting one
// segment per piece and min(max_copy_sectors − taken, piece) sectors, and stop after
// max_copy_segments pieces or at max_copy_sectors; no split when the walk took the whole bio
// (`if (sectors == bio_sectors(bio)) sectors = 0`). Otherwise bio_submit_split: the front `sectors`
// become this bio's request (a clone sharing bi_io_vec), the rest is advanced
// (bvec_iter_sector_advance) and resubmitted, and split again. Neither chunk_sectors nor zone
// boundaries are consulted as posted (D17); the cut may fall inside a source (then the front's last
// piece runs past its bi_size when walked again: D2, model/designs/vectored-bio/copy-bio.ts).

import type { Bio } from '../../block/bio.js';
import type { StackBug } from '../../block/bugs.js';
import type { QueueLimits } from '../../block/limits.js';
import { copyWalk, sectorAdvance, type VecRules } from './copy-bio.js';

/** A piece of a split copy bio and its segment count (`*nr_segs`, the request's nr_phys_segments). */
export type CopyPiece = Omit<Bio, 'id'> & { readonly nsegs: number };

/** Sectors left before the next multiple of `chunk`; Infinity with none. */
const boundaryLeft = (sector: number, chunk: number): number => (chunk ? chunk - (sector % chunk) : Infinity);

/**
 * One bio_split_copy: the front length (0 = no split) and its segment count. `lim.chunkSectors` is
 * already 0 unless the design cuts copies at chunk boundaries (+fix); `cut` is the source boundary
 * (+fix), 0 as posted.
 */
export const splitCopyOnce = (b: Omit<Bio, 'id'>, lim: QueueLimits, rules: VecRules, cut: number, bugs: readonly StackBug[]): { front: number; nsegs: number } => {
  const maxSectors = Math.min(lim.maxCopySectors, bugs.includes('split-ignores-chunk') ? Infinity : boundaryLeft(b.sector, lim.chunkSectors));
  const maxSegs = bugs.includes('split-ignores-src-segments') ? Infinity : lim.maxCopySrcSegments;
  let nsegs = 0;
  let sectors = 0;
  // bio_for_each_copy_bvec over the whole bio (its bi_size is all of it here).
  for (const piece of copyWalk(b.srcs, b.nr, lim.maxCopySegmentSectors, rules, cut).pieces) {
    const s = Math.min(maxSectors - sectors, piece.nr);
    nsegs += 1;
    sectors += s;
    if (nsegs >= maxSegs || sectors >= maxSectors) break;
  }
  return { front: sectors === b.nr ? 0 : sectors, nsegs };
};

/**
 * The bios bio_split_copy and its resubmissions make of `b`, in order: each front keeps the whole
 * remaining vector (a clone's shared bi_io_vec) with its own bi_size; the last is the remainder that
 * fitted. A front of 0 sectors (the walk stopped on a zero-length entry) is no split: the bio goes on
 * whole, as bio_submit_split(bio, 0) returns it.
 */
export const bioSplitCopy = (b: Omit<Bio, 'id'>, lim: QueueLimits, rules: VecRules, cut: number, bugs: readonly StackBug[]): CopyPiece[] => {
  const out: CopyPiece[] = [];
  let rest = b;
  for (;;) {
    const { front, nsegs } = splitCopyOnce(rest, lim, rules, cut, bugs);
    if (front === 0) {
      out.push({ ...rest, nsegs });
      break;
    }
    out.push({ ...rest, nr: front, nsegs });
    rest = { ...rest, sector: rest.sector + front, nr: rest.nr - front, srcs: sectorAdvance(rest.srcs, front) };
  }
  if (bugs.includes('split-drops-tail') && out.length > 2) out.pop();
  return out;
};

/** nr_phys_segments a copy bio brings to a merge: its pieces up to its bi_size, as bio_split_copy counted them. */
export const copyBioSegments = (b: Pick<Bio, 'srcs' | 'nr'>, lim: QueueLimits, rules: VecRules, cut: number): number => {
  const w = copyWalk(b.srcs, b.nr, lim.maxCopySegmentSectors, { ...rules, clampToSize: true }, cut);
  return w.pieces.length;
};
