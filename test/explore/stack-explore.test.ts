// The exhaustive explorer on the embedded configurations: the specified stack violates nothing
// under any design, known-bad variants are refuted with a shortest path, and every counterexample
// replays as a stack scenario.

import { expectedVerdict } from '../../properties/designs.js';
import { describe, expect, it } from 'vitest';
import type { StackBug } from '../../model/block/bugs.js';
import { DESIGN_NAMES, type DesignName } from '../../model/stack/design.js';
import { stackEnabled, quiescent } from '../../model/stack/enabled.js';
import { stackInit } from '../../model/stack/init.js';
import { stackStep } from '../../model/stack/step.js';
import type { StackConfig, StackEvent, StackState } from '../../model/stack/state.js';
import { stackScenarioSchema } from '../../model/scenario/stack-schema.js';
import { defaultChoice, stackConfigOf } from '../../model/scenario/run-stack.js';
import { EXPLORE_CONFIGS, exploreConfigNamed } from '../../properties/explore/configs.js';
import { canonicalJson, EMPTY_HISTORY, exploreStack, historyNumbers, stackModelIds, stackSystem, type ExploreViolation } from '../../properties/explore/stack-explore.js';
import { interner } from '../../properties/explore/intern.js';
import { STACK_PROPERTIES } from '../../properties/stack/properties.js';
import { traceStack } from '../../properties/stack/trace.js';

const cfgOf = (config: string, design: DesignName, bugs: readonly StackBug[] = []): StackConfig => ({ ...exploreConfigNamed(config)!.make(design), bugs: [...bugs] });

const violationOf = (config: string, design: DesignName, bug: StackBug, property: string): ExploreViolation => {
  const v = exploreStack(cfgOf(config, design, [bug])).violations.find((x) => x.property === property);
  if (!v) throw new Error(`${bug} on ${config} × ${design}: ${property} not refuted`);
  return v;
};

/** The scenario file replays: parsed as `copyspec run` parses it, it shows the same violation. */
const replays = (v: ExploreViolation): string | null => {
  const sc = stackScenarioSchema.parse(JSON.parse(JSON.stringify(v.scenario)));
  return STACK_PROPERTIES.find((p) => p.id === v.property)!.check(traceStack(stackConfigOf(sc), sc.schedule as number[]));
};

/** Every state reachable in at most `n` steps (all enabled actions), by brute force. */
const within = (cfg: StackConfig, n: number): StackState[] => {
  let level = [stackInit(cfg)];
  const all = [...level];
  for (let k = 0; k < n; k++) {
    level = level.flatMap((s) => stackEnabled(s).map((a) => stackStep(s, a)));
    all.push(...level);
  }
  return all;
};

describe('state keys', () => {
  it('do not depend on the order of object keys', () => {
    expect(canonicalJson({ b: 1, a: [{ d: 2, c: 3 }] })).toBe(canonicalJson({ a: [{ c: 3, d: 2 }], b: 1 }));
    expect(canonicalJson({ a: 1, b: undefined })).toBe(canonicalJson({ a: 1 }));
  });

  it('remembered for shared objects, equal the text computed afresh', () => {
    const fresh = (v: unknown): string => {
      if (v === null || typeof v !== 'object') return JSON.stringify(v) ?? 'null';
      if (Array.isArray(v)) return `[${v.map(fresh).join(',')}]`;
      const o = v as Record<string, unknown>;
      return `{${Object.keys(o).sort().filter((k) => o[k] !== undefined).map((k) => `${JSON.stringify(k)}:${fresh(o[k])}`).join(',')}}`;
    };
    for (const s of within(cfgOf('nvme-media-error', 'multi-bio-plug'), 8)) expect(canonicalJson(s)).toBe(fresh(s));
  });

  it('number values exactly as their canonical texts compare', () => {
    const ids = interner();
    expect(ids.id({ b: 1, a: [{ d: 2, c: 3 }] })).toBe(ids.id({ a: [{ c: 3, d: 2 }], b: 1 }));
    expect(ids.id({ a: 1, b: undefined })).toBe(ids.id({ a: 1 }));
    // Kinds and nesting stay apart: strings, objects, arrays, null.
    expect(new Set([ids.id({ a: '#0' }), ids.id({ a: {} }), ids.id({ a: [] }), ids.id([]), ids.id({}), ids.id({ a: [[]] }), ids.id({ a: null })]).size).toBe(7);
    // On states: one number exactly when the canonical texts agree (states reached by several paths included).
    const states = within(cfgOf('nvme-media-error', 'multi-bio-plug'), 6);
    const byText = new Map<string, number>();
    for (const s of states) {
      const n = ids.id(s);
      const text = canonicalJson(s);
      expect(byText.get(text) ?? n).toBe(n);
      byText.set(text, n);
    }
    expect(new Set(states.map((s) => ids.id(s))).size).toBe(byText.size);
    expect(byText.size).toBeLessThan(states.length); // some states are reached twice: the test compares merges too
  });

  it('leave out the configuration and keep the history', () => {
    const cfg = cfgOf('nvme-tags1', 'vectored-bio');
    const s = stackInit(cfg);
    const modelId = stackModelIds();
    expect(modelId({ ...s, cfg: cfgOf('nvme-tags2', 'token') })).toBe(modelId(s));
    const sys = stackSystem(cfg);
    const key = (state: StackState, history: number): string => sys.key({ state, history });
    const done: StackEvent = { event: 'done', op: 0, status: 0 };
    expect(key(s, historyNumbers().extend(EMPTY_HISTORY, [done]))).not.toBe(key(s, EMPTY_HISTORY));
    // The state's own events (the last step's) count only through the history.
    expect(key({ ...s, events: [done] }, EMPTY_HISTORY)).toBe(key(s, EMPTY_HISTORY));
    expect(key({ ...s, nextId: s.nextId + 1 }, EMPTY_HISTORY)).not.toBe(key(s, EMPTY_HISTORY));
  });

  it('number a history by its events in order, whichever steps emitted them', () => {
    const e = (op: number): StackEvent => ({ event: 'done', op, status: 0 });
    const h = historyNumbers();
    const whole = h.extend(EMPTY_HISTORY, [e(0), e(1), e(2)]);
    expect(h.extend(h.extend(EMPTY_HISTORY, [e(0)]), [e(1), e(2)])).toBe(whole);
    expect(h.extend(h.extend(h.extend(EMPTY_HISTORY, [e(0), e(1)]), []), [e(2)])).toBe(whole);
    expect(h.extend(EMPTY_HISTORY, [e(1), e(0), e(2)])).not.toBe(whole);
    expect(h.extend(EMPTY_HISTORY, [e(0), e(1)])).not.toBe(whole);
    expect(h.extend(EMPTY_HISTORY, [])).toBe(EMPTY_HISTORY);
    // Keys order-independent, as the state's: the same event built in another key order.
    expect(h.extend(EMPTY_HISTORY, [{ status: 0, op: 0, event: 'done' } as StackEvent])).toBe(h.extend(EMPTY_HISTORY, [e(0)]));
  });
});

