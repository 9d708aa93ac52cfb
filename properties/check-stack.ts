// Check a stack or layer property against a design of the specified stack, or against known-bad
// variants of it, with fast-check: random configurations, workloads and schedules, shrunk on
// failure to a small stack scenario that `copyspec replay` and `copyspec run` replay (its
// `schedule` holds the explorer's choices). Coverage of action kinds and branches is summed over
// the runs so a vacuous property shows.

import fc from 'fast-check';
import type { StackBug } from '../model/block/bugs.js';
import type { StackScenarioInput } from '../model/scenario/stack-schema.js';
import type { StackConfig } from '../model/stack/state.js';
import type { DesignName } from '../model/stack/design.js';
import type { CheckParams } from './check-device.js';
import type { LayerProperty, StackProperty } from './property.js';
import type { StackCase } from './stack/generators.js';
import { prefixedProperty, stackCaseProperty } from './stack/edge-first.js';
import { traceStack } from './stack/trace.js';
import { addCoverage, emptyCoverage, type Coverage } from './stack/coverage.js';
import { MAX_STEPS } from '../model/scenario/run-stack.js';

export type StackVerdict =
  | { readonly verdict: 'holds'; readonly runs: number; readonly coverage?: Coverage }
  | {
      readonly verdict: 'refuted';
      readonly runs: number;
      readonly violation: string;
      readonly seed: number;
      readonly path: string;
      /** A stack scenario (stack properties) or the layer function's input (layer properties). */
      readonly counterexample: unknown;
      readonly coverage?: Coverage;
      /** Shrinking used up SHRINK_BUDGET: the counterexample is only partly shrunk (the same on any machine). */
      readonly interrupted?: boolean;
    }
  | {
      /** No run refuted the property, but `cutRuns` of them were cut by the step budget without repeating a state: not judged (trace.ts). */
      readonly verdict: 'inconclusive';
      readonly runs: number;
      readonly cutRuns: number;
      readonly maxSteps: number;
      readonly seed: number;
      /** fast-check's path to the first cut run. */
      readonly path: string;
      /** The first cut run as a stack scenario (the explorer's choices; the default policy does the rest). */
      readonly counterexample: unknown;
      readonly coverage?: Coverage;
    };

/** The scenario file for a configuration and the choices that led to the violation. */
export const stackScenarioOf = (cfg: StackConfig, schedule: readonly number[]): StackScenarioInput => ({
  format: 'copyspec-scenario/1',
  design: cfg.design,
  devices: [...cfg.devices.map((d): StackScenarioInput['devices'][number] => ({
    name: d.name,
    kind: 'nvme',
    lbaBytes: d.lbaBytes,
    nsze: d.nsze,
    mdts: d.mdts,
    ...(d.copy ? { copy: { ...d.copy, formats: [...d.copy.formats] as (0 | 1)[] } } : {}),
    ...(d.zoned ? { zoned: d.zoned } : {}),
    ...(d.bugs.length ? { bugs: [...d.bugs] } : {}),
  })),
    // SCSI LUs behind sd (issue 13): the LU's own fields, `"kind": "scsi"`.
    ...(cfg.scsi ?? []).map((d) => JSON.parse(JSON.stringify({ ...d, kind: 'scsi', bugs: d.bugs.length ? d.bugs : undefined })) as StackScenarioInput['devices'][number]),
  ],
  // Plain data: a JSON round trip drops the readonly markers the config type carries.
  dm: JSON.parse(JSON.stringify(cfg.dm)) as StackScenarioInput['dm'],
  partitions: cfg.partitions.map((p) => ({ ...p })),
  tags: cfg.tags,
  plug: cfg.plug,
  nowait: cfg.nowait,
  ...(cfg.nomerges ? { nomerges: true } : {}),
  ...(cfg.copyMaxBytes ? { copyMaxBytes: cfg.copyMaxBytes.map((w) => ({ ...w })) } : {}),
  ops: JSON.parse(JSON.stringify(cfg.ops)) as StackScenarioInput['ops'],
  faults: [...cfg.faults],
  schedule: [...schedule],
  stackBugs: [...cfg.bugs],
});

