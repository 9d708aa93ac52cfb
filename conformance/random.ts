// Random device scenarios for conformance: the property generators' symbolic scenarios
// (properties/device/generators.ts), kept to what QEMU 7.2 can stand for — small namespaces with
// Copy support, no injected faults, and an open limit whenever there is an active limit (QEMU sets
// max_open to max_active otherwise: qemu-namespace.ts) — then resolved against the model.

import fc from 'fast-check';
import type { DeviceBug } from '../model/device/nvme/bugs.js';
import type { DeviceConfigEntry, DeviceScenario } from '../model/scenario/schema.js';
import { deviceConfigArb, symStepArb, traceSymbolic, type SymScenario } from '../properties/device/generators.js';
import { MAX_IMAGE_BYTES } from './guest-program.js';

const qemuConfig = (c: DeviceConfigEntry): DeviceConfigEntry =>
  c.zoned && c.zoned.maxActive && !c.zoned.maxOpen ? { ...c, zoned: { ...c.zoned, maxOpen: c.zoned.maxActive } } : c;

export const conformanceScenarioArb: fc.Arbitrary<SymScenario> = fc.record({
  config: deviceConfigArb.filter((c) => c.copy !== undefined && c.nsze * c.lbaBytes <= MAX_IMAGE_BYTES).map(qemuConfig),
  steps: fc.array(
    symStepArb.filter((s) => s.cmd !== 'inject'),
    { maxLength: 24, size: 'large' },
  ),
});

/**
 * The concrete scenario a symbolic one stands for, resolved against the model with `bugs`; the
 * devices name the bugs, so the saved scenario replays the same way. A step on which a known-bad
 * variant throws ends the scenario before it.
 */
export const concreteScenario = (sym: SymScenario, bugs: readonly DeviceBug[]): DeviceScenario => {
  const trace = traceSymbolic(sym, bugs);
  const steps = trace.scenario.steps.slice(0, trace.threw ? trace.threw.stepNo - 1 : trace.steps.length);
  return { ...trace.scenario, devices: trace.scenario.devices.map((d) => ({ ...d, bugs: [...bugs] })), steps };
};

/** The first `runs` symbolic scenarios fast-check generates from `seed`, in run order (run i has replay path `i`). */
export const generatedScenarios = (seed: number, runs: number): SymScenario[] => {
  const seen: SymScenario[] = [];
  fc.check(
    fc.property(conformanceScenarioArb, (s) => {
      seen.push(s);
      return true;
    }),
    { seed, numRuns: runs },
  );
  return seen;
};
