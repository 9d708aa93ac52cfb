// vectored-bio — Keith Busch, "[PATCH 0/5] block: another block copy offload" (linux-block,
// linux-nvme, 21 May 2025, 20250521223107.709131-1-kbusch@meta.com), as posted. One REQ_OP_COPY
// bio carries the destination in bi_iter and the sources in its bio_vec array (copy-bio.ts); the
// block layer splits it (split.ts) and merges it (merge.ts) to the copy limits; the NVMe driver
// makes one Copy per request, one Source Range entry per piece (nvme.ts); BLKCPY_VEC is the entry
// point and blkdev_copy_range its dispatcher (ioctl.ts), with the series' own chunked emulation
// (emulation.ts). Page: spec/designs/vectored-bio.md.

import type { QueueLimits } from '../../block/limits.js';
import { ERRNO } from '../../block/split.js';
import type { Design } from '../design.js';
import { neverFallBack } from '../building-blocks.js';
import type { VecRules } from './copy-bio.js';
import { vecEmulationNext } from './emulation.js';
import { vecSubmitCopy } from './ioctl.js';
import { vecPlugMerge } from './merge.js';
import { vecCopyLimits, vecSetupCopy } from './nvme.js';
import { bioSplitCopy } from './split.js';

/** What the posted series does (`posted`) and what +fix changes, one switch per kernel change. */
type VecFixes = VecRules & {
  readonly advanceDst: boolean;
  readonly remapSources: boolean;
  readonly zonePlug: boolean;
  readonly chunkBoundary: boolean;
  readonly srcBoundary: boolean;
  readonly capSegments: boolean;
};

const POSTED: VecFixes = { mergeFixed: false, clampToSize: false, advanceDst: false, remapSources: false, zonePlug: false, chunkBoundary: false, srcBoundary: false, capSegments: false };

/** The series' hooks under `f`. */
const vecHooks = (f: VecFixes): Omit<Design, 'name' | 'summary' | 'origin' | 'declared'> => {
  const cut = (lim: QueueLimits): number => (f.srcBoundary ? lim.copySrcBoundary : 0);
  return {
    submitCopy: vecSubmitCopy(f),
    nvmeCopyLimits: vecCopyLimits(f),
    // No dm patch: no target sets copy limits, blk_stack_limits knows none (no blk-settings.c hunk),
    // so every dm device has max_copy_sectors 0 and blkdev_copy_range emulates.
    dmCopyTarget: () => false,
    splitCopy: 'split',
    copyChunkBoundary: f.chunkBoundary,
    // blk_partition_remap moves bi_iter.bi_sector only; the series adds nothing for bv_sector (D5).
    partitionRemapsSources: f.remapSources,
    plugMergeCopy: vecPlugMerge(f, cut, f.chunkBoundary),
    // No blk-zoned.c hunk: blk_zone_plug_bio's default case passes REQ_OP_COPY through (D16).
    zonePlugCopies: f.zonePlug,
    combineAtFlush: false,
    nvmeSetupCopy: vecSetupCopy(f, cut, f.capSegments),
    // 2/5 submit_bio_noacct: `case REQ_OP_COPY: if (!bdev_copy_sectors(bdev)) goto not_supported;`;
    // blk_mq_submit_bio's bio_unaligned checks bi_sector and bi_size only (sources unchecked); a
    // zero bi_size passes (D9).
    checkCopyBio: (b, lim) => {
      const lbs = lim.logicalBlockSize / 512;
      if (lim.maxCopySectors === 0) return ERRNO.EOPNOTSUPP;
      return b.sector % lbs !== 0 || b.nr % lbs !== 0 ? ERRNO.EIO : null;
    },
    splitCopyBio: (b, lim, bugs) => bioSplitCopy(b, lim, f, cut(lim), bugs).map(({ nsegs: _n, ...piece }) => piece),
    // blkdev_copy_range: emulation only when the bdev has no copy limits, never after an error (D19).
    fallsBack: neverFallBack,
    emulationNext: vecEmulationNext(f.advanceDst),
    emulation: 'read-all-then-write',
  };
};

export const vectoredBio: Design = {
  name: 'vectored-bio',
  summary: 'one REQ_OP_COPY bio carries the destination and a bio_vec array of source ranges; split and merged to the copy limits like any bio (Keith Busch, May 2025, as posted)',
  origin: { kind: 'posted', series: '[PATCH 0/5] block: another block copy offload', author: 'Keith Busch', posted: '2025-05-21', ref: '20250521223107.709131-1-kbusch@meta.com' },
  ...vecHooks(POSTED),
  declared: {},
};

/** vectored-bio+fix: the posted series with only the changes the properties need (spec/designs/vectored-bio.md). */
export const vectoredBioFix: Design = {
  ...vectoredBio,
  name: 'vectored-bio+fix',
  summary: 'vectored-bio with the fixes its findings call for: source merge test, iterator clamped to bi_size, emulation advancing the destination, partition remap of sources, zone write plugging and chunk boundaries for copies',
  origin: { kind: 'fixed', of: 'vectored-bio', changes: [] },
  ...vecHooks({ ...POSTED, mergeFixed: true, clampToSize: true, advanceDst: true, remapSources: true, zonePlug: true, chunkBoundary: true, srcBoundary: true, capSegments: true }),
  declared: {},
};
