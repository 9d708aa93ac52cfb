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

describe('faults as injected', () => {
  it('a media error of 0 blocks, or past the capacity, marks nothing; one running past the capacity stops there', () => {
    const r = run({ capacity: 64 }, [
      { cmd: 'inject', fault: 'media-error', lba: 5, blocks: 0 },
      { cmd: 'inject', fault: 'media-error', lba: 64, blocks: 2 },
      { cmd: 'inject', fault: 'media-error', lba: 62, blocks: 9 },
      { cmd: 'read16', lba: 0, blocks: 62 },
      { cmd: 'read16', lba: 63, blocks: 1 },
      { cmd: 'write16', lba: 62, blocks: 2 },
      { cmd: 'read16', lba: 60, blocks: 4 },
    ]);
    expect([3, 4, 5, 6].map((i) => sense(r[i]!))).toEqual(['GOOD', MEDIUM, 'GOOD', 'GOOD']);
    expect(r[4]!.information).toBe(63);
  });

  it('READ ONLY and OFFLINE act on sequential write required zones only; OFFLINE cancels the tokens over the zone, READ ONLY keeps them', () => {
    const zoned = { capacity: 192, rod: { maxRangeDescriptors: 4 }, zoned: { zoneSize: 64, conventionalZones: 1, maxOpen: 0, urswrz: true } };
    const r = run(zoned, [
      { cmd: 'inject', fault: 'zone-read-only', lba: 3 },
      { cmd: 'inject', fault: 'zone-offline', lba: 192 },
      { cmd: 'write16', lba: 64, blocks: 2 },
      { cmd: 'write16', lba: 128, blocks: 2 },
      { cmd: 'populate-token', ranges: [{ lba: 64, blocks: 2 }] },
      { cmd: 'populate-token', ranges: [{ lba: 128, blocks: 2 }] },
      { cmd: 'inject', fault: 'zone-read-only', lba: 65 },
      { cmd: 'inject', fault: 'zone-offline', lba: 129 },
      { cmd: 'write-using-token', token: 1, ranges: [{ lba: 10, blocks: 2 }] },
      { cmd: 'write-using-token', token: 2, ranges: [{ lba: 20, blocks: 2 }] },
      { cmd: 'write16', lba: 4, blocks: 1 },
      { cmd: 'report-zones', lba: 0, count: 3 },
    ]);
    expect([8, 9, 10].map((i) => sense(r[i]!))).toEqual(['GOOD', 'ILLEGAL REQUEST (05h) 23h/08h', 'GOOD']);
    expect(r[11]!.zones!.map((z) => z.cond)).toEqual(['NOT WRITE POINTER (0h)', 'READ ONLY (Dh)', 'OFFLINE (Fh)']);
    expect(run({ rod: { maxRangeDescriptors: 4 } }, [{ cmd: 'inject', fault: 'zone-offline', lba: 0 }, { cmd: 'read16', lba: 0, blocks: 1 }]).map((x) => x.status)).toEqual([undefined, 'GOOD']);
  });

  it('write protection fails writes and leaves reads alone (SBC-4 §4.11)', () => {
    const r = run({}, [{ cmd: 'inject', fault: 'write-protect' }, { cmd: 'write16', lba: 0, blocks: 1 }, { cmd: 'read16', lba: 0, blocks: 1 }, { cmd: 'write16', lba: 0, blocks: 0 }]);
    expect(r.slice(1).map(sense)).toEqual(['DATA PROTECT (07h) 27h/00h', 'GOOD', 'GOOD']);
  });
});
