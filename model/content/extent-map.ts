// A device's content as extents: sorted, non-overlapping runs that cover [0, size) exactly.
//
// Stored as a persistent chunked array (issue 10 item 3): the extents in order, cut into chunks at
// content-defined places (an extent starts a chunk when a hash of its start sector says so, one in
// CHUNK on average), every array frozen. A write rebuilds the chunks around the sectors it touches
// and shares every other chunk, so it copies O(E / CHUNK + CHUNK) references, not the E extents; and
// immer's auto-freeze stops at the frozen map instead of walking every extent at each step.
// Cost of read/write is O(log E + k) to find (k touched), never O(sectors): a 2^48-sector device
// with a few writes is a handful of extents.
// Invariant (checked by `checkExtentMap`): extents are sorted, contiguous from 0 to size, each with
// len > 0, and no two neighbours could be merged into one; an extent begins a chunk exactly when it
// is the first or its start is a chunk start. So equal content has one representation, whatever
// writes made it (the explorer's state key relies on it).

import { current, isDraft, type Draft } from 'immer';
import { isConstant, sameSource, type Run, type Source } from './token.js';

export type Extent = { readonly start: number; readonly len: number; readonly src: Source; readonly off: number };

/** Content of `size` sectors. Immutable (frozen): every operation returns a new map. */
export type ExtentMap = { readonly size: number; readonly chunks: readonly (readonly Extent[])[] };

/** log2 of the mean chunk length in extents. */
const CHUNK_BITS = 4;

/** Does an extent starting at sector `start` begin a chunk? A hash of the start (murmur3's finaliser), so the cut is a function of the content. */
const chunkStart = (start: number): boolean => {
  let h = (start ^ Math.floor(start / 2 ** 32)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return ((h ^ (h >>> 16)) & ((1 << CHUNK_BITS) - 1)) === 0;
};

/**
 * What may be an immer draft (a map or a source read through a step's draft) as the plain object it
 * stands for. A frozen map is closed to immer's finalize, which would otherwise replace drafts
 * left inside it, so nothing stored in one may be a draft, down to a cipher's inner source.
 */
const plain = <T>(x: T): T => (isDraft(x) ? (current(x as Draft<T>) as T) : x);
const plainSource = (s: Source): Source => {
  const p = plain(s);
  if (p.kind !== 'cipher') return p;
  const inner = plainSource(p.inner);
  return inner === p.inner ? p : { ...p, inner };
};

const frozenMap = (size: number, chunks: (readonly Extent[])[]): ExtentMap => Object.freeze({ size, chunks: Object.freeze(chunks) });

/** Extents in order into chunks (the first always begins one), each frozen. */
const chunked = (extents: readonly Extent[]): (readonly Extent[])[] => {
  const out: Extent[][] = [];
  for (const e of extents) {
    if (out.length === 0 || chunkStart(e.start)) out.push([]);
    out[out.length - 1]!.push(Object.isFrozen(e) ? e : Object.freeze(e));
  }
  return out.map((c) => Object.freeze(c));
};

/** A map whose every sector holds `src` at its own address (e.g. a device's original content). */
export const uniformMap = (size: number, src: Source): ExtentMap => frozenMap(size, size > 0 ? chunked([{ start: 0, len: size, src, off: 0 }]) : []);

/** The runs back to back, as a map of their total length. */
export const mapOfRuns = (runs: readonly Run[]): ExtentMap => {
  const size = runs.reduce((n, r) => n + r.len, 0);
  return size > 0 ? writeRuns(uniformMap(size, { kind: 'unwritten' }), 0, runs) : uniformMap(0, { kind: 'unwritten' });
};

/** Every extent, in order: O(E), for judging a map, never per step. */
export const extentsOf = (m: ExtentMap): Extent[] => m.chunks.flat();

/** Index of the chunk holding sector `s` (binary search). Requires 0 <= s < size. */
const findChunk = (m: ExtentMap, s: number): number => {
  let lo = 0;
  let hi = m.chunks.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if (m.chunks[mid]![0]!.start <= s) lo = mid;
    else hi = mid - 1;
  }
  return lo;
};

/** Index of the extent containing sector `s` in `xs` (binary search). Requires xs[0].start <= s. */
const findExtent = (xs: readonly Extent[], s: number): number => {
  let lo = 0;
  let hi = xs.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if (xs[mid]!.start <= s) lo = mid;
    else hi = mid - 1;
  }
  return lo;
};

const inRange = (m: ExtentMap, start: number, len: number): void => {
  if (!(Number.isSafeInteger(start) && Number.isSafeInteger(len) && start >= 0 && len >= 0 && start + len <= m.size)) {
    throw new RangeError(`extent map: sectors [${start}, ${start + len}) outside [0, ${m.size})`);
  }
};

