// POPULATE TOKEN, WRITE USING TOKEN and RECEIVE ROD TOKEN INFORMATION, rule by rule (SBC-4 §4.28,
// §5.12, §5.25, §5.59; SPC-5 §5.17.6): the parameter list checks at and past each limit, what a failed
// or partial WRITE USING TOKEN leaves, and the token's lifetime. Expected values from the clauses.
import { describe, expect, it } from 'vitest';
import { run, sense } from './helpers.js';

const ROD = { maxRangeDescriptors: 2, maxInactivityTimeout: 100, defaultInactivityTimeout: 5, maxTokenTransferSize: 8 };
const PARAM = 'ILLEGAL REQUEST (05h) 26h/00h';

describe('parameter list checks (SBC-4 §5.12.2, §5.59.2)', () => {
  it('INACTIVITY TIMEOUT up to the maximum; ranges: none, too many, overlapping, above MAXIMUM TOKEN TRANSFER SIZE or MAXIMUM TRANSFER LENGTH, past the capacity', () => {
    const r = run({ rod: ROD, maxTransferLength: 6 }, [
      { cmd: 'populate-token', inactivityTimeout: 101, ranges: [{ lba: 0, blocks: 1 }] },
      { cmd: 'populate-token', inactivityTimeout: 100, ranges: [{ lba: 0, blocks: 1 }] },
      { cmd: 'populate-token', ranges: [] },
      { cmd: 'populate-token', ranges: [{ lba: 0, blocks: 1 }, { lba: 4, blocks: 1 }, { lba: 8, blocks: 1 }] },
      { cmd: 'populate-token', ranges: [{ lba: 0, blocks: 2 }, { lba: 1, blocks: 1 }] },
      { cmd: 'populate-token', ranges: [{ lba: 0, blocks: 2 }, { lba: 2, blocks: 0 }] },
      { cmd: 'populate-token', ranges: [{ lba: 0, blocks: 5 }, { lba: 8, blocks: 4 }] },
      { cmd: 'populate-token', ranges: [{ lba: 0, blocks: 4 }, { lba: 8, blocks: 4 }] },
      { cmd: 'populate-token', ranges: [{ lba: 0, blocks: 7 }] },
      { cmd: 'populate-token', ranges: [{ lba: 0, blocks: 6 }] },
      { cmd: 'populate-token', ranges: [{ lba: 252, blocks: 5 }] },
      { cmd: 'populate-token', ranges: [{ lba: 251, blocks: 5 }] },
    ]);
    // Σ 9 blocks > 8, Σ 8 = MAXIMUM TOKEN TRANSFER SIZE; 7 blocks > MAXIMUM TRANSFER LENGTH 6.
    expect(r.map(sense)).toEqual([PARAM, 'GOOD', PARAM, 'ILLEGAL REQUEST (05h) 26h/08h', PARAM, 'GOOD', PARAM, 'GOOD', PARAM, 'GOOD', 'ILLEGAL REQUEST (05h) 21h/00h', 'GOOD']);
  });

  it('ranges out of LBA order that do not overlap, and a range of 0 blocks inside another, are no overlap (SBC-4 §5.12.2: the same LBA twice)', () => {
    const r = run({ rod: { ...ROD, maxRangeDescriptors: 4, maxTokenTransferSize: 0 } }, [
      { cmd: 'populate-token', ranges: [{ lba: 8, blocks: 2 }, { lba: 0, blocks: 4 }, { lba: 4, blocks: 3 }] },
      { cmd: 'populate-token', ranges: [{ lba: 0, blocks: 4 }, { lba: 2, blocks: 0 }] },
      { cmd: 'populate-token', ranges: [{ lba: 8, blocks: 2 }, { lba: 0, blocks: 4 }, { lba: 3, blocks: 6 }] },
      { cmd: 'populate-token', ranges: [{ lba: 9, blocks: 2 }, { lba: 0, blocks: 10 }] },
    ]);
    expect(r.map(sense)).toEqual(['GOOD', 'GOOD', PARAM, PARAM]);
  });

  it('WRITE USING TOKEN: the same range checks (MAXIMUM RANGE DESCRIPTORS too), and an OFFSET INTO ROD at or past the end of the ROD', () => {
    const r = run({ rod: ROD }, [
      { cmd: 'populate-token', ranges: [{ lba: 0, blocks: 4 }] },
      { cmd: 'write-using-token', token: 1, ranges: [{ lba: 10, blocks: 1 }, { lba: 12, blocks: 1 }, { lba: 14, blocks: 1 }] },
      { cmd: 'write-using-token', token: 1, ranges: [{ lba: 10, blocks: 2 }, { lba: 11, blocks: 1 }] },
      { cmd: 'write-using-token', token: 1, offset: 4, ranges: [{ lba: 10, blocks: 1 }] },
      { cmd: 'write-using-token', token: 1, offset: 3, ranges: [{ lba: 10, blocks: 1 }] },
      { cmd: 'read16', lba: 10, blocks: 1 },
    ]);
    expect(r.slice(1, 5).map(sense)).toEqual(['ILLEGAL REQUEST (05h) 26h/08h', PARAM, PARAM, 'GOOD']);
    expect(r[5]!.content).toBe('orig[3..3]');
  });
});

