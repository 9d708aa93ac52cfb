// Where a host op's record lives. A submitted op not yet done sits in the state's `liveOps` (a few
// records: what a step touches, so immer copies little); a done op in `doneOps` (done-ops.ts, never
// drafted); an op not yet submitted has the initial record and is stored nowhere. So a step costs
// the same at the ten-thousandth op as at the first (issue 10 item 3). Canonical: after every step
// (retireDone) an op is in `doneOps` exactly when its phase is `done`, which makes the stored form a
// function of the op list it stands for (the explorer's state key relies on it).

import { castDraft, type Draft } from 'immer';
import { doneGet, doneSet } from './done-ops.js';
import type { D } from './draft.js';
import type { OpState, StackState } from './state.js';

/** An op's record before the task submits it. */
export const INITIAL_OP: OpState = Object.freeze({ phase: 'queued', errno: 0, outstanding: 0, buffers: Object.freeze([]), emulated: false, completions: 0 });

type OpsView = Pick<StackState, 'liveOps' | 'doneOps'>;

/** The record of op `i` in a state (not a draft). */
export const opAt = (s: OpsView, i: number): OpState => s.liveOps[i] ?? doneGet(s.doneOps, i) ?? INITIAL_OP;

/** Every op's record, in op order: O(ops), for judging a state or printing the final one, never per step. */
export const opsOf = (s: OpsView & Pick<StackState, 'cfg'>): OpState[] => s.cfg.ops.map((_, i) => opAt(s, i));

/** How many ops are done. */
export const opsDone = (s: OpsView): number => {
  let n = s.doneOps.size;
  for (const k in s.liveOps) if (s.liveOps[k]!.phase === 'done' && doneGet(s.doneOps, Number(k)) === undefined) n++;
  return n;
};

/**
 * A mutable copy of a stored record, down to what the reducers change in place (the buffer list,
 * the token loop, the emulation cursor): a record brought into a draft is new to immer, so it is
 * not drafted, and the stored one is frozen.
 */
const thaw = (op: OpState): Draft<OpState> =>
  castDraft({ ...op, buffers: [...op.buffers], ...(op.tokenCopy ? { tokenCopy: { ...op.tokenCopy } } : {}), ...(op.cursor ? { cursor: { ...op.cursor } } : {}) });

/** Op `i`'s record to change in a step: brought into `liveOps` (a done op too: a second completion, CMPL-01). */
export const opOf = (d: D, i: number): Draft<OpState> => {
  if (d.liveOps[i] === undefined) d.liveOps[i] = thaw(doneGet(d.doneOps, i) ?? INITIAL_OP);
  return d.liveOps[i]!;
};

/** After a step: every done op moves from `liveOps` to `doneOps`, and `doneOps` holds no op that is live again. */
export const retireDone = (s: StackState): StackState => {
  let live: Record<number, OpState> | undefined;
  let done = s.doneOps;
  for (const k in s.liveOps) {
    const i = Number(k);
    const op = s.liveOps[i]!;
    const was = doneGet(done, i);
    if (op.phase === 'done') {
      if (was !== op) done = doneSet(done, i, op);
      live ??= { ...s.liveOps };
      delete live[i];
    } else if (was !== undefined) done = doneSet(done, i, undefined);
  }
  if (live === undefined && done === s.doneOps) return s;
  return Object.freeze({ ...s, liveOps: live === undefined ? s.liveOps : Object.freeze(live), doneOps: done });
};
