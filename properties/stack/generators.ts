// Random stack cases for fast-check: a configuration (one or two NVMe namespaces with edge-value
// copy limits, zoned or not; a dm layout over them), a workload (host ops that do not conflict
// with each other, so any completion order must give the reference's result) and a schedule (the
// explorer's choices among enabled actions). All three shrink.

import fc from 'fast-check';
import type { StackBug } from '../../model/block/bugs.js';
import type { DesignName } from '../../model/stack/design.js';
import type { SectorRange } from '../../model/block/bio.js';
import type { DmTable } from '../../model/dm/table.js';
import type { HostOp, StackConfig, StackFault } from '../../model/stack/state.js';

type Nvme = StackConfig['devices'][number];

const nvmeArb = (name: string): fc.Arbitrary<Nvme> =>
  fc
    .record({
      lbaBytes: fc.constantFrom<512 | 4096>(512, 4096),
      nsze: fc.constantFrom(128, 512),
      mdts: fc.constantFrom(0, 0, 1),
      copy: fc.option(fc.record({ mssrl: fc.integer({ min: 1, max: 8 }), mcl: fc.integer({ min: 1, max: 32 }), msrc: fc.integer({ min: 0, max: 3 }) }), { freq: 5 }),
      zoned: fc.option(fc.record({ zoneSize: fc.constantFrom(16, 32), capCut: fc.constantFrom(0, 0, 4), maxOpen: fc.constantFrom(0, 0, 2) }), { freq: 3 }),
    })
    .map((r) => ({
      name,
      lbaBytes: r.lbaBytes,
      nsze: r.nsze,
      mdts: r.mdts,
      bugs: [],
      ...(r.copy ? { copy: { ...r.copy, formats: [0] } } : {}),
      ...(r.zoned ? { zoned: { zoneSize: r.zoned.zoneSize, zoneCap: r.zoned.zoneSize - r.zoned.capCut, maxOpen: r.zoned.maxOpen, maxActive: r.zoned.maxOpen, crossRead: false, autoTransition: true } } : {}),
    }));

export type Layout = 'direct' | 'linear' | 'linear-2' | 'crypt' | 'stripe' | 'linear-on-linear' | 'partition' | 'linear-split';

const sectors = (d: Nvme): number => d.nsze * (d.lbaBytes / 512);

/** dm tables for a layout; every boundary a multiple of 8 sectors so any LBA size aligns. */
const tablesFor = (layout: Layout, a: Nvme, b: Nvme, offWanted: number): DmTable[] => {
  const off = Math.min(offWanted, Math.floor(sectors(a) / 16) * 8);
  const half = Math.floor(Math.min(sectors(a), sectors(b)) / 16) * 8;
  switch (layout) {
    case 'direct':
    case 'partition':
      return [];
    case 'linear':
      return [{ name: 'dm-0', targets: [{ type: 'linear', start: 0, len: sectors(a) - off, dev: a.name, offset: off }] }];
    case 'linear-2':
      return [{ name: 'dm-0', targets: [{ type: 'linear', start: 0, len: half, dev: a.name, offset: off }, { type: 'linear', start: half, len: half, dev: b.name, offset: 0 }] }];
    case 'crypt':
      return [{ name: 'dm-0', targets: [{ type: 'crypt', start: 0, len: sectors(a) - off, dev: a.name, offset: off, key: 'k0' }] }];
    case 'stripe':
      return [{ name: 'dm-0', targets: [{ type: 'stripe', start: 0, len: half * 2 - ((half * 2) % 32), chunk: 16, stripes: [{ dev: a.name, offset: 0 }, { dev: b.name, offset: 0 }] }] }];
    case 'linear-split': {
      // Four dm-linear targets on one namespace, out of order: sources (first half) and
      // destinations (second half) cross target boundaries whose lower sectors are not contiguous.
      const q = Math.floor(sectors(a) / 32) * 8;
      const perm = [2, 0, 3, 1];
      return [{ name: 'dm-0', targets: perm.map((p, j) => ({ type: 'linear' as const, start: j * q, len: q, dev: a.name, offset: p * q })) }];
    }
    case 'linear-on-linear':
      return [
        { name: 'dm-0', targets: [{ type: 'linear', start: 0, len: sectors(a) - off, dev: a.name, offset: off }] },
        { name: 'dm-1', targets: [{ type: 'linear', start: 0, len: sectors(a) - off - 8, dev: 'dm-0', offset: 8 }] },
      ];
  }
};

