// The token design's NVMe driver, as posted in "[RFC PATCH 2/3] nvme: add copy offload support"
// (Mikulas Patocka, 1 Feb 2022, MID alpine.LRH.2.02.2202011332330.22481): the copy limit
// (nvme_init_non_mdts_limits, nvme_update_disk_info), the transport hook that ends READ_TOKEN in
// queue_rq (pci.c nvme_queue_rq; fc, rdma, tcp and loop alike), and the token setup in core.c
// (nvme_setup_read_token, nvme_setup_write_token). The model's transport is PCI.

import type { QueueLimits } from '../../block/limits.js';
import { ERRNO } from '../../block/split.js';
import type { NvmeSourceRange } from '../../device/nvme/command.js';
import type { NvmeNamespaceConfig } from '../../device/nvme/config.js';
import type { D } from '../../stack/draft.js';
import type { Request, TokenPage } from '../../stack/state.js';
import type { DriverSetup } from '../design.js';
import { RFC_MAX_COPY_SECTORS } from './blkcopy.js';
import { opOf } from '../../stack/ops.js';

/** Most logical blocks per Source Range entry nvme_setup_write_token puts in one descriptor (0x10000). */
export const TOKEN_DESC_BLOCKS = 0x10000;

/** As posted: ONCS bit 8 → max_copy_sectors = 1 << 24, MSSRL, MCL and MSRC not read at all. */
export const rfcCopyLimits = (ns: NvmeNamespaceConfig, lim: QueueLimits): QueueLimits => ({ ...lim, maxCopySectors: ns.copy ? RFC_MAX_COPY_SECTORS : 0 });

/**
 * +fix: max_copy_sectors = min(MCL, MSSRL) blocks, as "[PATCH v4 05/10] nvme: add copy offload
 * support" nvme_config_copy sets max_copy_sectors from MCL and max_copy_range_sectors from MSSRL and
 * v3's blk_copy_offload chunks by the smaller: every chunk is one Source Range entry within both.
 */
export const identifyTokenLimits = (ns: NvmeNamespaceConfig, lim: QueueLimits): QueueLimits => ({
  ...lim,
  maxCopySectors: ns.copy ? Math.min(ns.copy.mcl, ns.copy.mssrl) * (ns.lbaBytes / 512) : 0,
});

/** nvme_setup_read_token: magic "nvme", the namespace, bi_sector and bi_size as the driver sees them (after every remap). */
const readToken = (ns: NvmeNamespaceConfig, rq: Request): TokenPage => ({ magic: 'nvme', ns: ns.name, sector: rq.sector, nr: rq.nr });

const notsupp = (why: string): DriverSetup => ({ fail: ERRNO.EOPNOTSUPP, why });

/**
 * nvme_setup_write_token: the token must hold "nvme" (memcmp) and this namespace (token->ns != ns),
 * its length must equal the bio's (WARN_ON), source, destination and length must be whole LBAs —
 * each failing with BLK_STS_NOTSUPP; then one Copy, SDLBA = destination, the source cut into
 * descriptors (format 0) of at most 0x10000 blocks, NR = count − 1. MSSRL, MCL and MSRC are not consulted.
 */
export const nvmeSetupWriteToken = (ns: NvmeNamespaceConfig, rq: Request, page: TokenPage): DriverSetup => {
  if (page.magic !== 'nvme') return notsupp('nvme_setup_write_token: the token page holds no "nvme" token');
  if (page.ns !== ns.name) return notsupp(`nvme_setup_write_token: the token names namespace ${page.ns}, not ${ns.name}`);
  if (page.nr !== rq.nr) return notsupp(`nvme_setup_write_token: the token holds ${page.nr} sectors, the bio ${rq.nr} (WARN_ON)`);
  const k = ns.lbaBytes / 512;
  if (page.sector % k || rq.sector % k || page.nr % k) return notsupp('nvme_setup_write_token: not whole logical blocks');
  const ranges: NvmeSourceRange[] = [];
  for (let lba = page.sector / k, n = page.nr / k; n > 0; ) {
    const step = Math.min(n, TOKEN_DESC_BLOCKS);
    ranges.push({ slba: lba, nlb: step - 1 });
    lba += step;
    n -= step;
  }
  if (ranges.length === 0) return notsupp('nvme_setup_write_token: no blocks (WARN_ON)');
  return { command: { cmd: 'copy', sdlba: rq.sector / k, desfmt: 0, nr: ranges.length - 1, ranges } };
};

/**
 * queue_rq for a token request. `setupFirst` false, as posted on PCI (and fc, rdma, tcp, loop):
 * READ_TOKEN is ended at the very top of nvme_queue_rq, before nvme_setup_cmd, so
 * nvme_setup_read_token never runs and the page keeps what it held. `setupFirst` true (+fix, as
 * v4's nvme_prep_rq and RFC 3/3's nvme_debug_queue_rq do): nvme_setup_cmd fills the token first.
 */
export const nvmeQueueRqToken =
  (setupFirst: boolean) =>
  (d: D, ns: NvmeNamespaceConfig, _lim: QueueLimits, rqs: readonly Request[]): DriverSetup => {
    const rq = rqs[0]!;
    const bio = d.bios[rq.bios[0]!]!;
    const tc = opOf(d, bio.opIndex).tokenCopy;
    // nvme_setup_cmd's default case for any other copy: WARN_ON_ONCE, BLK_STS_IOERR.
    if (!bio.token || !tc) return { fail: ERRNO.EIO, why: 'nvme_setup_cmd: not a token request' };
    if (bio.token === 'read') {
      if (setupFirst) tc.page = readToken(ns, rq);
      return { end: 0, why: setupFirst ? 'nvme_setup_read_token, then blk_mq_end_request' : 'nvme_queue_rq ends READ_TOKEN before nvme_setup_cmd' };
    }
    return nvmeSetupWriteToken(ns, rq, tc.page);
  };
