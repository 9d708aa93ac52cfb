// ZONE MANAGEMENT OUT and REPORT ZONES on a host-managed zoned LU, rule by rule (ZBC-2 §5.2–5.6,
// §4.5.3): which requests fail and with what sense, and the condition and write pointer each action
// leaves each zone in, observed through REPORT ZONES. Expected values are written from the clauses.
import { describe, expect, it } from 'vitest';
import { run, sense, type Cmd, type Dev } from './helpers.js';

// Zone 0 conventional; zones 1–3 sequential write required, 64 blocks each.
const LU: Partial<Dev> = { capacity: 256, zoned: { zoneSize: 64, conventionalZones: 1, maxOpen: 2, urswrz: false } };
const report: Cmd = { cmd: 'report-zones', lba: 0, count: 8 };
/** `condition wp` of each zone, as REPORT ZONES gives them. */
const conds = (r: ReturnType<typeof run>): string[] => r.at(-1)!.zones!.map((z) => `${z.cond.replace(/ \(.*\)$/, '')} ${z.wp}`);
const ILLEGAL = 'ILLEGAL REQUEST (05h)';
const PROTECT = 'DATA PROTECT (07h)';

describe('ZONE MANAGEMENT OUT: what fails, and with what', () => {
  it('on a LU without zones, ZONE MANAGEMENT OUT and REPORT ZONES are invalid operation codes', () => {
    expect(run({}, [{ cmd: 'open-zone', lba: 0 }, { cmd: 'reset-write-pointer', all: true }, report]).map(sense)).toEqual(Array(3).fill(`${ILLEGAL} 20h/00h`));
  });

  it('a ZONE ID past the capacity is LBA OUT OF RANGE; one that is not a zone start, or names a conventional zone, is INVALID FIELD IN CDB; ALL ignores it', () => {
    const r = run(LU, [
      { cmd: 'open-zone', lba: 256 },
      { cmd: 'report-zones', lba: 256 },
      { cmd: 'close-zone', lba: 65 },
      { cmd: 'finish-zone', lba: 255 },
      { cmd: 'reset-write-pointer', lba: 0 },
      { cmd: 'open-zone', lba: 63 },
      { cmd: 'finish-zone', lba: 65, all: true },
      { cmd: 'open-zone', lba: 64 },
      { cmd: 'close-zone', lba: 1000, all: true },
    ]);
    expect(r.map(sense)).toEqual([`${ILLEGAL} 21h/00h`, `${ILLEGAL} 21h/00h`, `${ILLEGAL} 24h/00h`, `${ILLEGAL} 24h/00h`, `${ILLEGAL} 24h/00h`, `${ILLEGAL} 24h/00h`, 'GOOD', 'GOOD', 'GOOD']);
  });

  it('write protection fails FINISH and RESET WRITE POINTER (they write) but not OPEN or CLOSE, and changes no zone (SBC-4 §4.11)', () => {
    const r = run(LU, [
      { cmd: 'write16', lba: 64, blocks: 2 },
      { cmd: 'inject', fault: 'write-protect' },
      { cmd: 'finish-zone', lba: 64 },
      { cmd: 'reset-write-pointer', lba: 64 },
      { cmd: 'finish-zone', all: true },
      { cmd: 'reset-write-pointer', all: true },
      { cmd: 'open-zone', lba: 128 },
      { cmd: 'close-zone', lba: 64 },
      report,
    ]);
    expect(r.slice(2, 8).map(sense)).toEqual([`${PROTECT} 27h/00h`, `${PROTECT} 27h/00h`, `${PROTECT} 27h/00h`, `${PROTECT} 27h/00h`, 'GOOD', 'GOOD']);
    expect(conds(r)).toEqual(['NOT WRITE POINTER null', 'CLOSED 66', 'EXPLICITLY OPENED 128', 'EMPTY 192']);
  });

  it('a READ ONLY zone answers ZONE IS READ ONLY and an OFFLINE one ZONE IS OFFLINE, to every action; ALL passes them by', () => {
    const r = run(LU, [
      { cmd: 'write16', lba: 64, blocks: 1 },
      { cmd: 'inject', fault: 'zone-read-only', lba: 64 },
      { cmd: 'inject', fault: 'zone-offline', lba: 130 },
      ...(['open-zone', 'close-zone', 'finish-zone', 'reset-write-pointer'] as const).flatMap((cmd): Cmd[] => [{ cmd, lba: 64 }, { cmd, lba: 128 }]),
      { cmd: 'finish-zone', all: true },
      { cmd: 'reset-write-pointer', all: true },
      report,
    ]);
    expect(r.slice(3, 11).map(sense)).toEqual(Array(4).fill([`${PROTECT} 27h/08h`, `${PROTECT} 2Ch/0Eh`]).flat());
    expect(r.slice(11, 13).map(sense)).toEqual(['GOOD', 'GOOD']);
    expect(conds(r)).toEqual(['NOT WRITE POINTER null', 'READ ONLY null', 'OFFLINE null', 'EMPTY 192']);
  });

  it('an explicit OPEN beyond the open limit is INSUFFICIENT ZONE RESOURCES; OPEN of a zone already open or FULL needs no resource', () => {
    const r = run(LU, [
      { cmd: 'open-zone', lba: 64 },
      { cmd: 'open-zone', lba: 128 },
      { cmd: 'open-zone', lba: 192 },
      { cmd: 'open-zone', lba: 128 },
      { cmd: 'finish-zone', lba: 128 },
      { cmd: 'open-zone', lba: 128 },
      report,
    ]);
    expect(r.slice(0, 6).map(sense)).toEqual(['GOOD', 'GOOD', `${PROTECT} 55h/0Eh`, 'GOOD', 'GOOD', 'GOOD']);
    expect(conds(r)).toEqual(['NOT WRITE POINTER null', 'EXPLICITLY OPENED 64', 'FULL null', 'EMPTY 192']);
  });

  it('OPEN ALL needs a resource for every CLOSED zone: short of them it fails and opens none (ZBC-2 §5.5)', () => {
    const closeAll: Cmd[] = [{ cmd: 'write16', lba: 64, blocks: 1 }, { cmd: 'write16', lba: 128, blocks: 1 }, { cmd: 'write16', lba: 192, blocks: 1 }, { cmd: 'close-zone', all: true }];
    const r = run({ ...LU, capacity: 256 }, [...closeAll, { cmd: 'open-zone', all: true }, report]);
    // Three CLOSED zones, limit two.
    expect(sense(r[4]!)).toBe(`${PROTECT} 55h/0Eh`);
    expect(conds(r)).toEqual(['NOT WRITE POINTER null', 'CLOSED 65', 'CLOSED 129', 'CLOSED 193']);
    const ok = run(LU, [...closeAll, { cmd: 'reset-write-pointer', lba: 192 }, { cmd: 'open-zone', all: true }, report]);
    expect(sense(ok[5]!)).toBe('GOOD');
    expect(conds(ok)).toEqual(['NOT WRITE POINTER null', 'EXPLICITLY OPENED 65', 'EXPLICITLY OPENED 129', 'EMPTY 192']);
  });
});