/** A symbolic op: positions are fractions of the device, sizes in logical blocks. */
type SymOp =
  | { kind: 'read' | 'write'; at: number; blocks: number }
  /** Sources walk up from `start`, each `skip` blocks past the previous one: a GC victim's valid blocks. */
  | {
      kind: 'copy';
      dst: number;
      start: number;
      srcs: { skip: number; blocks: number }[];
      /**
       * The first source starts one block before a boundary in the source area (a zone boundary,
       * or the middle, where linear-split's targets meet), so a source of two blocks or more
       * straddles it.
       */
      straddle?: boolean;
    }
  | { kind: 'zone-reset'; at: number }
  /**
   * A copy whose destination overlaps its own sources, `shift` blocks after them (forward) or
   * before them (backward), in a region of its own: what no posted series refuses (spec/stack.md OPEN-OVERLAP).
   */
  | { kind: 'overlap'; dir: 'forward' | 'backward'; shift: number; srcs: { skip: number; blocks: number }[] };

/** A position as a fraction of an area: often a round one, so ops and faults meet. */
const posArb = fc.oneof(fc.constantFrom(0, 0.25, 0.5), fc.double({ min: 0, max: 1, noNaN: true }));

const srcArb = fc.record({ skip: fc.integer({ min: 0, max: 4 }), blocks: fc.integer({ min: 1, max: 6 }) });

const symOpArbOf = (mergeable: boolean): fc.Arbitrary<SymOp> => fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant<'copy'>('copy'), dst: posArb, start: posArb, srcs: mergeable ? fc.oneof(fc.array(srcArb, { minLength: 1, maxLength: 1 }), fc.array(srcArb, { minLength: 1, maxLength: 5 })) : fc.array(srcArb, { minLength: 1, maxLength: 5 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant<'write'>('write'), at: posArb, blocks: fc.oneof(fc.integer({ min: 1, max: 8 }), fc.integer({ min: 30, max: 40 })) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant<'read'>('read'), at: posArb, blocks: fc.integer({ min: 1, max: 8 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant<'zone-reset'>('zone-reset'), at: posArb }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant<'overlap'>('overlap'),
      dir: fc.constantFrom<'forward' | 'backward'>('forward', 'backward'),
      shift: fc.integer({ min: 1, max: 4 }),
      srcs: fc.array(fc.record({ skip: fc.integer({ min: 0, max: 2 }), blocks: fc.integer({ min: 1, max: 6 }) }), { minLength: 1, maxLength: 3 }),
    }),
  },
);

/**
 * Concrete ops on `bdev` of `size` sectors and `k`-sector blocks, conflict-free by construction:
 * reads and copy sources fall in the first half of the device, writes and copy destinations are
 * laid out one after another in the second half (`gap` blocks apart: 0 lets the plug merge them).
 * On a zoned bottom device each destination goes to the write cursor of a zone of the second half,
 * so every zone is written sequentially in submission order; an op that would leave its zone or
 * the device is dropped.
 */
