// Zone state machine examples (ZNS 1.1 §2.1.1.3–2.1.1.5, Zone Management Send): the state each command,
// Select All action and fault leaves every zone in, written out by hand from the specification (and QEMU
// hw/nvme/ctrl.c nvme_zone_mgmt_send's proc_mask where ZNS leaves the choice to the controller).
import { describe, expect, it } from 'vitest';
import { runDeviceScenario, type DeviceStepRecord } from '../../../../model/scenario/run-device.js';
import { deviceScenarioSchema, type DeviceScenarioInput } from '../../../../model/scenario/schema.js';

type Dev = DeviceScenarioInput['devices'][number];
type StepIn = DeviceScenarioInput['steps'][number];
type Step = StepIn extends infer S ? (S extends StepIn ? Omit<S, 'dev'> : never) : never;

// 4 zones of 8 blocks, ZCAP 6, at most 2 open and 3 active zones.
const zns: Dev = { name: 'n', kind: 'nvme', lbaBytes: 512, nsze: 32, copy: { mssrl: 8, mcl: 16, msrc: 3, formats: [0] }, zoned: { zoneSize: 8, zoneCap: 6, maxOpen: 2, maxActive: 3 } };

const run = (steps: Step[], dev: Dev = zns): DeviceStepRecord[] =>
  runDeviceScenario(deviceScenarioSchema.parse({ format: 'copyspec-scenario/1', devices: [dev], steps: steps.map((s) => ({ dev: 'n', ...s })) })).records;
const send = (action: 'open' | 'close' | 'finish' | 'reset', slba: number): Step => ({ cmd: 'zone-mgmt-send', action, slba });
const all = (action: 'open' | 'close' | 'finish' | 'reset'): Step => ({ cmd: 'zone-mgmt-send', action, all: true });
const write = (slba: number, nlb = 0): Step => ({ cmd: 'write', slba, nlb });
const report: Step = { cmd: 'zone-mgmt-recv', slba: 0 };
/** The zone states of the last record (a Report Zones). */
const states = (r: DeviceStepRecord[]) => r.at(-1)!.zones!.map((z) => z.state);
const status = (r: DeviceStepRecord) => ({ sct: r.sct, sc: r.sc, dnr: r.dnr });

// Zone 0 explicitly opened, zone 1 implicitly opened, zone 2 Closed (3 active, 2 open), zone 3 as given.
const mixed: Step[] = [write(16), send('close', 16), send('open', 0), write(8)];

