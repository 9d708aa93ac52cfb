// Exhaustive, bounded exploration of one stack configuration (DESIGN.md §5): breadth first over
// every enabled action at every state — the task's steps, tag-allocation failures, the kworker's
// allocations, every order in which the device may execute its queued commands, every moment a
// fault may strike — judging every stack property on the shortest path to each leaf of the search.

import { stackEnabled } from '../../model/stack/enabled.js';
import { stackInit } from '../../model/stack/init.js';
import { stepEvents, type StackAction, type StackConfig, type StackEvent, type StackState } from '../../model/stack/state.js';
import type { StackScenarioInput } from '../../model/scenario/stack-schema.js';
import { stackScenarioOf } from '../check-stack.js';
import type { StackProperty } from '../property.js';
import { STACK_PROPERTIES } from '../stack/properties.js';
import type { StackTrace } from '../stack/trace.js';
import { leafTrace } from './leaf-trace.js';
import { interner, type Interner } from './intern.js';
import { stackMemo, type StackMemo } from './memo.js';
import { defaultChoice } from '../../model/scenario/run-stack.js';
import { bfs, type BfsStats, type Leaf, type LeafReason, type TransitionSystem } from './bfs.js';

/** Depth bound of `copyspec explore` when --depth is not given: above every embedded configuration's depth. */
export const DEFAULT_DEPTH = 60;

/** Distinct-state budget: a safety stop far above what a small configuration reaches. */
export const DEFAULT_MAX_STATES = 200_000;

// Canonical JSON defines when two states are one (intern.ts numbers states by it, without building
// the text). Immer shares every unchanged object between a state and its successor, and never
// mutates one once built (auto-freeze), so an object's canonical text can be remembered.
const canonical = new WeakMap<object, string>();

/** JSON with object keys sorted, so two equal states give one string whatever order immer built them in. */
export const canonicalJson = (v: unknown): string => {
  if (v === null || typeof v !== 'object') return JSON.stringify(v) ?? 'null';
  const known = canonical.get(v);
  if (known !== undefined) return known;
  let text: string;
  if (Array.isArray(v)) text = `[${v.map(canonicalJson).join(',')}]`;
  else {
    const o = v as Record<string, unknown>;
    const parts: string[] = [];
    for (const k of Object.keys(o).sort()) {
      if (o[k] !== undefined) parts.push(`${JSON.stringify(k)}:${canonicalJson(o[k])}`);
    }
    text = `{${parts.join(',')}}`;
  }
  if (Object.isFrozen(v)) canonical.set(v, text); // only what can no longer change
  return text;
};

/** The number of the empty history. */
export const EMPTY_HISTORY = 0;

/** Numbers histories for one exploration: `extend(h, events)` is the number of history h followed by `events`. */
export type HistoryNumbers = { readonly extend: (before: number, events: readonly StackEvent[]) => number; readonly size: () => number };

/**
 * A history numbering, exact: history h followed by event e is the number remembered for the pair
 * (h, the structural number of e: intern.ts), a new one the first time, from EMPTY_HISTORY. Two
 * histories get one number exactly when they hold the same events in the same order, whichever
 * steps emitted them; a step costs its own events, not the whole history. Remembers one pair per
 * distinct history.
 */
export const historyNumbers = (ids: Interner = interner()): HistoryNumbers => {
  // history number → event number → the number of the history followed by that event.
  const after = new Map<number, Map<number, number>>();
  let size = 0;
  const extend = (before: number, events: readonly StackEvent[]): number => {
    let h = before;
    for (const e of events) {
      let next = after.get(h);
      if (next === undefined) {
        next = new Map();
        after.set(h, next);
      }
      const en = ids.id(e);
      let n = next.get(en);
      if (n === undefined) {
        n = ++size;
        next.set(en, n);
      }
      h = n;
    }
    return h;
  };
  return { extend, size: () => size };
};

/** What a state's identity leaves out: `cfg` and `limits` (fixed at init), and the last step's events (the history stands for them). */
const NOT_IN_KEY: ReadonlySet<string> = new Set(['cfg', 'limits', 'events']);

/**
 * The identity of stack states for one exploration: a number per model state, everything but `cfg`
 * and `limits` (both fixed at init) and the state's own `events` (only the last step's: the model
 * keeps no history, model/stack/state.ts), numbered structurally (intern.ts): two states get one
 * number exactly when their canonical JSON texts (canonicalJson) are equal.
 *
 * The search keys a state by this number *and* the number of its history (historyNumbers, every
 * event from init, in order): stackSystem's `key`. The history is part of it, deliberately.
 * LIMIT-03, DATA-04, ZONE-03 and ERR-02 judge the history, not the state, and ZONE-03's excuse
 * even depends on how later ops end, so a property cannot be checked one transition at a time.
 * Were two paths with different histories merged into one state, only the first history would ever
 * be judged and a violation in the second would be missed. With the history in the key, every
 * complete execution within the bound ends in a state of its own where nothing is enabled, and is
 * judged whole; every state lies on a judged leaf's path (bfs.ts), so the per-state properties see
 * every state too. The price is fewer merges: the space is close to the tree of executions, merging
 * only orders that emit the same events in the same order (a map, which emits none, before or after
 * a device execution), and a new event kind in the model grows it. Ids stay as the model numbers
 * them: renaming them canonically would merge more, but the properties cite command and request ids.
 *
 * Both numbers are exact (no hash): no two distinct states are ever merged.
 */
export const stackModelIds = (ids: Interner = interner()): ((s: StackState) => number) => (s) => ids.idWithout(s, NOT_IN_KEY);