const concreteOps = (sym: readonly SymOp[], size: number, k: number, zone: number, gap: number): HostOp[] => {
  const half = Math.floor(size / 2 / (zone || k)) * (zone || k);
  const ops: HostOp[] = [];
  let cursor = half;
  const zoneCursor = new Map<number, number>();
  const resetZones = new Set<number>();
  const src = (f: number, blocks: number): SectorRange => ({ sector: Math.min(Math.floor(f * (half / k)), Math.max(0, half / k - blocks)) * k, nr: blocks * k });
  const zoneOf = (f: number): number => half / zone + Math.min(Math.floor(f * ((size - half) / zone)), (size - half) / zone - 1);
  const dst = (f: number, nr: number): number => {
    if (!zone) {
      const at = cursor;
      if (at + nr > size) return -1;
      cursor += nr + gap * k;
      return at;
    }
    const z = zoneOf(f);
    if (resetZones.has(z)) return -1; // written after its reset: the two would conflict
    const c = zoneCursor.get(z) ?? z * zone;
    if (c + nr > (z + 1) * zone) return -1;
    zoneCursor.set(z, c + nr);
    return c;
  };
  for (const s of sym) {
    if (s.kind === 'read') {
      const r = src(s.at, s.blocks);
      if (r.sector + r.nr <= half) ops.push({ op: 'read', bdev: '', ...r });
    } else if (s.kind === 'write') {
      const nr = s.blocks * k;
      const at = dst(s.at, nr);
      if (at >= 0) ops.push({ op: 'write', bdev: '', sector: at, nr });
    } else if (s.kind === 'copy') {
      const boundary = zone ? Math.max(zone, Math.floor(half / 2 / zone) * zone) : Math.floor(half / 2 / k) * k;
      let next = s.straddle ? boundary - k - (s.srcs[0]?.skip ?? 0) * k : src(s.start, 1).sector;
      const srcs = s.srcs
        .map((x) => {
          const r = { sector: next + x.skip * k, nr: x.blocks * k };
          next = r.sector + r.nr;
          return r;
        })
        .filter((r) => r.sector + r.nr <= half);
      const nr = srcs.reduce((n, x) => n + x.nr, 0);
      const at = srcs.length ? dst(s.dst, nr) : -1;
      if (at >= 0) ops.push({ op: 'copy', bdev: '', dst: { sector: at, nr }, src: srcs });
    } else if (s.kind === 'overlap') {
      // A region of its own at the cursor (conventional devices only: on a zoned one the sources
      // lie below the write pointer and the destination at it, so they cannot overlap).
      if (zone) continue;
      const span = s.srcs.reduce((n, x) => n + (x.skip + x.blocks) * k, 0);
      const nr = s.srcs.reduce((n, x) => n + x.blocks * k, 0);
      const shift = s.shift * k;
      const len = Math.max(span, nr) + shift;
      if (cursor + len > size) continue;
      let next = cursor + (s.dir === 'forward' ? 0 : shift);
      const srcs = s.srcs.map((x) => {
        const r = { sector: next + x.skip * k, nr: x.blocks * k };
        next = r.sector + r.nr;
        return r;
      });
      ops.push({ op: 'copy', bdev: '', dst: { sector: s.dir === 'forward' ? cursor + shift : cursor, nr }, src: srcs });
      cursor += len + gap * k;
    } else if (zone) {
      const z = zoneOf(s.at);
      if (zoneCursor.has(z) || resetZones.has(z)) continue; // a reset after writes to its zone would conflict with them
      resetZones.add(z);
      ops.push({ op: 'zone-reset', bdev: '', sector: z * zone });
    }
  }
  return ops;
};

const faultArb = (dev: string): fc.Arbitrary<StackFault> =>
  fc.oneof(
    fc.record({ dev: fc.constant(dev), fault: fc.constant<'media-error'>('media-error'), slba: fc.oneof(fc.constantFrom(0, 2, 16, 32), fc.integer({ min: 0, max: 63 })), nlb: fc.integer({ min: 0, max: 7 }) }),
    fc.record({ dev: fc.constant(dev), fault: fc.constant<'media-error'>('media-error'), slba: fc.oneof(fc.constantFrom(0, 2, 16, 32), fc.integer({ min: 0, max: 63 })), nlb: fc.integer({ min: 0, max: 7 }) }),
    fc.constant<StackFault>({ dev, fault: 'write-protect' }),
    fc.record({ dev: fc.constant(dev), fault: fc.constantFrom<'zone-offline' | 'zone-read-only'>('zone-offline', 'zone-read-only'), slba: fc.constantFrom(0, 16, 32) }),
    fc.constant<StackFault>({ dev, fault: 'copy-limits-zero' }),
  );

export type StackCase = { readonly cfg: StackConfig; readonly schedule: readonly number[]; /** The edge the case was pushed onto, if any (coverage reports). */ readonly edge?: StackEdge | null };

