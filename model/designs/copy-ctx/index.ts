// copy-ctx — Bart Van Assche, "[PATCH 00/12] Block storage copy offloading" (linux-block,
// 24 Apr 2026, <20260424224201.1949243-1-bvanassche@acm.org>), as posted, and copy-ctx+fix.
// REQ_OP_COPY_SRC/DST bios tied by bi_copy_ctx (one struct bio_copy_offload_ctx per chunk),
// translated through dm one by one and parked at the bottom device; the first parked bio becomes
// the request and the driver reaches the others through the context. Page: spec/designs/copy-ctx.md.
//
//   offload.ts      blkdev_copy_offload / blkdev_copy_sync / blkdev_copy_check_params / chunking (03/12)
//   noacct.ts       submit_bio_noacct's copy case (02/12); dm cloning (10/12, dm core unchanged)
//   translation.ts  blkdev_translation_complete (03/12)
//   endio.ts        blkdev_req_op_copy_done, blkdev_end_bios (03/12)
//   nvme.ts         nvme_config_copy, nvme_setup_copy_offload (08/12) with the accessors (05/12)

import type { Design } from '../design.js';
import { dmLinearOnly, neverFallBack, noCopyMerge } from '../building-blocks.js';
import { copyCtxEndio } from './endio.js';
import { copyCtxNoacct } from './noacct.js';
import { nvmeConfigCopyFixed, nvmeConfigCopyPosted, nvmeSetupCopyFixed, nvmeSetupCopyPosted } from './nvme.js';
import { submitCopyCtx } from './offload.js';

export const copyCtx: Design = {
  name: 'copy-ctx',
  summary: 'REQ_OP_COPY_SRC/DST bios tied by bi_copy_ctx, one context per chunk, parked at the bottom device; the first parked bio becomes the request (Apr 2026 series, v1, as posted)',
  origin: { kind: 'posted', series: '[PATCH 00/12] Block storage copy offloading', author: 'Bart Van Assche', posted: '2026-04-24', ref: '20260424224201.1949243-1-bvanassche@acm.org' },
  submitCopy: submitCopyCtx,
  nvmeCopyLimits: nvmeConfigCopyPosted,
  // 10/12 dm_calculate_queue_limits zeroes copy limits unless the target sets BLK_FEAT_STACKING_COPY_OFFL; 11/12: only dm-linear.
  dmCopyTarget: dmLinearOnly,
  // 02/12 bio_split_copy: never splits, ends an oversize bio with BLK_STS_NOTSUPP (noacct.ts applies it to the head).
  splitCopy: 'notsupp',
  copyChunkBoundary: false,
  // blk_partition_remap moves each COPY_SRC / COPY_DST bio against its own partition (its srcs is its own range).
  partitionRemapsSources: true,
  // The series adds no merge exclusion (D12); copyspec does not merge copy requests: a departure (spec/designs/copy-ctx.md).
  plugMergeCopy: noCopyMerge,
  // 6.12 blk_zone_plug_bio: REQ_OP_COPY_* take the default case (no zone write plugging, D21).
  zonePlugCopies: false,
  combineAtFlush: false,
  nvmeSetupCopy: nvmeSetupCopyPosted,
  // 07/12: the splice fallback is copy_file_range's, on a synchronous error only; blkdev_copy_offload has none.
  fallsBack: neverFallBack,
  emulation: 'read-all-then-write',
  copyNoacct: copyCtxNoacct,
  copyEndio: copyCtxEndio,
  declared: {},
};

/** copy-ctx+fix: each change is the kernel change it stands for (spec/designs/copy-ctx.md). */
export const copyCtxFix: Design = {
  ...copyCtx,
  name: 'copy-ctx+fix',
  summary: 'copy-ctx with the context counted per context, failures reported, every source reaching the driver, dm clones counted, DESFMT 0h within MSRC/MSSRL/MCL',
  origin: {
    kind: 'fixed',
    of: 'copy-ctx',
    changes: [],
  },
  nvmeCopyLimits: nvmeConfigCopyFixed,
  nvmeSetupCopy: nvmeSetupCopyFixed,
  declared: {},
};
