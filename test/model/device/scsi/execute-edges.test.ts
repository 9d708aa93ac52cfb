// Edges of the SCSI LU's dispatch (model/device/scsi/execute.ts) that the rule-by-rule examples pass
// by: zone actions on zones already in their target condition, OPEN ALL's resource count against the
// other actions, and faults injected at the edges (0 blocks, past the capacity, a conventional zone).
// Expected values are written from the clauses (ZBC-2 §5.3–5.6, §4.5.3.4.2; SBC-4 §4.18; SPC-5
// §5.17.6.2.3), not read off the model.
import { describe, expect, it } from 'vitest';
import { scsiInject } from '../../../../model/device/scsi/execute.js';
import { scsiLuInit } from '../../../../model/device/scsi/lu.js';
import { luConfigOf } from '../../../../model/scenario/run-scsi.js';
import { scsiScenarioSchema } from '../../../../model/scenario/scsi-schema.js';
import { run, sense, type Cmd, type Dev } from './helpers.js';

const report: Cmd = { cmd: 'report-zones', lba: 0, count: 8 };
/** `condition wp` of each zone, as the last step's REPORT ZONES gives them. */
const conds = (r: ReturnType<typeof run>): string[] => r.at(-1)!.zones!.map((z) => `${z.cond.replace(/ \(.*\)$/, '')} ${z.wp}`);
// Zone 0 conventional; zones 1–4 sequential write required, 64 blocks each; two open zones at most.
const FOUR: Partial<Dev> = { capacity: 320, zoned: { zoneSize: 64, conventionalZones: 1, maxOpen: 2, urswrz: false } };
const PROTECT = 'DATA PROTECT (07h)';
/** The sense of each command step (injected faults have none). */
const senses = (r: ReturnType<typeof run>): string[] => r.filter((x) => x.cmd !== 'inject').map(sense);
const ROD = { maxRangeDescriptors: 4 };

describe('ZONE MANAGEMENT OUT on a zone already where the action leads (ZBC-2 §5.3, §5.6)', () => {
  it('CLOSE of a FULL zone changes nothing: only an open zone is closed', () => {
    const r = run(FOUR, [{ cmd: 'finish-zone', lba: 64 }, { cmd: 'close-zone', lba: 64 }, report]);
    expect(r.map(sense)).toEqual(['GOOD', 'GOOD', 'GOOD']);
    expect(conds(r)).toEqual(['NOT WRITE POINTER null', 'FULL null', 'EMPTY 128', 'EMPTY 192', 'EMPTY 256']);
  });

  it('RESET WRITE POINTER of an EMPTY zone changes nothing: a change-vulnerable token over its (unwritten) blocks stays valid', () => {
    // URSWRZ = 1: POPULATE TOKEN may read the EMPTY zone's unwritten blocks (ZBC-2 §4.5.3.3).
    const lu = { ...FOUR, rod: ROD, zoned: { ...FOUR.zoned!, urswrz: true } };
    const r = run(lu, [
      { cmd: 'populate-token', ranges: [{ lba: 64, blocks: 2 }] },
      { cmd: 'reset-write-pointer', lba: 64 },
      { cmd: 'write-using-token', token: 1, ranges: [{ lba: 8, blocks: 2 }] },
    ]);
    expect(r.map(sense)).toEqual(['GOOD', 'GOOD', 'GOOD']);
  });
});

/** Zones 1 and 2 CLOSED, then zones 3 and 4 opened explicitly: the open limit (2) reached, every OPEN within it. */
const CLOSED_TWO_OPEN_TWO: Cmd[] = [
      { cmd: 'write16', lba: 64, blocks: 1 },
      { cmd: 'close-zone', lba: 64 },
      { cmd: 'write16', lba: 128, blocks: 1 },
      { cmd: 'close-zone', lba: 128 },
      { cmd: 'open-zone', lba: 192 },
      { cmd: 'open-zone', lba: 256 },
];