describe('results and lifetime', () => {
  it('RECEIVE ROD TOKEN INFORMATION after POPULATE TOKEN: completed, every block, the token; tokens numbered in creation order', () => {
    const r = run({ rod: ROD }, [
      { cmd: 'populate-token', listId: 1, ranges: [{ lba: 0, blocks: 3 }, { lba: 8, blocks: 2 }] },
      { cmd: 'populate-token', listId: 2, ranges: [{ lba: 20, blocks: 1 }] },
      { cmd: 'receive-rod-token-information', listId: 1 },
      { cmd: 'receive-rod-token-information', listId: 2 },
    ]);
    expect(r[2]).toMatchObject({ copyStatus: '01h', transferCount: 5, token: 1 });
    expect(r[3]).toMatchObject({ copyStatus: '01h', transferCount: 1, token: 2 });
    expect(r[2]!.resultSense).toBeUndefined();
  });

  it('a WRITE USING TOKEN failing at its first range writes nothing (TRANSFER COUNT 0, the WRITE\'s own sense); at a later range, the ranges before it stay written', () => {
    const zoned = { capacity: 256, zoned: { zoneSize: 64, conventionalZones: 1, maxOpen: 0, urswrz: true } };
    const r = run({ ...zoned, rod: { ...ROD, maxTokenTransferSize: 0 } }, [
      { cmd: 'write16', lba: 0, blocks: 8 },
      { cmd: 'populate-token', ranges: [{ lba: 0, blocks: 8 }] },
      { cmd: 'write-using-token', listId: 5, token: 1, ranges: [{ lba: 70, blocks: 4 }] },
      { cmd: 'receive-rod-token-information', listId: 5 },
      { cmd: 'write-using-token', listId: 6, token: 1, ranges: [{ lba: 64, blocks: 4 }, { lba: 130, blocks: 4 }] },
      { cmd: 'receive-rod-token-information', listId: 6 },
      { cmd: 'read16', lba: 64, blocks: 4 },
      { cmd: 'report-zones', lba: 128, count: 1 },
    ]);
    expect(sense(r[2]!)).toBe('ILLEGAL REQUEST (05h) 21h/04h');
    // COPY OPERATION STATUS 02h, completed with errors (SPC-4 r36; FreeBSD CTL ctl_receive_rod_token_information).
    expect(r[3]).toMatchObject({ copyStatus: '02h', transferCount: 0, resultSense: 'ILLEGAL REQUEST/21h/04h UNALIGNED WRITE COMMAND' });
    expect(sense(r[4]!)).toBe('ILLEGAL REQUEST (05h) 21h/04h');
    expect(r[5]).toMatchObject({ transferCount: 4 });
    expect(r[6]!.content).toBe('w1[0..3]');
    expect(r[7]!.zones![0]!.cond).toBe('EMPTY (1h)');
  });

  it('the default inactivity timeout applies when POPULATE TOKEN gives 0; a failed WRITE USING TOKEN neither renews nor deletes the token', () => {
    const r = run({ rod: ROD, capacity: 256 }, [
      { cmd: 'populate-token', ranges: [{ lba: 0, blocks: 2 }] },
      { cmd: 'elapse', seconds: 5 },
      { cmd: 'write-using-token', token: 1, delTkn: true, ranges: [{ lba: 255, blocks: 2 }] },
      { cmd: 'elapse', seconds: 1 },
      { cmd: 'write-using-token', token: 1, ranges: [{ lba: 10, blocks: 2 }] },
      { cmd: 'populate-token', ranges: [{ lba: 0, blocks: 2 }] },
      { cmd: 'write-using-token', token: 2, delTkn: true, ranges: [{ lba: 255, blocks: 2 }] },
      { cmd: 'write-using-token', token: 2, ranges: [{ lba: 10, blocks: 2 }] },
      { cmd: 'write-using-token', token: 2, delTkn: true, ranges: [{ lba: 12, blocks: 2 }] },
      { cmd: 'write-using-token', token: 2, ranges: [{ lba: 14, blocks: 2 }] },
    ]);
    const OUT = 'ILLEGAL REQUEST (05h) 21h/00h';
    expect([2, 4, 6, 7, 8, 9].map((i) => sense(r[i]!))).toEqual([OUT, 'ILLEGAL REQUEST (05h) 23h/07h', OUT, 'GOOD', 'GOOD', 'ILLEGAL REQUEST (05h) 23h/09h']);
  });
});
