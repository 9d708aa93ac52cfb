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
import { dmLinearOnly, neverFallBack, noCopyMerge, refusingOverlap } from '../building-blocks.js';
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
  declared: {
    'CMPL-02': { verdict: 'refuted', why: 'a chunk whose COPY_DST bio does not reach the parked list (it failed before parking, or translation completed without it) leaves only COPY_SRC bios in the context: nvme_setup_copy_offload finds no destination, WARN_ON_ONCE(!dst_bio), and fails the request with BLK_STS_IOERR' },
    'MODEL-04': { verdict: 'refuted', why: 'a source crossing two dm-linear targets parks two clones on one bio_count reference, so blkdev_translation_complete (02/12) runs before the COPY_DST is parked; the COPY_DST then passes on its own (phase COPY) and becomes a copy request that carries no source at all (D8, spec/designs/copy-ctx.md)' },
    'MODEL-02': { verdict: 'refuted', why: 'blkdev_translation_complete takes the first entry of ctx->bios without checking that any bio was parked (D7): a context whose bios all failed or were refused before parking dereferences an empty list (the kernel oopses; the model stops there)' },
    'DATA-02': {
      verdict: 'refuted',
      why: 'nvme_setup_copy_offload sends DESFMT 2h, which no namespace here advertises in OCFS (nor is CDFE enabled): Invalid Field in Command; blkdev_req_op_copy_done takes ctx->status, not the request\'s, and blkdev_copy_sync never fills its status, so the copy reports 0 with the destination unwritten (D2, D2b, D19)',
    },
    'LIMIT-03': {
      verdict: 'refuted',
      why: 'nvme_config_copy sets max_copy_hw_sectors = MSSRL and ignores MCL (and MSRC): on a namespace with MSSRL > MCL (legal: NVMCS asks only that both be non-zero) a chunk of MSSRL blocks goes out as a Copy larger than MCL (D19); with MCL >= MSSRL the posted design cannot exceed MCL, since D5 leaves one range per command',
    },
    'ZONE-03': {
      verdict: 'refuted',
      why: 'a copy that failed on the device (DESFMT 2h, D19) is reported as done (D2, D2b), so the zone\'s write pointer stays behind and the next in-order write to the zone lands past it: Zone Invalid Write (REQ_OP_COPY_* also bypass zone write plugging, D21, which this trace does not need)',
    },
    'LIVE-01': {
      verdict: 'refuted',
      why: 'blkdev_copy_chunk takes a copy_ctx_count reference per COPY_SRC bio, blkdev_req_op_copy_done drops one per context: a chunk with two sources leaves the count above 0 and params->end_io never runs (D3). The caller is one that passes several input segments: nvmet (09/12 nvmet_bdev_execute_copy, one segment per Source Range, end_io = nvmet_bdev_copy_endio: the NVMe Copy never completes) or a direct caller of the exported blkdev_copy_offload with end_io NULL (blkdev_copy_sync waits forever); copy_file_range (07/12) passes one segment and cannot reach it',
    },
  },
};

