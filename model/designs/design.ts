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
import type { LiveBio, Request } from '../stack/state.js';

/** Where a design comes from: a posted series (as posted, or our fix of it), a proposal, a baseline. */
export type DesignOrigin =
  | { readonly kind: 'posted'; readonly series: string; readonly author: string; readonly posted: string; readonly ref: string }
  | { readonly kind: 'fixed'; readonly of: string; readonly changes: readonly { readonly change: string; readonly kernel: string }[] }
  | { readonly kind: 'proposal'; readonly what: string }
  | { readonly kind: 'baseline' };

/** A declared verdict other than `holds`, with the reason (from running the model: a counterexample is committed). */
export type Declared = { readonly verdict: 'refuted' | 'n/a'; readonly why: string };

/** What the driver makes of a request: one NVMe command, or a host-side failure before any is sent. */
export type DriverSetup = { readonly command: NvmeCommand } | { readonly fail: number; readonly why: string };

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

  /** __bio_split_to_limits on a copy bio larger than the limits: split it, or end it with BLK_STS_NOTSUPP. */
  readonly splitCopy: 'split' | 'notsupp';
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

  /** Declared verdicts other than `holds`, each tied to a committed counterexample. */
  readonly declared: Readonly<Record<string, Declared>>;
};
