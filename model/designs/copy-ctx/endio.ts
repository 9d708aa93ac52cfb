// blkdev_req_op_copy_done (03/12), the bi_end_io of every bio blkdev_copy_chunk allocates, and the
// context's end: blkdev_end_bios ends every parked bio with ctx->status, the context is freed,
// params->status keeps the first error, copy_ctx_count drops and at 0 params->end_io runs.

import { endBio } from '../../stack/complete.js';
import type { D } from '../../stack/draft.js';
import type { LiveBio } from '../../stack/state.js';
import { ctxEvent, ctxOf, firstError, paramsOf } from './ctx.js';
import { endIo } from './offload.js';
import { rulesOf } from './rules.js';
import { translationComplete } from './translation.js';

/** Case BLKDEV_COPY: the context ends with `status`. */
export const ctxDone = (d: D, ctx: number, status: number): void => {
  const c = ctxOf(d, ctx);
  c.phase = 'done';
  const parked = [...c.bios];
  c.bios = [];
  // blkdev_end_bios: bio->bi_status = ctx->status; bio_endio(bio) — dm clones end their originals.
  for (const id of parked) if (d.bios[id]) endBio(d, id, c.status);
  const p = paramsOf(d, c.op);
  ctxEvent(d, ctx, `blkdev_req_op_copy_done: context ends with status ${status}; copy_ctx_count ${p.count - 1}`);
  // kfree(ctx): as posted nothing holds the context after this, so a copy bio that still refers to
  // it (D8: a COPY_DST sent on its own after a premature translation_complete) is a use after free,
  // which the model does not invent an outcome for: ctxOf throws (MODEL-02). The fix keeps it
  // until every bio that refers to it has ended (a reference count).
  if (rulesOf(d.cfg.design).kfreeAtDone) delete d.copyCtxs![ctx];
  p.status = firstError(p.status, status);
  p.count--;
  if (p.count === 0) endIo(d, c.op);
};

/** Design.copyEndio for copy-ctx: `b` ends with `errno`. */
export const copyCtxEndio = (d: D, b: LiveBio, errno: number): boolean => {
  const ref = b.copyCtx;
  if (!ref || ref.ctx < 0) return false;
  const rules = rulesOf(d.cfg.design);
  if (rules.dmClonesUncounted && b.parent !== null) return false;
  const c = ctxOf(d, ref.ctx);
  if (rules.dmClonesUncounted) {
    // As posted, bi_end_io = blkdev_req_op_copy_done is the caller's bio's; a dm clone ends through
    // clone_endio into its original (bio_chain here).
    if (b.parent !== null) return false;
    if (c.phase === 'translate') {
      // Ended before translation finished (bio_check_eod, partition remap, not_supported, dm
      // errors): the status is kept, bio_count is not dropped (D6).
      c.status = firstError(c.status, errno);
      ctxEvent(d, ref.ctx, `blkdev_req_op_copy_done in BLKDEV_TRANSLATE_LBAS: bio ${b.id} ended with ${errno}; bio_count stays ${c.bioCount}`);
    } else if (c.phase === 'copy') {
      // status = ctx->status: the completing bio's bi_status is ignored (D2).
      ctxEvent(d, ref.ctx, `blkdev_req_op_copy_done: bio ${b.id} completed with ${errno}, the context takes ctx->status ${c.status}`);
      ctxDone(d, ref.ctx, rules.dropsRequestStatus ? c.status : firstError(c.status, errno));
    }
    return true; // BLKDEV_COPY_DONE: nothing
  }
  // The fix: the context ends from the request's bio (blk_mq_end_request of the copy request), every
  // failure before parking drops bio_count, and the caller's bios only drop their references.
  if (c.head === b.id && c.phase === 'copy') {
    ctxDone(d, ref.ctx, firstError(c.status, errno));
  } else if (c.phase === 'translate' && b.stage !== 'parent' && b.stage !== 'parked') {
    c.status = firstError(c.status, errno);
    ctxEvent(d, ref.ctx, `bio ${b.id} ended with ${errno} before parking: bio_count ${c.bioCount - 1}`);
    c.bioCount--;
    if (c.bioCount === 0) translationComplete(d, ref.ctx);
  }
  return b.parent === null;
};
