// The trace the explorer judges at a leaf, built from the states the search already holds: the
// kept path from init to the leaf (bfs.ts trail), then the default policy from the leaf to the end.
// It equals `traceStack(cfg, path)` field for field (test/explore/leaf-trace.test.ts), without
// re-running the path from init: a leaf then costs its tail, not its depth.

import { quiescent } from '../../model/stack/enabled.js';
import { stepEvents, type StackAction, type StackConfig, type StackEvent, type StackState } from '../../model/stack/state.js';
import type { StackTrace } from '../stack/trace.js';
import type { Tail } from './memo.js';

/** The leaf as the search holds it: the path's states and actions, its choices, and the history. */
export type HeldPath = {
  /** states[0] is init, states[i+1] follows actions[i]; the last is the leaf's state. */
  readonly states: readonly StackState[];
  readonly actions: readonly StackAction[];
  /** The choices (indices into enabled()) of `actions`. */
  readonly schedule: readonly number[];
  /** Every event along the path, in order. */
  readonly history: readonly StackEvent[];
  /** The step after the leaf's state threw (a `threw` leaf): its message; the trace ends there. */
  readonly threw?: string;
};

/**
 * The path, then — unless its last step threw — the default policy's run from the leaf (`tail`,
 * memo.ts), as runStack continues once the explorer's choices run out (model/scenario/run-stack.ts).
 */
export const leafTrace = (cfg: StackConfig, held: HeldPath, tail: Tail): StackTrace => {
  const states = [...held.states];
  const actions = [...held.actions];
  const schedule = [...held.schedule];
  const events = [...held.history];
  let threw: StackTrace['threw'];
  if (held.threw !== undefined) threw = { step: actions.length, message: held.threw };
  else {
    let t = tail;
    for (; t.kind === 'step'; t = t.next) {
      states.push(t.state);
      actions.push(t.action);
      schedule.push(t.choice);
      for (const e of stepEvents(t.state)) events.push(e);
    }
    if (t.kind === 'threw') threw = { step: actions.length, message: t.message };
  }
  const final = states[states.length - 1]!;
  const q = quiescent(final);
  return { cfg, states, actions, schedule, final, events, quiescent: q, stuck: !q && !threw, ...(threw ? { threw } : {}) };
};
