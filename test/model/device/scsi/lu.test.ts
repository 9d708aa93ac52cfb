// The SCSI logical unit reducer, rule by rule: each test is one clause of SPC-5 / SBC-4 / ZBC-2 as
// copyspec models it (spec/scsi-device.md).
import { describe, expect, it } from 'vitest';
import { descriptorSense, fixedSense } from '../../../../model/device/scsi/sense.js';
import { run } from './helpers.js';

const XCOPY = { maxCscdDescriptors: 2, maxSegmentDescriptors: 4, maxDescriptorListLength: 1024, maxSegmentLength: 0 };
const ROD = { maxRangeDescriptors: 4 };
const cscd = [{ lu: 'sda' }, { lu: 'sda' }];
const seg = (srcLba: number, dstLba: number, blocks: number) => ({ src: 0, dst: 1, srcLba, dstLba, blocks });

describe('EXTENDED COPY (LID1)', () => {
  it('a segment failing part way: earlier segments copied, COPY ABORTED with the segment number and the forwarded sense (SPC-5 §5.17.7.4)', () => {
    const r = run({ xcopy: XCOPY, senseFormat: 'descriptor' }, [
      { cmd: 'write16', lba: 0, blocks: 4 },
      { cmd: 'xcopy', listId: 7, cscd, segments: [seg(0, 100, 2), seg(250, 110, 8), seg(2, 120, 2)] },
      { cmd: 'receive-copy-status', listId: 7 },
      { cmd: 'read16', lba: 100, blocks: 2 },
      { cmd: 'read16', lba: 120, blocks: 2 },
    ]);
    expect(r[1]).toMatchObject({ status: 'CHECK CONDITION', key: 'COPY ABORTED (0Ah)', asc: '0Dh', ascq: '01h', commandSpecific: 1, forwarded: 'source: ILLEGAL REQUEST/21h/00h LOGICAL BLOCK ADDRESS OUT OF RANGE' });
    expect(r[1]!.information).toBeUndefined(); // nothing of the failed segment was written: VALID = 0
    expect(r[2]).toMatchObject({ copyStatus: '02h', segmentsProcessed: 1, transferCount: 2 });
    expect(r[3]!.content).toBe('w1[0..1]');
    expect(r[4]!.content).toBe('orig[120..121]');
  });

  it('checks the operating parameters before moving anything (SPC-4 r37 §6.4.3.4–5; SPC-5 §5.17.7.3)', () => {
    const lim = { ...XCOPY, maxSegmentDescriptors: 1, maxSegmentLength: 1024 };
    const r = run({ xcopy: lim }, [
      { cmd: 'xcopy', cscd: [...cscd, { lu: 'sda' }], segments: [seg(0, 8, 1)] },
      { cmd: 'xcopy', cscd, segments: [seg(0, 8, 1), seg(1, 9, 1)] },
      { cmd: 'xcopy', cscd, segments: [seg(0, 8, 3)] },
      { cmd: 'xcopy', cscd: [{ lu: 'sda', type: 0xe5 }, { lu: 'sda' }], segments: [seg(0, 8, 1)] },
      { cmd: 'read16', lba: 8, blocks: 1 },
    ]);
    expect(r.slice(0, 4).map((x) => `${x.key} ${x.asc}/${x.ascq}`)).toEqual([
      'ILLEGAL REQUEST (05h) 26h/06h',
      'ILLEGAL REQUEST (05h) 26h/08h',
      'ILLEGAL REQUEST (05h) 26h/00h',
      'ILLEGAL REQUEST (05h) 26h/07h',
    ]);
    expect(r[4]!.content).toBe('orig[8..8]');
  });

  it('a CSCD naming another LU is not reachable (COPY ABORTED 0Dh/02h)', () => {
    expect(run({ xcopy: XCOPY }, [{ cmd: 'xcopy', cscd: [{ lu: 'sda' }, { lu: 'sdq' }], segments: [seg(0, 8, 1)] }])[0]).toMatchObject({ asc: '0Dh', ascq: '02h', commandSpecific: 0 });
    // The source side too, and only once a segment with blocks reaches it.
    expect(run({ xcopy: XCOPY }, [{ cmd: 'xcopy', cscd: [{ lu: 'sdq' }, { lu: 'sda' }], segments: [seg(0, 8, 0), seg(0, 8, 1)] }])[0]).toMatchObject({ asc: '0Dh', ascq: '02h', commandSpecific: 1 });
  });

  it('without copy support it is an invalid operation code', () => {
    expect(run({}, [{ cmd: 'xcopy', cscd, segments: [seg(0, 8, 1)] }])[0]).toMatchObject({ asc: '20h', ascq: '00h' });
  });
});

