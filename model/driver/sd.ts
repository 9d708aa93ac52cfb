// The SCSI disk driver's part (drivers/scsi/sd.c, Linux 6.12, and the copy offload posted for it):
// the queue limits sd sets from what the LU reports (sd_revalidate_disk, sd_read_block_limits: Block
// Limits VPD B0h; the copy limits from the Third-party Copy VPD page 8Fh and RECEIVE COPY OPERATING
// PARAMETERS), and how a request becomes a SCSI command (sd_init_command: sd_setup_read_write_cmnd
// → READ(16)/WRITE(16); a copy request → EXTENDED COPY(LID1), the command Martin K. Petersen's
// "sd: Implement copy offload support" (linux-scsi, 2014) builds in sd_setup_copy_cmnd from two
// identification CSCD descriptors and block → block segment descriptors). The 2014 patch text is not
// in the corpus copyspec could search (spec/stack.md "sd"): the EXTENDED COPY setup here follows the
// series' description (research/kernel-copy-offload.md §1.1) and SPC-4/SPC-5, and says where it
// departs. The token ops are the token design's SCSI transport (model/designs/token/scsi.ts).

import type { Request } from '../stack/state.js';
import type { QueueLimits } from '../block/limits.js';
import { copySegments } from '../block/limits.js';
import type { StackBug } from '../block/bugs.js';
import { ERRNO } from '../block/split.js';
import { sliceSources, type Bio } from '../block/bio.js';
import type { ScsiCommand, ScsiSegment } from '../device/scsi/command.js';
import { CSCD_DESCRIPTOR_BYTES, SEGMENT_DESCRIPTOR_BYTES, scsiSectorsPerBlock, type ScsiLuConfig } from '../device/scsi/config.js';
import { CSCD_TYPE_IDENTIFICATION, SEGMENT_TYPE_BLOCK_TO_BLOCK } from '../device/scsi/xcopy.js';

/** What sd makes of a request: one SCSI command, or a host-side failure before any is sent, or the request ended by the driver (no command). */
export type ScsiDriverSetup = { readonly command: ScsiCommand } | { readonly fail: number; readonly why: string } | { readonly end: number; readonly why: string };

/** BLK_DEF_MAX_SECTORS_CAP (include/linux/blkdev.h): 2560 sectors, the default cap on max_sectors. */
const BLK_DEF_MAX_SECTORS_CAP = 2560;
/** SCSI_DEFAULT_MAX_SECTORS (include/scsi/scsi_host.h): the host's max_hw_sectors unless its template says otherwise. */
export const SCSI_DEFAULT_MAX_SECTORS = 1024;
/** BLOCK DEVICE NUMBER OF BLOCKS is a 16-bit field of the 02h segment descriptor (SPC-5 §6.4.6.4). */
export const XCOPY_SEGMENT_MAX_BLOCKS = 0xffff;

/**
 * Read/write limits of an sd disk (sd_revalidate_disk, 6.12): dev_max = min_not_zero(SD_MAX_XFER_BLOCKS,
 * max_xfer_blocks) (Block Limits MAXIMUM TRANSFER LENGTH, sd_read_block_limits); rw_max =
 * min_not_zero(dev_max in sectors, BLK_DEF_MAX_SECTORS_CAP), then min(rw_max, max_hw_sectors), the
 * host's (SCSI_DEFAULT_MAX_SECTORS). OPTIMAL TRANSFER LENGTH would replace rw_max when
 * sd_validate_opt_xfer_size accepts it; copyspec reports it only (spec/stack.md "sd"). REQ_NOWAIT:
 * SCSI queues are blk-mq (BLK_FEAT_NOWAIT).
 */
export const sdQueueLimits = (lu: ScsiLuConfig): QueueLimits => {
  const k = scsiSectorsPerBlock(lu);
  const devMax = lu.maxTransferLength ? lu.maxTransferLength * k : Infinity;
  const rw = Math.min(devMax, BLK_DEF_MAX_SECTORS_CAP, SCSI_DEFAULT_MAX_SECTORS);
  const zone = sdZoneSectors(lu);
  return {
    logicalBlockSize: lu.blockBytes,
    maxSectors: Math.floor(rw / k) * k,
    nowait: true,
    chunkSectors: zone,
    zoned: zone > 0,
    zoneCapSectors: zone,
    maxCopySectors: 0,
    maxCopySrcSegments: 0,
    maxCopySegmentSectors: 0,
    copySrcBoundary: 0,
  };
};

