// A LU as shipped (scsiLuInit), at the edges of its zone layout: every zone conventional, or none.
// Conventional zones hold the LU's original content, sequential write required zones nothing valid
// (ZBC-2 §4.5.3: data below the write pointer only); the content map is canonical from the first
// step on (MODEL-03's check, applied to this hand scenario).
import { describe, expect, it } from 'vitest';
import { scsiScenarioSchema } from '../../../../model/scenario/scsi-schema.js';
import { MODEL_03 } from '../../../../properties/device/scsi/properties.js';
import { traceScsiScenario } from '../../../../properties/device/scsi/trace.js';
import { run } from './helpers.js';

const zonedLu = (conventionalZones: number) => ({ capacity: 128, zoned: { zoneSize: 32, conventionalZones, maxOpen: 0, urswrz: true } });

/** One READ(16) on a LU of four 32-block zones, `conventionalZones` of them conventional: its record, and MODEL-03 on the trace. */
const readOnce = (conventionalZones: number, lba: number, blocks: number) => {
  const steps = [{ cmd: 'read16' as const, lba, blocks }];
  const trace = traceScsiScenario(scsiScenarioSchema.parse({ format: 'copyspec-scenario/1', devices: [{ name: 'sda', kind: 'scsi', blockBytes: 512, ...zonedLu(conventionalZones) }], steps: steps.map((s) => ({ dev: 'sda', ...s })) }));
  return { record: run(zonedLu(conventionalZones), steps)[0], model03: MODEL_03.check(trace) };
};

describe('the zone layout at its edges (ZBC-2 §4.5.3)', () => {
  it('every zone conventional: the whole LU holds its original content, in one canonical extent', () => {
    expect(readOnce(4, 96, 32)).toEqual({ record: expect.objectContaining({ status: 'GOOD', content: 'orig[96..127]' }), model03: null });
  });

  it('no zone conventional: nothing valid anywhere, in one canonical extent', () => {
    expect(readOnce(0, 0, 128)).toEqual({ record: expect.objectContaining({ status: 'GOOD', content: 'unwritten×128' }), model03: null });
  });
});
