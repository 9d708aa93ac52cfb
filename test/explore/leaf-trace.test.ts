// The trace the explorer judges at a leaf, built from the states the search holds, is the trace
// traceStack gives for the leaf's path from init: same states, actions, schedule, history and ending.

import { describe, expect, it } from 'vitest';
import type { StackBug } from '../../model/block/bugs.js';
import type { DesignName } from '../../model/stack/design.js';
import { stepEvents, type StackConfig } from '../../model/stack/state.js';
import { bfs } from '../../properties/explore/bfs.js';
import { exploreConfigNamed } from '../../properties/explore/configs.js';
import { leafTrace } from '../../properties/explore/leaf-trace.js';
import { STACK_PROPERTIES } from '../../properties/stack/properties.js';
import { judgedTrace, stackSystem } from '../../properties/explore/stack-explore.js';
import { traceStack } from '../../properties/stack/trace.js';

const cfgOf = (config: string, design: DesignName, bugs: readonly StackBug[] = []): StackConfig => ({ ...exploreConfigNamed(config)!.make(design), bugs: [...bugs] });

/** Every leaf's held trace against the re-run one; returns the leaf reasons seen. */
const compareAll = (cfg: StackConfig, maxDepth = 60): Set<string> => {
  const reasons = new Set<string>();
  const sys = stackSystem(cfg);
  bfs(sys, { maxDepth, maxStates: 5_000 }, (leaf) => {
    reasons.add(leaf.reason);
    const path = leaf.path();
    const held = judgedTrace(cfg, sys, leaf, path);
    const rerun = traceStack(cfg, path);
    expect(held.threw).toEqual(rerun.threw);
    expect({ ...held, threw: undefined }).toEqual({ ...rerun, threw: undefined });
  });
  return reasons;
};

describe('leaf traces from held states', () => {
  it.each([
    ['nvme-media-error', 'vectored-bio', []],
    ['zns-writes-copy', 'vectored-bio', []],
    ['nvme-split', 'vectored-bio', []],
    ['dm-crypt-fallback', 'vectored-bio', ['crypt-passes-copy']],
    ['nvme-tags1', 'vectored-bio', ['no-flush-on-sleep']],
  ] as const)('%s × %s %j: equal traceStack of the leaf path', (config, design, bugs) => {
    const reasons = compareAll(cfgOf(config, design, bugs));
    expect(reasons.has('closed') || reasons.has('deadlock')).toBe(true);
  });

  it('under a depth bound, the default policy runs on from the cut leaf', () => {
    expect(compareAll(cfgOf('nvme-tags2', 'vectored-bio'), 5).has('depth')).toBe(true);
  });

  it('a step that threw ends the trace there, with no default tail', () => {
    // No embedded configuration throws (stack-explore.test.ts), so the held path is taken from one.
    const cfg = cfgOf('nvme-tags1', 'vectored-bio');
    const full = traceStack(cfg, []);
    const k = 3;
    const t = leafTrace(cfg, { states: full.states.slice(0, k + 1), actions: full.actions.slice(0, k), schedule: full.schedule.slice(0, k), history: full.states.slice(1, k + 1).flatMap((s) => stepEvents(s)), threw: 'boom' }, { kind: 'end' });
    expect(t.threw).toEqual({ step: k, message: 'boom' });
    expect(t.actions).toHaveLength(k);
    expect(t.final).toBe(full.states[k]);
    expect(t.stuck).toBe(false);
    expect(STACK_PROPERTIES.find((p) => p.id === 'MODEL-02')!.check(t)).toBe(`step ${k + 1} threw: boom`);
  });
});