/**
 * Edges a case may be pushed onto (issue 10: verdicts that do not depend on the seed). Each is a
 * mechanism where a kernel rule bites, not a variant: a random case meets it only by luck (one in a
 * hundred or rarer), so some seeds never did in 200 runs. About two cases in five take one edge
 * (spec/stack.md "Generators"):
 * - plug-flood: 33–40 small writes under the plug with tags to spare: past BLK_MAX_REQUEST_COUNT
 *   (block/blk-mq.c blk_add_rq_to_plug); one case in three 65–72 writes striped over two
 *   namespaces: past twice that, the limit of a plug holding requests for several queues.
 * - msrc-edge: copies of exactly MSRC+1 and MSRC+2 small source ranges under the plug, within MCL
 *   and MSSRL: the source-segment limit and nothing else (NVMCS 1.0 §3.2.2; max_copy_src_segments),
 *   starting just below the middle of the source area so a two-block source can straddle a
 *   dm-linear target boundary (linear-split).
 * - zone-edge: one sequential zone written by every write and copy of the workload, copy limits a
 *   few blocks wide so a copy goes out in several chunks, a media error on a copy source, tags to
 *   spare: commands to one zone in flight together, one of them failing (blk_zone_plug_bio;
 *   ZNS 1.1 §2.1.1.2.1.1).
 * - zone-fresh: zone-edge's device under the plug; three back-to-back one-block writes opening one
 *   zone (merged in the plug, blk_zone_write_plug_bio_merged), then a copy into a zone nothing has
 *   written yet (no zone write plug: blk_zone_plug_bio creates one at a zone's first plugged write),
 *   then a write behind it in that zone: a copy that bypasses zone write plugging, or fails on the
 *   device unreported, leaves the zone's write pointer where the write does not expect it, and no
 *   plug's wp_offset catches the write on the host (blk_zone_wplug_prepare_bio), so the device
 *   answers Zone Invalid Write.
 * - merge-pair: two single-range copies with back-to-back destinations under the plug, roomy copy
 *   limits: what the block layer merges into one copy request (bio_attempt_back_merge).
 * - limits-zero: copy_max_bytes dropped to 0 at a time the schedule picks, never before the first
 *   op: between the halves or pieces of a copy (blk-sysfs.c queue_copy_max_store).
 * - dm-straddle: linear-split (four dm-linear targets on one namespace, out of order) and copies
 *   whose first source, two blocks or more, starts one block before the boundary of targets 0 and
 *   1, copy chunks of two blocks or more: dm clones one source into two bios on the same disk (drivers/md/dm.c __split_and_process_bio,
 *   max_io_len at the target's end), which a design must put back together or refuse.
 */
export const STACK_EDGES = ['plug-flood', 'msrc-edge', 'zone-edge', 'zone-fresh', 'merge-pair', 'limits-zero', 'dm-straddle'] as const;
export type StackEdge = (typeof STACK_EDGES)[number];

const edgeArb: fc.Arbitrary<StackEdge | null> = fc.oneof({ weight: 3, arbitrary: fc.constant(null) }, { weight: 2, arbitrary: fc.constantFrom(...STACK_EDGES) });

type Drawn = {
  a: Nvme;
  b: Nvme;
  layout: Layout;
  tags: number;
  plug: boolean;
  ops: SymOp[];
  manyWrites: number;
  gap: number;
  faults: StackFault[];
  srcFault: number | null;
  faultFirst: boolean;
  edgeAt: number;
  edgeBlocks: number;
  schedule: number[];
};

