// What a SCSI LU reports, field by field, and which commands it supports: INQUIRY VPD pages (Block
// Limits B0h, Third-party Copy 8Fh, Zoned Block Device Characteristics B6h), RECEIVE COPY OPERATING
// PARAMETERS, and the receive commands' list identifiers. Expected values are written from the
// clauses (SBC-4 §6.6.4, §6.6.9.3; SPC-5 §6.25, §7.7.18; ZBC-2 §6.5.2), not read off the model.
import { describe, expect, it } from 'vitest';
import { run, sense, type Cmd } from './helpers.js';

const XCOPY = { maxCscdDescriptors: 2, maxSegmentDescriptors: 3, maxDescriptorListLength: 1000, maxSegmentLength: 4096 };
const ROD = { maxRangeDescriptors: 5, maxInactivityTimeout: 300, defaultInactivityTimeout: 30, maxTokenTransferSize: 64, optimalTransferCount: 8 };
const ZONED = { zoneSize: 64, conventionalZones: 1, maxOpen: 3, urswrz: true };
const ILLEGAL = 'ILLEGAL REQUEST (05h)';

describe('INQUIRY VPD pages', () => {
  it('Block Limits B0h: the transfer lengths as configured, the UNMAP, WRITE SAME and atomic fields 0 (SBC-4 §6.6.4)', () => {
    const r = run({ maxTransferLength: 32, optimalTransferLength: 16, optimalTransferLengthGranularity: 4 }, [{ cmd: 'inquiry', page: 'b0' }]);
    expect(r[0]!.status).toBe('GOOD');
    expect(r[0]!.fields).toEqual({
      optimalTransferLengthGranularity: 4, maximumTransferLength: 32, optimalTransferLength: 16,
      maximumUnmapLbaCount: 0, maximumUnmapBlockDescriptorCount: 0, maximumWriteSameLength: 0, maximumAtomicTransferLength: 0,
    });
  });

  it('Third-party Copy 8Fh: the ROD token limits, the change-vulnerable ROD type 0080 0001h, and the copy limits (SBC-4 §6.6.9.3; SPC-5 §7.7.18)', () => {
    const r = run({ rod: ROD, xcopy: XCOPY }, [{ cmd: 'inquiry', page: '8f' }]);
    expect(r[0]!.fields).toEqual({
      maximumRangeDescriptors: 5, maximumInactivityTimeout: 300, defaultInactivityTimeout: 30, maximumTokenTransferSize: 64, optimalTransferCount: 8, rodType: '00800001h',
      maximumCscdDescriptorCount: 2, maximumSegmentDescriptorCount: 3, maximumDescriptorListLength: 1000, maximumSegmentLength: 4096,
    });
  });

  it('Third-party Copy 8Fh: a persistent ROD type is 0080 0002h; with EXTENDED COPY only, only the copy limits', () => {
    expect(run({ rod: { ...ROD, rodType: 'persistent' } }, [{ cmd: 'inquiry', page: '8f' }])[0]!.fields).toMatchObject({ rodType: '00800002h' });
    expect(run({ rod: { ...ROD, rodType: 'persistent' } }, [{ cmd: 'inquiry', page: '8f' }])[0]!.fields).not.toHaveProperty('maximumCscdDescriptorCount');
    expect(run({ xcopy: XCOPY }, [{ cmd: 'inquiry', page: '8f' }])[0]!.fields).toEqual({ maximumCscdDescriptorCount: 2, maximumSegmentDescriptorCount: 3, maximumDescriptorListLength: 1000, maximumSegmentLength: 4096 });
  });

  it('Zoned Block Device Characteristics B6h: URSWRZ and the open limit (ZBC-2 §6.5.2)', () => {
    const cap = { capacity: 256 };
    expect(run({ ...cap, zoned: ZONED }, [{ cmd: 'inquiry', page: 'b6' }])[0]!.fields).toEqual({ urswrz: 1, maximumNumberOfOpenSequentialWriteRequiredZones: 3 });
    expect(run({ ...cap, zoned: { ...ZONED, urswrz: false, maxOpen: 0 } }, [{ cmd: 'inquiry', page: 'b6' }])[0]!.fields).toEqual({ urswrz: 0, maximumNumberOfOpenSequentialWriteRequiredZones: 0 });
  });

  it('a page the LU does not have is INVALID FIELD IN CDB (SPC-5 §6.7)', () => {
    const r = run({}, [{ cmd: 'inquiry', page: '8f' }, { cmd: 'inquiry', page: 'b6' }, { cmd: 'inquiry', page: 'b0' }]);
    expect(r.map(sense)).toEqual([`${ILLEGAL} 24h/00h`, `${ILLEGAL} 24h/00h`, 'GOOD']);
    expect(r[0]!.fields).toBeUndefined();
  });
});