describe('NVMe zone state machine, by hand', () => {
  it('an explicit Open of an implicitly opened zone makes it Explicitly Opened (ZNS 1.1 §2.1.1.3.2)', () => {
    const r = run([write(0), send('open', 0), send('open', 0), report]);
    expect(r.slice(0, 3).map((x) => x.sc)).toEqual([0, 0, 0]);
    expect(r[3]!.zones![0]).toEqual({ zslba: 0, state: 'ZSEO', wp: 1, zcap: 6 });
    expect(states(r)).toEqual(['ZSEO', 'ZSE', 'ZSE', 'ZSE']);
    // It is no longer implicitly opened: when the open limit is reached, auto transition closes zone 1, not zone 0.
    const more = run([write(0), send('open', 0), write(8), write(16), report]);
    expect(states(more)).toEqual(['ZSEO', 'ZSC', 'ZSIO', 'ZSE']);
  });

  it('Select All Open opens exactly the Closed zones, explicitly (ZNS 1.1 Zone Management Send; QEMU NVME_PROC_CLOSED_ZONES)', () => {
    // Zone 0 Closed, zone 1 implicitly opened, zone 2 Empty, zone 3 Full.
    const r = run([write(0), send('close', 0), write(8), send('finish', 24), all('open'), report]);
    expect(r[4]!.sc).toBe(0);
    expect(states(r)).toEqual(['ZSEO', 'ZSIO', 'ZSE', 'ZSF']);
  });

  it('Select All Close closes exactly the open zones (ZNS 1.1 Zone Management Send; QEMU NVME_PROC_OPENED_ZONES)', () => {
    const r = run([...mixed, send('finish', 24), all('close'), report]);
    expect(r.at(-2)!.sc).toBe(0);
    expect(states(r)).toEqual(['ZSC', 'ZSC', 'ZSC', 'ZSF']);
    expect(r.at(-1)!.zones!.map((z) => z.wp)).toEqual([0, 9, 17, null]);
  });

  it('Select All Finish finishes open and Closed zones, not Empty ones (ZNS 1.1 Zone Management Send; QEMU OPENED|CLOSED)', () => {
    const r = run([...mixed, all('finish'), report]);
    expect(r.at(-2)!.sc).toBe(0);
    expect(states(r)).toEqual(['ZSF', 'ZSF', 'ZSF', 'ZSE']);
    // Finishing released every resource: three zones can be opened again.
    const again = run([...mixed, all('finish'), write(24), report]);
    expect(again.at(-2)!.sc).toBe(0);
  });

  it('Select All Reset empties open, Closed and Full zones and deallocates their blocks; Read Only stays (ZNS 1.1 §2.1.1.5)', () => {
    const r = run([...mixed, write(0), send('finish', 24), all('reset'), report, { cmd: 'read', slba: 0, nlb: 0 }, { cmd: 'read', slba: 16, nlb: 0 }]);
    expect(r[6]!.sc).toBe(0);
    expect(r[7]!.zones).toEqual([0, 8, 16, 24].map((zslba) => ({ zslba, state: 'ZSE', wp: zslba, zcap: 6 })));
    expect([r[8]!.content, r[9]!.content]).toEqual([run([{ cmd: 'read', slba: 0, nlb: 0 }])[0]!.content, run([{ cmd: 'read', slba: 0, nlb: 0 }])[0]!.content]);
    const ro = run([write(0), { cmd: 'inject', fault: 'zone-read-only', slba: 8 }, all('reset'), report]);
    expect(states(ro)).toEqual(['ZSE', 'ZSRO', 'ZSE', 'ZSE']);
  });

  it('Select All on no eligible zone succeeds and changes nothing (ZNS 1.1 Zone Management Send)', () => {
    for (const a of ['open', 'close', 'finish', 'reset'] as const) {
      const r = run([all(a), report]);
      expect(r[0]!.sc).toBe(0);
      expect(states(r)).toEqual(['ZSE', 'ZSE', 'ZSE', 'ZSE']);
    }
  });

  it('a single-zone Finish of an Empty zone makes it Full; Close of a Closed zone keeps it (ZNS 1.1 Fig. 11)', () => {
    const r = run([send('finish', 8), write(0), send('close', 0), send('close', 0), report]);
    expect(r.slice(0, 4).map((x) => x.sc)).toEqual([0, 0, 0, 0]);
    expect(states(r)).toEqual(['ZSC', 'ZSF', 'ZSE', 'ZSE']);
  });

  it('Invalid Zone State Transition with DNR: opening, closing or finishing a Read Only or Offline zone (ZNS 1.1 Fig. 11)', () => {
    for (const fault of ['zone-read-only', 'zone-offline'] as const) {
      for (const a of ['open', 'close', 'finish', 'reset'] as const) {
        const r = run([{ cmd: 'inject', fault, slba: 8 }, send(a, 8)]);
        expect(status(r[1]!)).toEqual({ sct: 1, sc: 0xbf, dnr: true });
      }
    }
    // Finish of a Full zone is a no-op that succeeds and releases nothing twice (ZNS 1.1 Fig. 11).
    // Five zones: after it, three more zones use the three active resources, and a fourth is refused.
    const five: Dev = { ...zns, nsze: 40 };
    const closed: Step[] = [8, 16, 24].flatMap((s) => [write(s), send('close', s)]);
    const full = run([write(0), send('finish', 0), send('finish', 0), ...closed, write(32), report], five);
    expect(full.slice(0, 9).map((x) => x.sc)).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0]);
    expect(status(full[9]!)).toEqual({ sct: 1, sc: 0xbd, dnr: true });
    expect(states(full)).toEqual(['ZSF', 'ZSC', 'ZSC', 'ZSC', 'ZSE']);
    // A Full zone cannot be opened or closed.
    expect(status(run([send('finish', 0), send('open', 0)])[1]!)).toEqual({ sct: 1, sc: 0xbf, dnr: true });
    expect(status(run([send('finish', 0), send('close', 0)])[1]!)).toEqual({ sct: 1, sc: 0xbf, dnr: true });
    // Zone Management Send names a zone by its ZSLBA inside the namespace: NSZE itself is LBA Out of Range.
    expect(status(run([send('open', 32)])[0]!)).toEqual({ sct: 0, sc: 0x80, dnr: true });
  });
});

