// The vectored copy bio of "[PATCH 2/5] block: add support for copy offload" (Keith Busch, May 2025,
// 20250521223107.709131-3-kbusch@meta.com): a REQ_OP_COPY bio whose bi_iter.bi_sector is the
// destination, whose bi_iter.bi_size (set by the submitter, not by bio_add_copy_src) is the
// destination length, and whose bio_vec array holds source ranges {bv_sector, bv_sectors}.
//
// copyspec's Bio carries that iterator as (sector = bi_sector, nr = bi_size in sectors, srcs = the
// vector from the iterator on: the first entry starts bi_bvec_done sectors into bi_io_vec[bi_idx]).
// A split clone shares bi_io_vec with its parent (bio_split → bio_alloc_clone), so the front piece's
// `srcs` run to the end of the vector, past its own bi_size: exactly what the iterator sees.

import type { SectorRange } from '../../block/bio.js';

/** Which posted defects a copy-bio helper reproduces (the posted series) or has fixed (+fix). */
export type VecRules = {
  /** bvec_try_merge_copy_src compares `bv->bv_sector + bv->bv_sectors` (+fix) instead of `+ src->bv_sectors` (D1). */
  readonly mergeFixed: boolean;
  /** copy_bvec_iter_bvec clamps a piece to the iterator's bi_size (+fix) instead of running past it (D2). */
  readonly clampToSize: boolean;
};

/**
 * bio_add_copy_src (2/5 block/bio.c) on a vector being built: bvec_try_merge_copy_src merges `src`
 * into the last entry when `bv->bv_sector + src->bv_sectors == src->bv_sector` — the new source's
 * length where the last entry's is meant (D1: non-adjacent sources merge whenever their distance
 * equals the new length; adjacent ones of different lengths do not). Otherwise appends. The
 * bi_max_vecs bound cannot bite: blkdev_copy_offload allocates one vec per source.
 */
export const bioAddCopySrc = (vec: readonly SectorRange[], src: SectorRange, rules: VecRules): SectorRange[] => {
  const last = vec[vec.length - 1];
  if (last && last.sector + (rules.mergeFixed ? last.nr : src.nr) === src.sector) return [...vec.slice(0, -1), { sector: last.sector, nr: last.nr + src.nr }];
  return [...vec, src];
};

/**
 * bvec_iter_sector_advance (2/5 bvec.h), in sectors: move the iterator `n` sectors on. Whole entries
 * are stepped over while the bytes left reach their length (`while (bytes && bytes >> 9 >=
 * bv[idx].bv_sectors)`): so a zero-length entry is skipped only while bytes remain, and one right at
 * the new position stays in front. bio_advance_iter also moves bi_sector (the destination) by `n`.
 */
export const sectorAdvance = (vec: readonly SectorRange[], n: number): SectorRange[] => {
  let i = 0;
  let left = n;
  while (left > 0 && i < vec.length && left >= vec[i]!.nr) left -= vec[i++]!.nr;
  const rest = vec.slice(i);
  if (left > 0 && rest.length) rest[0] = { sector: rest[0]!.sector + left, nr: rest[0]!.nr - left };
  return rest;
};

/** The pieces one walk of a copy bio yields, and whether the walk left the vector. */
export type CopyWalk = {
  readonly pieces: readonly SectorRange[];
  /**
   * bi_size wrapped below zero (bvec_iter_sector_advance_single: `iter->bi_size -= bytes`, unsigned)
   * or the walk reached bi_idx == bi_vcnt with bi_size left: the loop goes on reading bio_vecs past
   * the end of bi_io_vec. What it reads there is whatever memory follows the array.
   */
  readonly overran: boolean;
};

/**
 * __bio_for_each_copy_bvec (2/5 bio.h) over a bio of `size` sectors with `vec`: while bi_size is not
 * zero, yield copy_bvec_iter_bvec — the rest of the current entry capped at `max`
 * (max_copy_segment_sectors) and, as posted, NOT at bi_size (copy_bvec_iter_sectors has no bi_size
 * term, unlike mp_bvec_iter_len): D2 — then bio_advance_iter_single by the piece. A zero-length
 * entry yields a 0-sector piece and is stepped over. `cut` (+fix only) also ends a piece at a
 * multiple of it (a source zone boundary).
 */
export const copyWalk = (vec: readonly SectorRange[], size: number, max: number, rules: VecRules, cut = 0): CopyWalk => {
  // max_copy_segment_sectors == 0 with copy enabled never ends (no driver in the series sets it so).
  if (max <= 0) throw new Error('copy walk with max_copy_segment_sectors 0 makes no progress');
  const pieces: SectorRange[] = [];
  let left = size;
  let i = 0;
  let done = 0;
  while (left > 0) {
    const cur = vec[i];
    if (!cur) return { pieces, overran: true };
    const here = cur.sector + done;
    const toCut = cut ? cut - (here % cut) : Infinity;
    const n = Math.min(max, cur.nr - done, toCut, rules.clampToSize ? left : Infinity);
    pieces.push({ sector: here, nr: n });
    // bvec_iter_sector_advance_single: `if (done == bv[idx].bv_sectors << 9) { done = 0; idx++; }`.
    done += n;
    if (done === cur.nr) {
      done = 0;
      i++;
    }
    left -= n;
    if (left < 0) return { pieces, overran: true };
  }
  return { pieces, overran: false };
};