/** The drawn case pushed onto `edge`: only the knobs the edge needs change, the rest stays random. */
const onEdge = (r: Drawn, edge: StackEdge | null): Drawn => {
  if (edge === null) return r;
  const lim = r.a.copy ?? { mssrl: 2, mcl: 8, msrc: 1, formats: [0] };
  switch (edge) {
    case 'plug-flood': {
      // One LBA size on both namespaces and 512 blocks, so the second half holds every write.
      const lbaBytes = Math.max(r.a.lbaBytes, r.b.lbaBytes) as 512 | 4096;
      const flood = { ...r, a: { ...r.a, lbaBytes, nsze: 512, zoned: undefined }, plug: true, tags: 64 };
      // One case in three over two queues: dm-stripe alternates the writes between the namespaces
      // (16-sector chunks), plug->multiple_queues is set and the plug holds 64 requests before it
      // flushes (blk_plug_max_rq_count), so 65–72 writes.
      if (r.edgeBlocks === 3) return { ...flood, layout: 'stripe', b: { ...r.b, lbaBytes, nsze: 512, zoned: undefined }, manyWrites: 65 + (r.manyWrites % 8) };
      return { ...flood, manyWrites: 33 + (r.manyWrites % 8) };
    }
    case 'msrc-edge': {
      const msrc = lim.msrc;
      const srcs = (n: number): { skip: number; blocks: number }[] => Array.from({ length: n }, (_, i) => ({ skip: 1, blocks: i === 0 ? r.edgeBlocks : 1 }));
      const copy = (n: number): SymOp => ({ kind: 'copy', dst: r.edgeAt, start: r.edgeAt / 2, srcs: srcs(n), straddle: r.edgeBlocks > 1 });
      return { ...r, a: { ...r.a, copy: { ...lim, mssrl: Math.max(2, lim.mssrl), mcl: Math.max(lim.mcl, 2 * (msrc + 2)) } }, plug: true, ops: [copy(msrc + 1), copy(msrc + 2), ...r.ops] };
    }
    case 'zone-edge': {
      const zoned = r.a.zoned ?? { zoneSize: 16, zoneCap: 16, maxOpen: 0, maxActive: 0, crossRead: false, autoTransition: true };
      const ops = r.ops.map((o): SymOp => (o.kind === 'write' ? { ...o, at: r.edgeAt, blocks: Math.min(o.blocks, 4) } : o.kind === 'copy' ? { ...o, dst: r.edgeAt } : o));
      // And a copy whose source straddles a zone boundary (no RAZB: one Source Range entry may not).
      // Then a write behind it in the same zone: it must land where the copy left the write pointer.
      ops.push({ kind: 'copy', dst: r.edgeAt, start: 0, srcs: [{ skip: 0, blocks: 2 * r.edgeBlocks }], straddle: true }, { kind: 'write', at: r.edgeAt, blocks: 1 });
      // And first a write, then a small copy: the zone has a zone write plug (and a write pointer the
      // host tracks) before a copy reaches it (blk_zone_plug_bio creates the plug at the first write).
      ops.unshift({ kind: 'write', at: r.edgeAt, blocks: 1 }, { kind: 'copy', dst: r.edgeAt, start: r.edgeAt / 2, srcs: [{ skip: 0, blocks: r.edgeBlocks }] });
      // No run of small writes first: they would fill a zone of their own.
      return { ...r, layout: 'direct', a: { ...r.a, zoned, copy: { ...lim, mssrl: Math.min(lim.mssrl, 2), mcl: Math.min(lim.mcl, 4) } }, tags: Math.max(r.tags, 4), manyWrites: 0, ops, srcFault: r.srcFault ?? 0 };
    }
    case 'zone-fresh': {
      // zone-edge's device and workload under the plug, with first three one-block writes back to
      // back opening another zone (merged in the plug: blk_zone_write_plug_bio_merged must advance
      // wp_offset), then a one-block copy into a zone no write reached yet (so no zone write plug
      // for it), then a one-block write behind it: all fit in their zones whatever the block size.
      // Media errors only: a write-protected namespace or copy limits dropped to 0 (emulation)
      // would answer the write before the zone's write pointer does.
      const z = onEdge(r, 'zone-edge');
      const other = r.edgeAt < 0.5 ? 0.99 : 0;
      const fresh: SymOp[] = [{ kind: 'write', at: other, blocks: 1 }, { kind: 'write', at: other, blocks: 1 }, { kind: 'write', at: other, blocks: 1 }, { kind: 'copy', dst: r.edgeAt, start: r.edgeAt, srcs: [{ skip: 0, blocks: 1 }] }, { kind: 'write', at: r.edgeAt, blocks: 1 }];
      return { ...z, plug: true, ops: [...fresh, ...z.ops.slice(2)], faults: z.faults.filter((f) => f.fault === 'media-error') };
    }
    case 'merge-pair': {
      // No run of small writes first: those lay every op a block apart (gap 1).
      const one = (skip: number): SymOp => ({ kind: 'copy', dst: r.edgeAt, start: r.edgeAt / 2, srcs: [{ skip, blocks: r.edgeBlocks }] });
      // On one conventional namespace, directly (a dm table may split, refuse or spread the copies), with
      // room for both sources in one Copy (MSRC ≥ 2, 0's based: three Source Range entries) and each
      // copy in one Source Range (MSSRL, MCL above the 24 blocks an edge copy reaches), and the
      // task's own steps until both copies sit in the plug: a random choice there (the device taking
      // the first copy, a fault) flushed the plug before the second arrived. Before this, the merge
      // happened in about a third of the edge's cases.
      return { ...r, layout: 'direct', a: { ...r.a, zoned: undefined, copy: { ...lim, mssrl: Math.max(lim.mssrl, 32), mcl: Math.max(lim.mcl, 64), msrc: Math.max(lim.msrc, 2) } }, plug: true, gap: 0, manyWrites: 0, ops: [one(0), one(1), ...r.ops], faultFirst: false, schedule: [...Array<number>(8).fill(0), ...r.schedule] };
    }
    case 'limits-zero':
      return { ...r, a: { ...r.a, copy: lim }, faults: [{ dev: r.a.name, fault: 'copy-limits-zero' }, ...r.faults], faultFirst: false };
    case 'dm-straddle': {
      const copy = (n: number): SymOp => ({ kind: 'copy', dst: r.edgeAt, start: 0, srcs: Array.from({ length: n }, (_, i) => ({ skip: i ? 1 : 0, blocks: i ? 1 : r.edgeBlocks + 1 })), straddle: true });
      // A chunk of two blocks or more (MSSRL, MCL), so the boundary falls inside a chunk, not between
      // two; no run of small writes first, which could leave no room for the destinations.
      // Both namespaces of one LBA size: the source then starts one of a's blocks before the boundary.
      return { ...r, layout: 'linear-split', a: { ...r.a, copy: { ...lim, mssrl: Math.max(2, lim.mssrl), mcl: Math.max(4, lim.mcl) } }, b: { ...r.b, lbaBytes: r.a.lbaBytes }, manyWrites: 0, ops: [copy(1), copy(1 + (r.manyWrites % 3)), ...r.ops] };
    }
  }
};

