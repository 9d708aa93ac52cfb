// EXTENDED COPY(LID1), rule by rule at the edges: each operating parameter at its limit and one past
// it (SPC-4 r37 §6.4.3.4–6.4.3.5 as LIO cites them; SPC-5 §6.25), the descriptor type codes and CSCD
// indexes a segment may name, and what RECEIVE COPY STATUS(LID1) reports after a copy (SPC-5 §6.20:
// COPY MANAGER STATUS, SEGMENTS PROCESSED, TRANSFER COUNT). Expected values are written from the
// clauses, not read off the model.
import { describe, expect, it } from 'vitest';
import { run, sense, type Cmd } from './helpers.js';

const XCOPY = { maxCscdDescriptors: 2, maxSegmentDescriptors: 2, maxDescriptorListLength: 1024, maxSegmentLength: 0 };
const two = [{ lu: 'sda' }, { lu: 'sda' }];
const seg = (srcLba: number, dstLba: number, blocks: number, more: { src?: number; dst?: number; type?: number } = {}) => ({ src: 0, dst: 1, srcLba, dstLba, blocks, ...more });
const xcopy = (cscd: { lu: string; type?: number }[], segments: ReturnType<typeof seg>[], listId = 0): Cmd => ({ cmd: 'xcopy', listId, cscd, segments });
const ILLEGAL = 'ILLEGAL REQUEST (05h)';

describe('the operating parameters, at and past each limit (SPC-5 §6.25; SPC-4 r37 §6.4.3.4–6.4.3.5)', () => {
  it('MAXIMUM CSCD DESCRIPTOR COUNT and MAXIMUM SEGMENT DESCRIPTOR COUNT: as many as the limit pass, one more does not', () => {
    const r = run({ xcopy: XCOPY }, [
      xcopy(two, [seg(0, 100, 1), seg(1, 101, 1)]),
      xcopy([...two, { lu: 'sda' }], [seg(0, 100, 1)]),
      xcopy(two, [seg(0, 100, 1), seg(1, 101, 1), seg(2, 102, 1)]),
      xcopy([{ lu: 'sda' }], [seg(0, 100, 1, { dst: 0 })]),
    ]);
    expect(r.map(sense)).toEqual(['GOOD', `${ILLEGAL} 26h/06h`, `${ILLEGAL} 26h/08h`, 'GOOD']);
  });

  it('MAXIMUM DESCRIPTOR LIST LENGTH counts 32 bytes a CSCD descriptor and 28 a segment descriptor: 92 bytes pass a limit of 92, 120 do not', () => {
    const lim = { ...XCOPY, maxSegmentDescriptors: 4, maxDescriptorListLength: 92 };
    const r = run({ xcopy: lim }, [
      xcopy(two, [seg(0, 100, 1)]),
      xcopy([{ lu: 'sda' }], [seg(0, 100, 1, { dst: 0 }), seg(1, 101, 1, { dst: 0 })]),
      xcopy(two, [seg(0, 100, 1), seg(1, 101, 1)]),
      xcopy([{ lu: 'sda' }], [seg(0, 100, 1, { dst: 0 }), seg(1, 101, 1, { dst: 0 }), seg(2, 102, 1, { dst: 0 })]),
      { cmd: 'read16', lba: 101, blocks: 1 },
    ]);
    // 64 + 28 = 92; 32 + 56 = 88; 64 + 56 = 120; 32 + 84 = 116.
    expect(r.slice(0, 4).map(sense)).toEqual(['GOOD', 'GOOD', `${ILLEGAL} 1Ah/00h`, `${ILLEGAL} 1Ah/00h`]);
    expect(r[4]!.content).toBe('orig[1..1]');
  });

  it('MAXIMUM SEGMENT LENGTH is in bytes, the segment\'s blocks times the logical block length: at the limit passes, one block more is INVALID FIELD IN PARAMETER LIST and moves nothing', () => {
    const r = run({ blockBytes: 4096, xcopy: { ...XCOPY, maxSegmentLength: 8192 } }, [
      xcopy(two, [seg(0, 100, 2)]),
      xcopy(two, [seg(0, 110, 1), seg(10, 120, 3)]),
      { cmd: 'read16', lba: 110, blocks: 1 },
    ]);
    expect(r.slice(0, 2).map(sense)).toEqual(['GOOD', `${ILLEGAL} 26h/00h`]);
    expect(r[2]!.content).toBe('orig[110..110]');
  });
});