describe('ZONE MANAGEMENT OUT: the condition each action leaves (ZBC-2 §5.3–5.6)', () => {
  it('on one zone: OPEN → EXPLICITLY OPENED (also from IMPLICITLY OPENED), CLOSE → CLOSED keeping the write pointer, FINISH → FULL, RESET → EMPTY', () => {
    const r = run(LU, [
      { cmd: 'write16', lba: 64, blocks: 3 },
      { cmd: 'open-zone', lba: 64 },
      { cmd: 'write16', lba: 128, blocks: 2 },
      { cmd: 'close-zone', lba: 128 },
      report,
      { cmd: 'close-zone', lba: 64 },
      { cmd: 'finish-zone', lba: 128 },
      { cmd: 'finish-zone', lba: 192 },
      report,
      { cmd: 'reset-write-pointer', lba: 128 },
      { cmd: 'reset-write-pointer', lba: 192 },
      { cmd: 'open-zone', lba: 64 },
      report,
    ]);
    expect(r.every((x) => x.status === 'GOOD')).toBe(true);
    expect(conds(r.slice(0, 5))).toEqual(['NOT WRITE POINTER null', 'EXPLICITLY OPENED 67', 'CLOSED 130', 'EMPTY 192']);
    expect(conds(r.slice(0, 9))).toEqual(['NOT WRITE POINTER null', 'CLOSED 67', 'FULL null', 'FULL null']);
    expect(conds(r)).toEqual(['NOT WRITE POINTER null', 'EXPLICITLY OPENED 67', 'EMPTY 128', 'EMPTY 192']);
  });

  it('CLOSE of an EMPTY zone and of a CLOSED one changes nothing; FINISH then a write is INVALID FIELD IN CDB (FULL)', () => {
    const r = run(LU, [
      { cmd: 'close-zone', lba: 64 },
      { cmd: 'write16', lba: 128, blocks: 1 },
      { cmd: 'close-zone', lba: 128 },
      { cmd: 'close-zone', lba: 128 },
      { cmd: 'finish-zone', lba: 64 },
      { cmd: 'write16', lba: 64, blocks: 1 },
      report,
    ]);
    expect(r.slice(0, 6).map(sense)).toEqual(['GOOD', 'GOOD', 'GOOD', 'GOOD', 'GOOD', `${ILLEGAL} 24h/00h`]);
    expect(conds(r)).toEqual(['NOT WRITE POINTER null', 'FULL null', 'CLOSED 129', 'EMPTY 192']);
  });

  it('ALL acts on exactly the zones each action names: CLOSE open ones, FINISH open and CLOSED ones, RESET every non-EMPTY one, OPEN CLOSED ones', () => {
    const four = { capacity: 320, zoned: { zoneSize: 64, conventionalZones: 1, maxOpen: 0, urswrz: false } };
    const r = run(four, [
      { cmd: 'write16', lba: 64, blocks: 1 },
      { cmd: 'open-zone', lba: 128 },
      { cmd: 'write16', lba: 192, blocks: 2 },
      { cmd: 'close-zone', lba: 192 },
      { cmd: 'close-zone', all: true },
      report,
      { cmd: 'open-zone', all: true },
      report,
      { cmd: 'write16', lba: 65, blocks: 1 },
      { cmd: 'finish-zone', all: true },
      report,
      { cmd: 'reset-write-pointer', all: true },
      report,
    ]);
    expect(r.every((x) => x.status === 'GOOD')).toBe(true);
    expect(conds(r.slice(0, 6))).toEqual(['NOT WRITE POINTER null', 'CLOSED 65', 'EMPTY 128', 'CLOSED 194', 'EMPTY 256']);
    expect(conds(r.slice(0, 8))).toEqual(['NOT WRITE POINTER null', 'EXPLICITLY OPENED 65', 'EMPTY 128', 'EXPLICITLY OPENED 194', 'EMPTY 256']);
    expect(conds(r.slice(0, 11))).toEqual(['NOT WRITE POINTER null', 'FULL null', 'EMPTY 128', 'FULL null', 'EMPTY 256']);
    expect(conds(r)).toEqual(['NOT WRITE POINTER null', 'EMPTY 64', 'EMPTY 128', 'EMPTY 192', 'EMPTY 256']);
  });

  it('RESET WRITE POINTER unwrites the zone: a read there is ATTEMPT TO READ INVALID DATA, and with URSWRZ reads return no data', () => {
    const r = run(LU, [{ cmd: 'write16', lba: 64, blocks: 4 }, { cmd: 'reset-write-pointer', lba: 64 }, { cmd: 'read16', lba: 64, blocks: 1 }]);
    expect(sense(r[2]!)).toBe(`${ILLEGAL} 21h/06h`);
    const u = run({ ...LU, zoned: { zoneSize: 64, conventionalZones: 1, maxOpen: 2, urswrz: true } }, [{ cmd: 'write16', lba: 64, blocks: 4 }, { cmd: 'reset-write-pointer', all: true }, { cmd: 'read16', lba: 64, blocks: 4 }]);
    expect(u[2]!.content).toBe('unwritten×4');
  });
});

