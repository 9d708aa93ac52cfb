// The generic breadth-first explorer on toy systems whose state spaces are known by hand.

import { describe, expect, it } from 'vitest';
import { bfs, type Leaf, type TransitionSystem } from '../../properties/explore/bfs.js';

/** A counter that may add 1 or 2 until it reaches `max` (then nothing is enabled). */
const counter = (max: number): TransitionSystem<number, number> => ({
  init: () => 0,
  enabled: (s) => (s >= max ? [] : [1, 2].filter((d) => s + d <= max)),
  step: (s, d) => s + d,
  key: (s) => String(s),
});

const leavesOf = <S, A>(sys: TransitionSystem<S, A>, maxDepth = 100, maxStates = 1000): { stats: ReturnType<typeof bfs>; leaves: Leaf<S, A>[] } => {
  const leaves: Leaf<S, A>[] = [];
  const stats = bfs(sys, { maxDepth, maxStates }, (l) => leaves.push(l));
  return { stats, leaves };
};

describe('bfs', () => {
  it('counts distinct states and every transition, and reaches each state by a shortest path', () => {
    const { stats, leaves } = leavesOf(counter(5));
    // states 0..5; from s < 4 two steps, from 4 one: 4·2 + 1 = 9 transitions; 5 is reached in 3 steps (2+2+1).
    expect(stats).toEqual({ states: 6, transitions: 9, maxDepth: 3, depthCut: false, budgetCut: false, threw: 0 });
    const end = leaves.find((l) => l.reason === 'deadlock')!;
    expect(end.state).toBe(5);
    expect(end.path()).toHaveLength(3);
    expect(end.path().reduce((s, i) => counter(5).step(s, counter(5).enabled(s)[i]!), 0)).toBe(5);
  });

  it('reports leaves in order of path length, and every state lies on a leaf path', () => {
    const sys = counter(6);
    const { leaves } = leavesOf(sys);
    const depths = leaves.map((l) => l.path().length);
    expect(depths).toEqual([...depths].sort((a, b) => a - b));
    const onPaths = new Set<number>();
    for (const l of leaves) l.path().reduce((s, i) => (onPaths.add(s), sys.step(s, sys.enabled(s)[i]!)), 0);
    for (const l of leaves) onPaths.add(l.state);
    expect([...onPaths].sort()).toEqual([0, 1, 2, 3, 4, 5, 6]);
    // 5's one successor, 6, was reached first from 4: a closed leaf, not a dead end.
    expect(leaves.filter((l) => l.reason === 'closed').map((l) => l.state)).toEqual([5]);
  });

  it('stops at the depth bound and says the bound cut the search', () => {
    const { stats, leaves } = leavesOf(counter(10), 2);
    expect(stats.depthCut).toBe(true);
    expect(stats.maxDepth).toBe(2);
    expect(leaves.filter((l) => l.reason === 'depth').map((l) => l.state).sort()).toEqual([3, 4]); // 2 is one step away
  });

  it('stops adding states at the budget', () => {
    const { stats, leaves } = leavesOf(counter(100), 100, 10);
    expect(stats.states).toBe(10);
    expect(stats.budgetCut).toBe(true);
    expect(leaves.some((l) => l.reason === 'budget')).toBe(true);
  });

  it('makes a step that throws a leaf whose path ends with the throwing choice', () => {
    const sys: TransitionSystem<number, number> = { ...counter(4), step: (s, d) => {
      if (s + d === 3) throw new Error('three');
      return s + d;
    } };
    const { stats, leaves } = leavesOf(sys);
    expect(stats.threw).toBe(2); // 1+2 and 2+1
    const t = leaves.find((l) => l.reason === 'threw')!;
    expect(t.path()).toEqual([0, 1]); // 0 + 1, then + 2 throws
    expect((t.error as Error).message).toBe('three');
  });

  it('is deterministic', () => {
    const run = (): string[] => leavesOf(counter(7)).leaves.map((l) => `${l.reason}:${l.path().join('.')}`);
    expect(run()).toEqual(run());
  });
});
