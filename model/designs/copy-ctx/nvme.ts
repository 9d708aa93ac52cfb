// The NVMe driver patch (08/12): nvme_config_copy (limits) and nvme_setup_copy_offload (the Copy
// command from the request and the context's accessors, 05/12), as posted and as fixed.

import type { QueueLimits } from '../../block/limits.js';
import type { NvmeSourceRange } from '../../device/nvme/command.js';
import type { NvmeNamespaceConfig } from '../../device/nvme/config.js';
import type { D } from '../../stack/draft.js';
import type { Request } from '../../stack/state.js';
import type { Bio } from '../../block/bio.js';
import type { DriverSetup } from '../design.js';
import { identifyCopyLimits, noCopyLimits, nvmeCopyFormat0 } from '../building-blocks.js';
import { ctxOf } from './ctx.js';

/**
 * nvme_config_copy as posted: ONCS bit 8 clear → max_copy_hw_sectors = 0; else
 * max_copy_hw_sectors = MSSRL (a per-range limit used as the per-command total),
 * max_copy_src_segments = 256, max_copy_dst_segments = 1. MCL, MSRC and OCFS are not consulted.
 * The patch has no per-segment limit: maxCopySegmentSectors = the total, so nothing cuts a source.
 */
export const nvmeConfigCopyPosted = (ns: NvmeNamespaceConfig, lim: QueueLimits): QueueLimits => {
  if (!ns.copy) return noCopyLimits(ns, lim);
  const hw = ns.copy.mssrl * (ns.lbaBytes / 512);
  return { ...lim, maxCopySectors: hw, maxCopySrcSegments: 256, maxCopySegmentSectors: hw };
};

/** The fix: offload only when OCFS has format 0h; limits from MSRC+1, MSSRL per range and MCL. */
export const nvmeConfigCopyFixed = (ns: NvmeNamespaceConfig, lim: QueueLimits): QueueLimits =>
  ns.copy && ns.copy.formats.includes(0) ? identifyCopyLimits(ns, lim) : noCopyLimits(ns, lim);

/**
 * nvme_setup_copy_offload as posted. nr_range = blk_copy_bio_count(req, REQ_OP_COPY_SRC): when
 * rq->bio is a COPY_SRC bio its bi_next is NULL (blkdev_translation_complete), so the walk stops
 * at it (D5); dst = blk_first_copy_bio(req, REQ_OP_COPY_DST), the head or the first parked DST;
 * every LBA is taken in the request's namespace (`src_ns = ns;` with a TO DO comment, D9); DESFMT 2h;
 * NR = nr_range − 1 in a u8; NLB = (bytes >> lba_shift) − 1 in a u16.
 */
export const nvmeSetupCopyPosted = (d: D, ns: NvmeNamespaceConfig, _lim: QueueLimits, rqs: readonly Request[], _copy: Bio): DriverSetup => {
  const head = d.bios[rqs[0]!.bios[0]!]!;
  const c = ctxOf(d, head.copyCtx!.ctx);
  const parked = c.bios.map((id) => d.bios[id]!).filter((b) => b !== undefined);
  const role = head.copyCtx!.role;
  const srcs = role === 'src' ? [head] : parked.filter((b) => b.copyCtx!.role === 'src');
  const dst = role === 'dst' ? head : parked.find((b) => b.copyCtx!.role === 'dst');
  if (!dst) return { fail: -5, why: 'nvme_setup_copy_offload: WARN_ON_ONCE(!dst_bio) → BLK_STS_IOERR' };
  const k = ns.lbaBytes / 512;
  const ranges: NvmeSourceRange[] = srcs.map((s) => ({ slba: s.sector / k, nlb: (s.nr / k - 1) & 0xffff }));
  return { command: { cmd: 'copy', sdlba: dst.sector / k, desfmt: 2, nr: (srcs.length - 1) & 0xff, ranges } };
};

/** The fix: DESFMT 0h (single namespace, no Host Behavior Support CDFE needed), one entry per MSSRL piece. */
export const nvmeSetupCopyFixed = nvmeCopyFormat0;
