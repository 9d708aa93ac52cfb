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

// Per state object, the invariants (by property id) it was found to keep.
const kept = new WeakMap<StackState, Set<string>>();

/**
 * `f(s)` for an invariant of the state alone (`f` reads `s` and nothing else: not the trace, not
 * the step), named by its property's `id`. A state `f` found right is remembered and not judged
 * again: states are immutable values, and traces share them — the explorer's leaves share the
 * states of their common prefixes (~4 leaves a state on the embedded configurations). Only the
 * verdict "right" is remembered, so a violation is named exactly as without it.
 */
export const keptOnce = (id: string, s: StackState, f: (s: StackState) => string | null): string | null => {
  const ids = kept.get(s);
  if (ids?.has(id)) return null;
  const v = f(s);
  if (v === null) {
    if (ids) ids.add(id);
    else kept.set(s, new Set([id]));
  }
  return v;
};

/** forEachState for an invariant of the state alone (keptOnce). */
export const forEachStateOf = (id: string, t: StackTrace, f: (s: StackState) => string | null): string | null => forEachState(t, (s) => keptOnce(id, s, f));