/** Random stack cases for `design` with `bugs`: two in five pushed onto an edge (STACK_EDGES). */
export const stackCaseArb = (bugs: readonly StackBug[], design: DesignName = 'vectored-bio'): fc.Arbitrary<StackCase> => caseArb(bugs, design, edgeArb);

/** Random stack cases all pushed onto `edge`: the rest of each case stays random and shrinks. */
export const stackEdgeCaseArb = (bugs: readonly StackBug[], design: DesignName, edge: StackEdge): fc.Arbitrary<StackCase> => caseArb(bugs, design, fc.constant(edge));

const caseArb = (bugs: readonly StackBug[], design: DesignName, edges: fc.Arbitrary<StackEdge | null>): fc.Arbitrary<StackCase> =>
  fc
    .record({
      a: nvmeArb('nvme0n1'),
      b: nvmeArb('nvme1n1'),
      layout: fc.constantFrom<Layout>('direct', 'direct', 'direct', 'linear', 'linear-2', 'crypt', 'stripe', 'linear-on-linear', 'partition', 'linear-split'),
      off: fc.constantFrom(0, 8, 64),
      tags: fc.constantFrom(1, 2, 4, 64, 64, 64),
      plug: fc.boolean(),
      nowait: fc.constantFrom(false, false, false, true),
      // The variant that breaks merged copy requests gets single-range copies often: two of them
      // back to back are what the block layer merges into one request.
      ops: fc.array(symOpArbOf(bugs.includes('driver-rejects-merged-copy')), { minLength: 1, maxLength: 8 }),
      // An integer, not a constant, so shrinking can take writes away a few at a time.
      manyWrites: fc.oneof({ weight: 2, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.integer({ min: 0, max: 40 }) }),
      gap: fc.constantFrom(0, 1),
      faults: fc.array(faultArb('nvme0n1'), { maxLength: 2 }),
      // A media error on the n-th copy source (direct layouts): partial Copy failures, Dword 0 > 0.
      srcFault: fc.option(fc.nat(), { freq: 3 }),
      // Mostly the task's own next step (index 0), sometimes another choice: a tag failure, the
      // device taking a later command first, a fault.
      schedule: fc.array(fc.oneof({ weight: 3, arbitrary: fc.constant(0) }, { weight: 2, arbitrary: fc.nat({ max: 7 }) }), { maxLength: 60 }),
      faultFirst: fc.boolean(),
      edge: edges,
      // Where an edge puts its ops (a fraction, as posArb) and the blocks of its first source.
      edgeAt: posArb,
      edgeBlocks: fc.integer({ min: 1, max: 3 }),
    })
    .map(({ edge, ...drawn }) => {
      const r = { ...drawn, ...onEdge(drawn, edge) };
      const tables = tablesFor(r.layout, r.a, r.b, r.off);
      // Zoned namespaces sit under direct use only: dm over a zoned device needs zone-aligned
      // tables, which copyspec does not model yet (spec/stack.md).
      const a = r.layout === 'direct' ? r.a : { ...r.a, zoned: undefined };
      // A partition never starts at 0 here: its start is what blk_partition_remap adds.
      const partitions = r.layout === 'partition' ? [{ name: 'nvme0n1p1', disk: a.name, start: Math.max(8, r.off), nr: sectors(a) - Math.max(8, r.off) }] : [];
      const b = r.layout === 'direct' ? r.b : { ...r.b, zoned: undefined };
      const devices = [a, b].map((d) => {
        const { zoned, ...rest } = d;
        return zoned ? { ...rest, zoned } : rest;
      });
      const top = tables.length ? tables[tables.length - 1]! : undefined;
      const bdev = top ? top.name : partitions[0]?.name ?? a.name;
      const size = top ? top.targets.reduce((n, x) => n + x.len, 0) : partitions[0]?.nr ?? sectors(a);
      const k = Math.max(a.lbaBytes, b.lbaBytes) / 512;
      const zone = !top && !partitions.length && a.zoned ? a.zoned.zoneSize * k : 0;
      // Many single-block writes, a block apart, before the workload: more requests than one plug
      // holds (BLK_MAX_REQUEST_COUNT) when the device has room.
      const many: SymOp[] = Array.from({ length: r.manyWrites }, () => ({ kind: 'write', at: 0, blocks: 1 }));
      const ops = concreteOps([...many, ...r.ops], size, k, zone, r.manyWrites ? 1 : r.gap).map((o) => ({ ...o, bdev }));
      const srcs = ops.flatMap((o) => (o.op === 'copy' ? o.src.slice(1) : []));
      const faults = [...r.faults];
      if (r.srcFault !== null && !top && !partitions.length && srcs.length) faults.push({ dev: a.name, fault: 'media-error', slba: srcs[r.srcFault % srcs.length]!.sector / (a.lbaBytes / 512), nlb: 0 });
      const cfg: StackConfig = { design, devices, dm: tables, partitions, tags: r.tags, plug: r.plug, nowait: r.nowait, ops, faults, bugs: [...bugs] };
      // enabled() at init is [submit, inject 0, …]: choice 1 strikes the fault before anything runs.
      // Strike every fault before anything runs when faultFirst: enabled() at init is [submit, inject 0, …].
      return { cfg, schedule: faults.length && r.faultFirst ? [...faults.map(() => 1), ...r.schedule] : r.schedule, edge };
    });