describe('sense data formats (SPC-5 §4.5)', () => {
  const s = { key: 'COPY_ABORTED', code: 'THIRD_PARTY_DEVICE_FAILURE', information: 3, commandSpecific: 0x102 } as const;
  it('fixed: VALID, INFORMATION 6:3, segment number in the third and fourth bytes of COMMAND-SPECIFIC INFORMATION, ASC/ASCQ 12/13', () => {
    const b = fixedSense(s);
    expect(b).toHaveLength(18);
    expect([b[0], b[2], b[6], b[7], b[10], b[11], b[12], b[13]]).toEqual([0xf0, 0x0a, 3, 10, 0x01, 0x02, 0x0d, 0x01]);
  });
  it('descriptor: 72h header, Information (00h) and Command-specific (01h) descriptors', () => {
    const b = descriptorSense(s);
    expect(b.slice(0, 4)).toEqual([0x72, 0x0a, 0x0d, 0x01]);
    expect(b[7]).toBe(24);
    expect([b[8], b[9], b[10], b[19], b[20], b[21], b[31]]).toEqual([0x00, 0x0a, 0x80, 3, 0x01, 0x0a, 0x02]);
  });
});

describe('ROD tokens', () => {
  it('a write to a represented block cancels a change-vulnerable token (SPC-5 §5.17.6.2.3.3, §5.17.6.5.2.3)', () => {
    const r = run({ rod: ROD }, [
      { cmd: 'write16', lba: 0, blocks: 4 },
      { cmd: 'populate-token', listId: 1, ranges: [{ lba: 0, blocks: 4 }] },
      { cmd: 'write16', lba: 3, blocks: 1 },
      { cmd: 'write-using-token', token: 1, ranges: [{ lba: 100, blocks: 4 }] },
      { cmd: 'read16', lba: 100, blocks: 4 },
    ]);
    expect(r[3]).toMatchObject({ key: 'ILLEGAL REQUEST (05h)', asc: '23h', ascq: '08h' });
    expect(r[4]!.content).toBe('orig[100..103]');
  });

  it('a persistent token delivers the data as populated, whatever is written later', () => {
    const r = run({ rod: { ...ROD, rodType: 'persistent' } }, [
      { cmd: 'write16', lba: 0, blocks: 4 },
      { cmd: 'populate-token', ranges: [{ lba: 0, blocks: 4 }] },
      { cmd: 'write16', lba: 0, blocks: 4 },
      { cmd: 'write-using-token', token: 1, ranges: [{ lba: 100, blocks: 4 }] },
      { cmd: 'read16', lba: 100, blocks: 4 },
    ]);
    expect(r[3]!.status).toBe('GOOD');
    expect(r[4]!.content).toBe('w1[0..3]');
  });

  it('expires only once more than the inactivity timeout has passed since its last use; DEL_TKN deletes it', () => {
    const r = run({ rod: ROD }, [
      { cmd: 'populate-token', inactivityTimeout: 10, ranges: [{ lba: 0, blocks: 1 }] },
      { cmd: 'elapse', seconds: 10 },
      { cmd: 'write-using-token', token: 1, ranges: [{ lba: 100, blocks: 1 }] },
      { cmd: 'elapse', seconds: 10 },
      { cmd: 'write-using-token', token: 1, delTkn: true, ranges: [{ lba: 101, blocks: 1 }] },
      { cmd: 'write-using-token', token: 1, ranges: [{ lba: 102, blocks: 1 }] },
      { cmd: 'populate-token', inactivityTimeout: 10, ranges: [{ lba: 0, blocks: 1 }] },
      { cmd: 'elapse', seconds: 11 },
      { cmd: 'write-using-token', token: 2, ranges: [{ lba: 103, blocks: 1 }] },
    ]);
    expect([r[2]!.status, r[4]!.status]).toEqual(['GOOD', 'GOOD']);
    expect(r[5]).toMatchObject({ asc: '23h', ascq: '09h' });
    expect(r[8]).toMatchObject({ asc: '23h', ascq: '07h' });
  });

  it('a short ROD: what fits is written, then COPY TARGET DEVICE DATA UNDERRUN with the TRANSFER COUNT (SBC-4 §4.28.2)', () => {
    const r = run({ rod: ROD }, [
      { cmd: 'populate-token', ranges: [{ lba: 0, blocks: 2 }] },
      { cmd: 'write-using-token', listId: 2, token: 1, ranges: [{ lba: 100, blocks: 3 }] },
      { cmd: 'receive-rod-token-information', listId: 2 },
      { cmd: 'inject', fault: 'media-error', lba: 50, blocks: 1 },
      { cmd: 'populate-token', ranges: [{ lba: 50, blocks: 1 }] },
    ]);
    expect(r[1]).toMatchObject({ key: 'COPY ABORTED (0Ah)', asc: '0Dh', ascq: '04h', information: 2 });
    expect(r[2]).toMatchObject({ copyStatus: '02h', transferCount: 2 });
    expect(r[4]).toMatchObject({ key: 'ILLEGAL REQUEST (05h)', asc: '0Dh', ascq: '04h', information: 0 });
  });

  it('range lists: too many descriptors, overlap, past the capacity (SBC-4 §5.12.2–5.12.3)', () => {
    const r = run({ rod: { ...ROD, maxRangeDescriptors: 1 } }, [
      { cmd: 'populate-token', ranges: [{ lba: 0, blocks: 1 }, { lba: 4, blocks: 1 }] },
      { cmd: 'populate-token', ranges: [{ lba: 250, blocks: 8 }] },
    ]);
    expect(r[0]).toMatchObject({ asc: '26h', ascq: '08h' });
    expect(r[1]).toMatchObject({ asc: '21h', ascq: '00h' });
    expect(run({ rod: ROD }, [{ cmd: 'populate-token', ranges: [{ lba: 0, blocks: 4 }, { lba: 2, blocks: 1 }] }])[0]).toMatchObject({ asc: '26h', ascq: '00h' });
  });
});

