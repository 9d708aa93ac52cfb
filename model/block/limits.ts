// Queue limits that shape bios and requests (struct queue_limits, include/linux/blkdev.h), in
// 512-byte sectors, plus the copy limits the copy-offload series add (Bart Van Assche, "[PATCH
// 00/12] Block storage copy offloading", Apr 2026: max_copy_hw_sectors, max_copy_src_segments).

export type QueueLimits = {
  /** logical_block_size in bytes: every bio starts and ends on it (bio_split_alignment). */
  readonly logicalBlockSize: number;
  /** max_sectors: largest read/write request. */
  readonly maxSectors: number;
  /** BLK_FEAT_NOWAIT: the queue takes REQ_NOWAIT bios (submit_bio_noacct refuses them otherwise). */
  readonly nowait: boolean;
  /** chunk_sectors: no read/write crosses a multiple of it (= zone size when zoned); 0 = none. */
  readonly chunkSectors: number;
  /** A zoned block device (BLK_ZONED_HM): zone operations allowed, zone write plugging applies. */
  readonly zoned: boolean;
  /** Writable sectors of each zone (the zone capacity, disk->zone_capacity); 0 when not zoned. */
  readonly zoneCapSectors: number;
  /** Largest copy, in destination sectors; 0 = copy offload not supported by this queue. */
  readonly maxCopySectors: number;
  /** Most discontiguous source segments one copy request may carry (NVMe: MSRC+1). */
  readonly maxCopySrcSegments: number;
  /** Largest single source segment in sectors (NVMe: MSSRL blocks); longer sources take several. */
  readonly maxCopySegmentSectors: number;
  /**
   * A source segment may not cross a multiple of this (a zoned namespace without RAZB fails a
   * Source Range across a zone boundary, NVMCS 1.0 §3.2.2 / ZNS 1.1 §2.1.1.2.1.2); 0 = none.
   * No posted series sets this: spec/stack.md Z-COPY-SRC.
   */
  readonly copySrcBoundary: number;
};

/** The source segments one copy of `srcs` needs: each range cut at maxCopySegmentSectors and copySrcBoundary. */
export const copySegments = (srcs: readonly { sector: number; nr: number }[], lim: QueueLimits): { sector: number; nr: number }[] => {
  const out: { sector: number; nr: number }[] = [];
  for (const s of srcs) {
    for (let at = 0; at < s.nr; ) {
      const here = s.sector + at;
      const toBoundary = lim.copySrcBoundary ? lim.copySrcBoundary - (here % lim.copySrcBoundary) : Infinity;
      const n = Math.min(s.nr - at, lim.maxCopySegmentSectors || Infinity, toBoundary);
      out.push({ sector: here, nr: n });
      at += n;
    }
  }
  return out;
};

/** Limits of an NVMe namespace as the NVMe driver sets them (drivers/nvme/host/core.c nvme_update_disk_info / nvme_set_queue_limits). */
export const nvmeQueueLimits = (ns: {
  lbaBytes: number;
  mdts: number;
  copy?: { mssrl: number; mcl: number; msrc: number };
  zoned?: { zoneSize: number; zoneCap: number; crossRead: boolean };
}): QueueLimits => {
  const k = ns.lbaBytes / 512;
  // max_hw_sectors = MDTS in bytes >> 9; with MDTS 0 the driver uses its own cap (NVME_MAX_KB_SZ 8192 KiB, pci.c).
  // max_hw_sectors = min(NVME_MAX_KB_SZ 8192 KiB (pci.c), MDTS in CAP.MPSMIN pages, taken as 4 KiB);
  // max_sectors = min(max_hw_sectors, BLK_DEF_MAX_SECTORS_CAP 2560) rounded down to the logical
  // block size (block/blk-settings.c blk_validate_limits): reads and writes split at 1280 KiB.
  const maxHwSectors = Math.min(16384, ns.mdts === 0 ? 16384 : 8 << ns.mdts);
  const maxSectors = Math.floor(Math.min(maxHwSectors, 2560) / k) * k;
  return {
    logicalBlockSize: ns.lbaBytes,
    maxSectors,
    nowait: true, // NVMe sets BLK_FEAT_NOWAIT (blk-mq queues)
    chunkSectors: ns.zoned ? ns.zoned.zoneSize * k : 0,
    zoned: ns.zoned !== undefined,
    zoneCapSectors: ns.zoned ? ns.zoned.zoneCap * k : 0,
    // One NVMe Copy moves at most MCL blocks, each range at most MSSRL: the series' nvme patch sets
    // max_copy_hw_sectors from MCL and caps each segment by MSSRL; here a split piece is capped by
    // min(MCL, MSSRL × (MSRC+1)) and each source segment by MSSRL (see spec/stack.md).
    maxCopySectors: ns.copy ? Math.min(ns.copy.mcl, ns.copy.mssrl * (ns.copy.msrc + 1)) * k : 0,
    maxCopySrcSegments: ns.copy ? ns.copy.msrc + 1 : 0,
    maxCopySegmentSectors: ns.copy ? ns.copy.mssrl * k : 0,
    copySrcBoundary: ns.zoned && !ns.zoned.crossRead ? ns.zoned.zoneSize * k : 0,
  };
};

/**
 * Limits of a stacked device: the most restrictive of its components (block/blk-settings.c
 * blk_stack_limits). Copy limits stack only when every target opts in (dm-linear); a target that
 * does not (dm-crypt, dm-stripe, dm-error) zeroes them (the Apr 2026 series).
 */
export const stackLimits = (parts: readonly QueueLimits[], copyOptIn: boolean, nowaitTargets = true): QueueLimits => {
  const lbs = Math.max(...parts.map((p) => p.logicalBlockSize)) / 512;
  // Rounded down to the stacked logical block size, as blk_validate_limits rounds max_hw_sectors;
  // a copy limit that rounds to 0 turns copy offload off (copyspec's reading: spec/stack.md).
  const down = (n: number): number => Math.floor(n / lbs) * lbs;
  const copy = copyOptIn && parts.every((p) => down(p.maxCopySectors) > 0 && down(p.maxCopySegmentSectors) > 0);
  return {
    logicalBlockSize: lbs * 512,
    maxSectors: Math.min(...parts.map((p) => p.maxSectors)),
    // dm_table_supports_nowait: every target must set DM_TARGET_NOWAIT (linear and stripe do; crypt
    // and error do not) and every lower device must support REQ_NOWAIT.
    nowait: nowaitTargets && parts.every((p) => p.nowait),
    chunkSectors: 0,
    // dm-linear over one zoned device is zoned (dm_table_supports_zoned_model); copyspec keeps dm
    // devices conventional and lets zone write plugging act at the NVMe disk (see spec/stack.md).
    zoned: false,
    zoneCapSectors: 0,
    maxCopySectors: copy ? down(Math.min(...parts.map((p) => p.maxCopySectors))) : 0,
    maxCopySrcSegments: copy ? Math.min(...parts.map((p) => p.maxCopySrcSegments)) : 0,
    maxCopySegmentSectors: copy ? down(Math.min(...parts.map((p) => p.maxCopySegmentSectors))) : 0,
    // Boundaries of different devices do not stack into one number; dm devices are conventional here.
    copySrcBoundary: 0,
  };
};
