// State of the composed host stack: one task submitting host operations through bio → dm →
// blk-mq (plug, tags, zone write plugging) → NVMe driver → NVMe namespaces, and completions back.
// Invariants (checked by properties/stack/structure.ts): every live bio is in exactly one stage;
// every request holds one tag of its device and sits in exactly one place: the plug list or one
// queued device command; tags in use = live requests.

import type { ExtentMap } from '../content/extent-map.js';
import type { Bio, SectorRange } from '../block/bio.js';
import type { StackBug } from '../block/bugs.js';
import type { QueueLimits } from '../block/limits.js';
import type { NvmeCommand, NvmeFault } from '../device/nvme/command.js';
import type { DeviceBug } from '../device/nvme/bugs.js';
import type { NvmeNamespaceConfig } from '../device/nvme/config.js';
import type { NvmeNamespace } from '../device/nvme/namespace.js';
import type { DmTable } from '../dm/table.js';
import type { Partition } from '../block/partition.js';
import type { DesignName } from './design.js';
import type { ScsiCommand } from '../device/scsi/command.js';
import type { ScsiLuConfig } from '../device/scsi/config.js';
import type { ScsiLu } from '../device/scsi/lu.js';
import type { ScsiBug } from '../device/scsi/bugs.js';
import type { DoneOps } from './done-ops.js';

/** A host operation, in 512-byte sectors of a named block device (what a filesystem's GC issues). */
export type HostOp =
  | { readonly op: 'read'; readonly bdev: string; readonly sector: number; readonly nr: number }
  | { readonly op: 'write'; readonly bdev: string; readonly sector: number; readonly nr: number }
  | { readonly op: 'copy'; readonly bdev: string; readonly dst: SectorRange; readonly src: readonly SectorRange[] }
  | { readonly op: 'zone-reset'; readonly bdev: string; readonly sector: number };

/** A fault the explorer may inject once, at a moment of its choosing. */
export type StackFault =
  | ({ readonly dev: string } & NvmeFault)
  /**
   * The disk's max_copy_sectors drops to 0 while copies are in flight (copy offload turned off): a
   * write of 0 to the series' sysfs copy_max_bytes (v20 queue_copy_max_store), or a namespace rescan
   * after the controller stops reporting Copy (nvme_update_ns_info → queue_limits_commit_update).
   * Bios already split keep their shape; stacked dm limits are not recomputed until the table is
   * reloaded (dm_calculate_queue_limits runs at load).
   */
  | { readonly dev: string; readonly fault: 'copy-limits-zero' };

export type StackConfig = {
  /** How copies travel (model/stack/design.ts). */
  readonly design: DesignName;
  readonly devices: readonly (NvmeNamespaceConfig & { readonly bugs: readonly DeviceBug[] })[];
  /** SCSI logical units (sd disks, model/driver/sd.ts; conventional only), beside the NVMe namespaces. */
  readonly scsi?: readonly (ScsiLuConfig & { readonly bugs: readonly ScsiBug[] })[];
  readonly dm: readonly DmTable[];
  /** Partitions of the NVMe disks (model/block/partition.ts); a dm target may sit on one. */
  readonly partitions: readonly Partition[];
  /** Tag set depth of each NVMe device (one hardware queue each: BLK_MQ_F_TAG_QUEUE_SHARED not modelled). */
  readonly tags: number;
  /** Submit the ops inside one blk_start_plug() … blk_finish_plug(). */
  readonly plug: boolean;
  /** REQ_NOWAIT on every bio: fail with -EAGAIN instead of sleeping for a tag. */
  readonly nowait: boolean;
  /**
   * sysfs queue/copy_max_bytes written on NVMe disks after the dm tables were loaded (v20 01/12
   * queue_copy_max_store): the disk's copy limit becomes min(hw, bytes); a dm device stacked on it
   * keeps the value it stacked (dm does not restack on a lower device's sysfs write).
   */
  readonly copyMaxBytes?: readonly { readonly dev: string; readonly bytes: number }[];
  /** sysfs queue/nomerges = 2 on every NVMe queue (QUEUE_FLAG_NOMERGES): no plug merge at all (blk_mq_attempt_bio_merge). */
  readonly nomerges?: boolean;
  readonly ops: readonly HostOp[];
  readonly faults: readonly StackFault[];
  readonly bugs: readonly StackBug[];
};

