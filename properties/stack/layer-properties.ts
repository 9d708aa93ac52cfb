// Properties of single layers' pure functions, on their own generated inputs: the bio split and
// the dm-linear map. Small inputs, many runs; a violation names the input.

import fc from 'fast-check';
import type { Bio } from '../../model/block/bio.js';
import { copySegments, type QueueLimits } from '../../model/block/limits.js';
import { splitToLimits } from '../../model/block/split.js';
import { dmRemap } from '../../model/dm/remap.js';
import type { DmTable } from '../../model/dm/table.js';
import type { LayerProperty } from '../property.js';
import { attributeByDw0 } from '../../model/driver/nvme.js';

type SplitInput = { bio: Bio; lim: QueueLimits };

const splitInputArb: fc.Arbitrary<SplitInput> = fc
  .record({
    k: fc.constantFrom(1, 8),
    op: fc.constantFrom<'read' | 'write' | 'copy'>('read', 'write', 'copy'),
    at: fc.integer({ min: 0, max: 200 }),
    srcs: fc.array(fc.record({ at: fc.integer({ min: 0, max: 300 }), n: fc.integer({ min: 1, max: 40 }) }), { minLength: 1, maxLength: 6 }),
    maxSectors: fc.integer({ min: 1, max: 64 }),
    chunk: fc.constantFrom(0, 0, 16, 64),
    maxCopy: fc.integer({ min: 1, max: 64 }),
    segs: fc.integer({ min: 1, max: 4 }),
    segMax: fc.integer({ min: 1, max: 16 }),
    zonedSrc: fc.boolean(),
  })
  .map((r) => {
    const k = r.k;
    const srcs = r.srcs.map((s) => ({ sector: s.at * k, nr: s.n * k }));
    const nr = r.op === 'copy' ? srcs.reduce((n, s) => n + s.nr, 0) : srcs[0]!.nr;
    const lim: QueueLimits = {
      logicalBlockSize: k * 512,
      maxSectors: r.maxSectors * k,
      nowait: true,
      chunkSectors: r.chunk * k,
      zoned: false,
      zoneCapSectors: 0,
      maxCopySectors: r.maxCopy * k,
      maxCopySrcSegments: r.segs,
      maxCopySegmentSectors: r.segMax * k,
      copySrcBoundary: r.zonedSrc ? r.chunk * k : 0,
    };
    const bio: Bio = { id: 0, op: r.op, bdev: 'nvme0n1', sector: r.at * k, nr, srcs: r.op === 'copy' ? srcs : [], data: r.op === 'write' ? [{ len: nr, src: { kind: 'data', tag: 'w0' }, off: 0 }] : [], nowait: false, decrypt: [] };
    return { bio, lim };
  });

const sectorsOf = (rs: readonly { sector: number; nr: number }[]): number[] => rs.flatMap((r) => Array.from({ length: r.nr }, (_, j) => r.sector + j));

export const LIMIT_02: LayerProperty<SplitInput> = {
  id: 'LIMIT-02',
  title: 'Split pieces cover the bio exactly once and each obeys the limits',
  statement:
    'Splitting a read, write or copy bio to queue limits yields pieces that, in order, cover its sectors (a copy: its destination and, in the same order, its sources; a write: its data) exactly once; each piece is aligned to the logical block size, within max_sectors (read/write) or max_copy_hw_sectors and max_copy_src_segments (copy), and crosses no chunk (zone) boundary.',
  layers: ['bio'],
  sources: ['block/blk-merge.c __bio_split_to_limits, bio_split_rw, bio_split_discard, get_max_io_size (Linux 6.12)', 'Apr 2026 copy series: max_copy_hw_sectors, max_copy_src_segments'],
  refutes: ['split-drops-tail', 'split-ignores-src-segments', 'split-ignores-chunk'],
  input: splitInputArb,
  check: ({ bio, lim }, bugs) => {
    const pieces = splitToLimits(bio, lim, bugs);
    const dst = sectorsOf(pieces);
    const want = sectorsOf([bio]);
    if (dst.join() !== want.join()) return `pieces cover destination sectors ${dst.length ? `${dst[0]}..${dst.at(-1)}` : 'none'} (${dst.length}), the bio ${want[0]}..${want.at(-1)} (${want.length})`;
    if (bio.op === 'copy' && sectorsOf(pieces.flatMap((p) => p.srcs)).join() !== sectorsOf(bio.srcs).join()) return 'the pieces\' sources are not the bio\'s sources in order';
    const lbs = lim.logicalBlockSize / 512;
    for (const [i, p] of pieces.entries()) {
      if (p.sector % lbs || p.nr % lbs) return `piece ${i} (${p.sector}+${p.nr}) is not aligned to ${lim.logicalBlockSize} bytes`;
      if (lim.chunkSectors && Math.floor(p.sector / lim.chunkSectors) !== Math.floor((p.sector + p.nr - 1) / lim.chunkSectors)) return `piece ${i} (${p.sector}+${p.nr}) crosses a ${lim.chunkSectors}-sector chunk boundary`;
      if (bio.op !== 'copy' && p.nr > lim.maxSectors) return `piece ${i} has ${p.nr} sectors > max_sectors ${lim.maxSectors}`;
      if (bio.op === 'copy') {
        if (p.nr > lim.maxCopySectors) return `piece ${i} has ${p.nr} sectors > max_copy_hw_sectors ${lim.maxCopySectors}`;
        const segs = copySegments(p.srcs, lim).length;
        if (segs > lim.maxCopySrcSegments) return `piece ${i} needs ${segs} source segments > max_copy_src_segments ${lim.maxCopySrcSegments}`;
      }
    }
    return null;
  },
};

