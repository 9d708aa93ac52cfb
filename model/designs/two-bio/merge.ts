// How a v20 copy half merges in the plug (02/12 blk-merge.c, blk.h; base 6.10 blk-mq.c).
//
// blk_mq_submit_bio → blk_mq_attempt_bio_merge → blk_attempt_plug_merge tries the newest plugged
// request of the queue (copyspec: the newest plugged request; MODEL departure in the page). Then
// blk_attempt_bio_merge: blk_rq_merge_ok (02/12: `if (blk_copy_offload_mergable(rq, bio)) return
// true;` before the op check) and blk_try_merge (02/12: `else if (blk_copy_offload_mergable(rq,
// bio)) return ELEVATOR_COPY_OFFLOAD_MERGE;` before the back/front position tests).

import { limitsOf, type D } from '../../stack/draft.js';
import type { LiveBio, Request } from '../../stack/state.js';

/**
 * 02/12 blk_copy_offload_mergable + bio_attempt_copy_offload_merge: a COPY_SRC bio joins a
 * COPY_DST request whose __data_len equals its bi_size — any such request: no check that it is the
 * DST of the same chunk, nor that the request holds one bio. After the merge __data_len = 2·len
 * (copyspec: rq.nr doubles), so a later SRC of 2·len would join it as a third bio.
 */
const pairs = (rq: Request, b: LiveBio): boolean => rq.half === 'dst' && b.half === 'src' && rq.nr === b.nr;

/**
 * A copy half of the same REQ_OP as the request (of any host op), starting where blk_rq_pos +
 * blk_rq_sectors ends, back merges like any bio (blk_try_merge ELEVATOR_BACK_MERGE → bio_attempt_back_merge →
 * ll_back_merge_fn): rq_mergeable does not exclude REQ_OP_COPY_*, the bios carry no REQ_NOMERGE,
 * and bio_has_data() (02/12: READ or WRITE only) is false, so req_gap_back_merge sees no gap. The
 * size bound is blk_rq_get_max_sectors: max_sectors, and the chunk_sectors boundary. Front merges
 * are not modelled.
 */
const backMerges = (d: D, rq: Request, b: LiveBio): boolean => {
  if (rq.half !== b.half || rq.sector + rq.nr !== b.sector) return false;
  const lim = limitsOf(d, rq.dev);
  const nr = rq.nr + b.nr;
  if (lim.chunkSectors && Math.floor(rq.sector / lim.chunkSectors) !== Math.floor((rq.sector + nr - 1) / lim.chunkSectors)) return false;
  return nr <= lim.maxSectors;
};

/** Design.plugMergeCopy of v20 as posted. */
export const v20PlugMerge = (d: D, rq: Request, b: LiveBio): 'merge' | 'pair' | 'no' => {
  if (rq.dev !== b.bdev || rq.op !== 'copy' || !rq.half || !b.half) return 'no';
  // ELEVATOR_COPY_OFFLOAD_MERGE is decided before the position tests: a size mismatch is BIO_MERGE_FAILED.
  if (rq.half === 'dst' && b.half === 'src') return pairs(rq, b) ? 'pair' : 'no';
  return backMerges(d, rq, b) ? 'merge' : 'no';
};