export type OpPhase = 'queued' | 'io' | 'offload' | 'emulate-read' | 'emulate-write' | 'done';

export type OpState = {
  readonly phase: OpPhase;
  /** 0 or the first negative errno of the current phase; final once `done`. */
  readonly errno: number;
  /** Top-level bios of the current phase not yet completed. */
  readonly outstanding: number;
  /** Read data, per slot (a read: one; a copy's emulation: one per source range). */
  readonly buffers: readonly ExtentMap[];
  /** The copy fell back to read + write emulation. */
  readonly emulated: boolean;
  /** How many times this op completed (exactly once is CMPL-01). */
  readonly completions: number;
  /** token designs: the copy loop this op's caller runs, one bio at a time (model/designs/token/). */
  readonly tokenCopy?: TokenCopy;
  /** A design's own emulation (Design.emulationNext): the source and the offset in it of the chunk in flight. */
  readonly cursor?: { readonly src: number; readonly off: number };
};

/**
 * A token page (one page, not zeroed: alloc_page in blkdev_issue_copy): what a driver wrote into it
 * (nvme_setup_read_token: magic "nvme", namespace, source sector and length after every remap), or
 * the garbage the page allocator left there.
 */
export type TokenPage =
  | { readonly magic: 'garbage' }
  | { readonly magic: 'nvme'; readonly ns: string; readonly sector: number; readonly nr: number }
  /** The token design's SCSI transport (model/designs/token/scsi.ts): the ROD token RECEIVE ROD TOKEN INFORMATION returned, from LU `lu`, representing `nr` sectors. */
  | { readonly magic: 'scsi'; readonly lu: string; readonly token: number; readonly nr: number };

/** Where a token copy's caller is: one BLKCOPY per source range, each a chunk loop of READ_TOKEN then WRITE_TOKEN. */
export type TokenCopy = {
  /** The source range (BLKCOPY call) in progress, and sectors of it already copied (*copied). */
  readonly range: number;
  readonly done: number;
  /** Sectors of the chunk in flight (this_step) and which of its bios is in flight. */
  readonly step: number;
  readonly half: 'read' | 'write';
  /** The token page: one per blkdev_issue_copy call, reused by every chunk. */
  readonly page: TokenPage;
};

/**
 * Where a bio is: `map` waits for submit_bio to map it (dm remap, or split at the bottom);
 * `parent` waits for its children (bio_chain); `queue` is a bottom piece about to be merged,
 * zone-plugged or given a request; `zone-plugged` sits in a zone write plug's list; `wait-tag`
 * needs a tag; `in-rq` belongs to a request; `lost` was dropped by the block layer without
 * bio_endio (v20 bio_split_copy: Design.splitCopy 'drop') and never completes; `parked` waits in a
 * copy context's list (copy-ctx: submit_bio_noacct parks REQ_OP_COPY_* bios at the bottom device
 * until translation completes).
 */
export type BioStage = 'map' | 'parent' | 'queue' | 'zone-plugged' | 'wait-tag' | 'in-rq' | 'lost' | 'parked';

export type LiveBio = Bio & {
  readonly opIndex: number;
  readonly slot: number;
  /** Offset of this bio's first sector in its op's slot buffer (reads). */
  readonly at: number;
  readonly parent: number | null;
  readonly children: number;
  readonly errno: number;
  readonly stage: BioStage;
  /** A tag-allocation failure was injected for this bio (at most once per bio). */
  readonly allocFailed: boolean;
  /** The task already slept (flushing its plug) waiting for a tag for this bio. */
  readonly slept: boolean;
  /** Zone write plugging owns this bio (BIO_ZONE_WRITE_PLUGGING): its completion unplugs the zone. */
  readonly zonePlugged: boolean;
  /** Resubmitted by the zone write plug's bio work (a kworker: no task plug, never flushes it). */
  readonly fromWork: boolean;
};

