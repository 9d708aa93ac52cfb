// Check a stack or layer property against the specified stack, or against known-bad variants of
// it, with fast-check: random configurations, workloads and schedules, shrunk on failure to a
// small stack scenario that `copyspec run` replays (its `schedule` holds the explorer's choices).

import fc from 'fast-check';
import type { StackBug } from '../model/block/bugs.js';
import type { StackScenarioInput } from '../model/scenario/stack-schema.js';
import type { StackConfig } from '../model/stack/state.js';
import type { DesignName } from '../model/stack/design.js';
import type { CheckParams } from './check-device.js';
import type { LayerProperty, StackProperty } from './property.js';
import { stackCaseArb } from './stack/generators.js';
import { traceStack } from './stack/trace.js';

export type StackVerdict =
  | { readonly verdict: 'holds'; readonly runs: number }
  | { readonly verdict: 'refuted'; readonly runs: number; readonly violation: string; readonly seed: number; readonly path: string; readonly counterexample: unknown };

/** The scenario file for a configuration and the choices that led to the violation. */
export const stackScenarioOf = (cfg: StackConfig, schedule: readonly number[]): StackScenarioInput => ({
  format: 'copyspec-scenario/1',
  design: cfg.design,
  devices: cfg.devices.map((d) => ({
    name: d.name,
    kind: 'nvme',
    lbaBytes: d.lbaBytes,
    nsze: d.nsze,
    mdts: d.mdts,
    ...(d.copy ? { copy: { ...d.copy, formats: [...d.copy.formats] as (0 | 1)[] } } : {}),
    ...(d.zoned ? { zoned: d.zoned } : {}),
    ...(d.bugs.length ? { bugs: [...d.bugs] } : {}),
  })),
  // Plain data: a JSON round trip drops the readonly markers the config type carries.
  dm: JSON.parse(JSON.stringify(cfg.dm)) as StackScenarioInput['dm'],
  tags: cfg.tags,
  plug: cfg.plug,
  nowait: cfg.nowait,
  ops: JSON.parse(JSON.stringify(cfg.ops)) as StackScenarioInput['ops'],
  faults: [...cfg.faults],
  schedule: [...schedule],
  stackBugs: [...cfg.bugs],
});

export const checkStackProperty = (prop: StackProperty, bugs: readonly StackBug[], p: CheckParams, design: DesignName = 'vectored-bio'): StackVerdict => {
  const result = fc.check(
    fc.property(stackCaseArb(bugs, design), (c) => prop.check(traceStack(c.cfg, c.schedule)) === null),
    { seed: p.seed, numRuns: p.runs },
  );
  if (!result.failed || !result.counterexample) return { verdict: 'holds', runs: result.numRuns };
  const [c] = result.counterexample;
  const t = traceStack(c.cfg, c.schedule);
  const violation = prop.check(t) ?? '(the shrunk case no longer fails: report this as a copyspec bug)';
  // The schedule actually taken, as indices: replaying them needs no default policy guesswork.
  return { verdict: 'refuted', runs: result.numRuns, violation, seed: p.seed, path: result.counterexamplePath ?? '', counterexample: stackScenarioOf(c.cfg, t.schedule) };
};

export const checkLayerProperty = (prop: LayerProperty, bugs: readonly StackBug[], p: CheckParams): StackVerdict => {
  const result = fc.check(fc.property(prop.input, (i) => prop.check(i, bugs) === null), { seed: p.seed, numRuns: p.runs });
  if (!result.failed || !result.counterexample) return { verdict: 'holds', runs: result.numRuns };
  const [i] = result.counterexample;
  return { verdict: 'refuted', runs: result.numRuns, violation: prop.check(i, bugs) ?? '(no longer fails)', seed: p.seed, path: result.counterexamplePath ?? '', counterexample: { property: prop.id, input: i, bugs } };
};
