// Hooks more than one design uses, each the kernel behaviour it names. A design module picks from
// these or brings its own; nothing here is a design's special case.

import type { Bio } from '../block/bio.js';
import { copySegments, type QueueLimits } from '../block/limits.js';
import { ERRNO } from '../block/split.js';
import type { NvmeSourceRange } from '../device/nvme/command.js';
import type { NvmeNamespaceConfig } from '../device/nvme/config.js';
import type { DmTarget } from '../dm/table.js';
import { canBackMerge } from '../blk-mq/request.js';
import { finishOp, startEmulation } from '../stack/complete.js';
import { addBio, type D } from '../stack/draft.js';
import type { LiveBio, Request } from '../stack/state.js';
import type { DriverSetup } from './design.js';
import { opOf } from '../stack/ops.js';

/** The host copy op `i`, checked to be a copy. */
export const hostCopy = (d: D, i: number): Extract<D['cfg']['ops'][number], { op: 'copy' }> => {
  const host = d.cfg.ops[i]!;
  if (host.op !== 'copy') throw new Error(`op ${i} is not a copy`);
  return host;
};

/** A copy bio for op `i` before it gets an id: destination `sector`+`nr`, sources `srcs`. */
export const copyBio = (d: D, i: number, sector: number, nr: number, srcs: Bio['srcs']): Omit<Bio, 'id'> => ({
  op: 'copy',
  bdev: hostCopy(d, i).bdev,
  sector,
  nr,
  srcs,
  data: [],
  nowait: d.cfg.nowait,
  decrypt: [],
});

/** Submit `bios` as the top-level bios of copy op `i` (the offload phase). */
export const submitCopyBios = (d: D, i: number, bios: readonly Omit<Bio, 'id'>[]): void => {
  const op = opOf(d, i);
  op.phase = 'offload';
  op.outstanding = bios.length;
  for (const b of bios) addBio(d, b, { opIndex: i, slot: 0, at: 0, parent: null });
};

/** Does any source range of copy op `i` overlap its destination? */
export const overlapsDestination = (d: D, i: number): boolean => {
  const { dst, src } = hostCopy(d, i);
  return src.some((s) => s.sector < dst.sector + dst.nr && dst.sector < s.sector + s.nr);
};

/**
 * The entry point `submit`, refusing a copy whose sources overlap its destination with -EINVAL
 * first, as copy_file_range does within one file (fs/read_write.c generic_copy_file_checks:
 * "Don't allow overlapped copying within the same file"): a split or per-range copy would read
 * sources its own earlier pieces overwrote (spec/stack.md OPEN-OVERLAP).
 */
export const refusingOverlap =
  (submit: (d: D, i: number) => void) =>
  (d: D, i: number): void =>
    overlapsDestination(d, i) ? finishOp(d, i, ERRNO.EINVAL) : submit(d, i);

/** No offload at all: the copy is read + write from the start. */
export const submitByEmulation = (d: D, i: number): void => startEmulation(d, i);

/** The copy limits as the generic NVMe setup derives them from MSSRL, MCL and MSRC (model/block/limits.ts). */
export const identifyCopyLimits = (_ns: NvmeNamespaceConfig, lim: QueueLimits): QueueLimits => lim;

/** No copy limits at all (max_copy_sectors = 0): every copy is refused with -EOPNOTSUPP. */
export const noCopyLimits = (_ns: NvmeNamespaceConfig, lim: QueueLimits): QueueLimits => ({ ...lim, maxCopySectors: 0, maxCopySrcSegments: 0, maxCopySegmentSectors: 0 });

/** Only dm-linear opts in to copy offload. */
export const dmLinearOnly = (t: DmTarget): boolean => t.type === 'linear';

/** Copy bios never merge in the plug (REQ_NOMERGE). */
export const noCopyMerge = (): 'no' => 'no';

/** A copy bio back-merges like any bio, within the copy limits (bio_attempt_back_merge). */
export const backMergeCopy = (d: D, rq: Request, b: LiveBio): 'merge' | 'no' => (canBackMerge(d, rq, b) ? 'merge' : 'no');

/**
 * A copy request as one NVMe Copy, descriptor format 0h: its sources as Source Range entries, each
 * at most MSSRL blocks and within one zone (copySegments), NR 0's based (NVMCS 1.0 §3.2.2).
 */
export const nvmeCopyFormat0 = (_d: D, ns: NvmeNamespaceConfig, lim: QueueLimits, _rqs: readonly Request[], copy: Bio): DriverSetup => {
  const k = ns.lbaBytes / 512;
  const ranges: NvmeSourceRange[] = copySegments(copy.srcs, lim).map((s) => ({ slba: s.sector / k, nlb: s.nr / k - 1 }));
  return { command: { cmd: 'copy', sdlba: copy.sector / k, desfmt: 0, nr: ranges.length - 1, ranges } };
};

/** Fall back to read + write when the offload is not supported on this path (-EOPNOTSUPP). */
export const fallBackOnNotsupp = (errno: number): boolean => errno === ERRNO.EOPNOTSUPP;

/** Never fall back: the error goes to the caller. */
export const neverFallBack = (): boolean => false;
