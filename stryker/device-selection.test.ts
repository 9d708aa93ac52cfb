// The fast test selection for mutation testing of model/device (npm run mutation): every device
// property on the specified namespace at MUTATION_RUNS runs (default 50), then every known-bad
// variant refuted within the ci profile's 1000 runs, without shrinking (only the verdict matters).
// Cheap properties first: Stryker's vitest runner stops at the first failing test.
// Not part of `npm test` (vitest.config.ts includes test/ only): test/properties/device-properties.test.ts
// makes the same assertions at the ci profile, with shrunk, replayable counterexamples.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DeviceBug } from '../model/device/nvme/bugs.js';
import { symScenarioArb, traceSymbolic } from '../properties/device/generators.js';
import { DEVICE_PROPERTIES } from '../properties/device/properties.js';
import type { DeviceProperty } from '../properties/property.js';
// The hand examples run in this same file: with several test files, Stryker 9.6's vitest runner
// reported mutants that another file's test kills as survivors (seen on blocks.ts:17).
import '../test/model/device/nvme/status-examples.test.js';
import '../test/model/device/nvme/zone-examples.test.js';
import '../test/model/reference.test.js';
import '../test/conformance/compare.test.js';

const runs = Number(process.env.MUTATION_RUNS ?? 50);
const ORDER = ['ERR-01', 'ZONE-07', 'ZONE-01', 'ZONE-02', 'LIMIT-01', 'MODEL-01', 'DATA-01'];
const props = [...DEVICE_PROPERTIES].sort((a, b) => ORDER.indexOf(a.id) - ORDER.indexOf(b.id));

const holds = (prop: DeviceProperty, bugs: readonly DeviceBug[], numRuns: number): boolean =>
  !fc.check(fc.property(symScenarioArb, (sym) => prop.check(traceSymbolic(sym, bugs)) === null), { seed: 1, numRuns, endOnFailure: true }).failed;

describe('holds on the specified NVMe namespace', () => {
  it.each(props.map((p) => [p.id, p] as const))('%s', (_id, prop) => expect(holds(prop, [], runs)).toBe(true));
});

describe('refutes its known-bad variants', () => {
  it.each(props.flatMap((p) => p.refutes.map((b) => [`${p.id} ${b}`, p, b] as const)))('%s', (_name, prop, bug) => expect(holds(prop, [bug], 1000)).toBe(false));
});
