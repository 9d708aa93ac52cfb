// A run cut by its step budget (model/scenario/run-stack.ts MAX_STEPS) is no evidence either way:
// the stack may be in a livelock, or the run is only long. They can be told apart when the state
// repeats. Past the explorer's choices the run follows the default policy, a function of the state
// alone (a step reads no history: model/stack/state.ts keeps only the step's own events), so if the
// state after step j equals the state after step i (i < j, both past the choices), the run takes
// steps i+1..j again and again, forever: a livelock, a cycle in the state graph that the scheduler
// never leaves, and LIVE-01's counterexample. No repeat within the budget: still inconclusive.

import { isDeepStrictEqual } from 'node:util';
import type { StackState } from '../../model/stack/state.js';

/** The cycle of a livelock: the state after step `from + period` is the state after step `from`. */
export type Livelock = { readonly from: number; readonly period: number };

/** Equal as model states: everything but the step's own events (cfg and limits never change). */
const sameState = (a: StackState, b: StackState): boolean => {
  if (a === b) return true;
  for (const k of Object.keys(a) as (keyof StackState)[]) if (k !== 'events' && !isDeepStrictEqual(a[k], b[k])) return false;
  return Object.keys(b).length === Object.keys(a).length;
};

/**
 * The shortest cycle the run's last state lies on, among the states from index `policyFrom` on
 * (states[i] is the state after i steps; the default policy chose every step from there), or null.
 * Costs one comparison per state back to the repeat: only cut runs pay it.
 */
export const livelockOf = (states: readonly StackState[], policyFrom: number): Livelock | null => {
  const last = states.length - 1;
  const final = states[last];
  if (final === undefined) return null;
  for (let i = last - 1; i >= policyFrom; i--) if (sameState(states[i]!, final)) return { from: i, period: last - i };
  return null;
};
