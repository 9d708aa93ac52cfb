// The VPD pages and parameter data that report a LU's limits, with the fields the kernel reads.

import type { ScsiLuConfig } from './config.js';

export type VpdPage = { readonly page: string; readonly fields: Readonly<Record<string, number | string>> };

/**
 * Block Limits VPD page B0h (SBC-4 §6.6.4). sd_read_block_limits (drivers/scsi/sd.c) reads MAXIMUM
 * TRANSFER LENGTH (bytes 11:8, max_xfer_blocks) and OPTIMAL TRANSFER LENGTH (15:12, opt_xfer_blocks),
 * and with a 64-byte page the UNMAP, WRITE SAME and atomic fields, which copyspec reports as 0.
 */
export const blockLimitsVpd = (c: ScsiLuConfig): VpdPage => ({
  page: 'b0',
  fields: {
    optimalTransferLengthGranularity: c.optimalTransferLengthGranularity,
    maximumTransferLength: c.maxTransferLength,
    optimalTransferLength: c.optimalTransferLength,
    maximumUnmapLbaCount: 0,
    maximumUnmapBlockDescriptorCount: 0,
    maximumWriteSameLength: 0,
    maximumAtomicTransferLength: 0,
  },
});

/**
 * Third-party Copy VPD page 8Fh (SPC-5 §7.7.18; SBC-4 §6.6.9.3): the Block Device ROD Token Limits
 * descriptor (0000h) and, with EXTENDED COPY, the Parameter Data descriptor (0004h) and the General
 * Copy Operations descriptor's MAXIMUM SEGMENT LENGTH (8001h). LIO implements no page 8Fh.
 */
export const thirdPartyCopyVpd = (c: ScsiLuConfig): VpdPage => ({
  page: '8f',
  fields: {
    ...(c.rod
      ? {
          maximumRangeDescriptors: c.rod.maxRangeDescriptors,
          maximumInactivityTimeout: c.rod.maxInactivityTimeout,
          defaultInactivityTimeout: c.rod.defaultInactivityTimeout,
          maximumTokenTransferSize: c.rod.maxTokenTransferSize,
          optimalTransferCount: c.rod.optimalTransferCount,
          rodType: c.rod.rodType === 'persistent' ? '00800002h' : '00800001h',
        }
      : {}),
    ...(c.xcopy
      ? {
          maximumCscdDescriptorCount: c.xcopy.maxCscdDescriptors,
          maximumSegmentDescriptorCount: c.xcopy.maxSegmentDescriptors,
          maximumDescriptorListLength: c.xcopy.maxDescriptorListLength,
          maximumSegmentLength: c.xcopy.maxSegmentLength,
        }
      : {}),
  },
});

/** Zoned Block Device Characteristics VPD page B6h (ZBC-2 §6.5.2): URSWRZ, MAXIMUM NUMBER OF OPEN SEQUENTIAL WRITE REQUIRED ZONES. */
export const zonedCharacteristicsVpd = (c: ScsiLuConfig): VpdPage => ({
  page: 'b6',
  fields: { urswrz: c.zoned!.urswrz ? 1 : 0, maximumNumberOfOpenSequentialWriteRequiredZones: c.zoned!.maxOpen },
});