describe('open resources: only OPEN ALL counts the CLOSED zones it opens (ZBC-2 §5.5, §4.5.3.4.2)', () => {
  it('with two CLOSED zones, a single OPEN within the limit and CLOSE ALL at the limit succeed', () => {
    const r = run(FOUR, [
      ...CLOSED_TWO_OPEN_TWO,
      { cmd: 'close-zone', all: true },
      report,
    ]);
    expect(r.map(sense)).toEqual(Array(8).fill('GOOD'));
    expect(conds(r)).toEqual(['NOT WRITE POINTER null', 'CLOSED 65', 'CLOSED 129', 'EMPTY 192', 'EMPTY 256']);
  });

  it('FINISH ALL and RESET ALL need no open resource, whatever the CLOSED zones', () => {
    const steps = CLOSED_TWO_OPEN_TWO;
    expect(run(FOUR, [...steps, { cmd: 'finish-zone', all: true }, report]).map(sense)).toEqual(Array(8).fill('GOOD'));
    expect(run(FOUR, [...steps, { cmd: 'reset-write-pointer', all: true }, report]).map(sense)).toEqual(Array(8).fill('GOOD'));
  });

  it('OPEN ALL counts only the CLOSED zones: a FULL and an implicitly opened zone need no resource', () => {
    const r = run(FOUR, [
      { cmd: 'write16', lba: 64, blocks: 1 },
      { cmd: 'close-zone', lba: 64 },
      { cmd: 'finish-zone', lba: 128 },
      { cmd: 'write16', lba: 192, blocks: 1 },
      { cmd: 'open-zone', all: true },
      report,
    ]);
    expect(r.map(sense)).toEqual(Array(6).fill('GOOD'));
    expect(conds(r)).toEqual(['NOT WRITE POINTER null', 'EXPLICITLY OPENED 65', 'FULL null', 'IMPLICITLY OPENED 193', 'EMPTY 256']);
  });
});

describe('faults at the edges', () => {
  it('a media error of 0 blocks inside a change-vulnerable token\'s range changes no block, so the token stays valid (SPC-5 §5.17.6.2.3.1)', () => {
    const r = run({ rod: ROD }, [
      { cmd: 'write16', lba: 0, blocks: 8 },
      { cmd: 'populate-token', ranges: [{ lba: 2, blocks: 4 }] },
      { cmd: 'inject', fault: 'media-error', lba: 3, blocks: 0 },
      { cmd: 'write-using-token', token: 1, ranges: [{ lba: 100, blocks: 4 }] },
    ]);
    expect(senses(r)).toEqual(['GOOD', 'GOOD', 'GOOD']);
  });

  it('a media error cancels only the tokens over its own blocks: one further on stays valid (SBC-4 §4.18)', () => {
    const r = run({ rod: ROD }, [
      { cmd: 'write16', lba: 0, blocks: 40 },
      { cmd: 'populate-token', ranges: [{ lba: 30, blocks: 4 }] },
      { cmd: 'populate-token', ranges: [{ lba: 21, blocks: 1 }] },
      { cmd: 'inject', fault: 'media-error', lba: 20, blocks: 2 },
      { cmd: 'write-using-token', token: 1, ranges: [{ lba: 100, blocks: 4 }] },
      { cmd: 'write-using-token', token: 2, ranges: [{ lba: 110, blocks: 1 }] },
    ]);
    expect(senses(r)).toEqual(['GOOD', 'GOOD', 'GOOD', 'GOOD', 'ILLEGAL REQUEST (05h) 23h/08h']);
  });

  it('OFFLINE injected into a conventional zone does nothing: reads there still succeed', () => {
    const r = run(FOUR, [{ cmd: 'inject', fault: 'zone-offline', lba: 3 }, { cmd: 'read16', lba: 0, blocks: 4 }, report]);
    expect(sense(r[1]!)).toBe('GOOD');
    expect(conds(r)[0]).toBe('NOT WRITE POINTER null');
    expect(senses(run(FOUR, [{ cmd: 'inject', fault: 'zone-read-only', lba: 64 }, { cmd: 'finish-zone', lba: 64 }]))).toEqual([`${PROTECT} 27h/08h`]);
  });

  it('a READ ONLY or OFFLINE fault at the capacity or past it records no zone', () => {
    const sc = scsiScenarioSchema.parse({ format: 'copyspec-scenario/1', devices: [{ name: 'sda', kind: 'scsi', blockBytes: 512, ...FOUR }], steps: [] });
    const lu = scsiLuInit(luConfigOf(sc.devices[0]!), []);
    for (const event of ['zone-offline', 'zone-read-only'] as const) {
      for (const lba of [320, 321, 400]) expect(scsiInject(lu, { event, lba }).zones).toEqual({});
      expect(Object.keys(scsiInject(lu, { event, lba: 319 }).zones)).toEqual(['4']);
    }
  });
});