// --- SCSI (issue 13, model/driver/sd.ts): layouts with a SCSI LU behind sd. A separate arbitrary,
// so the NVMe cases above (and every verdict drawn from them) stay as they are. 'scsi': the LU alone;
// 'mixed': dm-linear over an NVMe namespace (first half: the sources) and the LU (second half: the
// destinations), so every copy crosses devices and takes its design's fallback. `raceWrites` puts a
// one-block write to each copy's first source just before it: a conflicting workload, for DATA-07 (the stack form of token safety)
// only (the naive reference does not order in-flight I/O).

type ScsiLu = NonNullable<StackConfig['scsi']>[number];

export type ScsiLayout = 'scsi' | 'mixed';

const scsiLuArb = (name: string, luBugs: ScsiLu['bugs']): fc.Arbitrary<ScsiLu> =>
  fc
    .record({
      blockBytes: fc.constantFrom<512 | 4096>(512, 4096),
      capacity: fc.constantFrom(128, 512),
      maxTransferLength: fc.constantFrom(0, 8, 64),
      xcopy: fc.option(fc.record({ maxSegmentDescriptors: fc.integer({ min: 1, max: 4 }), maxSegmentLength: fc.constantFrom(0, 1024, 2048, 8192) }), { freq: 5 }),
      rod: fc.option(fc.record({ maxRangeDescriptors: fc.integer({ min: 1, max: 4 }), maxTokenTransferSize: fc.constantFrom(0, 2, 8), rodType: fc.constantFrom<'change-vulnerable' | 'persistent'>('change-vulnerable', 'persistent') }), { freq: 5 }),
    })
    .map((r) => ({
      name,
      blockBytes: r.blockBytes,
      capacity: r.capacity,
      maxTransferLength: r.maxTransferLength,
      optimalTransferLength: 0,
      optimalTransferLengthGranularity: 0,
      senseFormat: 'fixed' as const,
      bugs: [...luBugs],
      ...(r.xcopy ? { xcopy: { maxCscdDescriptors: 2, maxSegmentDescriptors: r.xcopy.maxSegmentDescriptors, maxDescriptorListLength: 1024, maxSegmentLength: r.xcopy.maxSegmentLength } } : {}),
      ...(r.rod ? { rod: { maxRangeDescriptors: r.rod.maxRangeDescriptors, maxInactivityTimeout: 600, defaultInactivityTimeout: 60, maxTokenTransferSize: r.rod.maxTokenTransferSize, optimalTransferCount: 0, rodType: r.rod.rodType } } : {}),
    }));

