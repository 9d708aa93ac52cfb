// A stack trace: a configuration run under a schedule — first the explorer's choices (each an
// index, taken modulo the number of enabled actions), then the default policy to the end. Every
// state is kept, so a property can judge each step; a reducer that throws ends the trace.

import type { StackAction, StackConfig, StackEvent, StackState } from '../../model/stack/state.js';
import { runStack } from '../../model/scenario/run-stack.js';
import { livelockOf, type Livelock } from './livelock.js';

export type StackTrace = {
  readonly cfg: StackConfig;
  /** states[0] is init; states[i+1] follows actions[i]. */
  readonly states: readonly StackState[];
  readonly actions: readonly StackAction[];
  /** The explorer's choices actually used, as indices into enabled(): replaying them is exact. */
  readonly schedule: readonly number[];
  readonly final: StackState;
  /** The history: every step's events, in order (states[i+1].events are those of actions[i]). */
  readonly events: readonly StackEvent[];
  readonly quiescent: boolean;
  /** Nothing enabled (but faults or tag failures) while work is pending. */
  readonly stuck: boolean;
  /** The step budget cut the run and no state repeated: no property can judge it (check calls the cell inconclusive). */
  readonly cut?: true;
  /** The step budget cut the run on a cycle of states: the stack would repeat it forever (livelock.ts). */
  readonly livelock?: Livelock;
  readonly threw?: { readonly step: number; readonly message: string };
};

/** `maxSteps`: the step budget (default MAX_STEPS, model/scenario/run-stack.ts). */
export const traceStack = (cfg: StackConfig, choices: readonly number[], maxSteps?: number): StackTrace => {
  const run = runStack(cfg, choices, { keep: true, modulo: true, catchThrows: true, ...(maxSteps !== undefined ? { maxSteps } : {}) });
  return traceOfRun(cfg, run, choices.length);
};

/** A run as the properties judge it; `policyFrom`: the steps before it followed a schedule, the rest the default policy. */
export const traceOfRun = (cfg: StackConfig, run: Omit<StackTrace, 'cfg' | 'stuck' | 'livelock'>, policyFrom: number): StackTrace => {
  if (!run.cut) return { cfg, ...run, stuck: !run.quiescent && !run.threw };
  const { cut: _cut, ...rest } = run;
  const livelock = livelockOf(run.states, policyFrom);
  return livelock ? { cfg, ...rest, stuck: false, livelock } : { cfg, ...run, stuck: false };
};
