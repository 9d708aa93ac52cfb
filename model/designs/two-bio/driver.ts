// The NVMe driver's setup of a copy request (v20 07/12 nvme_setup_cmd, nvme_setup_copy_offload).

import { ERRNO } from '../../block/split.js';
import type { DriverSetup } from '../design.js';
import type { D } from '../../stack/draft.js';
import type { NvmeNamespaceConfig } from '../../device/nvme/config.js';
import type { Request } from '../../stack/state.js';

/** BLK_COPY_MAX_SEGMENTS (07/12 include/linux/blkdev.h): a copy request is a DST bio and a SRC bio. */
export const BLK_COPY_MAX_SEGMENTS = 2;

/**
 * nvme_setup_cmd: `case REQ_OP_COPY_SRC: return BLK_STS_IOERR;` and for REQ_OP_COPY_DST
 * nvme_setup_copy_offload: `if (blk_rq_nr_phys_segments(req) != BLK_COPY_MAX_SEGMENTS) return
 * BLK_STS_IOERR;` (every copy bio counts one segment: bio_split_copy sets *nsegs = 1); then
 * `__rq_for_each_bio`: the first bio is the destination (dst_lba, n_lba from its bi_iter), the last
 * the source (src_lba; `n_lba != bi_size >> lba_shift` → BLK_STS_IOERR) — whatever ops the bios
 * have. The command: Copy 19h, SDLBA = dst_lba, NR = 0 (one range), one format-0h entry
 * {SLBA = src_lba, NLB = n_lba − 1}; DESFMT left 0 (rsvd12). The range's GFP_ATOMIC allocation
 * failing (BLK_STS_RESOURCE, requeue) is not modelled.
 */
export const nvmeSetupCopyOffload = (d: D, ns: NvmeNamespaceConfig, rqs: readonly Request[]): DriverSetup => {
  const rq = rqs[0]!;
  if (rq.half === 'src') return { fail: ERRNO.EIO, why: 'a COPY_SRC request without its COPY_DST (nvme_setup_cmd: REQ_OP_COPY_SRC → BLK_STS_IOERR)' };
  if (rq.bios.length !== BLK_COPY_MAX_SEGMENTS) {
    return { fail: ERRNO.EIO, why: rq.bios.length === 1 ? 'a COPY_DST request without its COPY_SRC (nr_phys_segments 1 ≠ 2)' : `a copy request of ${rq.bios.length} bios (nr_phys_segments ≠ 2)` };
  }
  const dst = d.bios[rq.bios[0]!]!;
  const src = d.bios[rq.bios[rq.bios.length - 1]!]!;
  const k = ns.lbaBytes / 512;
  if (dst.nr !== src.nr) return { fail: ERRNO.EIO, why: `first bio of ${dst.nr / k} blocks, last of ${src.nr / k} (n_lba mismatch)` };
  return { command: { cmd: 'copy', sdlba: dst.sector / k, desfmt: 0, nr: 0, ranges: [{ slba: src.sector / k, nlb: src.nr / k - 1 }] } };
};
