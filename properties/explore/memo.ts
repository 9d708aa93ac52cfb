// The stack model as one exploration sees it, remembered per model state. The search keys a state
// by the model state *and* the history (stack-explore.ts stackKey), so one model state is reached
// by several search states (~4 on the embedded set): orders that emit the same events in another
// order end in the same stack. What the model does from there — the enabled actions, each
// successor, the default policy's run to the end — depends on the model state alone (a step reads
// no history: a state's `events` is a push-only sink, model/stack/state.ts EventSink), so it is
// computed once per model state and shared.
//
// A model state is known by its structural number (`modelKey`, without cfg, limits and the step's
// events: stack-explore.ts stackModelIds): the first state object seen with a number stands for all, and every
// successor is taken from it. Results are the model's own (same objects), so a trace built from
// them is the trace runStack builds (test/explore/leaf-trace.test.ts).

import { stackEnabled } from '../../model/stack/enabled.js';
import type { StackAction, StackState } from '../../model/stack/state.js';
import { stackStep } from '../../model/stack/step.js';
import { defaultChoice, MAX_STEPS } from '../../model/scenario/run-stack.js';

/**
 * The default policy's run from a state to its end, as a list: the action it takes (its index in
 * enabled()) and the state it leads to, then that state's own run; `end` when nothing it takes is
 * enabled, or the message of the step that threw.
 */
export type Tail =
  | { readonly kind: 'step'; readonly choice: number; readonly action: StackAction; readonly state: StackState; readonly next: Tail }
  | { readonly kind: 'end' }
  | { readonly kind: 'threw'; readonly message: string };

export type StackMemo = {
  /** The identity of a model state (stackModelIds: exact, remembered per state object). */
  readonly modelKey: (s: StackState) => number;
  /** stackEnabled of the state's model state: the same action objects for every state with that key. */
  readonly enabled: (s: StackState) => readonly StackAction[];
  /** stackStep, for an action `enabled` returned; throws what the step threw. */
  readonly step: (s: StackState, a: StackAction) => StackState;
  /** The default policy's run from `s`. */
  readonly tail: (s: StackState) => Tail;
};

type Outcome = { readonly state: StackState } | { readonly error: unknown };

const END: Tail = { kind: 'end' };

/** A fresh memo for one exploration (the key leaves out cfg: never share one across configurations). */
export const stackMemo = (modelKey: (s: StackState) => number): StackMemo => {
  const enabledOf = new Map<number, readonly StackAction[]>();
  // Keyed by the action object: `enabled` hands out one set of objects per model state.
  const outcomeOf = new WeakMap<StackAction, Outcome>();
  const representative = new Map<number, StackState>();
  const tailOf = new Map<number, Tail>();
  const enabled = (s: StackState): readonly StackAction[] => {
    const k = modelKey(s);
    let en = enabledOf.get(k);
    if (en === undefined) {
      en = stackEnabled(s);
      enabledOf.set(k, en);
      representative.set(k, s);
    }
    return en;
  };
  const step = (s: StackState, a: StackAction): StackState => {
    let o = outcomeOf.get(a);
    if (o === undefined) {
      const from = representative.get(modelKey(s)) ?? s;
      try {
        o = { state: stackStep(from, a) };
      } catch (error) {
        o = { error };
      }
      outcomeOf.set(a, o);
    }
    if ('error' in o) throw o.error;
    return o.state;
  };
  const tail = (s0: StackState): Tail => {
    // Walk forward to a state whose run is known (or the end), then fill in backwards: no recursion.
    const pending: { key: number; choice: number; action: StackAction; state: StackState }[] = [];
    let s = s0;
    let t: Tail | undefined;
    for (;;) {
      const k = modelKey(s);
      if (pending.length >= MAX_STEPS) {
        t = END; // runStack's bound (a run this long is a model defect); not remembered
        break;
      }
      t = tailOf.get(k);
      if (t !== undefined) break;
      const en = enabled(s);
      const i = en.length === 0 ? -1 : defaultChoice(en);
      if (i < 0) {
        t = END;
        tailOf.set(k, t);
        break;
      }
      let next: StackState;
      try {
        next = step(s, en[i]!);
      } catch (error) {
        t = { kind: 'threw', message: (error as Error).message };
        tailOf.set(k, t);
        break;
      }
      pending.push({ key: k, choice: i, action: en[i]!, state: next });
      s = next;
    }
    for (let j = pending.length - 1; j >= 0; j--) {
      const p = pending[j]!;
      t = { kind: 'step', choice: p.choice, action: p.action, state: p.state, next: t };
      tailOf.set(p.key, t);
    }
    return t;
  };
  return { modelKey, enabled, step, tail };
};
