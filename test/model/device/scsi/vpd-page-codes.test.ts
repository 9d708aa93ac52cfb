// The PAGE CODE each INQUIRY VPD page carries (SPC-5 §7.7.1: byte 1 of every VPD page is its PAGE
// CODE): Block Limits B0h (SBC-4 §6.6.4), Third-party Copy 8Fh (SPC-5 §7.7.18), Zoned Block Device
// Characteristics B6h (ZBC-2 §6.5.2). `copyspec run` prints only the fields, so the model's result is
// read directly; the codes are written from the clauses.
import { describe, expect, it } from 'vitest';
import { scsiExecute } from '../../../../model/device/scsi/execute.js';
import { scsiLuInit } from '../../../../model/device/scsi/lu.js';
import { luConfigOf } from '../../../../model/scenario/run-scsi.js';
import { scsiScenarioSchema } from '../../../../model/scenario/scsi-schema.js';

const lu = () => {
  const sc = scsiScenarioSchema.parse({
    format: 'copyspec-scenario/1',
    devices: [{
      name: 'sda', kind: 'scsi', blockBytes: 512, capacity: 256,
      xcopy: { maxCscdDescriptors: 2, maxSegmentDescriptors: 2, maxDescriptorListLength: 1024, maxSegmentLength: 4096 },
      rod: { maxRangeDescriptors: 2, maxInactivityTimeout: 60, defaultInactivityTimeout: 30, maxTokenTransferSize: 0, optimalTransferCount: 0 },
      zoned: { zoneSize: 64, conventionalZones: 1, maxOpen: 2, urswrz: false },
    }],
    steps: [],
  });
  return scsiLuInit(luConfigOf(sc.devices[0]!), []);
};

describe('INQUIRY VPD page codes (SPC-5 §7.7.1)', () => {
  it.each([['b0'], ['8f'], ['b6']] as const)('page %s answers with its own PAGE CODE', (page) => {
    const r = scsiExecute(lu(), { cmd: 'inquiry', page });
    expect(r.completion.status).toBe('GOOD');
    expect(r.page?.page).toBe(page);
  });
});
