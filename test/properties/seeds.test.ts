// Issue 10 item 1: verdicts that do not depend on the seed. The edge prefix (properties/stack/
// edge-first.ts) puts every edge in the first runs of every seed, and the bounded chunk loop of
// two-bio (the out-of-memory run once seen at seed 13 of DATA-02).

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EDGE_ROUNDS, prefixedProperty, stackCaseProperty } from '../../properties/stack/edge-first.js';
import { STACK_EDGES, stackEdgeCaseArb, type StackCase } from '../../properties/stack/generators.js';
import { ZONE_03 } from '../../properties/stack/properties.js';
import { traceStack } from '../../properties/stack/trace.js';
import type { StackConfig } from '../../model/stack/state.js';

describe('edge prefix', () => {
  it('the first runs take every edge in turn, for any seed', () => {
    for (const seed of [1, 2, 3, 99]) {
      const cases = fc.sample(stackCaseProperty([], 'vectored-bio', () => true), { seed, numRuns: STACK_EDGES.length * EDGE_ROUNDS + 5 }).map(([c]) => c);
      expect(cases.slice(0, STACK_EDGES.length * EDGE_ROUNDS).map((c) => c.edge)).toEqual(Array.from({ length: EDGE_ROUNDS }, () => [...STACK_EDGES]).flat());
    }
  });

  it('a failure in the prefix shrinks within its own arbitrary, and its path replays it', () => {
    // Fails on run 0 only (its arbitrary draws 1000..2000), so the shrunk value comes from the prefix.
    const prop = () => prefixedProperty([fc.integer({ min: 1000, max: 2000 })], fc.integer({ min: 0, max: 10 }), (n) => n < 500);
    const r = fc.check(prop(), { seed: 5, numRuns: 20 });
    expect(r.failed).toBe(true);
    expect(r.counterexample).toEqual([1000]);
    const again = fc.check(prop(), { seed: 5, numRuns: 20, path: r.counterexamplePath ?? '' });
    expect(again.counterexample).toEqual([1000]);
  });

  it('a property that holds sees the prefix then the random runs', () => {
    const seen: StackCase[] = [];
    const r = fc.check(stackCaseProperty([], 'emulation', (c) => (seen.push(c), true)), { seed: 1, numRuns: 20 });
    expect(r.failed).toBe(false);
    expect(seen.slice(0, STACK_EDGES.length).map((c) => c.edge)).toEqual([...STACK_EDGES]);
  });
});

describe('zone-fresh edge', () => {
  it('a copy first into a zone then a write behind it: refutes ZONE-03 on copy-ctx (copy fails unreported, no zone write plug yet) in most runs', () => {
    for (const seed of [15, 18, 20]) {
      const cases = fc.sample(stackEdgeCaseArb([], 'copy-ctx', 'zone-fresh'), { seed, numRuns: 10 });
      expect(cases.filter((c) => ZONE_03.check(traceStack(c.cfg, c.schedule)) !== null).length).toBeGreaterThanOrEqual(6);
    }
  }, 120_000);
});

describe('two-bio chunk loop', () => {
  it('max_copy_bytes is read once: copy_max_bytes written to 0 between chunks ends the run (no 0-byte chunk loop)', () => {
    // The case that once ran out of memory (DATA-02, two-bio, seed 13 of the ci profile): the fault
    // strikes after chunk 0's local plug, and the loop went on with chunks of 0 sectors.
    const nvme = (name: string, lbaBytes: 512 | 4096, zoneSize: number, copy: { mssrl: number; mcl: number; msrc: number }): StackConfig['devices'][number] => ({
      name, lbaBytes, nsze: 512, mdts: 0, bugs: [], copy: { ...copy, formats: [0] },
      zoned: { zoneSize, zoneCap: zoneSize, maxOpen: 0, maxActive: 0, crossRead: false, autoTransition: true },
    });
    const cfg: StackConfig = {
      design: 'two-bio',
      devices: [nvme('nvme0n1', 4096, 16, { mssrl: 2, mcl: 2, msrc: 1 }), nvme('nvme1n1', 512, 32, { mssrl: 2, mcl: 14, msrc: 2 })],
      dm: [], partitions: [], tags: 64, plug: false, nowait: false,
      ops: [
        { op: 'copy', bdev: 'nvme0n1', dst: { sector: 3072, nr: 120 }, src: [{ sector: 16, nr: 8 }, { sector: 48, nr: 40 }, { sector: 96, nr: 48 }, { sector: 160, nr: 24 }] },
        { op: 'copy', bdev: 'nvme0n1', dst: { sector: 2048, nr: 128 }, src: [{ sector: 528, nr: 24 }, { sector: 552, nr: 48 }, { sector: 624, nr: 24 }, { sector: 680, nr: 32 }] },
        { op: 'read', bdev: 'nvme0n1', sector: 512, nr: 16 },
        { op: 'copy', bdev: 'nvme0n1', dst: { sector: 2560, nr: 64 }, src: [{ sector: 1040, nr: 24 }, { sector: 1064, nr: 40 }] },
      ],
      faults: [{ dev: 'nvme0n1', fault: 'copy-limits-zero' }],
      bugs: [],
    };
    // submit, map, tag-fail, inject (copy_max_bytes → 0), alloc, map, finish-plug (next chunk), …
    const t = traceStack(cfg, [0, 0, 1, 1, 0, 0, 0]);
    expect(t.actions.slice(0, 7).map((a) => a.kind)).toEqual(['submit', 'map', 'tag-fail', 'inject', 'alloc', 'map', 'finish-plug']);
    expect(t.threw).toBeUndefined();
    expect(t.quiescent).toBe(true);
  });
});
