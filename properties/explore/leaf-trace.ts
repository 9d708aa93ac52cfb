// The trace the explorer judges at a leaf, built from the states the search already holds: the
// kept path from init to the leaf (bfs.ts trail), then the default policy from the leaf to the end.
// It equals `traceStack(cfg, path)` field for field (test/explore/leaf-trace.test.ts), without
// re-running the path from init: a leaf then costs its tail, not its depth.

import { quiescent, stackEnabled } from '../../model/stack/enabled.js';
import { stepEvents, type StackAction, type StackConfig, type StackEvent, type StackState } from '../../model/stack/state.js';
import { stackStep } from '../../model/stack/step.js';
import { defaultChoice, MAX_STEPS } from '../../model/scenario/run-stack.js';
import type { StackTrace } from '../stack/trace.js';

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
 * The path, then — unless its last step threw — the default policy until nothing it takes is
 * enabled, as runStack continues once the explorer's choices run out (model/scenario/run-stack.ts).
 */
export const leafTrace = (cfg: StackConfig, held: HeldPath): StackTrace => {
  const states = [...held.states];
  const actions = [...held.actions];
  const schedule = [...held.schedule];
  const events = [...held.history];
  let s = states[states.length - 1]!;
  let threw: StackTrace['threw'];
  if (held.threw !== undefined) threw = { step: actions.length, message: held.threw };
  else {
    for (let n = actions.length; n < MAX_STEPS; n++) {
      const en = stackEnabled(s);
      const i = en.length === 0 ? -1 : defaultChoice(en);
      if (i < 0) break;
      try {
        s = stackStep(s, en[i]!);
      } catch (e) {
        threw = { step: n, message: (e as Error).message };
        break;
      }
      states.push(s);
      actions.push(en[i]!);
      schedule.push(i);
      for (const e of stepEvents(s)) events.push(e);
    }
  }
  const q = quiescent(s);
  return { cfg, states, actions, schedule, final: s, events, quiescent: q, stuck: !q && !threw, ...(threw ? { threw } : {}) };
};
