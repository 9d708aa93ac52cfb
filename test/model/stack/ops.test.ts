// Where op records live (model/stack/ops.ts, done-ops.ts): done ops leave the records a step
// copies, and the stored form is canonical (one form per op list), which the explorer's key needs.
import { describe, expect, it } from 'vitest';
import { doneGet, doneOpsInit, doneSet } from '../../../model/stack/done-ops.js';
import { INITIAL_OP, opsOf } from '../../../model/stack/ops.js';
import { runStack } from '../../../model/scenario/run-stack.js';
import { canonicalJson } from '../../../properties/explore/stack-explore.js';
import type { HostOp, OpState, StackConfig } from '../../../model/stack/state.js';

const done = (errno: number): OpState => Object.freeze({ ...INITIAL_OP, phase: 'done', errno, completions: 1 });

const cfgOf = (n: number): StackConfig => ({
  design: 'vectored-bio',
  devices: [{ name: 'n', lbaBytes: 512, nsze: 1 << 12, mdts: 5, copy: { mssrl: 64, mcl: 256, msrc: 1, formats: [0] }, bugs: [] }],
  dm: [],
  partitions: [],
  tags: 2,
  plug: true,
  nowait: false,
  faults: [],
  bugs: [],
  ops: Array.from({ length: n }, (_, i): HostOp =>
    i % 2 === 0 ? { op: 'write', bdev: 'n', sector: (i * 16) % 256, nr: 16 } : { op: 'copy', bdev: 'n', dst: { sector: 256 + ((i * 16) % 256), nr: 8 }, src: [{ sector: (i * 8) % 256, nr: 4 }, { sector: (i * 24) % 256, nr: 4 }] }),
});

describe('op records', () => {
  it('the done-op trie gives equal trees for equal contents, whatever the order they were set in', () => {
    const idx = [0, 31, 32, 1023, 1024, 5000, 7];
    let a = doneOpsInit(6000);
    let b = doneOpsInit(6000);
    for (const i of idx) a = doneSet(a, i, done(-i));
    for (const i of [...idx].reverse()) b = doneSet(b, i, done(-i));
    expect(canonicalJson(a)).toBe(canonicalJson(b));
    expect(a.size).toBe(idx.length);
    for (const i of idx) expect(doneGet(a, i)?.errno).toBe(-i);
    expect(doneGet(a, 33)).toBeUndefined();
    // Removing what was added leaves the empty trie, pruned.
    for (const i of idx) a = doneSet(a, i, undefined);
    expect(canonicalJson(a)).toBe(canonicalJson(doneOpsInit(6000)));
    expect(a.size).toBe(0);
  });

  it('after every step an op is stored as done exactly when it is done, and no done op stays live', () => {
    const cfg = cfgOf(40);
    const run = runStack(cfg, [], { keep: true });
    expect(run.quiescent).toBe(true);
    for (const s of run.states) {
      for (const k in s.liveOps) expect(s.liveOps[k]!.phase).not.toBe('done');
      for (let i = 0; i < cfg.ops.length; i++) {
        const stored = doneGet(s.doneOps, i);
        if (stored) expect(stored.phase).toBe('done');
        if (i >= s.nextOp) expect(opsOf(s)[i]).toEqual(INITIAL_OP);
      }
    }
    expect(opsOf(run.final).map((o) => [o.phase, o.errno, o.completions])).toEqual(cfg.ops.map(() => ['done', 0, 1]));
    // What a step copies stays small: at most the ops in flight are live.
    expect(Math.max(...run.states.map((s) => Object.keys(s.liveOps).length))).toBeLessThanOrEqual(4);
  });
});
