// What a block device holds, read through the stack without I/O: an NVMe disk's content, a dm
// device's assembled from its targets (dm-crypt decrypting at each sector's IV, dm-error reading
// as garbage). Used for the final content `copyspec run` prints and for the reference's start.

import { readRuns } from '../content/extent-map.js';
import type { Run } from '../content/token.js';
import { decryptRuns } from '../dm/crypt.js';
import { contiguousLeft, findTarget, mapSector } from '../dm/table.js';
import type { StackState } from './state.js';

export const readThrough = (s: Pick<StackState, 'cfg' | 'ns' | 'lus'>, bdev: string, sector: number, nr: number): Run[] => {
  const ns = s.ns[bdev] ?? s.lus?.[bdev];
  if (ns) return readRuns(ns.content, sector, nr);
  const p = s.cfg.partitions.find((x) => x.name === bdev);
  if (p) return readThrough(s, p.disk, p.start + sector, nr);
  const t = s.cfg.dm.find((x) => x.name === bdev);
  if (!t) throw new Error(`no block device ${bdev}`);
  const out: Run[] = [];
  for (let at = sector; at < sector + nr; ) {
    const x = findTarget(t, at);
    const len = x ? Math.min(contiguousLeft(x, at), sector + nr - at) : sector + nr - at;
    if (!x || x.type === 'error') {
      out.push({ len, src: { kind: 'garbage', why: `${bdev} unmapped` }, off: at });
    } else {
      const m = mapSector(x, at);
      const lower = readThrough(s, m.dev, m.sector, len);
      out.push(...(x.type === 'crypt' ? decryptRuns(lower, { key: x.key, dev: bdev, sector: at, iv: at - x.start, lowerDev: m.dev, lowerSector: m.sector, at: 0 }) : lower));
    }
    at += len;
  }
  return out;
};

/** Size of a block device in 512-byte sectors. */
export const bdevSectors = (s: Pick<StackState, 'cfg' | 'ns' | 'lus'>, bdev: string): number => {
  const ns = s.ns[bdev] ?? s.lus?.[bdev];
  if (ns) return ns.content.size;
  const p = s.cfg.partitions.find((x) => x.name === bdev);
  if (p) return p.nr;
  const t = s.cfg.dm.find((x) => x.name === bdev);
  if (!t) throw new Error(`no block device ${bdev}`);
  return t.targets.reduce((n, x) => Math.max(n, x.start + x.len), 0);
};