const scsiFaultArb = (dev: string): fc.Arbitrary<StackFault> =>
  fc.oneof(
    fc.record({ dev: fc.constant(dev), fault: fc.constant<'media-error'>('media-error'), slba: fc.oneof(fc.constantFrom(0, 2, 16, 32), fc.integer({ min: 0, max: 63 })), nlb: fc.integer({ min: 0, max: 7 }) }),
    fc.constant<StackFault>({ dev, fault: 'write-protect' }),
    fc.constant<StackFault>({ dev, fault: 'copy-limits-zero' }),
  );

export const stackScsiCaseArb = (bugs: readonly StackBug[], design: DesignName, layouts: readonly ScsiLayout[] = ['scsi', 'mixed'], opts: { readonly luBugs?: ScsiLu['bugs']; readonly raceWrites?: boolean } = {}): fc.Arbitrary<StackCase> =>
  fc
    .record({
      a: nvmeArb('nvme0n1'),
      lu: scsiLuArb('sda', opts.luBugs ?? []),
      layout: fc.constantFrom(...layouts),
      tags: fc.constantFrom(1, 2, 64, 64),
      plug: fc.boolean(),
      nowait: fc.constantFrom(false, false, false, true),
      ops: fc.array(symOpArbOf(false), { minLength: 1, maxLength: 6 }),
      gap: fc.constantFrom(0, 1),
      faults: fc.array(scsiFaultArb('sda'), { maxLength: 2 }),
      schedule: fc.array(fc.oneof({ weight: 3, arbitrary: fc.constant(0) }, { weight: 2, arbitrary: fc.nat({ max: 7 }) }), { maxLength: 60 }),
      faultFirst: fc.boolean(),
    })
    .map((r) => {
      const { zoned: _zoned, ...a } = r.a;
      const luSectors = r.lu.capacity * (r.lu.blockBytes / 512);
      const half = Math.floor(Math.min(sectors(a), luSectors) / 16) * 8;
      const tables: DmTable[] =
        r.layout === 'mixed'
          ? [{ name: 'dm-0', targets: [{ type: 'linear', start: 0, len: half, dev: a.name, offset: 0 }, { type: 'linear', start: half, len: half, dev: r.lu.name, offset: 0 }] }]
          : [];
      const bdev = r.layout === 'mixed' ? 'dm-0' : r.lu.name;
      const size = r.layout === 'mixed' ? 2 * half : luSectors;
      const k = (r.layout === 'mixed' ? Math.max(a.lbaBytes, r.lu.blockBytes) : r.lu.blockBytes) / 512;
      let ops = concreteOps(r.ops, size, k, 0, r.gap).map((o) => ({ ...o, bdev }));
      if (opts.raceWrites) ops = ops.flatMap((o): HostOp[] => (o.op === 'copy' && o.src[0] ? [{ op: 'write', bdev, sector: o.src[0].sector, nr: k }, o] : [o]));
      const cfg: StackConfig = { design, devices: r.layout === 'mixed' ? [a] : [], scsi: [r.lu], dm: tables, partitions: [], tags: r.tags, plug: r.plug, nowait: r.nowait, ops, faults: r.faults, bugs: [...bugs] };
      return { cfg, schedule: r.faults.length && r.faultFirst ? [...r.faults.map(() => 1), ...r.schedule] : r.schedule };
    });
