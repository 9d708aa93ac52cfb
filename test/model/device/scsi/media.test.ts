// Latent media errors and the blocks a write touches, rule by rule: UNRECOVERED READ ERROR with the
// lowest failing LBA in INFORMATION (SBC-4 §4.18), a rewrite reassigning exactly the blocks written,
// and a change-vulnerable ROD token cancelled by a write to a block it represents and by no other
// (SPC-5 §5.17.6.2.3). Expected values are written from the clauses, not read off the model.
import { describe, expect, it } from 'vitest';
import { run, sense } from './helpers.js';

const MEDIUM = 'MEDIUM ERROR (03h) 11h/00h';

describe('latent media errors (SBC-4 §4.18)', () => {
  it('INFORMATION is the lowest failing LBA of the read, whatever order the errors arose in; a zero-length read transfers nothing and fails not', () => {
    const r = run({}, [
      { cmd: 'inject', fault: 'media-error', lba: 20, blocks: 2 },
      { cmd: 'inject', fault: 'media-error', lba: 10, blocks: 4 },
      { cmd: 'read16', lba: 8, blocks: 16 },
      { cmd: 'read16', lba: 12, blocks: 12 },
      { cmd: 'read16', lba: 21, blocks: 2 },
      { cmd: 'read16', lba: 12, blocks: 0 },
      { cmd: 'read16', lba: 14, blocks: 6 },
      { cmd: 'read16', lba: 0, blocks: 10 },
    ]);
    expect(r.slice(2).map(sense)).toEqual([MEDIUM, MEDIUM, MEDIUM, 'GOOD', 'GOOD', 'GOOD']);
    expect(r.slice(2, 5).map((x) => x.information)).toEqual([10, 12, 21]);
  });

  it('a rewrite reassigns exactly the blocks written: the rest of that error and every other error stay', () => {
    const r = run({}, [
      { cmd: 'inject', fault: 'media-error', lba: 10, blocks: 4 },
      { cmd: 'inject', fault: 'media-error', lba: 20, blocks: 2 },
      { cmd: 'write16', lba: 11, blocks: 1 },
      { cmd: 'read16', lba: 10, blocks: 1 },
      { cmd: 'read16', lba: 11, blocks: 1 },
      { cmd: 'read16', lba: 11, blocks: 3 },
      { cmd: 'read16', lba: 20, blocks: 1 },
      { cmd: 'write16', lba: 8, blocks: 8 },
      { cmd: 'read16', lba: 8, blocks: 8 },
      { cmd: 'read16', lba: 16, blocks: 6 },
    ]);
    expect(r.slice(3).map(sense)).toEqual([MEDIUM, 'GOOD', MEDIUM, MEDIUM, 'GOOD', 'GOOD', MEDIUM]);
    expect([r[3], r[5], r[6], r[9]].map((x) => x!.information)).toEqual([10, 12, 20, 20]);
  });
});

describe('change-vulnerable ROD tokens (SPC-5 §5.17.6.2.3)', () => {
  it('a write next to the represented blocks leaves the token valid; one over its last block cancels it', () => {
    const r = run({ rod: { maxRangeDescriptors: 4 } }, [
      { cmd: 'write16', lba: 10, blocks: 4 },
      { cmd: 'populate-token', ranges: [{ lba: 10, blocks: 4 }] },
      { cmd: 'write16', lba: 14, blocks: 2 },
      { cmd: 'write16', lba: 8, blocks: 2 },
      { cmd: 'write-using-token', token: 1, ranges: [{ lba: 100, blocks: 4 }] },
      { cmd: 'write16', lba: 13, blocks: 1 },
      { cmd: 'write-using-token', token: 1, ranges: [{ lba: 110, blocks: 4 }] },
      { cmd: 'read16', lba: 100, blocks: 4 },
    ]);
    expect(r.slice(4, 7).map(sense)).toEqual(['GOOD', 'GOOD', 'ILLEGAL REQUEST (05h) 23h/08h']);
    expect(r[7]!.content).toBe('w1[0..3]');
  });
});
