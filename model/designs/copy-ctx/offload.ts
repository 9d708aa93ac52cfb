// The entry point: blkdev_copy_offload (03/12), its synchronous wrapper blkdev_copy_sync and its
// validation blkdev_copy_check_params; chunking by blkdev_copy_chunk / blk_max_src_len /
// blk_max_dst_len. The host copy op is a bare call of the exported blkdev_copy_offload with
// end_io = NULL (so blkdev_copy_sync: it waits for params->end_io; its result is the op's status)
// and the op's source ranges as its input segments. Neither posted caller is this: copy_file_range
// (07/12) passes one input segment and falls back to splice_copy_file_range on any non-zero
// return (or skips offload without copy limits); nvmet (09/12) passes one segment per Source Range
// with end_io = nvmet_bdev_copy_endio and falls back to blkdev_copy_onload. Their fallbacks are
// theirs, not blkdev_copy_offload's, so the op just fails: Design.fallsBack is neverFallBack
// (spec/designs/copy-ctx.md, review M1/M2).

import type { Bio, SectorRange } from '../../block/bio.js';
import { ERRNO, checkBio, splitToLimits } from '../../block/split.js';
import { phaseDone } from '../../stack/complete.js';
import { addBio, limitsOf, newId, type D } from '../../stack/draft.js';
import { hostCopy } from '../building-blocks.js';
import { newCtx, paramsOf } from './ctx.js';
import { rulesOf } from './rules.js';
import { opOf } from '../../stack/ops.js';

type Chunk = { readonly srcs: readonly SectorRange[]; readonly dst: SectorRange };

/** The host op ends with `errno` (blkdev_copy_sync returns; no fallback: 07/12's splice is the caller's). */
export const finishOp = (d: D, i: number, errno: number): void => {
  const op = opOf(d, i);
  op.errno = errno;
  op.outstanding = 0;
  phaseDone(d, i);
};

/**
 * params->end_io: blkdev_end_copy_sync → the waiter returns blk_status_to_errno(ctx.status). As
 * posted the sync context's status is never written (D2b): 0. The fix returns params->status.
 */
export const endIo = (d: D, i: number): void => {
  const status = rulesOf(d.cfg.design).syncDropsStatus ? 0 : paramsOf(d, i).status;
  d.events.push({ event: 'copy-ctx', op: i, ctx: -1, what: `params->end_io (blkdev_end_copy_sync): blkdev_copy_sync returns ${status}` });
  finishOp(d, i, status);
};

/**
 * blkdev_copy_check_params: every segment's pos and len a multiple of max(lbs(in), lbs(out)) and
 * Σin = Σout, else -EINVAL. Nothing else (zero-length segments, bounds, overlap are accepted).
 */
const checkParams = (lbs: number, srcs: readonly SectorRange[], dst: SectorRange): number | null => {
  const bad = (r: SectorRange): boolean => r.sector % lbs !== 0 || r.nr % lbs !== 0;
  if (srcs.some(bad) || bad(dst)) return ERRNO.EINVAL;
  if (srcs.reduce((n, s) => n + s.nr, 0) !== dst.nr) return ERRNO.EINVAL;
  return null;
};

/**
 * Chunks as posted (blkdev_copy_offload's loop + blkdev_copy_chunk): min(remaining,
 * max_copy_sectors, what the next max_copy_src_segments source segments hold past the cursor,
 * what the destination segment holds). In and out are the same bdev here, one output segment.
 */
const postedChunks = (srcs: readonly SectorRange[], dst: SectorRange, maxChunk: number, maxSrcSegs: number): Chunk[] => {
  const out: Chunk[] = [];
  let inIdx = 0;
  let inOff = 0;
  for (let off = 0; off < dst.nr; ) {
    let chunk = Math.min(dst.nr - off, maxChunk);
    const window = srcs.slice(inIdx, Math.min(srcs.length, inIdx + maxSrcSegs)).reduce((n, s) => n + s.nr, 0);
    chunk = Math.min(chunk, window - inOff, dst.nr - off);
    // WARN_ON_ONCE(chunk <= 0), then the guard drop calls translation_complete on an empty list: NULL dereference (D7).
    if (chunk <= 0) throw new Error('blkdev_copy_chunk: chunk of 0 bytes, blkdev_translation_complete dereferences an empty ctx->bios');
    const pieces: SectorRange[] = [];
    for (let rem = chunk; rem > 0; ) {
      const s = srcs[inIdx]!;
      const bytes = Math.min(rem, s.nr - inOff);
      pieces.push({ sector: s.sector + inOff, nr: bytes }); // a zero-length segment gives a bi_size = 0 bio (D11)
      inOff += bytes;
      if (inOff >= s.nr) {
        inOff -= s.nr;
        inIdx++;
      }
      rem -= bytes;
    }
    out.push({ srcs: pieces, dst: { sector: dst.sector + off, nr: chunk } });
    off += chunk;
  }
  return out;
};

