// blkdev_translation_complete (03/12): called by whoever drops ctx->bio_count to 0. Phase
// BLKDEV_COPY; the "same block driver" check; the head of ctx->bios is popped and resubmitted (it
// becomes the request), or ended with ctx->status.

import { ERRNO } from '../../block/split.js';
import { endBio } from '../../stack/complete.js';
import { copySegments } from '../../block/limits.js';
import { limitsOf, type D } from '../../stack/draft.js';
import { ctxEvent, ctxOf } from './ctx.js';
import { ctxDone } from './endio.js';
import { rulesOf } from './rules.js';

export const translationComplete = (d: D, ctx: number): void => {
  const c = ctxOf(d, ctx);
  const rules = rulesOf(d.cfg.design);
  // WARN_ON_ONCE(ctx->phase != BLKDEV_TRANSLATE_LBAS): a second call (D8) warns and goes on.
  if (c.phase !== 'translate') ctxEvent(d, ctx, `blkdev_translation_complete called again in phase ${c.phase} (WARN_ON_ONCE)`);
  c.phase = 'copy';
  if (rules.headIsFirstParked) {
    // As posted: `owner = bio->bi_bdev->bd_disk->fops->owner` must match for every parked bio. Every
    // disk here is an NVMe namespace (module nvme_core): the check never fails (D9).
    // bio = ctx->bios; ctx->bios = bio->bi_next; — no NULL test (D7).
    const head = c.bios.shift();
    if (head === undefined) throw new Error(`blkdev_translation_complete: copy context ${ctx} has no parked bio (NULL dereference of ctx->bios)`);
    c.head = head;
    const b = d.bios[head]!;
    if (c.status !== 0) {
      ctxEvent(d, ctx, `blkdev_translation_complete ends head bio ${head} with ctx->status ${c.status}`);
      return endBio(d, head, c.status);
    }
    ctxEvent(d, ctx, `blkdev_translation_complete submits head bio ${head} (${b.copyCtx!.role === 'src' ? 'COPY_SRC' : 'COPY_DST'} ${b.bdev} ${b.sector}+${b.nr}); ${c.bios.length} bio(s) stay parked`);
    b.stage = 'map'; // submit_bio(bio)
    return;
  }
  // The fix: every parked bio on the head's disk (not merely the same module), exactly one
  // COPY_DST, and that one is the request (it addresses the destination: zone write plugging and
  // the driver see the written range); the sources travel with it in parking order.
  const parked = c.bios.map((id) => d.bios[id]!);
  const dsts = parked.filter((b) => b.copyCtx!.role === 'dst');
  const srcs = parked.filter((b) => b.copyCtx!.role === 'src');
  if (c.status === 0 && (dsts.length !== 1 || srcs.length === 0 || parked.some((b) => b.bdev !== dsts[0]!.bdev))) c.status = ERRNO.EOPNOTSUPP;
  // The parked sources against the bottom queue's limits: the chunk was sized at the top device
  // (blkdev_copy_chunk), but dm clones a source crossing a target boundary into several parked
  // bios, so the Copy may need more Source Range entries (each cut at the per-range limit) than
  // max_copy_src_segments (MSRC + 1) allows → BLK_STS_NOTSUPP, the context ends without a command.
  const lim = dsts[0] && limitsOf(d, dsts[0].bdev);
  if (c.status === 0 && lim && copySegments(srcs, lim).length > lim.maxCopySrcSegments) c.status = ERRNO.EOPNOTSUPP;
  if (c.status !== 0 || parked.length === 0) {
    ctxEvent(d, ctx, `blkdev_translation_complete fails the context: ${c.status}`);
    return ctxDone(d, ctx, c.status);
  }
  const head = dsts[0]!;
  c.head = head.id;
  c.bios = c.bios.filter((id) => id !== head.id);
  head.srcs = srcs.map((b) => ({ sector: b.sector, nr: b.nr }));
  ctxEvent(d, ctx, `blkdev_translation_complete submits COPY_DST bio ${head.id} (${head.bdev} ${head.sector}+${head.nr}) with ${srcs.length} source bio(s)`);
  head.stage = 'map';
};
