// bios as copyspec models them (include/linux/blk_types.h struct bio): an op on a block device,
// in 512-byte sectors. A copy bio carries its destination in bi_iter and a vector of source ranges
// on the same device: the vectored shape Keith Busch asks for (seed thread, Feb 2026) and the
// default copy path until the designs of DESIGN.md §2 are modelled one by one.

import type { Run } from '../content/token.js';

export type SectorRange = { readonly sector: number; readonly nr: number };

export type BioOp = 'read' | 'write' | 'copy' | 'zone-reset';

export type Bio = {
  readonly id: number;
  readonly op: BioOp;
  /** Block device name the bio is submitted to now (changes as dm remaps it). */
  readonly bdev: string;
  /** bi_iter.bi_sector and size in sectors; for a copy, the destination. */
  readonly sector: number;
  readonly nr: number;
  /** Copy: source ranges, in order; their total equals `nr`. */
  readonly srcs: readonly SectorRange[];
  /** Write: the data, `nr` sectors of tokens. */
  readonly data: readonly Run[];
  /** REQ_NOWAIT: fail with -EAGAIN rather than sleep for a tag. */
  readonly nowait: boolean;
  /** dm-crypt layers this read passed down through, outermost first: decrypt on the way up. */
  readonly decrypt: readonly CryptLayer[];
  /**
   * two-bio: this bio is the REQ_OP_COPY_DST or REQ_OP_COPY_SRC half of copy pair `pair`
   * (both halves carry the whole range here; the SRC half must plug-merge into the DST request).
   * token: READ_TOKEN is the `src` half, WRITE_TOKEN the `dst` half (no pair); a `src` half writes nothing.
   */
  readonly half?: 'dst' | 'src';
  readonly pair?: string;
  /**
   * copy-ctx only: bi_copy_ctx. `role` is REQ_OP_COPY_SRC / REQ_OP_COPY_DST, or one of the
   * submitter's own steps in blkdev_copy_chunk / blkdev_copy_offload modelled as a task step
   * ('guard': the bio_count guard drop; 'end': the copy_ctx_count drop). dm clones inherit it
   * (__bio_clone copies bi_copy_ctx). `submitted`: submit_bio counted it.
   */
  readonly copyCtx?: { readonly ctx: number; readonly role: 'src' | 'dst' | 'guard' | 'end'; readonly submitted?: boolean };
  /**
   * token designs only: REQ_OP_COPY_READ_TOKEN (`read`: the source range in bi_iter) or
   * REQ_OP_COPY_WRITE_TOKEN (`write`: the destination in bi_iter); either carries its token page,
   * not sources ("[RFC PATCH 1/3] block: add copy offload support", Feb 2022).
   */
  readonly token?: 'read' | 'write';
};

/** One dm-crypt mapping a read went through: IV sector `iv` at `sector` of the crypt device `dev`. */
export type CryptLayer = {
  readonly key: string;
  readonly dev: string;
  readonly sector: number;
  readonly iv: number;
  readonly lowerDev: string;
  readonly lowerSector: number;
  /** Offset of the crypt piece in its op's buffer: a lower split piece at `at + n` decrypts at IV `iv + n`. */
  readonly at: number;
};

export const srcTotal = (srcs: readonly SectorRange[]): number => srcs.reduce((n, s) => n + s.nr, 0);

/** Take sectors [from, from+len) of a source vector: the sources feeding those destination sectors. */
export const sliceSources = (srcs: readonly SectorRange[], from: number, len: number): SectorRange[] => {
  const out: SectorRange[] = [];
  let at = 0;
  for (const s of srcs) {
    const a = Math.max(from, at);
    const b = Math.min(from + len, at + s.nr);
    if (a < b) out.push({ sector: s.sector + (a - at), nr: b - a });
    at += s.nr;
  }
  return out;
};

/** Take sectors [from, from+len) of a run list. */
export const sliceRuns = (runs: readonly Run[], from: number, len: number): Run[] => {
  const out: Run[] = [];
  let at = 0;
  for (const r of runs) {
    const a = Math.max(from, at);
    const b = Math.min(from + len, at + r.len);
    if (a < b) out.push({ len: b - a, src: r.src, off: r.src.kind === 'unwritten' ? 0 : r.off + (a - at) });
    at += r.len;
  }
  return out;
};
