// POPULATE TOKEN and WRITE USING TOKEN past their parameter lists: what RECEIVE ROD TOKEN
// INFORMATION reports (SPC-5 §6.26; COPY OPERATION STATUS as SPC-4 r36 defines it: 01h without
// errors, 02h with errors), the blocks a token represents (SBC-4 §5.12.3: a range of 0 blocks
// represents none), the token checks of SPC-5 §5.17.6.5.2.3, and a WRITE USING TOKEN spread over
// several ranges (SBC-4 §4.28.1, §5.59.2). Expected values are written from the clauses.
import { describe, expect, it } from 'vitest';
import { run, sense } from './helpers.js';

const ROD = { maxRangeDescriptors: 4, maxInactivityTimeout: 100, defaultInactivityTimeout: 50, maxTokenTransferSize: 0 };
const MEDIUM = 'MEDIUM ERROR (03h) 11h/00h';

describe('RECEIVE ROD TOKEN INFORMATION after a command that ended in CHECK CONDITION: 02h, completed with errors', () => {
  it('POPULATE TOKEN meeting a media error in its second range: underrun with the blocks read before it, no token', () => {
    const r = run({ rod: ROD }, [
      { cmd: 'inject', fault: 'media-error', lba: 21, blocks: 1 },
      { cmd: 'populate-token', listId: 4, ranges: [{ lba: 0, blocks: 3 }, { lba: 20, blocks: 2 }, { lba: 40, blocks: 1 }] },
      { cmd: 'receive-rod-token-information', listId: 4 },
      { cmd: 'write-using-token', token: 1, ranges: [{ lba: 100, blocks: 1 }] },
    ]);
    expect(r[1]).toMatchObject({ key: 'COPY ABORTED (0Ah)', asc: '0Dh', ascq: '04h', information: 3 });
    expect(r[2]).toMatchObject({ copyStatus: '02h', transferCount: 3, segmentsProcessed: 0, resultSense: 'COPY ABORTED/0Dh/04h COPY TARGET DEVICE DATA UNDERRUN' });
    expect(r[2]!.token).toBeUndefined();
    expect(sense(r[3]!)).toBe('ILLEGAL REQUEST (05h) 23h/04h');
  });

  it('WRITE USING TOKEN failing at its first range, and one whose ROD runs short: 02h both', () => {
    const zoned = { capacity: 256, zoned: { zoneSize: 64, conventionalZones: 1, maxOpen: 0, urswrz: true } };
    const r = run({ ...zoned, rod: ROD }, [
      { cmd: 'populate-token', ranges: [{ lba: 0, blocks: 4 }] },
      { cmd: 'write-using-token', listId: 2, token: 1, ranges: [{ lba: 66, blocks: 2 }] },
      { cmd: 'receive-rod-token-information', listId: 2 },
      { cmd: 'write-using-token', listId: 3, token: 1, offset: 2, ranges: [{ lba: 10, blocks: 1 }, { lba: 20, blocks: 3 }] },
      { cmd: 'receive-rod-token-information', listId: 3 },
      { cmd: 'read16', lba: 10, blocks: 1 },
      { cmd: 'read16', lba: 20, blocks: 1 },
      { cmd: 'read16', lba: 21, blocks: 1 },
    ]);
    expect(sense(r[1]!)).toBe('ILLEGAL REQUEST (05h) 21h/04h');
    expect(r[2]).toMatchObject({ copyStatus: '02h', transferCount: 0, resultSense: 'ILLEGAL REQUEST/21h/04h UNALIGNED WRITE COMMAND' });
    // OFFSET INTO ROD 2 of 4 blocks: 1 block to LBA 10, 1 of the 3 asked to LBA 20, then COPY TARGET DEVICE DATA UNDERRUN (SBC-4 §4.28.2).
    expect(r[3]).toMatchObject({ key: 'COPY ABORTED (0Ah)', asc: '0Dh', ascq: '04h', information: 2 });
    expect(r[4]).toMatchObject({ copyStatus: '02h', transferCount: 2, segmentsProcessed: 0 });
    expect([r[5]!.content, r[6]!.content, r[7]!.content]).toEqual(['orig[2..2]', 'orig[3..3]', 'orig[21..21]']);
  });
});