describe('ZBC host-managed zones', () => {
  const zoned = { capacity: 256, zoned: { zoneSize: 64, conventionalZones: 0, maxOpen: 1, urswrz: false } };
  it('the open limit: an implicitly opened zone is closed to make room; explicitly opened ones are not (ZBC-2 §4.5.3.4.2)', () => {
    const r = run(zoned, [
      { cmd: 'write16', lba: 0, blocks: 1 },
      { cmd: 'write16', lba: 64, blocks: 1 },
      { cmd: 'report-zones', count: 2 },
      { cmd: 'open-zone', lba: 128 },
      { cmd: 'write16', lba: 192, blocks: 1 },
      { cmd: 'open-zone', lba: 0 },
    ]);
    expect(r[2]!.zones!.map((z) => z.cond)).toEqual(['CLOSED (4h)', 'IMPLICITLY OPENED (2h)']);
    expect(r[4]).toMatchObject({ key: 'DATA PROTECT (07h)', asc: '55h', ascq: '0Eh' });
    expect(r[5]).toMatchObject({ key: 'DATA PROTECT (07h)', asc: '55h', ascq: '0Eh' });
  });

  it('EXTENDED COPY and WRITE USING TOKEN write at the write pointer, advance it, and fill the zone', () => {
    const r = run({ ...zoned, xcopy: XCOPY, rod: ROD, zoned: { ...zoned.zoned, conventionalZones: 1 } }, [
      { cmd: 'xcopy', cscd, segments: [seg(0, 64, 60)] },
      { cmd: 'populate-token', ranges: [{ lba: 0, blocks: 4 }] },
      { cmd: 'write-using-token', token: 1, ranges: [{ lba: 100, blocks: 4 }] },
      { cmd: 'write-using-token', token: 1, ranges: [{ lba: 124, blocks: 4 }] },
      { cmd: 'report-zones', lba: 64, count: 1 },
    ]);
    expect(r[0]!.status).toBe('GOOD');
    expect(r[2]).toMatchObject({ asc: '21h', ascq: '04h' });
    expect(r[3]!.status).toBe('GOOD');
    expect(r[4]!.zones).toEqual([{ start: 64, type: 'SEQUENTIAL_WRITE_REQUIRED', cond: 'FULL (Eh)', wp: null }]);
  });

  it('CLOSE of an open zone whose write pointer is at its start makes it EMPTY; reads past the write pointer are invalid data', () => {
    const r = run(zoned, [
      { cmd: 'open-zone', lba: 64 },
      { cmd: 'close-zone', lba: 64 },
      { cmd: 'report-zones', lba: 64, count: 1 },
      { cmd: 'read16', lba: 64, blocks: 1 },
      { cmd: 'read16', lba: 60, blocks: 8 },
    ]);
    expect(r[2]!.zones![0]!.cond).toBe('EMPTY (1h)');
    expect(r[3]).toMatchObject({ asc: '21h', ascq: '06h' });
    expect(r[4]).toMatchObject({ asc: '21h', ascq: '07h' });
  });
});

it('a 2^40-block LU costs what a small one does', () => {
  const r = run({ capacity: 2 ** 40, xcopy: XCOPY }, [
    { cmd: 'write16', lba: 2 ** 40 - 8, blocks: 8 },
    { cmd: 'xcopy', cscd, segments: [seg(2 ** 40 - 8, 0, 8)] },
    { cmd: 'read16', lba: 0, blocks: 8 },
  ]);
  expect(r[2]!.content).toBe('w1[0..7]');
});
