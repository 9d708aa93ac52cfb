import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { checkExtentMap, extentsOf, readRuns, uniformMap, writeRuns } from '../../../model/content/extent-map.js';
import { runKeys, tokenKey, type Run } from '../../../model/content/token.js';

// The extent map against the obvious model: an array of token keys, one per sector.
const SIZE = 64;
const runArb: fc.Arbitrary<Run> = fc.record({
  len: fc.integer({ min: 1, max: 12 }),
  src: fc.oneof(fc.constant({ kind: 'unwritten' as const }), fc.constantFrom('w1', 'w2').map((tag) => ({ kind: 'data' as const, tag })), fc.constant({ kind: 'orig' as const, dev: 'd' })),
  off: fc.nat(40),
});
const opArb = fc.record({ at: fc.nat(SIZE - 1), runs: fc.array(runArb, { minLength: 1, maxLength: 3 }) });

describe('extent map', () => {
  test.prop([fc.array(opArb, { maxLength: 12 }), fc.nat(SIZE - 1), fc.nat(SIZE)])('agrees with a per-sector array and stays canonical', (ops, rs, rl) => {
    let m = uniformMap(SIZE, { kind: 'orig', dev: 'd' });
    const flat = Array.from({ length: SIZE }, (_, i) => tokenKey({ kind: 'orig', dev: 'd' }, i));
    for (const op of ops) {
      const keys = runKeys(op.runs).slice(0, SIZE - op.at);
      let left = keys.length;
      const runs = op.runs.flatMap((r) => {
        const len = Math.min(r.len, left);
        left -= len;
        return len > 0 ? [{ ...r, len }] : [];
      });
      m = writeRuns(m, op.at, runs);
      keys.forEach((k, i) => (flat[op.at + i] = k));
      expect(checkExtentMap(m)).toBeNull();
    }
    const len = Math.min(rl, SIZE - rs);
    expect(runKeys(readRuns(m, rs, len))).toEqual(flat.slice(rs, rs + len));
  });

  // Hundreds of extents, so writes cross chunks: the chunked store against the per-sector array,
  // and one representation for one content (the same disjoint writes in two orders).
  test.prop([fc.array(fc.record({ at: fc.nat(4095), len: fc.integer({ min: 1, max: 40 }), tag: fc.constantFrom('w1', 'w2', 'w3') }), { minLength: 1, maxLength: 150 })])('stays canonical across chunks', (writes) => {
    const size = 4096;
    let m = uniformMap(size, { kind: 'orig', dev: 'd' });
    const flat = Array.from({ length: size }, (_, i) => tokenKey({ kind: 'orig', dev: 'd' }, i));
    const disjoint: { at: number; runs: Run[] }[] = [];
    for (const w of writes) {
      const len = Math.min(w.len, size - w.at);
      const runs: Run[] = [{ len, src: { kind: 'data', tag: w.tag }, off: w.at % 7 }];
      m = writeRuns(m, w.at, runs);
      runKeys(runs).forEach((k, i) => (flat[w.at + i] = k));
      expect(checkExtentMap(m)).toBeNull();
    }
    expect(runKeys(readRuns(m, 0, size))).toEqual(flat);
    for (const [k, e] of extentsOf(m).entries()) if (k % 2 === 0) disjoint.push({ at: e.start, runs: [{ len: e.len, src: e.src, off: e.off }] });
    const build = (order: typeof disjoint): string => JSON.stringify(order.reduce((acc, w) => writeRuns(acc, w.at, w.runs), uniformMap(size, { kind: 'orig', dev: 'd' })));
    expect(build([...disjoint].reverse())).toEqual(build(disjoint));
  });

  it('costs extents, not sectors, on a 2^48-sector device', () => {
    let m = uniformMap(2 ** 48, { kind: 'orig', dev: 'd' });
    m = writeRuns(m, 2 ** 47, [{ len: 2 ** 40, src: { kind: 'data', tag: 'w1' }, off: 0 }]);
    expect(extentsOf(m)).toHaveLength(3);
    expect(readRuns(m, 2 ** 47 - 1, 2)).toEqual([
      { len: 1, src: { kind: 'orig', dev: 'd' }, off: 2 ** 47 - 1 },
      { len: 1, src: { kind: 'data', tag: 'w1' }, off: 0 },
    ]);
  });

  it('refuses a range outside the map', () => {
    expect(() => readRuns(uniformMap(8, { kind: 'unwritten' }), 4, 5)).toThrow(RangeError);
  });
});
