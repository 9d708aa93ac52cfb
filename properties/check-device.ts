// Check one device property against the model, or against a known-bad variant of it, with
// fast-check: random symbolic scenarios, shrunk to a small concrete counterexample on failure.

import fc from 'fast-check';
import type { DeviceBug } from '../model/device/nvme/bugs.js';
import type { DeviceScenario } from '../model/scenario/schema.js';
import { symScenarioArb, traceSymbolic } from './device/generators.js';
import type { DeviceProperty } from './property.js';

export type CheckParams = {
  readonly seed: number;
  readonly runs: number;
  /** Step budget of each stack run (default MAX_STEPS, model/scenario/run-stack.ts); the device runner has none: a device scenario is its finite list of steps. */
  readonly maxSteps?: number;
};

export type Verdict =
  | { readonly verdict: 'holds'; readonly runs: number }
  | {
      readonly verdict: 'refuted';
      readonly runs: number;
      /** The shrunk scenario, concrete: `copyspec run` replays it (with the variant's bugs on the device). */
      readonly scenario: DeviceScenario;
      readonly violation: string;
      readonly seed: number;
      /** fast-check's replay path. */
      readonly path: string;
    };

export const checkDeviceProperty = (prop: DeviceProperty, bugs: readonly DeviceBug[], p: CheckParams): Verdict => {
  const result = fc.check(
    fc.property(symScenarioArb, (sym) => prop.check(traceSymbolic(sym, bugs)) === null),
    { seed: p.seed, numRuns: p.runs },
  );
  if (!result.failed || !result.counterexample) return { verdict: 'holds', runs: result.numRuns };
  const [sym] = result.counterexample;
  const trace = traceSymbolic(sym, bugs);
  const violation = prop.check(trace) ?? '(the shrunk case no longer fails: report this as a copyspec bug)';
  const scenario: DeviceScenario = {
    ...trace.scenario,
    devices: trace.scenario.devices.map((d) => ({ ...d, bugs: [...bugs] })),
    steps: trace.scenario.steps.slice(0, (trace.threw?.stepNo ?? trace.steps.length)),
  };
  return { verdict: 'refuted', runs: result.numRuns, scenario, violation, seed: p.seed, path: result.counterexamplePath ?? '' };
};
