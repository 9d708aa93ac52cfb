// Merging copy bios (2/5 block/blk.h, block/blk-merge.c). REQ_OP_COPY is not excluded from
// rq_mergeable, and blk_try_merge is unchanged, so a copy bio back-merges into a copy request whose
// destination ends where the bio's starts (bio_attempt_back_merge); ll_back_merge_fn bounds the
// result by blk_rq_get_max_sectors — max_copy_sectors (blk_queue_get_max_sectors' new COPY case), no
// chunk boundary (the new `req_op(rq) == REQ_OP_COPY` exemption; D17) — and ll_new_hw_segment by
// blk_rq_get_max_segments — max_copy_segments for COPY. Sources need no relation: the request is a
// chain of bios, each walked with its own iterator by the driver. The same test serves the zone
// write plug's request init (+fix).

import type { QueueLimits } from '../../block/limits.js';
import { limitsOf, type D } from '../../stack/draft.js';
import type { LiveBio, Request } from '../../stack/state.js';
import type { VecRules } from './copy-bio.js';
import { copyBioSegments } from './split.js';

/** blk_attempt_plug_merge → bio_attempt_back_merge for a copy bio, as posted (or with +fix's chunk rule). */
export const vecPlugMerge =
  (rules: VecRules, cut: (lim: QueueLimits) => number, chunkBoundary: boolean) =>
  (d: D, rq: Request, b: LiveBio): 'merge' | 'no' => {
    if (rq.op !== 'copy' || rq.dev !== b.bdev || rq.sector + rq.nr !== b.sector) return 'no';
    const lim = limitsOf(d, rq.dev);
    const nr = rq.nr + b.nr;
    if (nr > lim.maxCopySectors) return 'no';
    const chunk = chunkBoundary ? lim.chunkSectors : 0;
    if (chunk && Math.floor(rq.sector / chunk) !== Math.floor((rq.sector + nr - 1) / chunk)) return 'no';
    const segs = [...rq.bios.map((id) => d.bios[id]!), b].reduce((n, x) => n + copyBioSegments(x, lim, rules, cut(lim)), 0);
    return segs <= lim.maxCopySrcSegments || d.cfg.bugs.includes('copy-merge-ignores-segments') ? 'merge' : 'no';
  };
