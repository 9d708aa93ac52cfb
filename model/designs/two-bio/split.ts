// two-bio+fix: what blk_mq_submit_bio does with a COPY_DST larger than the queue's copy limit.

import { ERRNO, checkBio } from '../../block/split.js';
import type { Bio } from '../../block/bio.js';
import type { QueueLimits } from '../../block/limits.js';

/**
 * Design.checkCopyBio of two-bio+fix: submit_bio_noacct's checks (checkBio: max_copy_sectors == 0
 * → BLK_STS_NOTSUPP), then 02/12 bio_split_copy doing what its own comment says ("We don't support
 * splitting for a copy bio. End it with EIO if splitting is required and return an error
 * pointer"): `bio_io_error(bio); return ERR_PTR(-EIO);`, as bio_split_rw ends the bio it refuses
 * before __bio_split_to_limits returns NULL. As posted the bio is never ended (splitCopy 'drop').
 */
export const copyHalfOversizeEio = (bio: Bio, lim: QueueLimits): number | null => checkBio(bio, lim) ?? (bio.nr > lim.maxCopySectors ? ERRNO.EIO : null);