/** A blk-mq request: bios merged back to back, one tag, one device. */
export type Request = {
  readonly id: number;
  readonly dev: string;
  readonly op: Bio['op'];
  readonly sector: number;
  readonly nr: number;
  readonly srcs: readonly SectorRange[];
  readonly bios: readonly number[];
  /** two-bio: the half this request was formed from, and whether its other half merged into it. */
  readonly half?: 'dst' | 'src';
  readonly pair?: string;
  readonly paired?: boolean;
};

/** A command in a device's submission queue, for one or more requests (the driver may combine). */
export type QueuedCommand = { readonly id: number; readonly dev: string; readonly rqs: readonly number[]; readonly command: NvmeCommand | ScsiCommand; readonly retries: number };

/** A zone write plug (block/blk-zoned.c struct blk_zone_wplug), wp_offset in 512-byte sectors. */
export type ZoneWritePlug = {
  readonly wpOffset: number;
  /** BLK_ZONE_WPLUG_PLUGGED: a write is in flight; later writes wait in `queue`. */
  readonly plugged: boolean;
  /** BLK_ZONE_WPLUG_NEED_WP_UPDATE: a write failed; writes fail until a reset. */
  readonly needWpUpdate: boolean;
  readonly queue: readonly number[];
};

/**
 * copy-ctx (Apr 2026 series, 02/12 + 03/12): struct bio_copy_offload_ctx, one per chunk. `bios` is
 * the parked list (ctx->bios, in parking order), `head` the bio blkdev_translation_complete popped.
 */
export type CopyOffloadCtx = {
  readonly op: number;
  readonly phase: 'translate' | 'copy' | 'done';
  /** ctx->bio_count (a u32 in the patch): bios whose translation has not finished, plus the submitter's guard. */
  readonly bioCount: number;
  /** ctx->status: 0 or the first negative errno recorded. */
  readonly status: number;
  readonly bios: readonly number[];
  readonly head: number | null;
};

/** copy-ctx: struct blk_copy_params' completion state (copy_ctx_count, status), per host op. */
export type CopyParams = { readonly count: number; readonly status: number };

export type StackEvent =
  | { readonly event: 'device-cmd'; readonly cid: number; readonly dev: string; readonly command: NvmeCommand; readonly retry: number; /** Host ops whose bios the command carries. */ readonly ops: readonly number[]; /** Requests it carries (> 1: combined by the driver). */ readonly requests: number }
  | { readonly event: 'device-done'; readonly cid: number; readonly dev: string; readonly cmd: string; readonly status: string; readonly dnr: boolean; readonly dw0: number }
  | { readonly event: 'plug-flush'; readonly reason: 'finish' | 'schedule' | 'limit'; readonly requests: number; readonly via: 'queue_rqs' | 'queue_rq' }
  | { readonly event: 'fallback'; readonly op: number; readonly errno: number }
  /** No tag for `bio`: a REQ_NOWAIT bio fails, otherwise its submitter sleeps (`flushed`: the plug went first). */
  | { readonly event: 'tag-wait'; readonly bio: number; readonly dev: string; readonly nowait: boolean; readonly flushed: boolean; /** Requests in the task's plug at that moment. */ readonly plugged: number }
  | { readonly event: 'inject'; readonly dev: string; readonly fault: string }
  /** The host failed a request without sending it (two-bio: a copy half whose other half did not merge). */
  | { readonly event: 'host-fail'; readonly dev: string; readonly rq: number; readonly errno: number; readonly why: string }
  | { readonly event: 'done'; readonly op: number; readonly status: number }
  /** copy-ctx: a step of a copy context (parking, translation complete, completion), named by the patch function. */
  | { readonly event: 'copy-ctx'; readonly op: number; readonly ctx: number; readonly what: string }
  /** sd (model/driver/sd.ts): a SCSI command sent to a LU, for one or more requests. */
  | { readonly event: 'scsi-cmd'; readonly cid: number; readonly dev: string; readonly command: ScsiCommand; readonly retry: number; readonly ops: readonly number[]; readonly requests: number }
  /** Its completion: status, sense (key and ASC/ASCQ as text) and the errno scsi_io_completion made of it. */
  | { readonly event: 'scsi-done'; readonly cid: number; readonly dev: string; readonly cmd: string; readonly status: 'GOOD' | 'CHECK CONDITION'; readonly sense?: string; readonly errno: number; /** The errno each request it carried ended with (absent: retried, or the design sent its next command). */ readonly ended?: readonly number[] };

