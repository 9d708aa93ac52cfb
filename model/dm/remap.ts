// A bio through a dm table (drivers/md/dm.c dm_split_and_process_bio, __split_and_process_bio,
// __map_bio): split at target boundaries (and at dm-stripe chunks, its max_io_len), each piece
// remapped to a lower device by its target. A copy is remapped only when its destination and every
// source go through targets that opt in to copy (the design's choice; dm-linear in every posted series)
// onto one lower device; otherwise -EOPNOTSUPP, and the submitter may fall back to read + write.

import { castDraft, current, isDraft } from 'immer';
import { sliceRuns, sliceSources, type Bio, type SectorRange } from '../block/bio.js';
import type { StackBug } from '../block/bugs.js';
import { ERRNO, type Errno } from '../block/split.js';
import { encryptRuns } from './crypt.js';
import { contiguousLeft, findTarget, mapSector, type DmTable, type DmTarget } from './table.js';

export type Remapped = Omit<Bio, 'id'>;

type Mapped = { dev: string; sector: number; nr: number; target: DmTarget };

/** Map [sector, sector+nr) through the table as pieces, each contiguous on one lower device. */
const mapRange = (t: DmTable, sector: number, nr: number, bugs: readonly StackBug[]): Mapped[] | Errno => {
  const out: Mapped[] = [];
  for (let at = sector; at < sector + nr; ) {
    const x = findTarget(t, at);
    if (!x) return ERRNO.EIO; // past the table: dm_table_find_target finds nothing → BLK_STS_IOERR
    if (x.type === 'error') return ERRNO.EIO;
    const len = Math.min(contiguousLeft(x, at), sector + nr - at);
    const m = mapSector(x, at, x.type === 'linear' && bugs.includes('linear-off-by-one'));
    out.push({ dev: m.dev, sector: m.sector, nr: len, target: x });
    at += len;
  }
  return out;
};

/** Remap a read, write or zone reset: one lower bio per contiguous piece. */
const remapRw = (bio: Bio, t: DmTable, bugs: readonly StackBug[]): Remapped[] | Errno => {
  if (bio.op === 'zone-reset') {
    const m = mapRange(t, bio.sector, 1, bugs);
    if (typeof m === 'number') return m;
    return [{ ...bio, bdev: m[0]!.dev, sector: m[0]!.sector }];
  }
  const pieces = mapRange(t, bio.sector, bio.nr, bugs);
  if (typeof pieces === 'number') return pieces;
  let off = 0;
  return pieces.map((p) => {
    const x = p.target;
    const iv = bio.sector + off - x.start;
    let data = bio.op === 'write' ? sliceRuns(bio.data, off, p.nr) : [];
    let decrypt = bio.decrypt;
    if (x.type === 'crypt') {
      if (bio.op === 'write') data = encryptRuns(data, x.key, iv);
      else decrypt = [...bio.decrypt, { key: x.key, dev: t.name, sector: bio.sector + off, iv, lowerDev: p.dev, lowerSector: p.sector, at: 0 }];
    }
    off += p.nr;
    return { ...bio, bdev: p.dev, sector: p.sector, nr: p.nr, data, decrypt, srcs: [] };
  });
};

/** Remap a copy: destination pieces within one target each, sources mapped alongside. */
const remapCopy = (bio: Bio, t: DmTable, optIn: (x: DmTarget) => boolean, bugs: readonly StackBug[]): Remapped[] | Errno => {
  const dst = mapRange(t, bio.sector, bio.nr, bugs);
  if (typeof dst === 'number') return dst;
  const copyable = (x: DmTarget): boolean => optIn(x) || (x.type === 'crypt' && bugs.includes('crypt-passes-copy'));
  const out: Remapped[] = [];
  let off = 0;
  for (const d of dst) {
    if (!copyable(d.target)) return ERRNO.EOPNOTSUPP;
    const srcs: SectorRange[] = [];
    for (const s of sliceSources(bio.srcs, off, d.nr)) {
      const m = mapRange(t, s.sector, s.nr, bugs);
      if (typeof m === 'number') return m;
      for (const p of m) {
        // Source and destination must end on one device to be one device command.
        if (!copyable(p.target) || p.dev !== d.dev) return ERRNO.EOPNOTSUPP;
        srcs.push({ sector: p.sector, nr: p.nr });
      }
    }
    out.push({ ...bio, bdev: d.dev, sector: d.sector, nr: d.nr, srcs, data: [] });
    off += d.nr;
  }
  return out;
};

/** `copyOptIn`: the targets the design lets copies through (its dm patch; dm-linear in every posted series). */
export const dmRemap = (given: Bio, t: DmTable, copyOptIn: (x: DmTarget) => boolean, bugs: readonly StackBug[] = []): Remapped[] | Errno => {
  // A plain snapshot of a draft (a stack step passes its immer draft): the pieces spread the bio, and
  // a spread draft would put its child drafts (decrypt, copyCtx) into them, revoked once the step ends.
  const bio: Bio = isDraft(given) ? current(castDraft(given)) : given;
  return bio.op === 'copy' ? remapCopy(bio, t, copyOptIn, bugs) : remapRw(bio, t, bugs);
};
