// A copy design is a module over the shared layers (DESIGN.md §3): what its series changes — the
// entry point, the shape of its bios, what split, plug merge, dm, partitions and zone write plugging
// do to them, the driver's command setup and limits, and its own fallback — each a named hook the
// shared layers call. The shared layers carry no design's special case; a design's page in
// spec/designs/ cites the patch and function every hook follows.

import type { QueueLimits } from '../block/limits.js';
import type { Bio } from '../block/bio.js';
import type { StackBug } from '../block/bugs.js';
import type { NvmeCommand } from '../device/nvme/command.js';
import type { NvmeNamespaceConfig } from '../device/nvme/config.js';
import type { DmTarget } from '../dm/table.js';
import type { D } from '../stack/draft.js';
import type { LiveBio, QueuedCommand, Request } from '../stack/state.js';
import type { ScsiCommand } from '../device/scsi/command.js';
import type { ScsiLuConfig } from '../device/scsi/config.js';
import type { ScsiResult } from '../device/scsi/execute.js';
import type { ScsiDriverSetup } from '../driver/sd.js';

/** Where a design comes from: a posted series (as posted, or our fix of it), a proposal, a baseline. */
export type DesignOrigin =
  | { readonly kind: 'posted'; readonly series: string; readonly author: string; readonly posted: string; readonly ref: string }
  | { readonly kind: 'fixed'; readonly of: string; readonly changes: readonly { readonly change: string; readonly kernel: string }[] }
  | { readonly kind: 'proposal'; readonly what: string }
  | { readonly kind: 'baseline' };

/** A declared verdict other than `holds`, with the reason (from running the model: a counterexample is committed). */
export type Declared = { readonly verdict: 'refuted' | 'n/a'; readonly why: string };

/**
 * What the driver makes of a request: one NVMe command, a host-side failure before any is sent, or
 * (`end`) the request ended by the driver itself with that errno, no command sent (blk_mq_end_request
 * in queue_rq: the token design's READ_TOKEN).
 */
export type DriverSetup = { readonly command: NvmeCommand } | { readonly fail: number; readonly why: string } | { readonly end: number; readonly why: string };