describe('copy manager commands', () => {
  it('RECEIVE COPY OPERATING PARAMETERS: the limits, no inline data, SNLID 1 (SPC-5 §6.25)', () => {
    const r = run({ xcopy: XCOPY }, [{ cmd: 'receive-copy-operating-parameters' }]);
    expect(r[0]!.status).toBe('GOOD');
    expect(r[0]!.fields).toEqual({ ...XCOPY, maxInlineDataLength: 0, snlid: 1 });
  });

  it('without EXTENDED COPY support every copy command is INVALID COMMAND OPERATION CODE; without ROD tokens the token commands are (SPC-5 §4.2.5.1)', () => {
    const steps: Cmd[] = [
      { cmd: 'xcopy', cscd: [{ lu: 'sda' }], segments: [] },
      { cmd: 'receive-copy-operating-parameters' },
      { cmd: 'receive-copy-status' },
      { cmd: 'populate-token', ranges: [{ lba: 0, blocks: 1 }] },
      { cmd: 'write-using-token', token: 1, ranges: [{ lba: 8, blocks: 1 }] },
      { cmd: 'receive-rod-token-information' },
    ];
    const invalid = `${ILLEGAL} 20h/00h`;
    expect(run({}, steps).map(sense)).toEqual(Array(6).fill(invalid));
    expect(run({ xcopy: XCOPY }, steps).map(sense)).toEqual(['GOOD', 'GOOD', 'GOOD', invalid, invalid, invalid]);
    expect(run({ rod: ROD }, steps).map(sense).slice(0, 3)).toEqual([invalid, invalid, invalid]);
  });

  it('RECEIVE COPY STATUS and RECEIVE ROD TOKEN INFORMATION answer only for a list identifier their own kind of command used (SPC-5 §6.20)', () => {
    const r = run({ xcopy: XCOPY, rod: ROD }, [
      { cmd: 'receive-copy-status', listId: 3 },
      { cmd: 'xcopy', listId: 3, cscd: [{ lu: 'sda' }], segments: [{ src: 0, dst: 0, srcLba: 0, dstLba: 8, blocks: 2 }] },
      { cmd: 'populate-token', listId: 4, ranges: [{ lba: 0, blocks: 2 }] },
      { cmd: 'receive-copy-status', listId: 3 },
      { cmd: 'receive-rod-token-information', listId: 3 },
      { cmd: 'receive-copy-status', listId: 4 },
      { cmd: 'receive-rod-token-information', listId: 4 },
      { cmd: 'write-using-token', listId: 5, token: 1, ranges: [{ lba: 16, blocks: 2 }] },
      { cmd: 'receive-rod-token-information', listId: 5 },
    ]);
    expect(r.map(sense)).toEqual([`${ILLEGAL} 24h/00h`, 'GOOD', 'GOOD', 'GOOD', `${ILLEGAL} 24h/00h`, `${ILLEGAL} 24h/00h`, 'GOOD', 'GOOD', 'GOOD']);
    expect(r[3]).toMatchObject({ copyStatus: '01h', segmentsProcessed: 1, transferCount: 2 });
    expect(r[6]).toMatchObject({ copyStatus: '01h', transferCount: 2, token: 1 });
    expect(r[8]).toMatchObject({ copyStatus: '01h', transferCount: 2 });
    expect(r[8]!.token).toBeUndefined();
  });
});
