// A device's content as extents: sorted, non-overlapping runs that cover [0, size) exactly.
//
// Cost of read/write is O(log E + k) to find and O(E) to copy the array (E extents, k touched),
// never O(sectors): a 2^48-sector device with a few writes is a handful of extents.
// Invariant (checked by `checkExtentMap`): extents are sorted, contiguous from 0 to size, each with
// len > 0, and no two neighbours could be merged into one (so equal content has one representation).

import { isConstant, sameSource, type Run, type Source } from './token.js';

export type Extent = { readonly start: number; readonly len: number; readonly src: Source; readonly off: number };

/** Content of `size` sectors. Immutable: every operation returns a new map. */
export type ExtentMap = { readonly size: number; readonly extents: readonly Extent[] };

/** A map whose every sector holds `src` at its own address (e.g. a device's original content). */
export const uniformMap = (size: number, src: Source): ExtentMap => ({
  size,
  extents: size > 0 ? [{ start: 0, len: size, src, off: 0 }] : [],
});

/** Index of the extent containing sector `s` (binary search). Requires 0 <= s < size. */
const findExtent = (m: ExtentMap, s: number): number => {
  let lo = 0;
  let hi = m.extents.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if (m.extents[mid]!.start <= s) lo = mid;
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
export const readRuns = (m: ExtentMap, start: number, len: number): Run[] => {
  inRange(m, start, len);
  const out: Run[] = [];
  if (len === 0) return out;
  const end = start + len;
  for (let i = findExtent(m, start); i < m.extents.length; i++) {
    const e = m.extents[i]!;
    if (e.start >= end) break;
    const a = Math.max(start, e.start);
    const b = Math.min(end, e.start + e.len);
    out.push({ len: b - a, src: e.src, off: isConstant(e.src) ? 0 : e.off + (a - e.start) });
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

/** Overwrite sectors [start, start + runsLength(runs)) with `runs`. */
export const writeRuns = (m: ExtentMap, start: number, runs: readonly Run[]): ExtentMap => {
  const len = runs.reduce((n, r) => n + r.len, 0);
  inRange(m, start, len);
  if (len === 0) return m;
  const end = start + len;
  const first = findExtent(m, start);
  const out: Extent[] = m.extents.slice(0, first);
  let i = first;
  // Left remainder of the extent that contains `start`.
  const head = m.extents[first]!;
  if (head.start < start) {
    out.push({ ...head, len: start - head.start });
  }
  let at = start;
  for (const r of runs) {
    if (r.len === 0) continue;
    pushMerged(out, { start: at, len: r.len, src: r.src, off: isConstant(r.src) ? 0 : r.off });
    at += r.len;
  }
  // Skip extents wholly covered; keep the right remainder of the one containing end-1.
  while (i < m.extents.length && m.extents[i]!.start + m.extents[i]!.len <= end) i++;
  if (i < m.extents.length) {
    const e = m.extents[i]!;
    if (e.start < end) {
      const cut = end - e.start;
      pushMerged(out, { start: end, len: e.len - cut, src: e.src, off: isConstant(e.src) ? 0 : e.off + cut });
      i++;
    }
    for (; i < m.extents.length; i++) pushMerged(out, m.extents[i]!);
  }
  return { size: m.size, extents: out };
};

/** Sector `s`'s run of length 1. */
export const runAt = (m: ExtentMap, s: number): Run => readRuns(m, s, 1)[0]!;

/** Structural invariant of an extent map; returns a description of the first violation, or null. */
export const checkExtentMap = (m: ExtentMap): string | null => {
  let at = 0;
  for (let i = 0; i < m.extents.length; i++) {
    const e = m.extents[i]!;
    if (e.start !== at) return `extent ${i} starts at ${e.start}, expected ${at}`;
    if (!(e.len > 0)) return `extent ${i} has length ${e.len}`;
    if (i > 0 && mergeable(m.extents[i - 1]!, e)) return `extents ${i - 1} and ${i} should be one`;
    at += e.len;
  }
  return at === m.size ? null : `extents cover ${at} sectors of ${m.size}`;
};
