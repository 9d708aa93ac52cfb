// Configuration of one SCSI logical unit (a direct-access block device, SBC-4; host-managed zoned,
// ZBC-2), in the units of the VPD pages and parameter data that report it.

/**
 * EXTENDED COPY support: the limits RECEIVE COPY OPERATING PARAMETERS (84h/03h) reports (SPC-4
 * §6.18; SPC-5 §6.25; LIO target_rcr_operating_parameters). Absent: the 3PC bit is zero and
 * EXTENDED COPY is an invalid operation code.
 */
export type ScsiXcopyLimits = {
  /** MAXIMUM CSCD DESCRIPTOR COUNT (bytes 9:8). */
  readonly maxCscdDescriptors: number;
  /** MAXIMUM SEGMENT DESCRIPTOR COUNT (bytes 11:10). */
  readonly maxSegmentDescriptors: number;
  /** MAXIMUM DESCRIPTOR LIST LENGTH in bytes (15:12): CSCD + segment descriptor lists together. */
  readonly maxDescriptorListLength: number;
  /** MAXIMUM SEGMENT LENGTH in bytes (19:16): most data one segment writes; 0 = no limit (SPC-5 §6.25). */
  readonly maxSegmentLength: number;
};

/**
 * ROD token support (POPULATE TOKEN / WRITE USING TOKEN): the Block Device ROD Token Limits
 * descriptor of the Third-party Copy VPD page 8Fh (SBC-4 §6.6.9.3). Absent: both commands are
 * invalid operation codes.
 */
export type ScsiRodLimits = {
  /** MAXIMUM RANGE DESCRIPTORS (bytes 11:10). */
  readonly maxRangeDescriptors: number;
  /** MAXIMUM INACTIVITY TIMEOUT in seconds (15:12). */
  readonly maxInactivityTimeout: number;
  /** DEFAULT INACTIVITY TIMEOUT in seconds (19:16): used when POPULATE TOKEN gives 0. */
  readonly defaultInactivityTimeout: number;
  /** MAXIMUM TOKEN TRANSFER SIZE in logical blocks (27:20); 0 = not reported (no limit). */
  readonly maxTokenTransferSize: number;
  /** OPTIMAL TRANSFER COUNT in logical blocks (35:28); reported only. */
  readonly optimalTransferCount: number;
  /**
   * The point in time ROD type POPULATE TOKEN creates (SPC-5 §5.17.6.2.3): 'change-vulnerable'
   * (0080 0001h: the copy manager keeps no copy and cancels the token when a represented block is
   * written) or 'persistent' (0080 0002h: the data as populated is kept whatever is written later).
   */
  readonly rodType: 'change-vulnerable' | 'persistent';
};

/** A host-managed zoned LU (ZBC-2): zones of one size, the first `conventionalZones` conventional. */
export type ScsiZonedConfig = {
  /** Zone length in logical blocks (REPORT ZONES ZONE LENGTH; the same for every zone here). */
  readonly zoneSize: number;
  /** Leading conventional zones (zone type 1h); the rest are sequential write required (2h). */
  readonly conventionalZones: number;
  /** MAXIMUM NUMBER OF OPEN SEQUENTIAL WRITE REQUIRED ZONES (Zoned Block Device Characteristics VPD B6h); 0 = no limit. */
  readonly maxOpen: number;
  /** URSWRZ (VPD B6h): reads in sequential write required zones are unrestricted. */
  readonly urswrz: boolean;
};

export type ScsiLuConfig = {
  readonly name: string;
  /** LOGICAL BLOCK LENGTH IN BYTES (READ CAPACITY(16)): 512 or 4096. */
  readonly blockBytes: 512 | 4096;
  /** Number of logical blocks (RETURNED LOGICAL BLOCK ADDRESS + 1). */
  readonly capacity: number;
  /** Block Limits VPD B0h MAXIMUM TRANSFER LENGTH (bytes 11:8) in blocks; 0 = no limit. sd_read_block_limits reads it. */
  readonly maxTransferLength: number;
  /** Block Limits VPD B0h OPTIMAL TRANSFER LENGTH (15:12); reported only (sd_read_block_limits: opt_xfer_blocks). */
  readonly optimalTransferLength: number;
  /** Block Limits VPD B0h OPTIMAL TRANSFER LENGTH GRANULARITY (7:6); reported only. */
  readonly optimalTransferLengthGranularity: number;
  /** Sense data format (Control mode page D_SENSE): fixed (70h) or descriptor (72h), SPC-5 §4.5. */
  readonly senseFormat: 'fixed' | 'descriptor';
  readonly xcopy?: ScsiXcopyLimits;
  readonly rod?: ScsiRodLimits;
  readonly zoned?: ScsiZonedConfig;
};

/** 512-byte sectors per logical block: content is kept in the kernel's unit (model/content/token.ts). */
export const scsiSectorsPerBlock = (c: ScsiLuConfig): number => c.blockBytes / 512;

/** Number of zones; the capacity is a whole number of zones (checked when the scenario is read). */
export const scsiZoneCount = (c: ScsiLuConfig): number => (c.zoned ? Math.floor(c.capacity / c.zoned.zoneSize) : 0);

/** Length in bytes of an EXTENDED COPY(LID1) descriptor list: 32-byte CSCD (E4h), 28-byte segment (02h) descriptors (SPC-5 §6.4.5.6, §6.4.6.4). */
export const CSCD_DESCRIPTOR_BYTES = 32;
export const SEGMENT_DESCRIPTOR_BYTES = 28;

/** ROD TOKEN LENGTH of every token this copy manager makes: 01F8h, a 512-byte token (SPC-5 §5.17.6.4, Table 113). */
export const ROD_TOKEN_LENGTH = 0x1f8;