describe('the blocks a token represents', () => {
  it('a range of 0 blocks represents none: a write over its LBA leaves a change-vulnerable token valid (SBC-4 §5.12.3; SPC-5 §5.17.6.2.3)', () => {
    const r = run({ rod: ROD }, [
      { cmd: 'populate-token', ranges: [{ lba: 0, blocks: 2 }, { lba: 10, blocks: 0 }] },
      { cmd: 'write16', lba: 9, blocks: 2 },
      { cmd: 'write-using-token', token: 1, ranges: [{ lba: 100, blocks: 2 }] },
      { cmd: 'read16', lba: 100, blocks: 2 },
    ]);
    expect(sense(r[2]!)).toBe('GOOD');
    expect(r[3]!.content).toBe('orig[0..1]');
  });

  it('WRITE USING TOKEN over several ranges: the ROD in token order, range after range; the ROD longer than the ranges is fine (01h)', () => {
    const r = run({ rod: ROD }, [
      { cmd: 'write16', lba: 30, blocks: 2 },
      { cmd: 'populate-token', ranges: [{ lba: 30, blocks: 2 }, { lba: 0, blocks: 3 }] },
      { cmd: 'write-using-token', listId: 6, token: 1, ranges: [{ lba: 100, blocks: 1 }, { lba: 0, blocks: 0 }, { lba: 110, blocks: 3 }] },
      { cmd: 'receive-rod-token-information', listId: 6 },
      { cmd: 'read16', lba: 100, blocks: 1 },
      { cmd: 'read16', lba: 110, blocks: 3 },
    ]);
    expect(sense(r[2]!)).toBe('GOOD');
    expect(r[3]).toMatchObject({ copyStatus: '01h', transferCount: 4 });
    expect(r[4]!.content).toBe('w1[0..0]');
    expect(r[5]!.content).toBe('w1[1..1] orig[0..1]');
  });
});

