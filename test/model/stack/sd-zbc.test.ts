// Zoned SCSI LUs in the stack (sd_zbc, model/driver/sd.ts): the limits sd sets, REQ_OP_ZONE_RESET as
// RESET WRITE POINTER, the LUs sd_zbc refuses, zone faults, and examples/stack-scsi-zbc.json. Also
// SPC-4 §4.3.5.1: a LU with EXTENDED COPY but no ROD tokens answers POPULATE TOKEN as an unsupported
// command (spec/scsi-divergences.md "Unsupported service actions").

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runStackScenario } from '../../../model/scenario/run-stack.js';
import { stackScenarioSchema } from '../../../model/scenario/stack-schema.js';
import { sdQueueLimits, sdSetupReadWrite, sdZbcRefusal } from '../../../model/driver/sd.js';
import { scsiEventOfFault } from '../../../model/driver/scsi-complete.js';
import { scsiExecute } from '../../../model/device/scsi/execute.js';
import { scsiLuInit } from '../../../model/device/scsi/lu.js';
import type { ScsiLuConfig } from '../../../model/device/scsi/config.js';

const root = join(import.meta.dirname, '..', '..', '..');
const exampleText = readFileSync(join(root, 'examples', 'stack-scsi-zbc.json'), 'utf8');
const example = (): ReturnType<typeof stackScenarioSchema.parse> => stackScenarioSchema.parse(JSON.parse(exampleText));

const zoned: ScsiLuConfig = {
  name: 'sdb', blockBytes: 4096, capacity: 64, maxTransferLength: 0, optimalTransferLength: 0, optimalTransferLengthGranularity: 0, senseFormat: 'fixed',
  zoned: { zoneSize: 16, conventionalZones: 0, maxOpen: 0, urswrz: true },
};

describe('sd_zbc: a host-managed zoned LU behind sd', () => {
  it('chunk_sectors and the zone capacity are the zone size in sectors (sd_zbc_read_zones, sd_zbc_parse_report)', () => {
    expect(sdQueueLimits(zoned)).toMatchObject({ zoned: true, chunkSectors: 128, zoneCapSectors: 128 });
    expect(sdQueueLimits({ ...zoned, zoned: undefined })).toMatchObject({ zoned: false, chunkSectors: 0 });
  });
  it('REQ_OP_ZONE_RESET → ZBC OUT RESET WRITE POINTER of the zone (sd_zbc_setup_zone_mgmt_cmnd)', () => {
    const bio = { id: 1, op: 'zone-reset' as const, bdev: 'sdb', sector: 256, nr: 0, srcs: [], data: [], nowait: false, decrypt: [] };
    expect(sdSetupReadWrite(zoned, bio)).toEqual({ command: { cmd: 'zone-out', action: 'reset', lba: 32, all: false } });
    expect(sdSetupReadWrite({ ...zoned, zoned: undefined }, bio)).toMatchObject({ fail: -95 });
  });
  it('refuses what sd_zbc refuses: constrained reads, a zone size not a power of two; and conventional zones', () => {
    expect(sdZbcRefusal(zoned)).toBeNull();
    expect(sdZbcRefusal({ ...zoned, zoned: { ...zoned.zoned!, urswrz: false } })).toMatch(/constrained reads/);
    expect(sdZbcRefusal({ ...zoned, capacity: 48, zoned: { ...zoned.zoned!, zoneSize: 12 } })).toMatch(/power of two/);
    expect(sdZbcRefusal({ ...zoned, zoned: { ...zoned.zoned!, conventionalZones: 1 } })).toMatch(/conventional zones/);
    const doc = JSON.parse(exampleText) as { devices: { zoned: { urswrz: boolean } }[] };
    doc.devices[0]!.zoned.urswrz = false;
    expect(stackScenarioSchema.safeParse(doc).success).toBe(false);
  });
  it('zone faults strike a zoned LU only', () => {
    expect(scsiEventOfFault({ fault: 'zone-offline', slba: 16 }, true)).toEqual({ event: 'zone-offline', lba: 16 });
    expect(scsiEventOfFault({ fault: 'zone-read-only', slba: 16 }, false)).toBeNull();
  });
  it('examples/stack-scsi-zbc.json: writes in order, an EXTENDED COPY at the write pointer, a reset; every op succeeds', () => {
    const out = runStackScenario(example());
    const cdbs = out.filter((r) => r.event === 'scsi-cmd').map((r) => r.cdb);
    expect(cdbs).toContain('EXTENDED COPY list 4 [0+8→64, 16+8→72]');
    expect(cdbs).toContain('ZBC OUT RESET WRITE POINTER LBA 0');
    expect(out.at(-1)).toMatchObject({ event: 'end', quiescent: true, ops: [0, 0, 0, 0, 0, 0, 0] });
  });
});

describe('SPC-4 §4.3.5.1: an unsupported service action of a supported operation code', () => {
  it('POPULATE TOKEN (83h/10h) to a LU with EXTENDED COPY (83h/00h) but no ROD tokens → INVALID COMMAND OPERATION CODE', () => {
    const lu = scsiLuInit({ ...zoned, zoned: undefined, xcopy: { maxCscdDescriptors: 2, maxSegmentDescriptors: 1, maxDescriptorListLength: 1024, maxSegmentLength: 0 } });
    for (const cmd of [
      { cmd: 'populate-token' as const, listId: 1, inactivityTimeout: 0, ranges: [{ lba: 0, blocks: 1 }] },
      { cmd: 'receive-rod-token-information' as const, listId: 1 },
    ]) {
      const c = scsiExecute(lu, cmd).completion;
      expect(c.status === 'CHECK CONDITION' && [c.sense.key, c.sense.code]).toEqual(['ILLEGAL_REQUEST', 'INVALID_COMMAND_OPERATION_CODE']);
    }
  });
});
