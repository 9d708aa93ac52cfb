// Checking power over SCSI: every SCSI property holds on the specified logical unit and refutes every
// known-bad variant it declares, within the ci profile's runs and seed; counterexamples replay.
import { describe, expect, it } from 'vitest';
import { SCSI_BUGS } from '../../../model/device/scsi/bugs.js';
import { scsiScenarioSchema } from '../../../model/scenario/scsi-schema.js';
import { checkScsiProperty } from '../../../properties/device/scsi/check.js';
import { SCSI_PROPERTIES } from '../../../properties/device/scsi/properties.js';
import { traceScsiScenario } from '../../../properties/device/scsi/trace.js';

const CI = { seed: 1, runs: 1000 };

describe.each(SCSI_PROPERTIES.map((p) => [p.id, p] as const))('%s', (_id, prop) => {
  it('holds on the specified SCSI logical unit', () => {
    const v = checkScsiProperty(prop, [], CI);
    expect(v.verdict === 'refuted' ? `${v.violation}\n${JSON.stringify(v.scenario)}` : 'holds').toBe('holds');
  });

  it.each(prop.refutes.map((b) => [b]))('refutes the variant %s, with a replayable counterexample', (bug) => {
    const v = checkScsiProperty(prop, [bug], CI);
    expect(v.verdict).toBe('refuted');
    if (v.verdict !== 'refuted') return;
    const scenario = scsiScenarioSchema.parse(JSON.parse(JSON.stringify(v.scenario)));
    expect(scenario.devices[0]!.bugs).toEqual([bug]);
    expect(prop.check(traceScsiScenario(scenario))).not.toBeNull();
  });
});

describe('SCSI catalogue', () => {
  it('has unique IDs and every SCSI variant is refuted by some SCSI property', () => {
    const ids = SCSI_PROPERTIES.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    const refuted = new Set(SCSI_PROPERTIES.flatMap((p) => p.refutes));
    expect(Object.keys(SCSI_BUGS).filter((b) => !refuted.has(b as keyof typeof SCSI_BUGS))).toEqual([]);
  });
});
