// Copy limits of the two-bio series (v20 01/12 and 07/12) on an NVMe namespace.

import type { QueueLimits } from '../../block/limits.js';
import type { NvmeNamespaceConfig } from '../../device/nvme/config.js';

/**
 * v20 07/12 nvme_config_copy: `if (ctrl->oncs & NVME_CTRL_ONCS_COPY) lim->max_copy_hw_sectors =
 * nvme_lba_to_sect(ns->head, id->mssrl)`; MCL and MSRC are declared in nvme_id_ns but never read.
 * 01/12 blk_validate_limits: max_copy_sectors = min(max_copy_hw_sectors, max_user_copy_sectors =
 * UINT_MAX). A copy carries one source (BLK_COPY_MAX_SEGMENTS = 2 bios: DST + SRC), and v20 knows
 * no source zone boundary. nvme_config_copy runs for ZNS namespaces too (before nvme_update_zone_info).
 */
export const v20NvmeCopyLimits = (ns: NvmeNamespaceConfig, lim: QueueLimits): QueueLimits => {
  if (!ns.copy) return lim;
  const sectors = ns.copy.mssrl * (ns.lbaBytes / 512);
  return { ...lim, maxCopySectors: sectors, maxCopySegmentSectors: sectors, maxCopySrcSegments: 1, copySrcBoundary: 0 };
};

/**
 * two-bio+fix: nvme_config_copy takes min(MSSRL, MCL) (one Source Range entry, NR = 0, so MSRC does
 * not bind) and leaves copy off on a zoned namespace (max_copy_hw_sectors = 0 for NVME_CSI_ZNS),
 * since v20 neither zone-aligns nor serializes the chunks of a copy.
 */
export const fixedNvmeCopyLimits = (ns: NvmeNamespaceConfig, lim: QueueLimits): QueueLimits => {
  if (!ns.copy || ns.zoned) return { ...lim, maxCopySectors: 0, maxCopySegmentSectors: 0, maxCopySrcSegments: 0 };
  const sectors = Math.min(ns.copy.mssrl, ns.copy.mcl) * (ns.lbaBytes / 512);
  return { ...lim, maxCopySectors: sectors, maxCopySegmentSectors: sectors, maxCopySrcSegments: 1, copySrcBoundary: 0 };
};
