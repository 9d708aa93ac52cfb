// token — Mikulas Patocka, "[RFC PATCH 0/3] NVMe copy offload patches" (1 Feb 2022, linux-block,
// MID alpine.LRH.2.02.2202011327350.22481), as posted: REQ_OP_COPY_READ_TOKEN to the source, waited
// for, then REQ_OP_COPY_WRITE_TOKEN with the same token page to the destination, chunk by chunk,
// from the BLKCOPY ioctl; on NVMe the READ_TOKEN sends no command and the WRITE_TOKEN becomes one
// Copy. Nitesh Shetty's "Add Copy offload support" v2–v12 (2022–2023) carried the same token over
// REQ_OP_READ|REQ_COPY / REQ_OP_WRITE|REQ_COPY; spec/designs/token.md says what differs.
//
// blkcopy.ts: blk_ioctl_copy and blkdev_issue_copy (patch 1/3); nvme.ts: the driver (patch 2/3).

import type { Design } from '../design.js';
import { neverFallBack, noCopyMerge, refusingOverlap } from '../building-blocks.js';
import { blkcopyCaller, blkcopyNext, type TokenLoopOptions } from './blkcopy.js';
import { identifyTokenLimits, nvmeQueueRqToken, rfcCopyLimits } from './nvme.js';
import { rodCopyLimits, sdQueueRqToken, sdTokenDone } from './scsi.js';

const AS_POSTED: TokenLoopOptions = { zoneCut: false };
const FIXED: TokenLoopOptions = { zoneCut: true };

export const token: Design = {
  name: 'token',
  summary: 'REQ_OP_COPY_READ_TOKEN then REQ_OP_COPY_WRITE_TOKEN per chunk from BLKCOPY, one token page; NVMe: READ_TOKEN ends in queue_rq, WRITE_TOKEN → one Copy (RFC, Feb 2022, as posted)',
  origin: { kind: 'posted', series: '[RFC PATCH 0/3] NVMe copy offload patches', author: 'Mikulas Patocka', posted: '2022-02-01', ref: 'alpine.LRH.2.02.2202011327350.22481@file01.intranet.prod.int.rdu2.redhat.com' },
  // 1/3 block/ioctl.c blk_ioctl_copy → block/blk-lib.c blkdev_issue_copy, one call per source range.
  submitCopy: blkcopyCaller(AS_POSTED),
  nextCopyBio: blkcopyNext(AS_POSTED),
  // wait_for_completion after each submit_bio: the caller's task does nothing else meanwhile.
  waitsForCopy: true,
  // 2/3 nvme_init_non_mdts_limits: 1 << 24 whatever the namespace says.
  nvmeCopyLimits: rfcCopyLimits,
  // 1/3 touches no dm target and not blk_stack_limits: a dm device keeps max_copy_sectors = 0.
  dmCopyTarget: () => false,
  // 1/3 blk.h blk_may_split: false for both token ops; submit_bio_checks tests only max_copy_sectors != 0.
  splitCopy: 'never',
  copyChunkBoundary: false,
  // blk_partition_remap moves bi_sector of either token bio; a token bio has no other sectors.
  partitionRemapsSources: true,
  // blkdev_issue_copy sets REQ_NOMERGE on both bios.
  plugMergeCopy: noCopyMerge,
  // Neither op is a write to zone write locking (5.17 op_needs_zoned_write_locking) nor to 6.12's blk_zone_plug_bio.
  zonePlugCopies: false,
  combineAtFlush: false,
  nvmeSetupCopy: nvmeQueueRqToken(false),
  // SCSI transport (copyspec's reading, no SCSI patch was posted): READ_TOKEN → POPULATE TOKEN + RRTI, WRITE_TOKEN → WRITE USING TOKEN.
  scsiCopyLimits: rodCopyLimits,
  scsiSetupCopy: sdQueueRqToken,
  scsiCopyDone: sdTokenDone,
  // The ioctl returns the errno (and *copied); the kernel never falls back, the caller must.
  fallsBack: neverFallBack,
  emulation: 'read-all-then-write',
  declared: {
    'MODEL-04': { verdict: 'n/a', why: 'nvme_queue_rq ends every READ_TOKEN request, and fails every WRITE_TOKEN request on the host, in the step that issues it (CMPL-02): no copy request is ever live between steps for its books to be checked' },
    'CMPL-02': {
      verdict: 'refuted',
      why: 'nvme_queue_rq ends REQ_OP_COPY_READ_TOKEN before nvme_setup_cmd, so nvme_setup_read_token never fills the page; nvme_setup_write_token then finds no "nvme" token and fails every WRITE_TOKEN on the host with BLK_STS_NOTSUPP: no Copy ever reaches the device, and the caller does not fall back',
    },
  },
};

/** token+fix (spec/designs/token.md): each change the kernel change it stands for. */
export const tokenFix: Design = {
  ...token,
  name: 'token+fix',
  summary: 'token with nvme_setup_cmd filling the token before READ_TOKEN ends, and copy limits from MCL and MSSRL',
  origin: {
    kind: 'fixed',
    of: 'token',
    changes: [
      { change: 'an overlapping copy is refused', kernel: 'blk_ioctl_copy: return -EINVAL when a source range overlaps the destination, as generic_copy_file_checks (fs/read_write.c) refuses overlapped copying within one file' },
      { change: 'the READ_TOKEN fills its token before it ends', kernel: 'nvme_queue_rq (and fc, rdma, tcp, loop): call nvme_setup_cmd first and end REQ_OP_COPY_READ_TOKEN after it, as v4 nvme_prep_rq and RFC 3/3 nvme_debug_queue_rq do' },
      { change: 'a chunk stops at the zone boundaries of its source and destination', kernel: 'blkdev_issue_copy: this_step = min(this_step, sectors to the next bdev_zone_sectors boundary of sector1 and of sector2)' },
      { change: 'WRITE_TOKEN goes through zone write plugging', kernel: 'blk_zone_plug_bio: REQ_OP_COPY_WRITE_TOKEN to a zoned disk is plugged like REQ_OP_WRITE (v2–v12 sent it as REQ_OP_WRITE|REQ_COPY, which took the zone write lock)' },
      { change: 'copy limits from MCL and MSSRL', kernel: 'nvme_update_disk_info: blk_queue_max_copy_sectors(q, min(MCL, MSSRL) in sectors) instead of ctrl->max_copy_sectors = 1 << 24 (v4 nvme_config_copy)' },
    ],
  },
  submitCopy: refusingOverlap(blkcopyCaller(FIXED)),
  nextCopyBio: blkcopyNext(FIXED),
  nvmeCopyLimits: identifyTokenLimits,
  nvmeSetupCopy: nvmeQueueRqToken(true),
  zonePlugCopies: true,
  // No fallback: the RFC leaves it to the BLKCOPY caller, and no property needs it (review of token, M2).
  declared: {},
};
