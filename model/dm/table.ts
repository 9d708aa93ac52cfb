// Device-mapper tables (drivers/md/dm-table.c) and the targets copyspec models, in 512-byte sectors.

export type DmTarget =
  /** dm-linear: sector s → `dev` sector offset + (s − start) (dm-linear.c linear_map_sector). */
  | { readonly type: 'linear'; readonly start: number; readonly len: number; readonly dev: string; readonly offset: number }
  /** dm-stripe: chunks of `chunk` sectors round-robin over `stripes` (dm-stripe.c stripe_map_sector). */
  | { readonly type: 'stripe'; readonly start: number; readonly len: number; readonly chunk: number; readonly stripes: readonly { readonly dev: string; readonly offset: number }[] }
  /** dm-crypt: linear placement, ciphertext keyed by sector (dm-crypt.c, IV plain64). */
  | { readonly type: 'crypt'; readonly start: number; readonly len: number; readonly dev: string; readonly offset: number; readonly key: string }
  /** dm-error: every I/O fails (dm-target.c io_err_map → DM_MAPIO_KILL). */
  | { readonly type: 'error'; readonly start: number; readonly len: number };

export type DmTable = { readonly name: string; readonly targets: readonly DmTarget[] };

export const tableSize = (t: DmTable): number => t.targets.reduce((n, x) => n + x.len, 0);

/** The target holding `sector` (dm_table_find_target), or undefined past the end. */
export const findTarget = (t: DmTable, sector: number): DmTarget | undefined =>
  t.targets.find((x) => sector >= x.start && sector < x.start + x.len);

/** Where one sector of a target lands: lower device and sector (dm_target_offset + the target's map). */
export const mapSector = (x: Exclude<DmTarget, { type: 'error' }>, sector: number, offByOne = false): { dev: string; sector: number } => {
  const rel = sector - x.start + (offByOne ? 1 : 0);
  if (x.type === 'stripe') {
    // stripe_map_sector: chunk = offset / chunk_size; stripe = chunk % stripes; chunk /= stripes.
    const chunk = Math.floor(rel / x.chunk);
    const stripe = x.stripes[chunk % x.stripes.length]!;
    return { dev: stripe.dev, sector: stripe.offset + Math.floor(chunk / x.stripes.length) * x.chunk + (rel % x.chunk) };
  }
  return { dev: x.dev, sector: x.offset + rel };
};

/** Sectors from `sector` to the end of the contiguous piece the target maps as one run (max_io_len). */
export const contiguousLeft = (x: DmTarget, sector: number): number => {
  const toEnd = x.start + x.len - sector;
  return x.type === 'stripe' ? Math.min(toEnd, x.chunk - ((sector - x.start) % x.chunk)) : toEnd;
};
