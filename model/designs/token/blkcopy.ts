// The token design's entry point, as posted in "[RFC PATCH 1/3] block: add copy offload support"
// (Mikulas Patocka, 1 Feb 2022, MID alpine.LRH.2.02.2202011331570.22481): the BLKCOPY ioctl
// (block/ioctl.c blk_ioctl_copy) and blkdev_issue_copy (block/blk-lib.c).
//
// A host copy op is a user-space caller issuing one BLKCOPY per source range on the op's block
// device, destinations back to back, stopping at the first error (BLKCOPY takes one source, one
// destination and a length: range[0..2]). Each call runs blkdev_issue_copy's chunk loop in the
// caller's task: a REQ_OP_COPY_READ_TOKEN bio to the source, waited for (wait_for_completion), then
// a REQ_OP_COPY_WRITE_TOKEN bio carrying the same token page to the destination, waited for; the
// first error ends the loop (no rollback, no fallback: "the caller is required to fallback").

import { ERRNO } from '../../block/split.js';
import { phaseDone } from '../../stack/complete.js';
import { limitsOf, type D } from '../../stack/draft.js';
import { bdevSectors } from '../../stack/read-through.js';
import { copyBio, hostCopy, submitCopyBios } from '../building-blocks.js';
import { opAt, opOf } from '../../stack/ops.js';

/** round_down(UINT_MAX, PAGE_SIZE) >> 9 (4 KiB pages): blkdev_issue_copy keeps bi_size within 32 bits. */
export const MAX_TOKEN_STEP = 8388600;
/** RFC 2/3 nvme_init_non_mdts_limits: max_copy_sectors = 1U << 24 for any controller with ONCS Copy. */
export const RFC_MAX_COPY_SECTORS = 1 << 24;

export type TokenLoopOptions = {
  /** +fix: a chunk also stops at the next zone boundary of its source and of its destination. */
  readonly zoneCut: boolean;
};

type Host = ReturnType<typeof hostCopy>;

/** The destination of source range `r`: the ranges' destinations lie back to back from dst.sector. */
const dstOf = (host: Host, r: number): number => host.dst.sector + host.src.slice(0, r).reduce((n, s) => n + s.nr, 0);

/**
 * blk_ioctl_copy's checks for one call: (start1 | start2 | len) & 511 (always aligned here: copyspec
 * counts 512-byte sectors), end1 or end2 ≥ bdev_nr_bytes → -EINVAL, end < start (len 0 wraps) →
 * -EINVAL. No overlap check, no logical-block-size check, no writeback of the source's page cache.
 */
const ioctlCheck = (d: D, host: Host, r: number): number => {
  const src = host.src[r]!;
  const size = bdevSectors(d, host.bdev);
  if (src.nr === 0) return ERRNO.EINVAL;
  if (src.sector + src.nr > size || dstOf(host, r) + src.nr > size) return ERRNO.EINVAL;
  return 0;
};

/**
 * blkdev_issue_copy: m = min(bdev_max_copy_sectors(bdev1), bdev_max_copy_sectors(bdev2)) — one bdev
 * here — capped at MAX_TOKEN_STEP; 0 → -EOPNOTSUPP before any bio. The known-bad variant takes the
 * RFC's fixed limit in a design whose driver reads the Identify limits.
 */
const chunkLimit = (d: D, bdev: string): number => {
  const lim = limitsOf(d, bdev);
  const m = d.cfg.bugs.includes('token-fixed-copy-limit') && lim.maxCopySectors > 0 ? RFC_MAX_COPY_SECTORS : lim.maxCopySectors;
  return Math.min(m, MAX_TOKEN_STEP);
};

/** this_step = min(nr_sects, m); +fix also stops at the source's and the destination's zone boundary. */
const stepOf = (d: D, host: Host, r: number, done: number, opts: TokenLoopOptions): number => {
  let step = Math.min(host.src[r]!.nr - done, chunkLimit(d, host.bdev));
  const zone = limitsOf(d, host.bdev).chunkSectors;
  if (opts.zoneCut && zone) {
    for (const at of [host.src[r]!.sector + done, dstOf(host, r) + done]) step = Math.min(step, zone - (at % zone));
  }
  return step;
};

/** submit_bio of the chunk's READ_TOKEN (bdev1, sector1) or WRITE_TOKEN (bdev2, sector2): REQ_NOMERGE, no REQ_NOWAIT. */
const submitHalf = (d: D, i: number): void => {
  const host = hostCopy(d, i);
  const tc = opAt(d, i).tokenCopy!;
  const sector = (tc.half === 'read' ? host.src[tc.range]!.sector : dstOf(host, tc.range)) + tc.done;
  submitCopyBios(d, i, [{ ...copyBio(d, i, sector, tc.step, []), nowait: false, token: tc.half, half: tc.half === 'read' ? 'src' : 'dst' }]);
};

/** BLKCOPY for source range `r`: the ioctl's checks, then blkdev_issue_copy up to its first READ_TOKEN. Returns 0 or the errno. */
const startCall = (d: D, i: number, r: number, opts: TokenLoopOptions): number => {
  const host = hostCopy(d, i);
  const err = ioctlCheck(d, host, r);
  if (err) return err;
  if (chunkLimit(d, host.bdev) === 0) return ERRNO.EOPNOTSUPP;
  // bdev_read_only(bdev2) → -EPERM is not modelled (set_disk_ro happens at revalidation; the
  // write-protect fault strikes the namespace later). alloc_page does not zero the page: the page
  // the previous call freed comes back (the per-cpu free list is LIFO) holding what was written in it.
  const op = opOf(d, i);
  const page = op.tokenCopy?.page ?? { magic: 'garbage' as const };
  op.tokenCopy = { range: r, done: 0, step: stepOf(d, host, r, 0, opts), half: 'read', page };
  submitHalf(d, i);
  return 0;
};

/** Design.submitCopy: the caller's first BLKCOPY. */
export const blkcopyCaller =
  (opts: TokenLoopOptions) =>
  (d: D, i: number): void => {
    const op = opOf(d, i);
    op.phase = 'offload';
    op.outstanding = 0;
    const err = hostCopy(d, i).src.length ? startCall(d, i, 0, opts) : ERRNO.EINVAL;
    if (err) {
      op.errno = err;
      phaseDone(d, i);
    }
  };

/**
 * Design.nextCopyBio: the bio the task waited for completed. READ_TOKEN done → the WRITE_TOKEN with
 * the same page; WRITE_TOKEN done → *copied += this_step and the next chunk, or (the call returned
 * 0) the caller's next BLKCOPY. Any error: the loop breaks and the caller stops.
 */
export const blkcopyNext =
  (opts: TokenLoopOptions) =>
  (d: D, i: number): boolean => {
    const op = opOf(d, i);
    const tc = op.tokenCopy;
    if (!tc || op.errno !== 0) return false;
    const host = hostCopy(d, i);
    if (tc.half === 'read') {
      tc.half = 'write';
      submitHalf(d, i);
      return true;
    }
    tc.done += tc.step;
    if (tc.done < host.src[tc.range]!.nr) {
      tc.half = 'read';
      tc.step = stepOf(d, host, tc.range, tc.done, opts);
      submitHalf(d, i);
      return true;
    }
    if (tc.range + 1 >= host.src.length) return false;
    const err = startCall(d, i, tc.range + 1, opts);
    if (err) op.errno = err;
    return err === 0;
  };