/**
 * Most candidate cases tried while shrinking one counterexample. Budgets are counts, never the
 * clock, so a verdict and its counterexample are the same on a slow or loaded machine: past the
 * budget every further candidate is taken as passing, and fast-check keeps the smallest failing
 * case found so far.
 */
export const SHRINK_BUDGET = 2_000;

/** A predicate that, after its first failure, judges at most `budget` more candidates. */
const shrinkBudgeted = <T>(pred: (x: T) => boolean, budget: number): { pred: (x: T) => boolean; cut: () => boolean } => {
  let failed = false;
  let tried = 0;
  return {
    pred: (x) => {
      if (failed && ++tried > budget) return true;
      const ok = pred(x);
      if (!ok) failed = true;
      return ok;
    },
    cut: () => tried > budget,
  };
};

/**
 * `arb`: the cases to draw (default: the NVMe stack cases after their edge prefix, stack/edge-first.ts;
 * stackScsiCaseArb for SCSI layouts), after `prefix` (its own edge prefix, stack/scsi-edges.ts).
 */
export const checkStackProperty = (prop: StackProperty, bugs: readonly StackBug[], p: CheckParams, design: DesignName = 'vectored-bio', arb?: fc.Arbitrary<StackCase>, prefix: readonly fc.Arbitrary<StackCase>[] = []): StackVerdict => {
  const coverage = emptyCoverage();
  let shrinking = false;
  let judged = 0;
  let cut: { runs: number; first: { run: number; cfg: StackConfig; schedule: readonly number[] } | null } = { runs: 0, first: null };
  const judge = shrinkBudgeted((c: { cfg: StackConfig; schedule: readonly number[] }) => {
    const t = traceStack(c.cfg, c.schedule, p.maxSteps);
    const run = judged;
    if (!shrinking) judged++;
    if (t.cut) {
      // Neither a pass nor a counterexample: counted, and a candidate while shrinking is taken as passing.
      if (!shrinking) cut = { runs: cut.runs + 1, first: cut.first ?? { run, cfg: c.cfg, schedule: t.schedule.slice(0, c.schedule.length) } };
      return true;
    }
    const bad = prop.check(t) !== null;
    if (!shrinking) addCoverage(coverage, t, prop.precondition(t));
    if (bad) shrinking = true; // from here on fast-check shrinks: keep coverage to the search
    return !bad;
  }, SHRINK_BUDGET);
  const property = arb ? prefixedProperty(prefix, arb, judge.pred) : stackCaseProperty(bugs, design, judge.pred);
  const result = fc.check(property, { seed: p.seed, numRuns: p.runs });
  if ((!result.failed || !result.counterexample) && cut.first) {
    return { verdict: 'inconclusive', runs: result.numRuns, cutRuns: cut.runs, maxSteps: p.maxSteps ?? MAX_STEPS, seed: p.seed, path: String(cut.first.run), counterexample: stackScenarioOf(cut.first.cfg, cut.first.schedule), coverage };
  }
  if (!result.failed || !result.counterexample) return { verdict: 'holds', runs: result.numRuns, coverage };
  const [c] = result.counterexample;
  const t = traceStack(c.cfg, c.schedule, p.maxSteps);
  const violation = prop.check(t) ?? '(the shrunk case no longer fails: report this as a copyspec bug)';
  // The schedule actually taken, as indices: replaying them needs no default policy guesswork.
  return { verdict: 'refuted', runs: result.numRuns, violation, seed: p.seed, path: result.counterexamplePath ?? '', counterexample: stackScenarioOf(c.cfg, t.schedule), coverage, interrupted: judge.cut() };
};

export const checkLayerProperty = (prop: LayerProperty, bugs: readonly StackBug[], p: CheckParams): StackVerdict => {
  const judge = shrinkBudgeted((i: unknown) => prop.check(i, bugs) === null, SHRINK_BUDGET);
  const result = fc.check(fc.property(prop.input, judge.pred), { seed: p.seed, numRuns: p.runs });
  if (!result.failed || !result.counterexample) return { verdict: 'holds', runs: result.numRuns };
  const [i] = result.counterexample;
  return { verdict: 'refuted', runs: result.numRuns, violation: prop.check(i, bugs) ?? '(no longer fails)', seed: p.seed, path: result.counterexamplePath ?? '', counterexample: i, interrupted: judge.cut() };
};
