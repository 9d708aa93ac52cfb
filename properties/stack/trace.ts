// A stack trace: a configuration run under a schedule — first the explorer's choices (each an
// index, taken modulo the number of enabled actions), then the default policy to the end. Every
// state is kept, so a property can judge each step; a reducer that throws ends the trace.

import { stackEnabled, quiescent } from '../../model/stack/enabled.js';
import { stackInit } from '../../model/stack/init.js';
import type { StackAction, StackConfig, StackState } from '../../model/stack/state.js';
import { stackStep } from '../../model/stack/step.js';
import { MAX_STEPS, defaultChoice } from '../../model/scenario/run-stack.js';

export type StackTrace = {
  readonly cfg: StackConfig;
  /** states[0] is init; states[i+1] follows actions[i]. */
  readonly states: readonly StackState[];
  readonly actions: readonly StackAction[];
  /** The explorer's choices actually used, as indices into enabled(): replaying them is exact. */
  readonly schedule: readonly number[];
  readonly final: StackState;
  readonly quiescent: boolean;
  /** Nothing enabled (but faults or tag failures) while work is pending. */
  readonly stuck: boolean;
  readonly threw?: { readonly step: number; readonly message: string };
};

export const traceStack = (cfg: StackConfig, choices: readonly number[]): StackTrace => {
  let s: StackState;
  try {
    s = stackInit(cfg);
  } catch (e) {
    throw new Error(`init: ${(e as Error).message}`);
  }
  const states: StackState[] = [s];
  const actions: StackAction[] = [];
  const schedule: number[] = [];
  let threw: StackTrace['threw'];
  for (let n = 0; n < MAX_STEPS; n++) {
    const en = stackEnabled(s);
    if (en.length === 0) break;
    const i = n < choices.length ? choices[n]! % en.length : defaultChoice(en);
    if (i < 0) break;
    try {
      s = stackStep(s, en[i]!);
    } catch (e) {
      threw = { step: n, message: (e as Error).message };
      break;
    }
    schedule.push(i);
    actions.push(en[i]!);
    states.push(s);
  }
  const q = quiescent(s);
  return { cfg, states, actions, schedule, final: s, quiescent: q, stuck: !q && !threw, ...(threw ? { threw } : {}) };
};
