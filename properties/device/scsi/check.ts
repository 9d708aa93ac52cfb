// Check one SCSI device property against the model, or a known-bad variant of it, with fast-check:
// random symbolic SCSI scenarios, shrunk to a small concrete counterexample on failure.

import fc from 'fast-check';
import type { ScsiBug } from '../../../model/device/scsi/bugs.js';
import type { ScsiScenario } from '../../../model/scenario/scsi-schema.js';
import type { CheckParams } from '../../check-device.js';
import { symScsiScenarioArb, traceSymbolicScsi } from './generators.js';
import type { ScsiProperty } from './trace.js';

export type ScsiVerdict =
  | { readonly verdict: 'holds'; readonly runs: number }
  | { readonly verdict: 'refuted'; readonly runs: number; readonly scenario: ScsiScenario; readonly violation: string; readonly seed: number; readonly path: string };

export const checkScsiProperty = (prop: ScsiProperty, bugs: readonly ScsiBug[], p: CheckParams): ScsiVerdict => {
  const result = fc.check(fc.property(symScsiScenarioArb, (sym) => prop.check(traceSymbolicScsi(sym, bugs)) === null), { seed: p.seed, numRuns: p.runs });
  if (!result.failed || !result.counterexample) return { verdict: 'holds', runs: result.numRuns };
  const [sym] = result.counterexample;
  const trace = traceSymbolicScsi(sym, bugs);
  const violation = prop.check(trace) ?? '(the shrunk case no longer fails: report this as a copyspec bug)';
  const scenario: ScsiScenario = {
    ...trace.scenario,
    devices: trace.scenario.devices.map((d) => ({ ...d, bugs: [...bugs] })),
    steps: trace.scenario.steps.slice(0, trace.threw?.stepNo ?? trace.steps.length),
  };
  return { verdict: 'refuted', runs: result.numRuns, scenario, violation, seed: p.seed, path: result.counterexamplePath ?? '' };
};
