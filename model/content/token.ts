// Symbolic sector content (DESIGN.md §3 "Content is symbolic").
//
// A 512-byte sector never holds bytes here; it holds a token naming where its content came from.
// Every address in copyspec content is a 512-byte sector (SECTOR_SHIFT 9, include/linux/blk_types.h):
// the kernel's unit. A device with 4096-byte LBAs stores 8 tokens per LBA, so host and device views
// share one unit and no layer rescales tokens.

/** Where a run of sectors came from. `off` in a {@link Run} indexes sectors inside the source. */
export type Source =
  /** The content device `dev` held at sector `off` before the scenario started. */
  | { readonly kind: 'orig'; readonly dev: string }
  /** Host data buffer `tag` (for example `w3`, the data of the write at step 3); `off` is its sector. */
  | { readonly kind: 'data'; readonly tag: string }
  /**
   * Deallocated or never written: what a Read returns is set by DLFEAT (NVMe Base 2.0 §3.2.3.2.1),
   * all sectors alike, so the source is constant and `off` carries no information.
   */
  | { readonly kind: 'unwritten' }
  /**
   * Content no operation wrote there, e.g. ciphertext decrypted under the wrong IV (dm-crypt's IV is
   * keyed by sector, drivers/md/dm-crypt.c crypt_iv_plain64_gen). `why` names the cause; every
   * sector of garbage is distinct.
   */
  | { readonly kind: 'garbage'; readonly why: string }
  /**
   * dm-crypt ciphertext of `inner` under `key`: sector `off` of the run holds the encryption of
   * `inner` sector `off`, made with IV sector `off + shift` (drivers/md/dm-crypt.c: the IV is the
   * sector, crypt_iv_plain64_gen). It decrypts only at that same IV sector.
   */
  | { readonly kind: 'cipher'; readonly key: string; readonly inner: Source; readonly shift: number };

/** `len` consecutive sectors holding `src` sectors `off`, `off+1`, … (constant sources repeat). */
export type Run = { readonly len: number; readonly src: Source; readonly off: number };

/** Sources whose sectors are all alike: their runs ignore `off`. */
export const isConstant = (s: Source): boolean => s.kind === 'unwritten';

export const sameSource = (a: Source, b: Source): boolean => {
  switch (a.kind) {
    case 'orig':
      return b.kind === 'orig' && a.dev === b.dev;
    case 'data':
      return b.kind === 'data' && a.tag === b.tag;
    case 'unwritten':
      return b.kind === 'unwritten';
    case 'garbage':
      return b.kind === 'garbage' && a.why === b.why;
    case 'cipher':
      return b.kind === 'cipher' && a.key === b.key && a.shift === b.shift && sameSource(a.inner, b.inner);
  }
};

/** Stable text key of one sector's token, e.g. `w3:17`, `orig(nvme0n1):42`, `unwritten`. */
export const tokenKey = (src: Source, off: number): string => {
  switch (src.kind) {
    case 'orig':
      return `orig(${src.dev}):${off}`;
    case 'data':
      return `${src.tag}:${off}`;
    case 'unwritten':
      return 'unwritten';
    case 'garbage':
      return `garbage(${src.why}):${off}`;
    case 'cipher':
      return `enc[${src.key}@${off + src.shift}](${tokenKey(src.inner, off)})`;
  }
};

/** The sector-by-sector token keys of a run list (for the naive reference and for tests). */
export const runKeys = (runs: readonly Run[]): string[] => {
  const out: string[] = [];
  for (const r of runs) {
    for (let i = 0; i < r.len; i++) out.push(tokenKey(r.src, isConstant(r.src) ? 0 : r.off + i));
  }
  return out;
};

/** Total length in sectors of a run list. */
export const runsLength = (runs: readonly Run[]): number => runs.reduce((n, r) => n + r.len, 0);

/** Host buffer `tag` of `len` sectors, as written by a Write command. */
export const dataRuns = (tag: string, len: number): Run[] => [{ len, src: { kind: 'data', tag }, off: 0 }];

/**
 * Human-readable, stable description of runs in units of `unit` sectors (the device's LBA size in
 * sectors): `w1[0..7] orig[8..9] unwritten×4`. `[a..b]` are the source's block numbers, inclusive.
 * `self` is the device being read; its original content prints as plain `orig`.
 */
export const describeRuns = (runs: readonly Run[], unit: number, self?: string): string => {
  const parts: string[] = [];
  for (const r of runs) {
    const len = r.len / unit;
    const off = r.off / unit;
    if (!Number.isInteger(len) || !Number.isInteger(off)) {
      // Device content is always whole LBAs; a fractional run would be a model bug: say so loudly.
      throw new Error(`describeRuns: run of ${r.len} sectors at ${r.off} is not a whole number of ${unit}-sector blocks`);
    }
    switch (r.src.kind) {
      case 'unwritten':
        parts.push(`unwritten×${len}`);
        break;
      case 'orig':
        parts.push(`${r.src.dev === self ? 'orig' : `orig(${r.src.dev})`}[${off}..${off + len - 1}]`);
        break;
      case 'data':
        parts.push(`${r.src.tag}[${off}..${off + len - 1}]`);
        break;
      case 'garbage':
        parts.push(`garbage(${r.src.why})×${len}`);
        break;
      case 'cipher':
        parts.push(`enc(${r.src.key})×${len}`);
        break;
    }
  }
  return parts.join(' ');
};
