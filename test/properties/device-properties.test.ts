// Checking power: every property holds on the specified device and refutes every known-bad variant
// it declares, within the ci profile's runs and seed.
import { describe, expect, it } from 'vitest';
import { DEVICE_BUGS } from '../../model/device/nvme/bugs.js';
import { checkDeviceProperty } from '../../properties/check-device.js';
import { DEVICE_PROPERTIES } from '../../properties/device/properties.js';
import { traceDeviceScenario } from '../../properties/device/trace.js';
import { deviceScenarioSchema } from '../../model/scenario/schema.js';

const CI = { seed: 1, runs: 1000 };

describe.each(DEVICE_PROPERTIES.map((p) => [p.id, p] as const))('%s', (_id, prop) => {
  it('holds on the specified NVMe namespace', () => {
    const v = checkDeviceProperty(prop, [], CI);
    expect(v.verdict === 'refuted' ? v.violation : 'holds').toBe('holds');
  });

  it.each(prop.refutes.map((b) => [b]))('refutes the variant %s, with a replayable counterexample', (bug) => {
    const v = checkDeviceProperty(prop, [bug], CI);
    expect(v.verdict).toBe('refuted');
    if (v.verdict !== 'refuted') return;
    // The counterexample is a valid scenario file, and replaying it shows the same violation.
    const scenario = deviceScenarioSchema.parse(JSON.parse(JSON.stringify(v.scenario)));
    expect(scenario.devices[0]!.bugs).toEqual([bug]);
    expect(prop.check(traceDeviceScenario(scenario))).not.toBeNull();
  });
});

describe('catalogue', () => {
  it('has unique, well-formed IDs and every variant is refuted by some property', () => {
    const ids = DEVICE_PROPERTIES.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^(DATA|LIMIT|ZONE|CMPL|ERR|LIVE|MODEL)-\d\d$/);
    const refuted = new Set(DEVICE_PROPERTIES.flatMap((p) => p.refutes));
    expect(Object.keys(DEVICE_BUGS).filter((b) => !refuted.has(b as keyof typeof DEVICE_BUGS))).toEqual([]);
  });

  it('gives the same verdict and counterexample for the same seed', () => {
    const [a, b] = [0, 1].map(() => checkDeviceProperty(DEVICE_PROPERTIES[0]!, ['copy-reverse-ranges'], { seed: 7, runs: 300 }));
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
  });
});