describe('token checks, in the order of SPC-5 §5.17.6.5.2.3', () => {
  it('a ROD TOKEN LENGTH other than 01F8h is INVALID TOKEN LENGTH, before the token is looked up; the token stays usable', () => {
    const r = run({ rod: ROD }, [
      { cmd: 'populate-token', ranges: [{ lba: 0, blocks: 1 }] },
      { cmd: 'write-using-token', token: 1, tokenLength: 0x1f0, ranges: [{ lba: 100, blocks: 1 }] },
      { cmd: 'write-using-token', token: 9, tokenLength: 0x1f0, ranges: [{ lba: 100, blocks: 1 }] },
      { cmd: 'write-using-token', token: 1, ranges: [{ lba: 100, blocks: 1 }] },
    ]);
    expect(r.slice(1).map(sense)).toEqual(['ILLEGAL REQUEST (05h) 23h/0Ah', 'ILLEGAL REQUEST (05h) 23h/0Ah', 'GOOD']);
  });

  it('a token whose blocks went bad after POPULATE TOKEN is cancelled (change vulnerable); a persistent one still delivers its data', () => {
    const steps = [
      { cmd: 'populate-token' as const, ranges: [{ lba: 0, blocks: 2 }] },
      { cmd: 'inject' as const, fault: 'media-error' as const, lba: 1, blocks: 1 },
      { cmd: 'write-using-token' as const, token: 1, ranges: [{ lba: 100, blocks: 2 }] },
      { cmd: 'read16' as const, lba: 0, blocks: 2 },
    ];
    expect(run({ rod: ROD }, steps).slice(2).map(sense)).toEqual(['ILLEGAL REQUEST (05h) 23h/08h', MEDIUM]);
    expect(run({ rod: { ...ROD, rodType: 'persistent' } }, steps).slice(2).map(sense)).toEqual(['GOOD', MEDIUM]);
  });

  it('a WRITE USING TOKEN that fails while writing neither renews nor deletes its token (only GOOD does, SBC-4 §5.59.2; SPC-5 §5.17.6.7)', () => {
    const zoned = { capacity: 256, zoned: { zoneSize: 64, conventionalZones: 1, maxOpen: 0, urswrz: true } };
    const failing = { cmd: 'write-using-token' as const, token: 1, delTkn: true, ranges: [{ lba: 10, blocks: 1 }, { lba: 70, blocks: 1 }] };
    // One block written to LBA 10, then UNALIGNED WRITE COMMAND in zone 1 (write pointer 64): CHECK CONDITION.
    const kept = run({ ...zoned, rod: ROD }, [
      { cmd: 'populate-token', ranges: [{ lba: 0, blocks: 2 }] },
      failing,
      { cmd: 'write-using-token', token: 1, ranges: [{ lba: 20, blocks: 2 }] },
      { cmd: 'read16', lba: 10, blocks: 1 },
    ]);
    expect(kept.slice(1, 3).map(sense)).toEqual(['ILLEGAL REQUEST (05h) 21h/04h', 'GOOD']);
    expect(kept[3]!.content).toBe('orig[0..0]');
    // Not renewed: 8 s after creation it fails, 3 s later the 10 s inactivity timeout since creation has passed.
    const aged = run({ ...zoned, rod: ROD }, [
      { cmd: 'populate-token', inactivityTimeout: 10, ranges: [{ lba: 0, blocks: 2 }] },
      { cmd: 'elapse', seconds: 8 },
      { ...failing, delTkn: false },
      { cmd: 'elapse', seconds: 3 },
      { cmd: 'write-using-token', token: 1, ranges: [{ lba: 30, blocks: 2 }] },
    ]);
    expect([2, 4].map((i) => sense(aged[i]!))).toEqual(['ILLEGAL REQUEST (05h) 21h/04h', 'ILLEGAL REQUEST (05h) 23h/07h']);
  });

  it('a change-vulnerable token its own WRITE USING TOKEN writes over is cancelled; DEL_TKN then leaves it cancelled (TOKEN CANCELLED is checked before TOKEN DELETED, SPC-5 §5.17.6.5.2.3)', () => {
    const r = run({ rod: ROD }, [
      { cmd: 'populate-token', ranges: [{ lba: 0, blocks: 4 }] },
      { cmd: 'write-using-token', token: 1, delTkn: true, ranges: [{ lba: 2, blocks: 2 }] },
      { cmd: 'write-using-token', token: 1, ranges: [{ lba: 100, blocks: 1 }] },
      { cmd: 'read16', lba: 2, blocks: 2 },
    ]);
    expect(r.slice(1, 3).map(sense)).toEqual(['GOOD', 'ILLEGAL REQUEST (05h) 23h/08h']);
    expect(r[3]!.content).toBe('orig[0..1]');
  });

  it('a deleted token stays deleted when its blocks are written later: a write cancels only a valid change-vulnerable token (SPC-5 §5.17.6.2.3), so the next use answers TOKEN DELETED, not TOKEN CANCELLED', () => {
    const r = run({ rod: ROD }, [
      { cmd: 'populate-token', ranges: [{ lba: 0, blocks: 4 }] },
      { cmd: 'write-using-token', token: 1, delTkn: true, ranges: [{ lba: 100, blocks: 4 }] },
      { cmd: 'write16', lba: 1, blocks: 1 },
      { cmd: 'write-using-token', token: 1, ranges: [{ lba: 200, blocks: 1 }] },
    ]);
    expect([1, 3].map((i) => sense(r[i]!))).toEqual(['GOOD', 'ILLEGAL REQUEST (05h) 23h/09h']);
  });
});
