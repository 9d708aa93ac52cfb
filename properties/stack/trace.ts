// A stack trace: a configuration run under a schedule — first the explorer's choices (each an
// index, taken modulo the number of enabled actions), then the default policy to the end. Every
// state is kept, so a property can judge each step; a reducer that throws ends the trace.

import type { StackAction, StackConfig, StackEvent, StackState } from '../../model/stack/state.js';
import { runStack } from '../../model/scenario/run-stack.js';

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
  readonly threw?: { readonly step: number; readonly message: string };
};

export const traceStack = (cfg: StackConfig, choices: readonly number[]): StackTrace => {
  const run = runStack(cfg, choices, { keep: true, modulo: true, catchThrows: true });
  return { cfg, ...run, stuck: !run.quiescent && !run.threw };
};
