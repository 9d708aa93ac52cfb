// The entry point of the two-bio series: v20 03/12 blkdev_copy_offload, as its callers use it.
//
// copyspec's host copy op stands for an asynchronous in-kernel caller (endio set, as nvmet's
// nvmet_bdev_execute_copy in 08/12) that calls blkdev_copy_offload(bdev, pos_in = source,
// pos_out = destination, len) once per source range, back to back, and completes when every call's
// endio(private, status, copied) has run. The op's status is that endio status: the first errno of
// any chunk (blkdev_copy_offload_src_endio keeps the first). A synchronous caller gets only
// `copied`, the offset of the lowest failed chunk (0 for chunk 0), and copy_file_range (06/12) turns
// any error into 0; since every failed chunk makes `copied` < len, "status 0" and "copied == len"
// coincide, so the op status also says what a synchronous caller could tell (spec/designs/two-bio.md).

import { srcTotal } from '../../block/bio.js';
import { ERRNO } from '../../block/split.js';
import { endBio } from '../../stack/complete.js';
import { addBio, limitsOf, type D } from '../../stack/draft.js';
import { bdevSectors } from '../../stack/read-through.js';
import { hostCopy, submitByEmulation } from '../building-blocks.js';
import { copyHalf, type Chunk } from './halves.js';
import { opOf } from '../../stack/ops.js';

/** BLK_COPY_MAX_BYTES (01/12 include/linux/blkdev.h): 128 MiB, "based on current testing". */
export const BLK_COPY_MAX_BYTES = 1 << 27;

/**
 * 03/12 blkdev_copy_sanity_check: pos_in, pos_out and len aligned to the logical block size, len
 * not 0 and below BLK_COPY_MAX_BYTES (">=": 128 MiB itself is refused). No capacity or overlap check.
 */
export const sanityCheck = (lbsSectors: number, posIn: number, posOut: number, nr: number): boolean =>
  posIn % lbsSectors === 0 && posOut % lbsSectors === 0 && nr % lbsSectors === 0 && nr > 0 && nr * 512 < BLK_COPY_MAX_BYTES;

/**
 * two-bio+fix, added to blkdev_copy_sanity_check: `pos_in + len > bdev_nr_bytes(bdev_in) ||
 * pos_out + len > bdev_nr_bytes(bdev_out)` → -EINVAL. v20 has no such check (03/12, quoted above):
 * each half meets bio_check_eod on its own, so a copy whose source runs past the end loses its SRC
 * half and leaves its DST to pair with, or fail without, another half.
 */
export const withinCapacity = (bdevNr: number, posIn: number, posOut: number, nr: number): boolean => posIn + nr <= bdevNr && posOut + nr <= bdevNr;

/**
 * The chunks of host copy op `i`: per source range (one blkdev_copy_offload call each), the loop
 * `chunk = min(rem, max_copy_bytes)` in order, with max_copy_bytes = bdev_max_copy_sectors(bdev)
 * (read once at entry: `max`, passed on by the loop) of the block device the caller names (a dm device's stacked limit, a partition's whole disk):
 * no alignment to zones or dm targets.
 */
export const copyChunks = (d: Pick<D, 'cfg' | 'limits'>, i: number, max: number = limitsOf(d, hostCopy(d as D, i).bdev).maxCopySectors): Chunk[] => {
  const host = hostCopy(d as D, i);
  // The entry point returns -EOPNOTSUPP when max_copy_bytes is 0; a loop of 0-byte chunks would never end.
  if (max <= 0) throw new Error(`blkdev_copy_offload: chunk loop with max_copy_bytes ${max}`);
  const out: Chunk[] = [];
  let at = host.dst.sector;
  for (const r of host.src) {
    for (let off = 0; off < r.nr; off += Math.min(max, r.nr - off)) out.push({ dst: at + off, src: r.sector + off, nr: Math.min(max, r.nr - off) });
    at += r.nr;
  }
  return out;
};

