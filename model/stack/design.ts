// The copy designs under debate (DESIGN.md §2) as configurations of the one stack: how a user copy
// becomes bios, whether the block layer may split and plug-merge copy bios, and whether the driver
// combines several copy requests into one device command. Each has a page in spec/designs/.

export const DESIGN_NAMES = ['vectored-bio', 'multi-bio-plug', 'copy-ctx', 'two-bio', 'token', 'emulation'] as const;
export type DesignName = (typeof DESIGN_NAMES)[number];

export type DesignRules = {
  /** One vectored bio per copy (or per chunk), one bio per source range, or no offload at all. */
  readonly copyBios: 'vectored' | 'per-range' | 'none';
  /** blkdev_copy_offload cuts the copy into chunks by the top device's copy limits (copy-ctx). */
  readonly chunkAtSubmit: boolean;
  /** __bio_split_to_limits may split a copy bio; if not, an oversize one ends with BLK_STS_NOTSUPP. */
  readonly splitCopy: boolean;
  /** blk_attempt_plug_merge may back-merge copy bios into a plugged copy request. */
  readonly plugMergeCopies: boolean;
  /** The driver's batch callback combines consecutive plugged copy requests into one command. */
  readonly combineAtFlush: boolean;
  /** Each range travels as a COPY_DST and a COPY_SRC bio that must pair by plug merge (two-bio). */
  readonly pairInPlug: boolean;
  readonly summary: string;
};

export const DESIGNS: Readonly<Record<DesignName, DesignRules>> = {
  'vectored-bio': {
    copyBios: 'vectored', chunkAtSubmit: false, splitCopy: true, plugMergeCopies: true, combineAtFlush: false, pairInPlug: false,
    summary: 'one copy bio carries the destination and a vector of source ranges; split and merged to hardware limits like any bio (Keith Busch, Feb 2026)',
  },
  'multi-bio-plug': {
    copyBios: 'per-range', chunkAtSubmit: false, splitCopy: true, plugMergeCopies: false, combineAtFlush: true, pairInPlug: false,
    summary: 'one copy bio per contiguous range inside a plug; at flush a new blk_mq_ops batch callback lets the driver combine requests into one device command (LSF/MM/BPF 2026 topic)',
  },
  'copy-ctx': {
    copyBios: 'vectored', chunkAtSubmit: true, splitCopy: false, plugMergeCopies: false, combineAtFlush: false, pairInPlug: false,
    summary: 'REQ_OP_COPY_SRC/DST bios tied by bi_copy_ctx, chunked by blkdev_copy_offload, collected at the bottom device; one command per context; oversize → NOTSUPP (Apr 2026 series, v1)',
  },
  'two-bio': {
    copyBios: 'per-range', chunkAtSubmit: true, splitCopy: false, plugMergeCopies: false, combineAtFlush: false, pairInPlug: true,
    summary: 'one source range per copy: a COPY_DST and a COPY_SRC bio paired in the plug into one request (2022–2024 series)',
  },
  token: {
    copyBios: 'none', chunkAtSubmit: false, splitCopy: false, plugMergeCopies: false, combineAtFlush: false, pairInPlug: false,
    summary: 'read-token to the source, write-token to the destination (SCSI POPULATE TOKEN / WRITE USING TOKEN); NVMe has no token, so on NVMe every copy falls back to read + write',
  },
  emulation: {
    copyBios: 'none', chunkAtSubmit: false, splitCopy: false, plugMergeCopies: false, combineAtFlush: false, pairInPlug: false,
    summary: 'the host reads the sources and writes the destination: the fallback every design needs',
  },
};