/** copy-ctx+fix: each change is the kernel change it stands for (spec/designs/copy-ctx.md). */
export const copyCtxFix: Design = {
  ...copyCtx,
  name: 'copy-ctx+fix',
  summary: 'copy-ctx with the context counted per context, failures reported, every source reaching the driver, dm clones counted, DESFMT 0h within MSRC/MSSRL/MCL',
  origin: {
    kind: 'fixed',
    of: 'copy-ctx',
    changes: [
      { change: 'an overlapping copy is refused', kernel: 'blkdev_copy_check_params: return -EINVAL when a source range overlaps the destination, as generic_copy_file_checks (fs/read_write.c) refuses overlapped copying within one file' },
      { change: 'one copy_ctx_count reference per context (D3)', kernel: 'blkdev_copy_chunk: atomic_inc(&params->copy_ctx_count) once, before the COPY_SRC loop, not inside it' },
      { change: 'the request\'s status reaches the caller (D2, D2b)', kernel: 'blkdev_req_op_copy_done: status = ctx->status ?: bio->bi_status; blkdev_end_copy_sync: ctx->status = params->status before complete()' },
      { change: 'every source range reaches the driver (D5)', kernel: 'blkdev_translation_complete submits the COPY_DST bio as the request (the 05/12 accessors then already walk ctx->bios for COPY_SRC, so nvme_setup_copy_offload sees every parked source in order; the head is the DST so that zone write plugging sees the written range (the change \'destination halves are zone write plugged\') — relinking the popped SRC head\'s bi_next alone would fix D5)' },
      { change: 'a copy bio that fails before parking or is not supported still drops bio_count (D6, D7)', kernel: 'blkdev_req_op_copy_done, phase BLKDEV_TRANSLATE_LBAS: a copy bio that ends before it was parked (bio_check_eod, blk_partition_remap, not_supported, a dm error) does --ctx->bio_count and calls translation_complete at 0; blkdev_translation_complete ends the context with ctx->status when ctx->bios is empty' },
      { change: 'dm clones are counted and the context ends from the request (D8)', kernel: 'dm __split_and_process_bio: a copy bio split into n clones adds n - 1 to ctx->bio_count; the context completes from blk_mq_end_request of the copy request, a new completion point (blkdev_end_bios then ends every parked clone, whose originals complete through dm). Smaller but weaker: fail a dm split of a REQ_OP_COPY_* bio with BLK_STS_NOTSUPP' },
      { change: 'all parked bios on one disk, one destination (D9)', kernel: 'blkdev_translation_complete: BLK_STS_NOTSUPP unless every parked bio has the head\'s bi_bdev->bd_disk (not merely the same fops->owner; bi_bdev may stay a partition, BIO_REMAPPED) and there is one COPY_DST bio (max_copy_dst_segments = 1)' },
      { change: 'the parked sources within the bottom queue\'s source segment limit', kernel: 'blkdev_translation_complete: BLK_STS_NOTSUPP when the parked COPY_SRC bios, each cut at the per-range limit, need more than the head disk\'s max_copy_src_segments (MSRC + 1): dm clones a source crossing a target boundary into several parked bios after blkdev_copy_chunk sized the chunk at the top device' },
      { change: 'NVMe limits and descriptor format from Identify (D19)', kernel: 'nvme_config_copy: copy offload only if OCFS bit 0; max_copy_src_segments = MSRC + 1, per-range limit MSSRL, max_copy_hw_sectors = min(MCL, MSSRL × (MSRC + 1)); nvme_setup_copy_offload: DESFMT 0h with range[i].nsid left 0 (bytes 03:00 are reserved in format 0h), one Source Range entry per MSSRL piece' },
      { change: 'the copy opt-in is not inherited through stacking (D10)', kernel: '01/12: BLK_FEAT_STACKING_COPY_OFFL out of BLK_FEAT_INHERIT_MASK, so 10/12 dm_calculate_queue_limits zeroes a crypt or stripe target\'s copy limits even over a dm-linear device; each opting-in target sets the flag in its io_hints (11/12 linear_io_hints). The model\'s dmLinearOnly already stands for this in both designs: no model change (spec/designs/copy-ctx.md, review M3)' },
      { change: 'chunks within the copy limits and zone boundaries (D21)', kernel: 'blkdev_copy_chunk: chunk = what __bio_split_to_limits allows (max_copy_sectors, source segments counted after the per-range cut, chunk_sectors of the destination); zero-length segments refused with -EINVAL (D11)' },
      { change: 'destination halves are zone write plugged (D21)', kernel: 'blk_zone_plug_bio: REQ_OP_COPY_DST takes the REQ_OP_WRITE path (plugged per zone, wp_offset advanced by the copy)' },
    ],
  },
  submitCopy: refusingOverlap(submitCopyCtx),
  nvmeCopyLimits: nvmeConfigCopyFixed,
  nvmeSetupCopy: nvmeSetupCopyFixed,
  // blk_zone_plug_bio: REQ_OP_COPY_DST takes the write path (plugged per zone, wp_offset advanced).
  zonePlugCopies: true,
  declared: {},
};