export type Design = {
  readonly name: string;
  readonly summary: string;
  readonly origin: DesignOrigin;

  /**
   * The entry point for host copy op `i` (an ioctl or blkdev_* call as posted): validate, then add
   * its top-level bios (op.outstanding set), or start the fallback, or end the op.
   */
  readonly submitCopy: (d: D, i: number) => void;

  /** Copy limits the driver sets for an NVMe namespace (nvme_config_copy as posted), from the generic ones. */
  readonly nvmeCopyLimits: (ns: NvmeNamespaceConfig, lim: QueueLimits) => QueueLimits;

  /** dm: does this target pass copy bios on (DM_TARGET_* copy opt-in as posted)? */
  readonly dmCopyTarget: (t: DmTarget) => boolean;

  /**
   * __bio_split_to_limits on a copy bio larger than the limits: split it, end it with
   * BLK_STS_NOTSUPP, 'drop' it: return NULL without bio_endio, so it never completes (v20
   * bio_split_copy's ERR_PTR path), or (`never`: blk_may_split false) pass it on whole, whatever its size.
   */
  readonly splitCopy: 'split' | 'notsupp' | 'drop' | 'never';
  /**
   * dm: a copy bio that crosses a target boundary (max_io_len < its sectors) is split and remapped
   * piece by piece (absent: today's behaviour) or failed with BLK_STS_IOERR ('ioerr': v20
   * __split_and_process_bio).
   */
  readonly dmCopyCrossing?: 'ioerr';
  /** Does the copy split (or the merge check) stop at chunk_sectors (zone) boundaries? 6.12's blk_rq_get_max_sectors does not for copies. */
  readonly copyChunkBoundary: boolean;

  /** blk_partition_remap of a copy bio: the destination always moves by the partition start; do the sources? */
  readonly partitionRemapsSources: boolean;

  /**
   * Plug merge of copy bio `b` into the newest plugged request `rq`: 'merge' (back merge within
   * the limits), 'pair' (the two-bio SRC half joining its DST request), or 'no'.
   */
  readonly plugMergeCopy: (d: D, rq: Request, b: LiveBio) => 'merge' | 'pair' | 'no';

  /** Does zone write plugging take copies to a zoned disk like writes? 6.12's blk_zone_plug_bio passes REQ_OP_COPY* through (default case). */
  readonly zonePlugCopies: boolean;

  /** The driver's batch callback (queue_rqs) combines consecutive plugged copy requests into one command. */
  readonly combineAtFlush: boolean;

  /** The driver's setup of a copy request (nvme_setup_copy as posted). `rqs` holds one request unless combined. */
  readonly nvmeSetupCopy: (d: D, ns: NvmeNamespaceConfig, lim: QueueLimits, rqs: readonly Request[], copy: Bio) => DriverSetup;

  /**
   * blk_finish_plug of a plug the design's entry point started (StackState.localPlug) has flushed:
   * the entry point's loop may go on, e.g. with the next chunk under a new plug (v20
   * blkdev_copy_offload). Absent: nothing follows.
   */
  readonly afterLocalPlug?: (d: D) => void;

  /** The offload phase of copy op `i` ended with `errno`: does the design fall back to read + write here? */
  readonly fallsBack: (errno: number) => boolean;
  /**
   * Optional: the design's own checks of a copy bio at its NVMe disk (submit_bio_noacct,
   * blk_mq_submit_bio) → an errno, or null. Absent: checkBio (model/block/split.ts).
   */
  readonly checkCopyBio?: (bio: Bio, lim: QueueLimits) => number | null;
  /**
   * Optional: the design's own __bio_split_to_limits for a copy bio (its bio_split_copy), the pieces
   * in order. Absent: splitToLimits (model/block/split.ts).
   */
  readonly splitCopyBio?: (bio: Bio, lim: QueueLimits, bugs: readonly StackBug[]) => Omit<Bio, 'id'>[];
  /**
   * Optional: the design's own read + write emulation, one bio at a time — after the op's last bio
   * completed without error (or at the start), submit the next and return true, or return false when
   * the copy is done. Absent: every source read, then the destination written (startEmulation).
   */
  readonly emulationNext?: (d: D, i: number) => boolean;

  /** How the fallback moves data: all sources read before the destination is written, or chunk by chunk. */
  readonly emulation: 'read-all-then-write' | 'chunk-by-chunk';

  /**
   * Optional: the design's own handling of a copy bio in submit_bio_noacct. `at` 'submit' is the
   * entry (before the REQ_NOWAIT, bio_check_eod and blk_partition_remap checks), 'switch' the op
   * switch after them. Returns true when it handled the bio. Absent: the shared path.
   */
  readonly copyNoacct?: (d: D, id: number, at: 'submit' | 'switch') => boolean;
  /**
   * Optional: the design's bi_end_io for copy bio `b` (already removed from the live bios), ending
   * with `errno`. Returns true when it handled the completion (no bio_chain / op accounting).
   */
  readonly copyEndio?: (d: D, b: LiveBio, errno: number) => boolean;
  /**
   * Optional: the design drives its offload phase one bio at a time (the token design's
   * blkdev_issue_copy chunk loop). Called when the phase has no bio left: submit the next bio(s) and
   * return true, or return false to let the phase end with `op.errno` (fallback or completion).
   * Absent: the phase ends when its bios complete.
   */
  readonly nextCopyBio?: (d: D, i: number) => boolean;
  /**
   * Optional: the copy runs synchronously in the submitting task (wait_for_completion in
   * blkdev_issue_copy, an ioctl caller): the task submits nothing else until the copy op is done,
   * and sleeping flushes its plug (schedule → sched_submit_work → blk_flush_plug). Absent: false.
   */
  readonly waitsForCopy?: boolean;

  /**
   * Optional, SCSI (model/driver/sd.ts): the copy limits sd sets for a LU under this design. Absent:
   * sdXcopyLimits (EXTENDED COPY from the operating parameters).
   */
  readonly scsiCopyLimits?: (lu: ScsiLuConfig, lim: QueueLimits, bugs: readonly StackBug[]) => QueueLimits;
  /** Optional, SCSI: sd's setup of a copy request under this design. Absent: sdSetupXcopy (EXTENDED COPY(LID1)). */
  readonly scsiSetupCopy?: (d: D, lu: ScsiLuConfig, lim: QueueLimits, rqs: readonly Request[]) => ScsiDriverSetup;
  /**
   * Optional, SCSI: a command of a copy request completed GOOD — the next command for the same
   * requests, or an errno to end them with, or undefined to end them with success (the token
   * design's POPULATE TOKEN → RECEIVE ROD TOKEN INFORMATION).
   */
  readonly scsiCopyDone?: (d: D, q: QueuedCommand, res: ScsiResult) => ScsiCommand | number | undefined;

  /** Declared verdicts other than `holds`, each tied to a committed counterexample. */
  readonly declared: Readonly<Record<string, Declared>>;
};
