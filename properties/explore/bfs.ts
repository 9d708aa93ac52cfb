// Bounded exhaustive exploration (DESIGN.md §5): breadth-first search over any transition system
// with state hashing, as TLC does on a tiny model. Breadth first, so the path the search keeps to a
// state (parent pointers) is a shortest one, and states are handed out in order of depth: the
// first state that shows a violation has the shortest path to it.
//
// Pure and deterministic: no clock, no randomness. Successors are taken in `enabled` order, so the
// same system gives the same numbering, the same paths and the same statistics every time.

/**
 * A transition system: an initial state, the actions enabled in a state (in a fixed order: a path
 * is a list of indices into it), the successor, and a key identifying states to treat as one.
 */
export type TransitionSystem<S, A> = {
  readonly init: () => S;
  readonly enabled: (s: S) => readonly A[];
  readonly step: (s: S, a: A) => S;
  readonly key: (s: S) => string;
};

export type BfsBounds = {
  /** States at this depth (steps from init) are not expanded. */
  readonly maxDepth: number;
  /** Stop adding states once this many distinct states are known (a safety stop, not a bound to rely on). */
  readonly maxStates: number;
};

/**
 * Why a state ends a branch of the search tree (it has no child the search had not seen):
 * `deadlock` nothing is enabled (the run ended: quiescent or stuck — the properties tell which); `depth` the depth bound stops it; `budget` the state budget ran out
 * before it was expanded; `closed` every successor was already known (reached by a path no longer
 * than this one + 1); `threw` taking action `action` from it threw `error`.
 */
export type LeafReason = 'deadlock' | 'depth' | 'budget' | 'closed' | 'threw';

export type Leaf<S, A> = {
  readonly state: S;
  readonly depth: number;
  readonly reason: LeafReason;
  /** Shortest path from init to `state`, as indices into `enabled` (with `action` appended for `threw`). */
  readonly path: () => number[];
  /**
   * The states and actions along the kept path to `state` (not the action that threw): states[0] is
   * init, states[i+1] follows actions[i], the last state is `state`. The search holds them already,
   * so a leaf is judged without re-running its path.
   */
  readonly trail: () => { readonly states: S[]; readonly actions: A[] };
  readonly action?: number;
  readonly error?: unknown;
  /** Distinct states known when the leaf is reported (for progress lines). */
  readonly known: number;
  /** States waiting in the frontier when the leaf is reported (for progress lines). */
  readonly queued: number;
};

export type BfsStats = {
  /** Distinct states (by key) reached, init included. */
  readonly states: number;
  /** Steps taken: every enabled action of every expanded state, to a new state or a known one. */
  readonly transitions: number;
  /** Deepest state reached. */
  readonly maxDepth: number;
  /** The depth bound stopped a state that had actions enabled: the exploration is not exhaustive. */
  readonly depthCut: boolean;
  /** The state budget stopped the search: not exhaustive either. */
  readonly budgetCut: boolean;
  /** Steps that threw (each a leaf with reason `threw`). */
  readonly threw: number;
};

/**
 * Explore `sys` breadth first within `bounds`. `onLeaf` sees every state that ends a branch of the
 * search tree, in order of path length; every state reached lies on the kept path of at least one
 * leaf (follow first children down: the tree is finite), so judging the leaves' paths judges every
 * state reached.
 */
export const bfs = <S, A>(sys: TransitionSystem<S, A>, bounds: BfsBounds, onLeaf: (leaf: Leaf<S, A>) => void): BfsStats => {
  // Parent pointers: node n was reached from parent[n] by the via[n]-th enabled action.
  const parent: number[] = [-1];
  const via: number[] = [-1];
  const depthOf: number[] = [0];
  // Every node's state and the action that reached it (a leaf's trail); immer shares what a step did not change.
  const stateOf: S[] = [];
  const actionOf: A[] = [];
  const seen = new Map<string, number>();
  const pathTo = (n: number): number[] => {
    const out: number[] = [];
    for (let m = n; m > 0; m = parent[m]!) out.push(via[m]!);
    return out.reverse();
  };
  const trailTo = (n: number): { states: S[]; actions: A[] } => {
    const states: S[] = [];
    const actions: A[] = [];
    for (let m = n; m > 0; m = parent[m]!) {
      states.push(stateOf[m]!);
      actions.push(actionOf[m]!);
    }
    states.push(stateOf[0]!);
    return { states: states.reverse(), actions: actions.reverse() };
  };
  const s0 = sys.init();
  stateOf.push(s0);
  actionOf.push(undefined as unknown as A); // init: reached by no action
  seen.set(sys.key(s0), 0);
  // The frontier: states not yet expanded, oldest first. `head` advances instead of shift() (O(1)).
  let queue: number[] = [0];
  let head = 0;
  let transitions = 0;
  let maxDepth = 0;
  let depthCut = false;
  let budgetCut = false;
  let threw = 0;
  const leaf = (node: number, state: S, reason: LeafReason, extra: { action?: number; error?: unknown } = {}): void => {
    const path = extra.action === undefined ? () => pathTo(node) : () => [...pathTo(node), extra.action!];
    onLeaf({ state, depth: depthOf[node]! + (extra.action === undefined ? 0 : 1), reason, path, trail: () => trailTo(node), known: seen.size, queued: queue.length - head, ...extra });
  };
  // A step that threw has a path one longer than its state's: report it with the next depth's leaves.
  let threwLeaves: (() => void)[] = [];
  let level = 0;
  const flushThrew = (): void => {
    for (const f of threwLeaves) f();
    threwLeaves = [];
  };
  while (head < queue.length) {
    const node = queue[head++]!;
    const state = stateOf[node]!;
    if (depthOf[node]! > level) {
      level = depthOf[node]!;
      flushThrew();
    }
    if (head > 65_536 && head * 2 > queue.length) {
      queue = queue.slice(head);
      head = 0;
    }
    const d = depthOf[node]!;
    const en = sys.enabled(state);
    if (en.length === 0) {
      leaf(node, state, 'deadlock');
      continue;
    }
    if (d >= bounds.maxDepth) {
      depthCut = true;
      leaf(node, state, 'depth');
      continue;
    }
    if (budgetCut) {
      leaf(node, state, 'budget');
      continue;
    }
    let children = 0;
    let dropped = 0;
    for (let i = 0; i < en.length; i++) {
      let next: S;
      try {
        next = sys.step(state, en[i]!);
      } catch (error) {
        threw++;
        children++; // the throw is judged on its own leaf, whose path runs through this state
        threwLeaves.push(() => leaf(node, state, 'threw', { action: i, error }));
        continue;
      }
      transitions++;
      const k = sys.key(next);
      if (seen.has(k)) continue;
      if (seen.size >= bounds.maxStates) {
        budgetCut = true;
        dropped++;
        continue;
      }
      const n = parent.length;
      parent.push(node);
      via.push(i);
      depthOf.push(d + 1);
      stateOf.push(next);
      actionOf.push(en[i]!);
      seen.set(k, n);
      if (d + 1 > maxDepth) maxDepth = d + 1;
      queue.push(n);
      children++;
    }
    if (children === 0) leaf(node, state, dropped ? 'budget' : 'closed');
  }
  flushThrew();
  return { states: seen.size, transitions, maxDepth, depthCut, budgetCut, threw };
};