/**
 * A host-managed zoned LU as sd_zbc sets it up (drivers/scsi/sd_zbc.c sd_zbc_read_zones): the zoned
 * feature, chunk_sectors = the zone size in sectors (logical_to_sectors(zone_blocks)), and a zone's
 * capacity equal to its length (sd_zbc_parse_report: zone.capacity = zone.len — ZBC has no separate
 * zone capacity). sd_zbc refuses (capacity 0, -ENODEV) a host-managed LU with constrained reads
 * (URSWRZ = 0: "constrained reads devices are not supported") or a zone size that is not a power of
 * two; the stack scenario schema refuses those LUs with the same reasons. max_zone_append_sectors is
 * 0: REQ_OP_ZONE_APPEND is emulated by zone write plugging (block/blk-zoned.c, 6.10+), a path the
 * stack does not drive (its host ops have no zone append; spec/stack.md "sd").
 */
export const sdZoneSectors = (lu: ScsiLuConfig): number => (lu.zoned ? lu.zoned.zoneSize * scsiSectorsPerBlock(lu) : 0);

/** Why sd_zbc_read_zones would refuse this zoned LU (null: it sets it up). */
export const sdZbcRefusal = (lu: ScsiLuConfig): string | null => {
  const z = lu.zoned;
  if (!z) return null;
  if (!z.urswrz) return 'sd_zbc_read_zones refuses a host-managed LU with constrained reads (URSWRZ = 0): set "urswrz": true';
  if (z.zoneSize & (z.zoneSize - 1)) return `sd_zbc_check_zone_size refuses a zone size of ${z.zoneSize} blocks (not a power of two)`;
  if (z.conventionalZones) return 'conventional zones of a SCSI LU are not modelled in the stack (zone write plugging here takes every zone as sequential): set "conventionalZones": 0';
  return null;
};

/**
 * EXTENDED COPY limits sd sets (our reading of the 2014 patch: sd reads the operating parameters at
 * revalidation, as it reads VPD B0h): no EXTENDED COPY support (3PC = 0, no operating parameters) or
 * fewer than two CSCD descriptors → max_copy_sectors = 0 (copy offload off; every design's own
 * fallback takes over). Otherwise one segment descriptor per source segment after two 32-byte CSCD
 * descriptors: max_copy_src_segments = min(MAXIMUM SEGMENT DESCRIPTOR COUNT, (MAXIMUM DESCRIPTOR LIST
 * LENGTH − 64) / 28); each segment at most 0xFFFF blocks (the 16-bit field) and MAXIMUM SEGMENT LENGTH
 * bytes (0 = no limit, SPC-5 §6.25) — the known-bad `sd-xcopy-segment-too-long` forgets the latter;
 * max_copy_sectors = segment × segments.
 */
export const sdXcopyLimits = (lu: ScsiLuConfig, lim: QueueLimits, bugs: readonly StackBug[] = []): QueueLimits => {
  const x = lu.xcopy;
  if (!x || x.maxCscdDescriptors < 2) return lim;
  const k = scsiSectorsPerBlock(lu);
  const segs = Math.min(x.maxSegmentDescriptors, Math.floor((x.maxDescriptorListLength - 2 * CSCD_DESCRIPTOR_BYTES) / SEGMENT_DESCRIPTOR_BYTES));
  if (segs < 1) return lim;
  const byLength = x.maxSegmentLength && !bugs.includes('sd-xcopy-segment-too-long') ? Math.floor(x.maxSegmentLength / lu.blockBytes) : Infinity;
  const segBlocks = Math.min(XCOPY_SEGMENT_MAX_BLOCKS, byLength);
  if (segBlocks < 1) return lim;
  return { ...lim, maxCopySectors: segBlocks * segs * k, maxCopySrcSegments: segs, maxCopySegmentSectors: segBlocks * k };
};

