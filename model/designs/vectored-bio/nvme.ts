// The NVMe host driver part of "[PATCH 3/5] nvme: add support for copy offload"
// (20250521223107.709131-4-kbusch@meta.com, drivers/nvme/host/core.c).

import type { QueueLimits } from '../../block/limits.js';
import type { NvmeSourceRange } from '../../device/nvme/command.js';
import type { NvmeNamespaceConfig } from '../../device/nvme/config.js';
import type { D } from '../../stack/draft.js';
import type { Request } from '../../stack/state.js';
import type { DriverSetup } from '../design.js';
import { copyWalk, type VecRules } from './copy-bio.js';
import { copyBioSegments } from './split.js';

/** NVME_COPY_MAX_RANGES (3/5 include/linux/nvme.h): the Source Range array kzalloc'd per command, 4096 bytes. */
export const NVME_COPY_MAX_RANGES = 128;

/**
 * nvme_update_disk_info (3/5), when ONCS bit 8 (NVMCPYS) and MSSRL, MCL ≠ 0:
 * max_copy_segment_sectors = bs·MSSRL >> 9, max_copy_sectors = bs·MCL >> 9 (u32 products: D10
 * wraps only at MCL·bs ≥ 4 GiB, beyond copyspec's namespaces), max_copy_segments = MSRC + 1, not
 * capped at NVME_COPY_MAX_RANGES (D7) unless `capSegments` (+fix). No source zone boundary
 * (copySrcBoundary 0) unless `srcBoundary` (+fix). No copy support: all 0 (limits start zeroed).
 */
export const vecCopyLimits =
  (fix: { capSegments: boolean; srcBoundary: boolean }) =>
  (ns: NvmeNamespaceConfig, lim: QueueLimits): QueueLimits => {
    const k = ns.lbaBytes / 512;
    if (!ns.copy) return { ...lim, maxCopySectors: 0, maxCopySegmentSectors: 0, maxCopySrcSegments: 0, copySrcBoundary: 0 };
    return {
      ...lim,
      maxCopySectors: ns.copy.mcl * k,
      maxCopySegmentSectors: ns.copy.mssrl * k,
      maxCopySrcSegments: fix.capSegments ? Math.min(ns.copy.msrc + 1, NVME_COPY_MAX_RANGES) : ns.copy.msrc + 1,
      copySrcBoundary: fix.srcBoundary ? lim.copySrcBoundary : 0,
    };
  };

/**
 * nvme_setup_copy (3/5) for a request: WARN and BLK_STS_IOERR when blk_rq_nr_phys_segments(req) >=
 * NVME_COPY_MAX_RANGES (`>=`: exactly 128 fails too; D7 when MSRC+1 ≥ 128; `guardFixed`: `>`); then
 * rq_for_each_copy_bvec — every bio of the request, each walked with its own iterator, pieces capped
 * at max_copy_segment_sectors — one format-0 Source Range entry per piece: SLBA = piece start, NLB =
 * LBAs − 1 as __le16 (a 0-sector piece gives 0xFFFF, 65536 blocks: D4); no bound on `i` (D8). NR =
 * (u8)(i − 1) (i = 0 → 255: D9; entries past the array read as the zeroed payload). SDLBA =
 * blk_rq_pos(req). A walk that leaves the bio vector (D2: bi_size wrapped) or an entry past
 * range[127] (a 4096-byte kzalloc) writes memory the model cannot follow: it throws, and the
 * checker reports MODEL-02 (spec/designs/vectored-bio.md).
 */
export const vecSetupCopy =
  (rules: VecRules, cut: (lim: QueueLimits) => number, guardFixed: boolean) =>
  (d: D, ns: NvmeNamespaceConfig, lim: QueueLimits, rqs: readonly Request[], copy: { readonly sector: number }): DriverSetup => {
    const k = ns.lbaBytes / 512;
    const rq = rqs[0]!;
    const bios = rq.bios.map((id) => d.bios[id]!);
    const segs = bios.reduce((n, b) => n + copyBioSegments(b, lim, rules, cut(lim)), 0);
    // +fix: `>` (Caleb Sander Mateos's review of 3/5), with max_copy_segments capped at 128.
    if (guardFixed ? segs > NVME_COPY_MAX_RANGES : segs >= NVME_COPY_MAX_RANGES) return { fail: -5, why: `nvme_setup_copy: ${segs} physical segments >= NVME_COPY_MAX_RANGES (WARN_ON_ONCE, BLK_STS_IOERR)` };
    const ranges: NvmeSourceRange[] = [];
    for (const b of bios) {
      const w = copyWalk(b.srcs, b.nr, lim.maxCopySegmentSectors, rules, cut(lim));
      for (const p of w.pieces) ranges.push({ slba: p.sector / k, nlb: (p.nr / k - 1) & 0xffff });
      if (w.overran) throw new Error(`nvme_setup_copy: the copy walk of bio ${b.id} (bi_size ${b.nr} sectors) ran past its last piece; bi_size wrapped and the loop reads past bi_io_vec (D2)`);
    }
    if (ranges.length > NVME_COPY_MAX_RANGES) throw new Error(`nvme_setup_copy: ${ranges.length} Source Range entries written into a ${NVME_COPY_MAX_RANGES}-entry array (D8)`);
    return { command: { cmd: 'copy', sdlba: copy.sector / k, desfmt: 0, nr: (ranges.length - 1) & 0xff, ranges } };
  };
