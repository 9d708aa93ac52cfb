// The known-bad variant scsi-assert-past-capacity is what model/device/scsi/bugs.ts says it is: a
// command whose LBA (READ/WRITE(16), ZONE MANAGEMENT OUT, REPORT ZONES: the LBA field; EXTENDED
// COPY: the first segment's destination; POPULATE TOKEN / WRITE USING TOKEN: the first range) is at or
// past the capacity trips an assertion, and nothing else does. MODEL-03 refutes it; this pins where
// it fires, so that a weaker variant (firing on fewer commands) cannot pass unnoticed.
import { describe, expect, it } from 'vitest';
import type { ScsiCommand } from '../../../../model/device/scsi/command.js';
import { scsiExecute } from '../../../../model/device/scsi/execute.js';
import { scsiLuInit } from '../../../../model/device/scsi/lu.js';
import { luConfigOf } from '../../../../model/scenario/run-scsi.js';
import { scsiScenarioSchema } from '../../../../model/scenario/scsi-schema.js';

const CAP = 256;
const lu = () => {
  const sc = scsiScenarioSchema.parse({
    format: 'copyspec-scenario/1',
    devices: [{ name: 'sda', kind: 'scsi', blockBytes: 512, capacity: CAP, xcopy: { maxCscdDescriptors: 2, maxSegmentDescriptors: 2, maxDescriptorListLength: 1024, maxSegmentLength: 0 }, rod: { maxRangeDescriptors: 4 }, zoned: { zoneSize: 64, conventionalZones: 1, maxOpen: 0, urswrz: true } }],
    steps: [],
  });
  return scsiLuInit(luConfigOf(sc.devices[0]!), ['scsi-assert-past-capacity']);
};
const seg = (dstLba: number) => ({ type: 0x02, src: 0, dst: 0, blocks: 1, srcLba: 0, dstLba, dc: false });
const commands = (lba: number): ScsiCommand[] => [
  { cmd: 'read16', lba, blocks: 1 },
  { cmd: 'write16', lba, blocks: 0, data: [] },
  { cmd: 'zone-out', action: 'close', lba, all: false },
  { cmd: 'report-zones', lba, count: 1 },
  { cmd: 'xcopy', listId: 1, cscd: [{ type: 0xe4, lu: 'sda' }], segments: [seg(lba), seg(0)] },
  { cmd: 'populate-token', listId: 2, inactivityTimeout: 0, ranges: [{ lba, blocks: 1 }, { lba: 0, blocks: 1 }] },
  { cmd: 'write-using-token', listId: 3, token: 1, tokenLength: 0x1f8, offset: 0, delTkn: false, ranges: [{ lba, blocks: 1 }] },
];

describe('variant scsi-assert-past-capacity', () => {
  it.each(commands(CAP).map((c) => [c.cmd, c] as const))('%s at the capacity trips the assertion', (_cmd, c) => {
    expect(() => scsiExecute(lu(), c)).toThrow(/past the capacity/);
  });

  it('below the capacity, and on commands without an LBA, it does not', () => {
    const none: ScsiCommand[] = [
      ...commands(CAP - 1),
      { cmd: 'xcopy', listId: 1, cscd: [{ type: 0xe4, lu: 'sda' }], segments: [] },
      { cmd: 'inquiry', page: 'b0' },
      { cmd: 'receive-copy-status', listId: 9 },
      { cmd: 'receive-rod-token-information', listId: 9 },
      { cmd: 'receive-copy-operating-parameters' },
    ];
    for (const c of none) expect(() => scsiExecute(lu(), c)).not.toThrow();
  });
});
