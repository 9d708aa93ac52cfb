// The NVMe host driver's part (drivers/nvme/host/core.c): a request becomes one NVMe command
// (nvme_setup_cmd: nvme_setup_rw, the copy series' nvme_setup_copy, zone management), and a
// completion's status becomes a block-layer status (nvme_error_status), retried unless DNR
// (nvme_decide_disposition, up to nvme_max_retries = 5).

import type { Bio } from '../block/bio.js';
import type { StackBug } from '../block/bugs.js';
import type { NvmeCommand } from '../device/nvme/command.js';
import type { NvmeNamespaceConfig } from '../device/nvme/config.js';
import type { NvmeCompletion } from '../device/nvme/status.js';

/** nvme_max_retries (core.c module parameter, default 5). */
export const NVME_MAX_RETRIES = 5;

/** Sectors to LBAs (nvme_sect_to_lba). */
const lba = (ns: NvmeNamespaceConfig, sector: number): number => sector / (ns.lbaBytes / 512);

/** The command for a bottom-level read, write or zone reset request (nvme_setup_rw, nvme_setup_zone_mgmt_send). */
export const nvmeSetupCmd = (ns: NvmeNamespaceConfig, bio: Bio): NvmeCommand => {
  const k = ns.lbaBytes / 512;
  switch (bio.op) {
    case 'read':
      return { cmd: 'read', slba: lba(ns, bio.sector), nlb: bio.nr / k - 1 };
    case 'write':
      return { cmd: 'write', slba: lba(ns, bio.sector), nlb: bio.nr / k - 1, data: bio.data };
    case 'zone-reset':
      return { cmd: 'zone-mgmt-send', action: 'reset', slba: lba(ns, bio.sector), all: false };
    case 'copy':
      // Copies are set up by the design's driver patch (model/designs/*, Design.nvmeSetupCopy).
      throw new Error('a copy request is set up by its design (Design.nvmeSetupCopy)');
  }
};

/** Kernel errno of a completion (nvme_error_status → blk_status_to_errno, block/blk-core.c blk_errors[]). */
export const nvmeErrno = (c: NvmeCompletion): number => {
  switch (c.status) {
    case 'SUCCESS':
      return 0;
    case 'LBA_OUT_OF_RANGE':
      return -121; // BLK_STS_TARGET → -EREMOTEIO
    case 'INVALID_OPCODE':
    case 'INVALID_FIELD':
    case 'INVALID_NS_OR_FORMAT':
      return -95; // BLK_STS_NOTSUPP → -EOPNOTSUPP
    case 'UNRECOVERED_READ_ERROR':
      return -61; // BLK_STS_MEDIUM → -ENODATA (NVME_SC_READ_ERROR; NVME_SC_READ_ONLY 182h too, not modelled)
    // NS_WRITE_PROTECTED (generic 20h) is not in nvme_error_status's list: BLK_STS_IOERR below.
    case 'TOO_MANY_ACTIVE_ZONES':
      return -75; // BLK_STS_ZONE_ACTIVE_RESOURCE → -EOVERFLOW
    case 'TOO_MANY_OPEN_ZONES':
      return -109; // BLK_STS_ZONE_OPEN_RESOURCE → -ETOOMANYREFS
    default:
      return -5; // BLK_STS_IOERR → -EIO
  }
};

/** Retry this completion? (nvme_decide_disposition: not on success, DNR, or retries used up.) */
export const nvmeShouldRetry = (c: NvmeCompletion, retries: number): boolean => c.status !== 'SUCCESS' && !c.dnr && retries < NVME_MAX_RETRIES;

/**
 * Errno of each request a failed Copy carried, in order, from CQE Dword 0 — the lowest-numbered
 * Source Range entry not copied (NVMCS 1.0 §3.2.2.1): a request whose entries all lie below it was
 * copied and succeeds; the others fail with `errno`. `entries[i]` counts request i's entries.
 */
export const attributeByDw0 = (entries: readonly number[], dw0: number, errno: number, bugs: readonly StackBug[] = []): number[] => {
  if (bugs.includes('combine-ignores-dw0')) return entries.map(() => 0);
  let end = 0;
  return entries.map((n) => ((end += n), end <= dw0 ? 0 : errno));
};
