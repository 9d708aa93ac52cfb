// Requests and tags (block/blk-mq.c blk_mq_submit_bio, blk_mq_get_new_requests,
// blk_attempt_plug_merge; block/blk-merge.c bio_attempt_back_merge, ll_back_merge_fn; Linux 6.12).

import type { Draft } from 'immer';
import { srcTotal } from '../block/bio.js';
import { copySegments } from '../block/limits.js';
import { designOf } from '../stack/design.js';
import { ERRNO } from '../block/split.js';
import { limitsOf, newId, snapshot, type D } from '../stack/draft.js';
import type { LiveBio, Request, StackState } from '../stack/state.js';
import { endBio } from '../stack/complete.js';
import { zonePlugInitRequest } from '../zoned/zone-write-plug.js';
import { addToPlug, flushPlug } from './plug.js';
import { issueRequests } from './issue.js';

export const freeTags = (s: Pick<StackState, 'cfg' | 'tagsUsed'>, dev: string): number => s.cfg.tags - (s.tagsUsed[dev] ?? 0);

/**
 * May `b` back-merge into plugged request `rq`? Same device and op, contiguous (bio_attempt_back_merge),
 * within the merged size limits (blk_rq_get_max_sectors: max_sectors and chunk boundaries) and, for
 * a copy, within max_copy_hw_sectors and max_copy_src_segments.
 */
export const canBackMerge = (d: D, rq: Request, b: LiveBio): boolean => {
  if (rq.dev !== b.bdev || rq.op !== b.op || rq.op === 'zone-reset' || rq.sector + rq.nr !== b.sector) return false;
  const lim = limitsOf(d, rq.dev);
  const nr = rq.nr + b.nr;
  const chunk = rq.op === 'copy' && !designOf(d.cfg.design).copyChunkBoundary ? 0 : lim.chunkSectors;
  if (chunk && Math.floor(rq.sector / chunk) !== Math.floor((rq.sector + nr - 1) / chunk)) return false;
  if (rq.op !== 'copy') return nr <= lim.maxSectors;
  return nr <= lim.maxCopySectors && copySegments([...rq.srcs, ...b.srcs], lim).length <= lim.maxCopySrcSegments && srcTotal(b.srcs) === b.nr;
};

/** blk_attempt_plug_merge: only the most recently plugged request is tried. */
export const tryPlugMerge = (d: D, b: Draft<LiveBio>): boolean => {
  // blk_mq_attempt_bio_merge: no plug merge on a queue with QUEUE_FLAG_NOMERGES (sysfs nomerges=2).
  if (!d.plugged || b.fromWork || d.plugList.length === 0 || d.cfg.nomerges) return false;
  const rq = d.rqs[d.plugList[d.plugList.length - 1]!]!;
  // A copy bio merges as its design says: a back merge, the two-bio pairing of halves, or not at all.
  const how = b.op === 'copy' ? designOf(d.cfg.design).plugMergeCopy(d, rq, b) : canBackMerge(d, rq, b) ? 'merge' : 'no';
  if (how === 'no') return false;
  if (how === 'pair') {
    // bio_attempt_copy_offload_merge: __data_len += bi_size (blk_rq_bytes counts both halves).
    rq.nr += b.nr;
    rq.paired = true;
    rq.bios.push(b.id);
    b.stage = 'in-rq';
    return true;
  }
  if (!d.cfg.bugs.includes(rq.op === 'copy' ? 'copy-merge-forgets-length' : 'merge-forgets-length')) rq.nr += b.nr;
  rq.srcs.push(...b.srcs);
  rq.bios.push(b.id);
  b.stage = 'in-rq';
  return true;
};

/**
 * Get a request for `b` (blk_mq_get_new_requests → blk_mq_get_tag). With no free tag, or when the
 * explorer injects an allocation failure, a REQ_NOWAIT bio fails with -EAGAIN
 * (bio_wouldblock_error); otherwise the task sleeps in blk_mq_get_tag → io_schedule(), whose
 * io_schedule_prepare() flushes its plug first (blk_flush_plug(current->plug, true)). A kworker has
 * no plug to flush.
 */
export const allocRequest = (d: D, b: Draft<LiveBio>, injectFail: boolean): void => {
  if ((freeTags(d, b.bdev) > 0 || d.cfg.bugs.includes('tag-ignores-depth')) && !injectFail) {
    const id = newId(d);
    d.rqs[id] = { id, dev: b.bdev, op: b.op, sector: b.sector, nr: b.nr, srcs: [...snapshot(b.srcs)], bios: [b.id], ...(b.half ? { half: b.half, pair: b.pair, paired: false } : {}) };
    d.tagsUsed[b.bdev] = (d.tagsUsed[b.bdev] ?? 0) + 1;
    b.stage = 'in-rq';
    b.slept = false;
    if (b.zonePlugged) zonePlugInitRequest(d, id);
    if (d.plugged && !b.fromWork) addToPlug(d, id);
    else issueRequests(d, [id]); // blk_mq_try_issue_directly
    return;
  }
  if (injectFail) b.allocFailed = true;
  const flush = !b.nowait && !b.fromWork && d.plugged && d.plugList.length > 0 && !d.cfg.bugs.includes('no-flush-on-sleep');
  d.events.push({ event: 'tag-wait', bio: b.id, dev: b.bdev, nowait: b.nowait, flushed: flush, plugged: b.fromWork ? 0 : d.plugList.length });
  if (b.nowait) {
    endBio(d, b.id, ERRNO.EAGAIN);
    return;
  }
  b.stage = 'wait-tag';
  b.slept = true;
  if (flush) flushPlug(d, 'schedule');
};