/** The call returns an error before any bio exists: the op ends with `errno` (a bio ended at once stands for the return). */
const failAtEntry = (d: D, i: number, errno: number): void => {
  const host = hostCopy(d, i);
  const op = opOf(d, i);
  op.phase = 'offload';
  op.outstanding = 1;
  const b = addBio(d, { op: 'copy', bdev: host.bdev, sector: host.dst.sector, nr: 0, srcs: [], data: [], nowait: false, decrypt: [] }, { opIndex: i, slot: 0, at: 0, parent: null });
  endBio(d, b.id, errno);
};

/** Chunk `k` of op `i`: submit_bio(DST) (via blk_next_bio), then submit_bio(SRC). */
const submitChunk = (d: D, i: number, chunks: readonly Chunk[], k: number): void => {
  const host = hostCopy(d, i);
  const c = chunks[k]!;
  const ctx = { opIndex: i, slot: 0, at: 0, parent: null };
  addBio(d, copyHalf(host.bdev, 'dst', c, `${i}:${k}`), ctx);
  addBio(d, copyHalf(host.bdev, 'src', c, `${i}:${k}`), ctx);
};

/** blk_start_plug of blkdev_copy_offload: a plug of its own, unless the task holds one (then a no-op). */
const startLocalPlug = (d: D): void => {
  d.plugged = true;
  d.localPlug = true;
};

/** The entry point (Design.submitCopy); `capacity`: +fix's capacity check in blkdev_copy_sanity_check. */
const copyOffloadEntry = (capacity: boolean) => (d: D, i: number): void => {
  const host = hostCopy(d, i);
  const lim = limitsOf(d, host.bdev);
  // The caller's own check (06/12 blkdev_copy_file_range: bdev_max_copy_sectors(in_bdev); 08/12
  // nvmet: bdev_max_copy_sectors → else blkdev_copy_emulation): no offload → its own read + write.
  if (lim.maxCopySectors === 0) {
    // What blkdev_copy_offload would return (`if (!max_copy_bytes) return -EOPNOTSUPP;`), which the caller checks first.
    d.events.push({ event: 'fallback', op: i, errno: ERRNO.EOPNOTSUPP });
    return submitByEmulation(d, i);
  }
  const lbs = lim.logicalBlockSize / 512;
  let at = host.dst.sector;
  const size = bdevSectors(d, host.bdev);
  const ok =
    host.src.length > 0 &&
    srcTotal(host.src) === host.dst.nr &&
    host.src.every((r) => ((at += r.nr), sanityCheck(lbs, r.sector, at - r.nr, r.nr) && (!capacity || withinCapacity(size, r.sector, at - r.nr, r.nr))));
  if (!ok) return failAtEntry(d, i, ERRNO.EINVAL);
  const chunks = copyChunks(d, i);
  const op = opOf(d, i);
  op.phase = 'offload';
  // cio->refcount starts at 1 and drops only after the loop: the op cannot end before every chunk is issued.
  op.outstanding = 2 * chunks.length;
  if (d.plugged) {
    // The caller's plug: blk_start_plug/blk_finish_plug nest (no flush per chunk): every chunk now.
    chunks.forEach((_, k) => submitChunk(d, i, chunks, k));
    return;
  }
  startLocalPlug(d);
  submitChunk(d, i, chunks, 0);
  // max_copy_bytes is read once, at entry: a later copy_max_bytes write does not resize the chunks.
  if (chunks.length > 1) d.copyLoop = { op: i, next: 1, maxCopySectors: lim.maxCopySectors };
};

/** v20 03/12 blkdev_copy_offload as posted. */
export const blkdevCopyOffload = copyOffloadEntry(false);
/** two-bio+fix: with the capacity check in blkdev_copy_sanity_check. */
export const blkdevCopyOffloadFixed = copyOffloadEntry(true);

/**
 * After blk_finish_plug of chunk k (the plug dispatched it; nothing waits for it): the loop goes on
 * with chunk k+1 under a new plug (Design.afterLocalPlug).
 */
export const nextChunk = (d: D): void => {
  const loop = d.copyLoop;
  if (!loop) return;
  const chunks = copyChunks(d, loop.op, loop.maxCopySectors);
  startLocalPlug(d);
  submitChunk(d, loop.op, chunks, loop.next);
  if (loop.next + 1 < chunks.length) d.copyLoop = { ...loop, next: loop.next + 1 };
  else delete d.copyLoop;
};