export type StackState = {
  readonly cfg: StackConfig;
  readonly ns: Readonly<Record<string, NvmeNamespace>>;
  /** SCSI logical units by name (present when the config has SCSI devices). */
  readonly lus?: Readonly<Record<string, ScsiLu>>;
  readonly limits: Readonly<Record<string, QueueLimits>>;
  /**
   * Host ops submitted and not done, by op index: the few records a step touches. Done ops are in
   * `doneOps`, ops not yet submitted nowhere (model/stack/ops.ts: opAt, opsOf, opOf).
   */
  readonly liveOps: Readonly<Record<number, OpState>>;
  /** Done ops' records, in a persistent trie immer never drafts (model/stack/done-ops.ts). */
  readonly doneOps: DoneOps;
  /** Index of the next host op the task submits. */
  readonly nextOp: number;
  /** blk_start_plug() is in effect (current->plug). */
  readonly plugged: boolean;
  /** The plug was started for one copy op (two-bio's blkdev_copy_offload plugs each pair itself). */
  readonly localPlug: boolean;
  /** A design's entry point loop still to run after its local plug finishes (v20: op `op`, chunk `next`). */
  readonly copyLoop?: { readonly op: number; readonly next: number; /** max_copy_sectors read at entry (v20 blkdev_copy_offload's max_copy_bytes). */ readonly maxCopySectors?: number };
  /** The plug's request list (plug->mq_list), oldest first. */
  readonly plugList: readonly number[];
  /** plug->multiple_queues: requests for more than one queue were plugged since the last flush. */
  readonly multipleQueues: boolean;
  readonly bios: Readonly<Record<number, LiveBio>>;
  readonly rqs: Readonly<Record<number, Request>>;
  readonly tagsUsed: Readonly<Record<string, number>>;
  /** Zone write plugs by `dev:zone`. */
  readonly zwplugs: Readonly<Record<string, ZoneWritePlug>>;
  readonly sq: readonly QueuedCommand[];
  readonly injected: readonly boolean[];
  readonly nextId: number;
  /** copy-ctx only: copy contexts by id, and each copy op's blk_copy_params state (absent for other designs). */
  readonly copyCtxs?: Readonly<Record<number, CopyOffloadCtx>>;
  readonly copyParams?: Readonly<Record<number, CopyParams>>;
  /**
   * What the step that made this state did (empty at init). The reducers only push onto it; the
   * history is not kept here but in the runner's append-only log (model/scenario/run-stack.ts
   * StackRun.events), so a step costs the same at the ten-thousandth op as at the first. Read a
   * step's events with stepEvents().
   */
  readonly events: EventSink;
};

/** A step's events as the reducers see them: a list to push onto (reading the history is the runner's job). */
export type EventSink = { push(...events: StackEvent[]): number };

/** The events of the step that made `s`, in order. */
export const stepEvents = (s: Pick<StackState, 'events'>): readonly StackEvent[] => s.events as unknown as readonly StackEvent[];

export type StackAction =
  | { readonly kind: 'submit' }
  | { readonly kind: 'finish-plug' }
  | { readonly kind: 'map'; readonly bio: number }
  | { readonly kind: 'alloc'; readonly bio: number }
  | { readonly kind: 'tag-fail'; readonly bio: number }
  | { readonly kind: 'exec'; readonly cmd: number }
  | { readonly kind: 'inject'; readonly fault: number };
