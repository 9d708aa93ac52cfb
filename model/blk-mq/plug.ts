// The task's plug (block/blk-core.c blk_start_plug / blk_finish_plug, block/blk-mq.c
// blk_add_rq_to_plug, blk_mq_flush_plug_list; Linux 6.12). Requests wait in the plug list, holding
// their tags, until the plug is flushed: at blk_finish_plug, when the task sleeps (schedule() →
// sched_submit_work → blk_flush_plug(plug, true)), or when adding a request finds the list full.

import type { D } from '../stack/draft.js';
import { issueRequests } from './issue.js';

/** BLK_MAX_REQUEST_COUNT (include/linux/blkdev.h): flush before adding the 33rd request… */
export const BLK_MAX_REQUEST_COUNT = 32;
/** …or the 65th when requests for more than one queue are plugged (blk_plug_max_rq_count). */
export const plugMaxRqCount = (multipleQueues: boolean): number => (multipleQueues ? BLK_MAX_REQUEST_COUNT * 2 : BLK_MAX_REQUEST_COUNT);
/** BLK_PLUG_FLUSH_SIZE (block/blk-mq.h): flush when the last plugged request is at least 128 KiB. */
export const BLK_PLUG_FLUSH_SIZE = 128 * 1024;

/** Bytes of a request as blk_rq_bytes sees it; a copy request counts its destination (spec/stack.md). */
export const rqBytes = (d: D, rq: number): number => d.rqs[rq]!.nr * 512;

/** blk_mq_flush_plug_list: hand every plugged request to its driver, oldest first. */
export const flushPlug = (d: D, reason: 'finish' | 'schedule' | 'limit'): void => {
  const list = [...d.plugList];
  if (list.length === 0) return;
  d.plugList = [];
  // queue_rqs is used only for a single queue without an elevator and not from schedule();
  // otherwise blk_mq_dispatch_plug_list inserts and runs each hctx (→ queue_rq one by one).
  const via = !d.multipleQueues && reason !== 'schedule' ? 'queue_rqs' : 'queue_rq';
  d.events.push({ event: 'plug-flush', reason, requests: list.length, via });
  issueRequests(d, list, via === 'queue_rqs');
};

/** blk_add_rq_to_plug. */
export const addToPlug = (d: D, rq: number): void => {
  const count = d.plugList.length;
  let last: number | undefined = d.plugList[count - 1];
  if (count > 0 && !d.cfg.bugs.includes('plug-no-auto-flush')) {
    if (count >= plugMaxRqCount(d.multipleQueues) || rqBytes(d, last!) >= BLK_PLUG_FLUSH_SIZE) {
      flushPlug(d, 'limit');
      last = undefined;
      if (d.cfg.bugs.includes('plug-drops-on-flush')) return; // the known-bad variant loses `rq`
    }
  }
  if (!d.multipleQueues && last !== undefined && d.rqs[last]!.dev !== d.rqs[rq]!.dev && !d.cfg.bugs.includes('plug-forgets-multiple-queues')) d.multipleQueues = true;
  d.plugList.push(rq);
};