/** The content of sectors [start, start+len) as runs. */
export const readRuns = (draft: ExtentMap, start: number, len: number): Run[] => {
  const m = plain(draft);
  inRange(m, start, len);
  const out: Run[] = [];
  if (len === 0) return out;
  const end = start + len;
  let c = findChunk(m, start);
  for (let i = findExtent(m.chunks[c]!, start); c < m.chunks.length; c++, i = 0) {
    const xs = m.chunks[c]!;
    for (; i < xs.length; i++) {
      const e = xs[i]!;
      if (e.start >= end) return out;
      const a = Math.max(start, e.start);
      const b = Math.min(end, e.start + e.len);
      out.push({ len: b - a, src: e.src, off: isConstant(e.src) ? 0 : e.off + (a - e.start) });
    }
  }
  return out;
};

/** Can extent `b` directly follow `a` as one extent? */
const mergeable = (a: Extent, b: Extent): boolean =>
  a.start + a.len === b.start &&
  sameSource(a.src, b.src) &&
  (isConstant(a.src) || a.off + a.len === b.off);

const pushMerged = (out: Extent[], e: Extent): void => {
  const last = out[out.length - 1];
  if (last && mergeable(last, e)) out[out.length - 1] = { ...last, len: last.len + e.len };
  else out.push(e);
};

/**
 * Overwrite sectors [start, start + runsLength(runs)) with `runs`. Only the chunks holding the
 * written sectors are rebuilt, and the chunk before (after) when the write begins (ends) exactly at
 * a chunk's edge: a merge reaches at most one extent past either end, and the extents before
 * `start` keep their start (so the first rebuilt chunk still begins where a chunk must).
 */
export const writeRuns = (draft: ExtentMap, start: number, runs: readonly Run[]): ExtentMap => {
  const m = plain(draft);
  const len = runs.reduce((n, r) => n + r.len, 0);
  inRange(m, start, len);
  if (len === 0) return m;
  const end = start + len;
  const ci = findChunk(m, start);
  const cj = findChunk(m, end - 1);
  const lo = ci > 0 && m.chunks[ci]![0]!.start === start ? ci - 1 : ci;
  const hi = cj + 1 < m.chunks.length && m.chunks[cj + 1]![0]!.start === end ? cj + 1 : cj;
  const region = lo === hi ? m.chunks[lo]! : m.chunks.slice(lo, hi + 1).flat();
  const first = findExtent(region, start);
  const out: Extent[] = region.slice(0, first);
  let i = first;
  // Left remainder of the extent that contains `start`.
  const head = region[first]!;
  if (head.start < start) {
    out.push({ ...head, len: start - head.start });
  }
  let at = start;
  for (const r of runs) {
    if (r.len === 0) continue;
    const src = plainSource(r.src);
    pushMerged(out, { start: at, len: r.len, src, off: isConstant(src) ? 0 : r.off });
    at += r.len;
  }
  // Skip extents wholly covered; keep the right remainder of the one containing end-1.
  while (i < region.length && region[i]!.start + region[i]!.len <= end) i++;
  if (i < region.length) {
    const e = region[i]!;
    if (e.start < end) {
      const cut = end - e.start;
      pushMerged(out, { start: end, len: e.len - cut, src: e.src, off: isConstant(e.src) ? 0 : e.off + cut });
      i++;
    }
    for (; i < region.length; i++) pushMerged(out, region[i]!);
  }
  const chunks = m.chunks.slice(0, lo);
  for (const c of chunked(out)) chunks.push(c);
  for (let c = hi + 1; c < m.chunks.length; c++) chunks.push(m.chunks[c]!);
  return frozenMap(m.size, chunks);
};

/** Sector `s`'s run of length 1. */
export const runAt = (m: ExtentMap, s: number): Run => readRuns(m, s, 1)[0]!;

/** Structural invariant of an extent map; returns a description of the first violation, or null. */
export const checkExtentMap = (m: ExtentMap): string | null => {
  let at = 0;
  const extents = extentsOf(m);
  for (let c = 0; c < m.chunks.length; c++) {
    const xs = m.chunks[c]!;
    if (xs.length === 0) return `chunk ${c} is empty`;
    for (let i = 0; i < xs.length; i++) {
      if ((i === 0) !== ((c === 0 && i === 0) || chunkStart(xs[i]!.start))) return `chunk ${c} extent ${i} (start ${xs[i]!.start}) ${i === 0 ? 'begins a chunk it should not' : 'should begin a chunk'}`;
    }
  }
  for (let i = 0; i < extents.length; i++) {
    const e = extents[i]!;
    if (e.start !== at) return `extent ${i} starts at ${e.start}, expected ${at}`;
    if (!(e.len > 0)) return `extent ${i} has length ${e.len}`;
    if (i > 0 && mergeable(extents[i - 1]!, e)) return `extents ${i - 1} and ${i} should be one`;
    at += e.len;
  }
  return at === m.size ? null : `extents cover ${at} sectors of ${m.size}`;
};
