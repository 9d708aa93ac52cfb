// Configuration of one NVMe namespace, in the units of the Identify data structures it stands for.

/** Copy support (Identify Controller ONCS bit 8, OCFS; Identify Namespace MSSRL, MCL, MSRC). */
export type NvmeCopyLimits = {
  /** MSSRL: most logical blocks one Source Range entry may carry; 1's based, non-zero (NVMCS Identify Namespace bytes 75:74). */
  readonly mssrl: number;
  /** MCL: most logical blocks one Copy may write in total; 1's based, non-zero (NVMCS Identify Namespace bytes 79:76). */
  readonly mcl: number;
  /** MSRC: most Source Range entries, **0's based** (NVMCS Identify Namespace byte 80): 7 means 8 entries. */
  readonly msrc: number;
  /** Copy Descriptor Formats supported (OCFS bit n = format n, Identify Controller bytes 535:534). */
  readonly formats: readonly number[];
};

/** A zoned namespace (ZNS 1.1). Sizes are in logical blocks. */
export type NvmeZonedConfig = {
  /** ZSZE: zone size (Zoned Identify Namespace LBAFE). */
  readonly zoneSize: number;
  /** ZCAP: writable blocks per zone, ≤ zoneSize (Zone Descriptor bytes 15:8); the same for every zone here. */
  readonly zoneCap: number;
  /** Most open zones, as a count; 0 = no limit (MOR is this minus 1, FFFFFFFFh = no limit). */
  readonly maxOpen: number;
  /** Most active zones, as a count; 0 = no limit (MAR is this minus 1). */
  readonly maxActive: number;
  /** RAZB, Read Across Zone Boundaries (Zoned Identify Namespace OZCS bit 0); QEMU `zoned.cross_read`. */
  readonly crossRead: boolean;
  /**
   * When opening a zone would exceed the open limit, close the oldest implicitly opened zone first
   * (ZNS 1.1 §2.1.1.4 lets the controller do so; QEMU `zoned.auto_transition`, default on, ctrl.c
   * nvme_zrm_auto_transition_zone).
   */
  readonly autoTransition: boolean;
};

export type NvmeNamespaceConfig = {
  readonly name: string;
  /** LBA data size in bytes (LBAF LBADS): 512 or 4096. */
  readonly lbaBytes: 512 | 4096;
  /** NSZE: namespace size in logical blocks. */
  readonly nsze: number;
  /** MDTS as encoded in Identify Controller: transfers up to 2^mdts × 4 KiB (CAP.MPSMIN = 4 KiB); 0 = no limit. */
  readonly mdts: number;
  /** Absent: Copy not supported (ONCS bit 8 clear) → Invalid Command Opcode. */
  readonly copy?: NvmeCopyLimits;
  /** Absent: a conventional (NVM command set) namespace. */
  readonly zoned?: NvmeZonedConfig;
};

/** 512-byte sectors per logical block. */
export const sectorsPerBlock = (c: NvmeNamespaceConfig): number => c.lbaBytes / 512;

/** Maximum data transfer in bytes, or Infinity (NVMe Base 2.x Identify Controller MDTS; QEMU nvme_check_mdts). */
export const maxTransferBytes = (c: NvmeNamespaceConfig): number => (c.mdts === 0 ? Infinity : 4096 * 2 ** c.mdts);

/** Number of zones: NSZE is a whole number of zones (checked when the scenario is read). */
export const zoneCount = (c: NvmeNamespaceConfig): number => (c.zoned ? Math.floor(c.nsze / c.zoned.zoneSize) : 0);