/** sd_setup_read_write_cmnd: READ(16)/WRITE(16) for a read or write request (sd uses 16-byte CDBs when the LU needs or supports them; copyspec always does). */
export const sdSetupReadWrite = (lu: ScsiLuConfig, bio: Bio): ScsiDriverSetup => {
  const k = scsiSectorsPerBlock(lu);
  switch (bio.op) {
    case 'read':
      return { command: { cmd: 'read16', lba: bio.sector / k, blocks: bio.nr / k } };
    case 'write':
      return { command: { cmd: 'write16', lba: bio.sector / k, blocks: bio.nr / k, data: bio.data } };
    case 'zone-reset':
      // sd_zbc_setup_zone_mgmt_cmnd: REQ_OP_ZONE_RESET → ZBC OUT (94h) RESET WRITE POINTER of the
      // zone at blk_rq_pos, ALL = 0. A conventional disk never gets here (submit_bio_noacct fails
      // REQ_OP_ZONE_RESET on a non-zoned disk first): failed as that does.
      return lu.zoned ? { command: { cmd: 'zone-out', action: 'reset', lba: bio.sector / k, all: false } } : { fail: ERRNO.EOPNOTSUPP, why: 'zone reset on a conventional SCSI disk' };
    case 'copy':
      throw new Error('a copy request is set up by sdSetupXcopy or its design (Design.scsiSetupCopy)');
  }
};

/**
 * sd_setup_copy_cmnd (2014 series, as read): EXTENDED COPY(LID1) with two identification CSCD
 * descriptors (E4h) naming the source and the destination LU — the same LU here: dm-linear over
 * two disks never remaps a copy across them (drivers/md/dm remap refuses it) — and one block → block
 * segment descriptor (02h) per source segment, destinations back to back. The 2014 patch sent
 * one segment (one source range per REQ_COPY); a vectored or merged request needs one per range:
 * copyspec's departure, bounded by max_copy_src_segments. Several requests the batch callback
 * combined become one parameter list, their segments in request order. LIST IDENTIFIER: the request
 * tag, as the LID1 list identifier must be unique per I_T nexus while the command runs (SPC-5 §5.17.4.2).
 */
export const sdSetupXcopy = (lu: ScsiLuConfig, lim: QueueLimits, rqs: readonly Request[]): ScsiDriverSetup => {
  const k = scsiSectorsPerBlock(lu);
  const segments: ScsiSegment[] = [];
  for (const rq of rqs) {
    if (rq.half || rq.srcs.length === 0) return { fail: ERRNO.EOPNOTSUPP, why: 'sd_setup_copy_cmnd: a copy request without its source ranges' };
    let dst = rq.sector;
    // Only the sources the request's size covers: a split copy bio may keep its whole source vector (vectored-bio's clones share bi_io_vec).
    for (const s of sdCopySegments(rq, lim)) {
      if (s.sector % k || s.nr % k || dst % k) return { fail: ERRNO.EIO, why: 'sd_setup_copy_cmnd: not whole logical blocks' };
      segments.push({ type: SEGMENT_TYPE_BLOCK_TO_BLOCK, src: 0, dst: 1, blocks: s.nr / k, srcLba: s.sector / k, dstLba: dst / k, dc: false });
      dst += s.nr;
    }
  }
  const cscd = [
    { type: CSCD_TYPE_IDENTIFICATION, lu: lu.name },
    { type: CSCD_TYPE_IDENTIFICATION, lu: lu.name },
  ];
  return { command: { cmd: 'xcopy', listId: rqs[0]!.id & 0xff, cscd, segments } };
};

/** The segments of copy request `rq`: its sources up to its size, cut to the segment limits (copySegments). */
export const sdCopySegments = (rq: Request, lim: QueueLimits): { sector: number; nr: number }[] => copySegments(sliceSources(rq.srcs, 0, rq.nr), lim);

/** One line for a SCSI command (replay, traces). */
export const describeScsiCommand = (c: ScsiCommand): string => {
  switch (c.cmd) {
    case 'read16':
    case 'write16':
      return `${c.cmd === 'read16' ? 'READ(16)' : 'WRITE(16)'} LBA ${c.lba} blocks ${c.blocks}`;
    case 'xcopy':
      return `EXTENDED COPY list ${c.listId} [${c.segments.map((s) => `${s.srcLba}+${s.blocks}→${s.dstLba}`).join(', ')}]`;
    case 'populate-token':
      return `POPULATE TOKEN list ${c.listId} [${c.ranges.map((r) => `${r.lba}+${r.blocks}`).join(', ')}]`;
    case 'write-using-token':
      return `WRITE USING TOKEN list ${c.listId} token ${c.token} [${c.ranges.map((r) => `${r.lba}+${r.blocks}`).join(', ')}]`;
    case 'receive-rod-token-information':
      return `RECEIVE ROD TOKEN INFORMATION list ${c.listId}`;
    case 'zone-out':
      return `ZBC OUT ${c.action.toUpperCase()}${c.action === 'reset' ? ' WRITE POINTER' : ' ZONE'} LBA ${c.lba}${c.all ? ' ALL' : ''}`;
    default:
      return c.cmd;
  }
};
