// The bios of one v20 copy chunk (02/12, 03/12): a REQ_OP_COPY_DST bio with the destination in
// bi_iter, then a REQ_OP_COPY_SRC bio with the source in bi_iter; neither carries pages
// (bio_alloc(bdev, 0, …)), both the same bi_size. No REQ_NOWAIT, no REQ_NOMERGE.

import type { Bio, SectorRange } from '../../block/bio.js';

/** One chunk of a copy: `nr` sectors from `src` to `dst` on one block device. */
export type Chunk = { readonly dst: number; readonly src: number; readonly nr: number };

/**
 * A copy half for copyspec's shared layers. copyspec's copy bio names a source vector; a v20 half
 * has only its own bi_iter, so its vector is its own range: the shared checks (bio_check_eod,
 * blk_partition_remap, dm remap, the copy split) then act on the half's one coordinate, as they do
 * on v20's bio. `pair` only labels the chunk for traces: nothing in v20 ties the halves together.
 */
export const copyHalf = (bdev: string, half: 'dst' | 'src', c: Chunk, pair: string): Omit<Bio, 'id'> => {
  const at = half === 'dst' ? c.dst : c.src;
  const own: SectorRange = { sector: at, nr: c.nr };
  return { op: 'copy', bdev, sector: at, nr: c.nr, srcs: [own], data: [], nowait: false, decrypt: [], half, pair };
};