/** A state of the search: the stack's state and the number of the history that led to it (the search's own log). */
export type ExploreNode = { readonly state: StackState; readonly history: number };

/** The search's transition system over one configuration, with the memo its steps go through. */
export type StackSystem = TransitionSystem<ExploreNode, StackAction> & { readonly memo: StackMemo };

export const stackSystem = (cfg: StackConfig): StackSystem => {
  const ids = interner();
  const memo = stackMemo(stackModelIds(ids));
  const histories = historyNumbers(ids);
  return {
    memo,
    init: () => ({ state: stackInit(cfg), history: EMPTY_HISTORY }),
    enabled: (n) => memo.enabled(n.state),
    step: (n, a) => {
      const state = memo.step(n.state, a);
      return { state, history: histories.extend(n.history, stepEvents(state)) };
    },
    key: (n) => `${memo.modelKey(n.state)} ${n.history}`,
  };
};

export type ExploreOptions = {
  /** Depth bound (default DEFAULT_DEPTH). */
  readonly maxDepth?: number;
  readonly maxStates?: number;
  /** The properties judged at each leaf (default STACK_PROPERTIES; none: statistics only). */
  readonly properties?: readonly StackProperty[];
  /** Called after each leaf, for a progress line; the explorer itself never reads the clock. */
  readonly progress?: (p: { readonly states: number; readonly leaves: number; readonly depth: number; readonly queue: number }) => void;
};

export type ExploreViolation = {
  readonly property: string;
  readonly violation: string;
  /** Steps from init to the state where the violation was judged (the shortest path to it). */
  readonly depth: number;
  /**
   * That path as the explorer's choices (indices into enabled()), without the trailing choices the
   * default policy would make anyway: the same trace, and the schedule the scenario carries.
   */
  readonly schedule: readonly number[];
  /** Why the path ended where the explorer judged it. */
  readonly leaf: LeafReason;
  /** A stack scenario `copyspec run` replays. */
  readonly scenario: StackScenarioInput;
};

export type ExploreResult = BfsStats & {
  readonly depthBound: number;
  /** Leaves judged: each a trace through every property not yet violated. */
  readonly leaves: number;
  /** The first violation of each property found (shortest path), in the order of `properties`. */
  readonly violations: readonly ExploreViolation[];
};

/**
 * `path` less its trailing choices that equal the default policy's: traceStack follows the default
 * policy once the choices run out, so the trace is the same, and the scenario shorter.
 */
const withoutDefaultTail = (t: StackTrace, path: readonly number[]): number[] => {
  if (t.threw) return [...path]; // the last choice is the step that threw: keep every one
  let n = path.length;
  while (n > 0 && path[n - 1] === defaultChoice(stackEnabled(t.states[n - 1]!))) n--;
  return path.slice(0, n);
};

/** The trace judged at `leaf` (`path` its path) of `sys`'s search: `traceStack(cfg, path)`, from the states the search holds. */
export const judgedTrace = (cfg: StackConfig, sys: StackSystem, leaf: Leaf<ExploreNode, StackAction>, path: readonly number[] = leaf.path()): StackTrace => {
  const trail = leaf.trail();
  const states: StackState[] = new Array<StackState>(trail.states.length);
  const history: StackEvent[] = [];
  for (let i = 0; i < states.length; i++) {
    const s = trail.states[i]!.state;
    states[i] = s;
    if (i > 0) for (const e of stepEvents(s)) history.push(e);
  }
  const held = {
    states,
    actions: trail.actions,
    schedule: leaf.action === undefined ? path : path.slice(0, -1),
    history,
    ...(leaf.reason === 'threw' ? { threw: (leaf.error as Error).message } : {}),
  };
  return leafTrace(cfg, held, leaf.reason === 'threw' ? { kind: 'end' } : sys.memo.tail(leaf.state.state));
};

/**
 * Explore `cfg` and judge every property on each leaf's path: a state with nothing enabled, a state
 * the depth bound stops, a state whose successors were all reached already, or a step that threw.
 * Each judged trace is the one `traceStack(cfg, path)` gives — the path, then the default policy to
 * the end, so LIVE-01 asks of every leaf whether the stack still completes from there — built from
 * the states the search holds (leaf-trace.ts). Leaves come shortest path first, so the first
 * violation of a property has a shortest schedule among those explored.
 */
export const exploreStack = (cfg: StackConfig, o: ExploreOptions = {}): ExploreResult => {
  const props = o.properties ?? STACK_PROPERTIES;
  const depthBound = o.maxDepth ?? DEFAULT_DEPTH;
  const found = new Map<string, ExploreViolation>();
  let leaves = 0;
  const sys = stackSystem(cfg);
  const stats = bfs(sys, { maxDepth: depthBound, maxStates: o.maxStates ?? DEFAULT_MAX_STATES }, (leaf) => {
    leaves++;
    if (found.size < props.length) {
      const open = props.filter((p) => !found.has(p.id));
      const path = leaf.path();
      const t = judgedTrace(cfg, sys, leaf, path);
      for (const p of open) {
        const v = p.check(t);
        if (v === null) continue;
        const schedule = withoutDefaultTail(t, path);
        found.set(p.id, { property: p.id, violation: v, depth: path.length, schedule, leaf: leaf.reason, scenario: stackScenarioOf(cfg, schedule) });
      }
    }
    o.progress?.({ states: leaf.known, leaves, depth: leaf.depth, queue: leaf.queued });
  });
  const violations = props.flatMap((p) => found.get(p.id) ?? []);
  return { ...stats, depthBound, leaves, violations };
};