describe('reads in sequential write required zones, URSWRZ = 0 (ZBC-2 §4.5.3.3)', () => {
  it('a read up to the write pointer, or of a whole FULL zone up to its end, is valid; one block more is not; an OFFLINE zone fails reads of itself only', () => {
    const r = run(LU, [
      { cmd: 'write16', lba: 64, blocks: 4 },
      { cmd: 'read16', lba: 64, blocks: 4 },
      { cmd: 'read16', lba: 64, blocks: 5 },
      { cmd: 'finish-zone', lba: 128 },
      { cmd: 'read16', lba: 128, blocks: 64 },
      { cmd: 'read16', lba: 190, blocks: 2 },
      { cmd: 'inject', fault: 'zone-offline', lba: 192 },
      { cmd: 'read16', lba: 128, blocks: 1 },
      { cmd: 'read16', lba: 192, blocks: 1 },
      { cmd: 'read16', lba: 0, blocks: 1 },
    ]);
    expect([1, 2, 4, 5, 7, 8, 9].map((i) => sense(r[i]!))).toEqual(['GOOD', `${ILLEGAL} 21h/06h`, 'GOOD', 'GOOD', 'GOOD', `${PROTECT} 2Ch/0Eh`, 'GOOD']);
  });
});

describe('REPORT ZONES (ZBC-2 §5.2)', () => {
  it('from the zone holding the LBA, at most COUNT descriptors, each with start, length, type, condition and write pointer', () => {
    const r = run(LU, [{ cmd: 'write16', lba: 130, blocks: 0 }, { cmd: 'write16', lba: 128, blocks: 5 }, { cmd: 'report-zones', lba: 130, count: 1 }, { cmd: 'report-zones', lba: 10, count: 2 }, { cmd: 'report-zones', lba: 200, count: 8 }]);
    expect(r[2]!.zones).toEqual([{ start: 128, type: 'SEQUENTIAL_WRITE_REQUIRED', cond: 'IMPLICITLY OPENED (2h)', wp: 133 }]);
    expect(r[3]!.zones).toEqual([
      { start: 0, type: 'CONVENTIONAL', cond: 'NOT WRITE POINTER (0h)', wp: null },
      { start: 64, type: 'SEQUENTIAL_WRITE_REQUIRED', cond: 'EMPTY (1h)', wp: 64 },
    ]);
    expect(r[4]!.zones).toEqual([{ start: 192, type: 'SEQUENTIAL_WRITE_REQUIRED', cond: 'EMPTY (1h)', wp: 192 }]);
  });
});
