// The per-state walk every stack invariant shares: the first state (in trace order) that `f` finds
// wrong, named by the step that led to it. Its own module so that properties.ts, books.ts and
// scsi-properties.ts share one copy without importing each other in a cycle.

import type { StackState } from '../../model/stack/state.js';
import type { StackTrace } from './trace.js';

export const forEachState = (t: StackTrace, f: (s: StackState, step: number) => string | null): string | null => {
  for (let i = 0; i < t.states.length; i++) {
    const v = f(t.states[i]!, i);
    if (v) return i === 0 ? `at init: ${v}` : `after step ${i} (${t.actions[i - 1]!.kind}): ${v}`;
  }
  return null;
};