describe.each(EXPLORE_CONFIGS.map((c) => [c.name]))('%s, specified stack', (config) => {
  it.each(DESIGN_NAMES.map((d) => [d]))('%s: exhaustive, every property holds but those the design declares refuted', (design) => {
    const r = exploreStack(cfgOf(config, design));
    const undeclared = r.violations.filter((v) => expectedVerdict(design, v.property) !== 'refuted');
    expect(undeclared.map((v) => `${v.property}: ${v.violation} (schedule ${v.schedule.join(',')})`)).toEqual([]);
    expect(r.depthCut || r.budgetCut || r.threw > 0).toBe(false);
  });
});

describe('known-bad variants', () => {
  it('no-flush-on-sleep: LIVE-01 at the first stuck state, 6 steps from init', () => {
    const cfg = cfgOf('nvme-tags1', 'vectored-bio', ['no-flush-on-sleep']);
    const v = violationOf('nvme-tags1', 'vectored-bio', 'no-flush-on-sleep', 'LIVE-01');
    expect(v).toMatchObject({ leaf: 'deadlock', depth: 6 });
    expect(v.violation).toMatch(/^stuck after 6 steps/);
    // Shortest: no state within 5 steps is stuck (work pending, no step the default policy takes).
    const stuck = (s: StackState): boolean => !quiescent(s) && defaultChoice(stackEnabled(s)) < 0;
    expect(within(cfg, 5).some(stuck)).toBe(false);
    // The default policy walks straight into it, so the scenario needs no schedule at all.
    expect(v.schedule).toEqual([]);
    expect(replays(v)).toMatch(/^stuck/);
  });

  it('tag-leak-on-error: CMPL-01 when the media error strikes first (one choice)', () => {
    const v = violationOf('nvme-media-error', 'vectored-bio', 'tag-leak-on-error', 'CMPL-01');
    expect(v).toMatchObject({ depth: 1, schedule: [1] }); // enabled() at init: [submit, inject 0]
    // Shortest: without the choice, the default policy never injects the fault, and CMPL-01 holds.
    expect(STACK_PROPERTIES.find((p) => p.id === 'CMPL-01')!.check(traceStack(cfgOf('nvme-media-error', 'vectored-bio', ['tag-leak-on-error']), []))).toBeNull();
    expect(replays(v)).toMatch(/tag\(s\) of nvme0n1 still allocated/);
  });

  it.each([
    ['no-zone-write-plugging', 'zns-writes-copy', 'vectored-bio', 'ZONE-03'],
    ['combine-ignores-msrc', 'nvme-split', 'multi-bio-plug', 'LIMIT-03'],
    ['retry-ignores-dnr', 'nvme-write-protect', 'vectored-bio', 'ERR-02'],
    ['crypt-passes-copy', 'dm-crypt-fallback', 'vectored-bio', 'DATA-04'],
  ] as const)('%s on %s × %s: %s, and the scenario replays it', (bug, config, design, property) => {
    const v = violationOf(config, design, bug, property);
    expect(replays(v)).toBe(v.violation);
  });
});