type LinearInput = { table: DmTable; from: number; nr: number };

const linearInputArb: fc.Arbitrary<LinearInput> = fc
  .array(fc.record({ len: fc.integer({ min: 1, max: 40 }), dev: fc.constantFrom('nvme0n1', 'nvme1n1'), gap: fc.integer({ min: 0, max: 30 }) }), { minLength: 1, maxLength: 4 })
  .chain((ts) => {
    let start = 0;
    const next: Record<string, number> = { nvme0n1: 0, nvme1n1: 0 };
    const targets = ts.map((x) => {
      const offset = next[x.dev]! + x.gap;
      next[x.dev] = offset + x.len;
      const t = { type: 'linear' as const, start, len: x.len, dev: x.dev, offset };
      start += x.len;
      return t;
    });
    return fc.record({ table: fc.constant({ name: 'dm-0', targets }), from: fc.integer({ min: 0, max: start - 1 }) }).chain((r) => fc.record({ table: fc.constant(r.table), from: fc.constant(r.from), nr: fc.integer({ min: 1, max: start - r.from }) }));
  });

export const DATA_03: LayerProperty<LinearInput> = {
  id: 'DATA-03',
  title: 'dm-linear remap is a bijection on mapped sectors',
  statement:
    'A bio through a dm-linear table becomes pieces, one per target it touches, whose lower sectors are exactly offset + (s − start) for each of its sectors s: no lower sector is reached twice, none outside its target\'s lower range.',
  layers: ['dm'],
  sources: ['drivers/md/dm-linear.c linear_map_sector', 'drivers/md/dm.c __split_and_process_bio, max_io_len'],
  refutes: ['linear-off-by-one'],
  input: linearInputArb,
  check: ({ table, from, nr }, bugs) => {
    const bio: Bio = { id: 0, op: 'read', bdev: 'dm-0', sector: from, nr, srcs: [], data: [], nowait: false, decrypt: [] };
    const pieces = dmRemap(bio, table, (x) => x.type === 'linear', bugs);
    if (typeof pieces === 'number') return `a read of ${from}+${nr} failed with ${pieces}`;
    const got = pieces.flatMap((p) => Array.from({ length: p.nr }, (_, j) => `${p.bdev}:${p.sector + j}`));
    const want: string[] = [];
    for (let s = from; s < from + nr; s++) {
      const x = table.targets.find((t) => s >= t.start && s < t.start + t.len)!;
      if (x.type === 'linear') want.push(`${x.dev}:${x.offset + s - x.start}`);
    }
    const k = got.findIndex((g, j) => g !== want[j]);
    if (k >= 0 || got.length !== want.length) return `sector ${from + Math.max(k, 0)} maps to ${got[Math.max(k, 0)] ?? 'nothing'}, expected ${want[Math.max(k, 0)] ?? 'nothing'}`;
    return null;
  },
};

type AttributionInput = { entries: number[]; dw0: number };

export const ERR_03: LayerProperty<AttributionInput> = {
  id: 'ERR-03',
  title: 'A combined Copy\'s partial failure is attributed by Dword 0',
  statement:
    'When one Copy command carries several requests and fails with CQE Dword 0 = k (the lowest Source Range entry not copied), exactly the requests whose entries all lie below k complete successfully; every other request fails.',
  layers: ['driver'],
  sources: ['NVMCS 1.0 §3.2.2.1 (Copy completion, Dword 0)', 'DESIGN.md §2 multi-bio-plug: the driver combines requests into one command'],
  refutes: ['combine-ignores-dw0'],
  input: fc
    .array(fc.integer({ min: 1, max: 4 }), { minLength: 2, maxLength: 6 })
    .chain((entries) => fc.record({ entries: fc.constant(entries), dw0: fc.integer({ min: 0, max: entries.reduce((a, b) => a + b, 0) - 1 }) })),
  check: ({ entries, dw0 }, bugs) => {
    const got = attributeByDw0(entries, dw0, -61, bugs);
    let end = 0;
    for (const [i, n] of entries.entries()) {
      end += n;
      const want = end <= dw0 ? 0 : -61;
      if (got[i] !== want) return `request ${i} (entries ${end - n}..${end - 1}) completed with ${got[i]} after a failure at entry ${dw0}; expected ${want}`;
    }
    return null;
  },
};

// The registry holds properties of different input types; each one's arbitrary and check agree on
// its own type, so erasing it to unknown is sound (check only ever sees its own input's values).
const erase = <I>(p: LayerProperty<I>): LayerProperty => p as unknown as LayerProperty;

export const LAYER_PROPERTIES: readonly LayerProperty[] = [erase(LIMIT_02), erase(DATA_03), erase(ERR_03)];