describe('descriptor type codes and CSCD indexes (SPC-5 §6.4.5.6, §6.4.6.4; SPC-4 r37 §6.4.3.5)', () => {
  it('a segment descriptor other than block → block (02h) is UNSUPPORTED SEGMENT DESCRIPTOR TYPE CODE and moves nothing', () => {
    const r = run({ xcopy: XCOPY }, [
      xcopy(two, [seg(0, 100, 1), seg(1, 101, 1, { type: 0x01 })]),
      { cmd: 'read16', lba: 100, blocks: 1 },
    ]);
    expect(sense(r[0]!)).toBe(`${ILLEGAL} 26h/09h`);
    expect(r[1]!.content).toBe('orig[100..100]');
  });

  it('a segment naming a CSCD descriptor the list does not have, as source or as destination, is INVALID FIELD IN PARAMETER LIST; the last one it has is fine', () => {
    const r = run({ xcopy: XCOPY }, [
      xcopy(two, [seg(0, 100, 1, { src: 2 })]),
      xcopy(two, [seg(0, 100, 1, { dst: 2 })]),
      xcopy(two, [seg(0, 100, 1, { src: 1, dst: 1 })]),
      { cmd: 'read16', lba: 100, blocks: 1 },
    ]);
    expect(r.slice(0, 3).map(sense)).toEqual([`${ILLEGAL} 26h/00h`, `${ILLEGAL} 26h/00h`, 'GOOD']);
    expect(r[3]!.content).toBe('orig[0..0]');
  });

  it('a CSCD descriptor other than identification (E4h), anywhere in the list, is UNSUPPORTED TARGET DESCRIPTOR TYPE CODE', () => {
    const r = run({ xcopy: XCOPY }, [xcopy([{ lu: 'sda' }, { lu: 'sda', type: 0xe5 }], [seg(0, 100, 1, { dst: 0 })])]);
    expect(sense(r[0]!)).toBe(`${ILLEGAL} 26h/07h`);
  });
});

describe('RECEIVE COPY STATUS(LID1) after the copy (SPC-5 §6.20, §5.17.7.4)', () => {
  it('completed: COPY MANAGER STATUS 01h, every segment processed (one of 0 blocks too), TRANSFER COUNT the blocks written', () => {
    const r = run({ xcopy: { ...XCOPY, maxSegmentDescriptors: 4 } }, [
      { cmd: 'write16', lba: 0, blocks: 8 },
      xcopy(two, [seg(0, 100, 3), seg(3, 103, 0), seg(3, 110, 5)], 9),
      { cmd: 'receive-copy-status', listId: 9 },
      { cmd: 'read16', lba: 100, blocks: 3 },
      { cmd: 'read16', lba: 110, blocks: 5 },
      { cmd: 'read16', lba: 103, blocks: 1 },
    ]);
    expect(r[1]!.status).toBe('GOOD');
    expect(r[2]).toMatchObject({ copyStatus: '01h', segmentsProcessed: 3, transferCount: 8 });
    expect(r[2]!.resultSense).toBeUndefined();
    expect([r[3]!.content, r[4]!.content, r[5]!.content]).toEqual(['w1[0..2]', 'w1[3..7]', 'orig[103..103]']);
  });

  it('a WRITE failing at the destination: COPY ABORTED naming the segment, the destination\'s sense forwarded; the earlier segment stays written and counted', () => {
    const zoned = { capacity: 256, zoned: { zoneSize: 64, conventionalZones: 1, maxOpen: 0, urswrz: true } };
    const r = run({ ...zoned, xcopy: XCOPY }, [
      xcopy(two, [seg(0, 64, 4), seg(4, 70, 2)], 3),
      { cmd: 'receive-copy-status', listId: 3 },
      { cmd: 'read16', lba: 64, blocks: 4 },
    ]);
    expect(r[0]).toMatchObject({ key: 'COPY ABORTED (0Ah)', asc: '0Dh', ascq: '01h', commandSpecific: 1, forwarded: 'destination: ILLEGAL REQUEST/21h/04h UNALIGNED WRITE COMMAND' });
    expect(r[0]!.information).toBeUndefined();
    expect(r[1]).toMatchObject({ copyStatus: '02h', segmentsProcessed: 1, transferCount: 4, resultSense: 'COPY ABORTED/0Dh/01h THIRD PARTY DEVICE FAILURE' });
    expect(r[2]!.content).toBe('orig[0..3]');
  });
});