describe('NVMe zone faults and write protection, by hand', () => {
  it('Offline is terminal: a later Read Only fault leaves the zone Offline (ZNS 1.1 §2.1.1.3)', () => {
    const r = run([{ cmd: 'inject', fault: 'zone-offline', slba: 8 }, { cmd: 'inject', fault: 'zone-read-only', slba: 8 }, report]);
    expect(states(r)).toEqual(['ZSE', 'ZSO', 'ZSE', 'ZSE']);
  });

  it('a zone going Read Only releases its open resource (ZNS 1.1 §2.1.1.4)', () => {
    // Zones 0 and 1 explicitly opened: both open resources used; zone 0 goes Read Only.
    const r = run([send('open', 0), send('open', 8), { cmd: 'inject', fault: 'zone-read-only', slba: 0 }, send('open', 16)]);
    expect(status(r[3]!)).toEqual({ sct: 0, sc: 0, dnr: false });
    // The same for an implicitly opened zone: one open resource is free, so opening zone 2 closes nothing.
    const imp = run([write(0), write(8), { cmd: 'inject', fault: 'zone-read-only', slba: 0 }, send('open', 16), report]);
    expect(states(imp)).toEqual(['ZSRO', 'ZSIO', 'ZSEO', 'ZSE']);
  });

  it('a zone going Offline releases its active resource (ZNS 1.1 §2.1.1.4)', () => {
    // Zones 0..2 Closed: all three active resources used; zone 1 goes Offline.
    const closed: Step[] = [0, 8, 16].flatMap((s) => [write(s), send('close', s)]);
    const r = run([...closed, { cmd: 'inject', fault: 'zone-offline', slba: 8 }, write(24)]);
    expect(status(r.at(-1)!)).toEqual({ sct: 0, sc: 0, dnr: false });
    // The same for an implicitly opened zone (zone 0 auto-closed, zones 1 and 2 implicitly opened; zone 1 goes Offline).
    const imp = run([write(0), write(8), write(16), { cmd: 'inject', fault: 'zone-offline', slba: 8 }, write(24)]);
    expect(status(imp.at(-1)!)).toEqual({ sct: 0, sc: 0, dnr: false });
  });

  it('write protection makes every active zone Full and leaves Empty zones Empty (ZNS 1.1 §2.1.1.3)', () => {
    const r = run([...mixed, { cmd: 'inject', fault: 'write-protect' }, report]);
    expect(states(r)).toEqual(['ZSF', 'ZSF', 'ZSF', 'ZSE']);
  });

  it('Namespace is Write Protected with DNR: a Zone Reset, single or Select All, keeps the zone and its data', () => {
    const r = run([write(0), { cmd: 'inject', fault: 'write-protect' }, send('reset', 0), all('reset'), report, { cmd: 'read', slba: 0, nlb: 0 }]);
    expect(status(r[2]!)).toEqual({ sct: 0, sc: 0x20, dnr: true });
    expect(status(r[3]!)).toEqual({ sct: 0, sc: 0x20, dnr: true });
    expect(r[4]!.zones![0]!.state).toBe('ZSF');
    expect(r[5]!.content).toBe('w1[0..0]');
    // Open, Close and Finish are not refused: the model's choice, no source states it (spec/nvme-device.md).
    expect(status(run([{ cmd: 'inject', fault: 'write-protect' }, send('finish', 8)])[1]!)).toEqual({ sct: 0, sc: 0, dnr: false });
  });
});

describe('NVMe Copy: zone errors of the source and the destination, as the zone checks give them', () => {
  const copy = (sdlba: number, slba: number, nlb: number): Step => ({ cmd: 'copy', sdlba, ranges: [{ slba, nlb }] });
  // QEMU nvme_check_zone_state_for_write / nvme_check_zone_read return these without DNR; only Write forces it.
  it('Zone Is Offline without DNR: a Copy into, or out of, an Offline zone (ZNS 1.1 §2.1.1.2.1)', () => {
    const offline: Step = { cmd: 'inject', fault: 'zone-offline', slba: 8 };
    expect(status(run([offline, copy(8, 0, 0)])[1]!)).toEqual({ sct: 1, sc: 0xbb, dnr: false });
    expect(status(run([offline, copy(0, 8, 0)])[1]!)).toEqual({ sct: 1, sc: 0xbb, dnr: false });
  });

  it('Zone Is Read Only without DNR: a Copy into a Read Only zone (ZNS 1.1 §2.1.1.2.1.1)', () => {
    expect(status(run([{ cmd: 'inject', fault: 'zone-read-only', slba: 8 }, copy(8, 0, 0)])[1]!)).toEqual({ sct: 1, sc: 0xba, dnr: false });
  });

  it('Zone Boundary Error without DNR: a first Copy range longer than the zone capacity (ZNS 1.1 Fig. 14)', () => {
    expect(status(run([copy(8, 0, 6)])[0]!)).toEqual({ sct: 1, sc: 0xb8, dnr: false }); // 7 blocks, ZCAP 6
  });

  it('Too Many Active Zones with DNR: a Copy that would open a fourth active zone (ZNS 1.1 §2.1.1.4; QEMU nvme_aor_check)', () => {
    const closed: Step[] = [0, 8, 16].flatMap((s) => [write(s), send('close', s)]);
    expect(status(run([...closed, copy(24, 0, 0)]).at(-1)!)).toEqual({ sct: 1, sc: 0xbd, dnr: true });
  });

  it('Zone Is Offline: a read across zone boundaries (RAZB) into an Offline zone (ZNS 1.1 §2.1.1.2.1.2)', () => {
    const razb: Dev = { ...zns, zoned: { ...zns.zoned!, crossRead: true } };
    const r = run([{ cmd: 'inject', fault: 'zone-offline', slba: 16 }, { cmd: 'read', slba: 4, nlb: 7 }, { cmd: 'read', slba: 4, nlb: 15 }, copy(0, 12, 7)], razb);
    expect(r.slice(1).map((x) => x.sc)).toEqual([0, 0xbb, 0xbb]);
    expect(r[3]!.dnr).toBe(false);
    // Only the zones the read touches count: an Offline zone before the first one does not.
    expect(run([{ cmd: 'inject', fault: 'zone-offline', slba: 0 }, { cmd: 'read', slba: 8, nlb: 11 }], razb)[1]!.sc).toBe(0);
  });
});
