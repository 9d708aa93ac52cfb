// two-bio+fix: a copy pair is admitted once, at its COPY_DST. In v20 each half is checked, split
// and merged on its own (02/12 submit_bio_noacct, bio_split_copy, blk_attempt_plug_merge), so
// anything that lets one half through and stops the other — copy_max_bytes written to 0 between
// them, QUEUE_FLAG_NOMERGES, a stray pairing with another chunk's DST — leaves a lone half that
// nvme_setup_copy_offload fails (CMPL-02). The fix ties the SRC to its own DST through the chain
// blkdev_copy_offload already builds (blk_next_bio: bio_chain(dst_bio, src_bio), so
// dst_bio->bi_private == src_bio and a DST failure lands in src_bio->bi_status).

import { ERRNO } from '../../block/split.js';
import { endBio } from '../../stack/complete.js';
import { dmTable, type D } from '../../stack/draft.js';
import { opAt } from '../../stack/ops.js';

/** Is the COPY_DST of pair `pair` (the top-level bio or one of its dm clones) still live? */
const dstLive = (d: D, pair: string | undefined): boolean => Object.values(d.bios).some((x) => x.half === 'dst' && x.pair === pair);

/**
 * Design.copyNoacct of two-bio+fix.
 *
 * 'submit', the SRC of a chunk (top level): 03/12 blkdev_copy_offload with
 * `if (src_bio->bi_status) bio_endio(src_bio); else submit_bio(src_bio);` — a DST that already
 * ended (it can only have failed: a DST never completes alone) took its SRC's status with it
 * (bio_chain), so the SRC is not sent on its own.
 *
 * 'switch', the SRC at its NVMe disk: 02/12 submit_bio_noacct / blk_mq_submit_bio skip the
 * max_copy_sectors gate and bio_split_copy for REQ_OP_COPY_SRC (its DST was checked with the same
 * size on the same queue: +fix's dm tables have one target) and, before bio_queue_enter, join the
 * plug's newest request if its bio is this SRC's chained DST (`rq->bio->bi_private == bio`),
 * whatever QUEUE_FLAG_NOMERGES says, under the q_usage_counter reference that request holds; with
 * no such request the SRC ends with BLK_STS_IOERR and never becomes a request of its own.
 */
export const srcFollowsDst = (d: D, id: number, at: 'submit' | 'switch'): boolean => {
  const b = d.bios[id]!;
  if (b.half !== 'src') return false;
  if (at === 'submit') {
    if (b.parent !== null || dstLive(d, b.pair)) return false;
    endBio(d, id, opAt(d, b.opIndex).errno || ERRNO.EIO);
    return true;
  }
  if (dmTable(d, b.bdev)) return false; // dm-linear remaps it like its DST (one target)
  const last = d.plugList[d.plugList.length - 1];
  const rq = d.plugged && last !== undefined ? d.rqs[last] : undefined;
  if (!rq || rq.dev !== b.bdev || rq.half !== 'dst' || rq.pair !== b.pair || rq.bios.length !== 1 || rq.nr !== b.nr) {
    endBio(d, id, ERRNO.EIO);
    return true;
  }
  // The pairing of bio_attempt_copy_offload_merge: __data_len += bi_size, one more segment.
  rq.nr += b.nr;
  rq.paired = true;
  rq.bios.push(b.id);
  b.stage = 'in-rq';
  return true;
};