/**
 * Chunks as fixed: the copy split to the queue's copy limits (max_copy_sectors, source segments
 * cut at the per-range limit and counted against max_copy_src_segments, the destination's zone
 * boundary) — __bio_split_to_limits' rules applied by blkdev_copy_chunk.
 */
const fixedChunks = (d: D, whole: Bio): Chunk[] => {
  if (whole.nr === 0) return [];
  return splitToLimits(whole, limitsOf(d, whole.bdev), d.cfg.bugs).map((p) => ({ srcs: p.srcs, dst: { sector: p.sector, nr: p.nr } }));
};

/** blkdev_copy_offload(params) with end_io = blkdev_end_copy_sync, for host copy op `i`. */
export const submitCopyCtx = (d: D, i: number): void => {
  const host = hostCopy(d, i);
  const rules = rulesOf(d.cfg.design);
  const op = opOf(d, i);
  op.phase = 'offload';
  op.outstanding = 1; // the caller sleeping in wait_for_completion
  const lim = limitsOf(d, host.bdev);
  // if (!bdev_max_copy_sectors(in) || !bdev_max_copy_sectors(out)) return -EOPNOTSUPP;
  if (lim.maxCopySectors === 0) return finishOp(d, i, ERRNO.EOPNOTSUPP);
  const lbs = lim.logicalBlockSize / 512;
  // The fix also refuses what the copy split cannot carry (zero-length segments, D11): checkBio.
  const whole: Bio = { id: -1, op: 'copy', bdev: host.bdev, sector: host.dst.sector, nr: host.dst.nr, srcs: host.src, data: [], nowait: false, decrypt: [] };
  const bad = checkParams(lbs, host.src, host.dst) ?? (rules.postedChunking || host.dst.nr === 0 ? null : checkBio(whole, lim));
  if (bad !== null) return finishOp(d, i, bad);
  const chunks = rules.postedChunking ? postedChunks(host.src, host.dst, lim.maxCopySectors, lim.maxCopySrcSegments) : fixedChunks(d, whole);
  // atomic_set(&params->copy_ctx_count, 1). As posted the increments come with each COPY_SRC bio
  // (noacct.ts, D3); the fix takes one per context in blkdev_copy_chunk — counted here at once,
  // which is the same: the submitter's reference keeps the count above 0 until the loop ends.
  d.copyParams ??= {};
  d.copyParams[i] = { count: 1 + (rules.ctxCountPerSrcBio ? 0 : chunks.length), status: 0 };
  const at = { opIndex: i, slot: 0, at: 0, parent: null };
  const bio = (ctx: number, role: 'src' | 'dst' | 'guard' | 'end', r: SectorRange): Omit<Bio, 'id'> => ({
    op: 'copy',
    bdev: host.bdev,
    sector: r.sector,
    nr: r.nr,
    // A COPY_SRC bio's own range, so a request formed from it names its source.
    srcs: role === 'src' ? [r] : [],
    data: [],
    nowait: false, // bio_alloc(bdev, 0, REQ_OP_COPY_*, GFP_NOIO): no REQ_NOWAIT
    decrypt: [],
    copyCtx: { ctx, role },
  });
  for (const c of chunks) {
    const ctx = newId(d);
    newCtx(d, ctx, i);
    // Sources first, then destinations, each submit_bio()'d in turn; then the guard drop (dec_bio_count).
    for (const s of c.srcs) addBio(d, bio(ctx, 'src', s), at);
    addBio(d, bio(ctx, 'dst', c.dst), at);
    addBio(d, bio(ctx, 'guard', { sector: 0, nr: 0 }), at);
  }
  // if (atomic_dec_and_test(&params->copy_ctx_count)) params->end_io(params);
  if (chunks.length === 0) return endIo(d, i);
  addBio(d, bio(-1, 'end', { sector: 0, nr: 0 }), at);
};
