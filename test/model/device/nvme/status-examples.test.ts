// One example per status code the NVMe model produces, each naming the clause it comes from.
import { describe, expect, it } from 'vitest';
import { runDeviceScenario, type DeviceStepRecord } from '../../../../model/scenario/run-device.js';
import { deviceScenarioSchema, type DeviceScenarioInput } from '../../../../model/scenario/schema.js';
import { statusByCode } from '../../../../model/device/nvme/status.js';

type Dev = DeviceScenarioInput['devices'][number];
// Omit distributed over the union, so each step kind keeps its own fields.
type StepIn = DeviceScenarioInput['steps'][number];
type Step = StepIn extends infer S ? (S extends StepIn ? Omit<S, 'dev'> : never) : never;

const conv: Dev = { name: 'n', kind: 'nvme', lbaBytes: 512, nsze: 64, copy: { mssrl: 8, mcl: 16, msrc: 3, formats: [0, 1] } };
const zns: Dev = { ...conv, nsze: 32, zoned: { zoneSize: 8, zoneCap: 6, maxOpen: 2, maxActive: 3 } };

const run = (dev: Dev, steps: Step[]): DeviceStepRecord[] =>
  runDeviceScenario(deviceScenarioSchema.parse({ format: 'copyspec-scenario/1', devices: [dev], steps: steps.map((s) => ({ dev: 'n', ...s })) })).records;
const last = (dev: Dev, steps: Step[]): DeviceStepRecord => run(dev, steps).at(-1)!;
const status = (r: DeviceStepRecord) => ({ sct: r.sct, sc: r.sc, dnr: r.dnr, dw0: r.dw0 });

describe('NVMe statuses, one example each', () => {
  it('Successful Completion: a two-range copy lands back to back (NVMCS 1.0 §3.2.2)', () => {
    const r = run(conv, [
      { cmd: 'write', slba: 0, nlb: 7 },
      { cmd: 'copy', sdlba: 32, ranges: [{ slba: 4, nlb: 1 }, { slba: 0, nlb: 1 }] },
      { cmd: 'read', slba: 32, nlb: 3 },
    ]);
    expect(r[1]).toMatchObject({ sct: 0, sc: 0 });
    expect(r[2]!.content).toBe('w1[4..5] w1[0..1]');
  });

  it('Invalid Command Opcode: Copy when ONCS bit 8 is clear (NVMCS Identify Controller ONCS)', () => {
    const { copy: _unused, ...noCopy } = conv;
    expect(status(last(noCopy, [{ cmd: 'copy', sdlba: 0, ranges: [{ slba: 8, nlb: 0 }] }]))).toEqual({ sct: 0, sc: 0x01, dnr: true, dw0: 0 });
  });

  it('Invalid Command Opcode: zone commands on a conventional namespace (ZNS 1.1: Zoned command set only)', () => {
    expect(last(conv, [{ cmd: 'zone-mgmt-send', action: 'reset', slba: 0 }])).toMatchObject({ sct: 0, sc: 0x01 });
  });

  it('Invalid Field in Command: DESFMT not in OCFS (NVMCS 1.0 §3.2.2)', () => {
    expect(status(last(conv, [{ cmd: 'copy', sdlba: 0, desfmt: 2, ranges: [{ slba: 8, nlb: 0 }] }]))).toEqual({ sct: 0, sc: 0x02, dnr: true, dw0: 0 });
  });

  it('Invalid Field in Command: a transfer above MDTS (NVMe Base 2.x MDTS)', () => {
    expect(last({ ...conv, mdts: 1 }, [{ cmd: 'read', slba: 0, nlb: 16 }])).toMatchObject({ sct: 0, sc: 0x02 }); // 17 × 512 B > 8 KiB
  });

  it('Invalid Field in Command: Zone Append not at a zone start (ZNS 1.1 Zone Append)', () => {
    expect(last(zns, [{ cmd: 'zone-append', slba: 1, nlb: 0 }])).toMatchObject({ sct: 0, sc: 0x02, dnr: true });
  });

  it('Successful Completion: DESFMT 1h on a namespace without PI executes, tag fields ignored (NVMCS 1.0 §3.2.2, Fig. 35)', () => {
    const r = run(conv, [
      { cmd: 'write', slba: 8, nlb: 0 },
      { cmd: 'copy', sdlba: 0, desfmt: 1, ranges: [{ slba: 8, nlb: 0 }] },
      { cmd: 'read', slba: 0, nlb: 0 },
    ]);
    expect(status(r[1]!)).toEqual({ sct: 0, sc: 0, dnr: false, dw0: 0 });
    expect(r[2]!.content).toBe('w1[0..0]');
  });

  it('Namespace is Write Protected: a Write after write protection (NVMe Base 2.x Namespace Write Protection)', () => {
    expect(last(conv, [{ cmd: 'inject', fault: 'write-protect' }, { cmd: 'write', slba: 0, nlb: 0 }])).toMatchObject({ sct: 0, sc: 0x20 });
  });

  it('Namespace is Write Protected: a Copy after write protection, checked after the limits (NVMe Base 2.x Namespace Write Protection; QEMU nvme_copy)', () => {
    expect(status(last(conv, [{ cmd: 'inject', fault: 'write-protect' }, { cmd: 'copy', sdlba: 32, ranges: [{ slba: 0, nlb: 1 }] }]))).toEqual({ sct: 0, sc: 0x20, dnr: true, dw0: 0 });
  });

  it('LBA Out of Range: a Write past NSZE (NVMCS 1.0 Write)', () => {
    expect(status(last(conv, [{ cmd: 'write', slba: 63, nlb: 1 }]))).toEqual({ sct: 0, sc: 0x80, dnr: true, dw0: 0 });
  });

  it('Command Size Limit Exceeded: NR > MSRC, both 0\'s based (NVMCS 1.0 §3.2.2)', () => {
    const ranges = [0, 1, 2, 3, 4].map((i) => ({ slba: i, nlb: 0 }));
    expect(status(last(conv, [{ cmd: 'copy', sdlba: 32, ranges }]))).toEqual({ sct: 1, sc: 0x83, dnr: true, dw0: 0 });
    expect(last(conv, [{ cmd: 'copy', sdlba: 32, ranges: ranges.slice(0, 4) }])).toMatchObject({ sc: 0 }); // MSRC 3 = four entries
  });

  it('Command Size Limit Exceeded: an entry above MSSRL fails in its own range, Dword 0 = its index (NVMCS 1.0 §3.2.2.1)', () => {
    const r = run(conv, [
      { cmd: 'write', slba: 0, nlb: 15 },
      { cmd: 'copy', sdlba: 32, ranges: [{ slba: 0, nlb: 1 }, { slba: 4, nlb: 8 }] },
      { cmd: 'read', slba: 32, nlb: 3 },
    ]);
    expect(status(r[1]!)).toEqual({ sct: 1, sc: 0x83, dnr: true, dw0: 1 });
    expect(r[2]!.content).toBe('w1[0..1] orig[34..35]'); // range 0 copied, nothing of range 1
  });

  it('Command Size Limit Exceeded: a total above MCL fails before any data moves (NVMCS 1.0 §3.2.2)', () => {
    const ranges = [0, 8, 16].map((slba) => ({ slba, nlb: 5 })); // 18 blocks > MCL 16
    expect(status(last(conv, [{ cmd: 'copy', sdlba: 32, ranges }]))).toEqual({ sct: 1, sc: 0x83, dnr: true, dw0: 0 });
  });

  it('Zone Boundary Error: a write past the zone capacity (ZNS 1.1 §2.1.1.2.1.1)', () => {
    expect(last(zns, [{ cmd: 'write', slba: 0, nlb: 6 }])).toMatchObject({ sct: 1, sc: 0xb8 }); // 7 blocks, ZCAP 6
  });

  it('Zone Boundary Error: a Copy source across zones without RAZB (ZNS 1.1 Fig. 14 footnote)', () => {
    const r = run(zns, [{ cmd: 'copy', sdlba: 16, ranges: [{ slba: 7, nlb: 1 }] }]);
    expect(status(r[0]!)).toEqual({ sct: 1, sc: 0xb8, dnr: false, dw0: 0 });
    const crossRead = { ...zns, zoned: { ...zns.zoned!, crossRead: true } };
    expect(last(crossRead, [{ cmd: 'copy', sdlba: 16, ranges: [{ slba: 7, nlb: 1 }] }])).toMatchObject({ sc: 0 });
  });

  it('Zone Is Full: a write into a zone that reached its capacity (ZNS 1.1 §2.1.1.3)', () => {
    const r = run(zns, [
      { cmd: 'write', slba: 0, nlb: 5 },
      { cmd: 'zone-mgmt-recv', slba: 0, nz: 1 },
      { cmd: 'write', slba: 6, nlb: 0 },
    ]);
    expect(r[1]!.zones![0]).toEqual({ zslba: 0, state: 'ZSF', wp: null, zcap: 6 });
    expect(r[2]).toMatchObject({ sct: 1, sc: 0xb9 });
  });

  it('Zone Boundary Error: a Copy destination running past its zone, even once the first range filled it (ZNS 1.1 Fig. 14)', () => {
    const r = run(zns, [{ cmd: 'copy', sdlba: 0, ranges: [{ slba: 8, nlb: 5 }, { slba: 8, nlb: 0 }] }]);
    expect(status(r[0]!)).toEqual({ sct: 1, sc: 0xb8, dnr: false, dw0: 1 });
  });

  it('Zone Is Full: a Copy into a zone that was Full before it (ZNS 1.1 §2.1.1.2.1.1)', () => {
    const r = run(zns, [{ cmd: 'zone-mgmt-send', action: 'finish', slba: 0 }, { cmd: 'copy', sdlba: 0, ranges: [{ slba: 8, nlb: 0 }] }]);
    expect(status(r[1]!)).toEqual({ sct: 1, sc: 0xb9, dnr: false, dw0: 0 });
  });

  it('Zone Is Read Only and Zone Is Offline (ZNS 1.1 §2.1.1.2.1.1)', () => {
    expect(last(zns, [{ cmd: 'inject', fault: 'zone-read-only', slba: 8 }, { cmd: 'write', slba: 8, nlb: 0 }])).toMatchObject({ sct: 1, sc: 0xba });
    expect(last(zns, [{ cmd: 'inject', fault: 'zone-offline', slba: 8 }, { cmd: 'read', slba: 8, nlb: 0 }])).toMatchObject({ sct: 1, sc: 0xbb });
  });

  it('Zone Invalid Write: a write not at the write pointer (ZNS 1.1 §2.1.1.2.1.1)', () => {
    expect(last(zns, [{ cmd: 'write', slba: 1, nlb: 0 }])).toMatchObject({ sct: 1, sc: 0xbc });
  });

  it('Too Many Active Zones and Too Many Open Zones (ZNS 1.1 §2.1.1.4)', () => {
    const opens: Step[] = [0, 8].map((slba) => ({ cmd: 'zone-mgmt-send', action: 'open', slba }));
    // Two explicitly opened zones use both open resources; auto transition only closes implicitly opened ones.
    expect(last(zns, [...opens, { cmd: 'zone-mgmt-send', action: 'open', slba: 16 }])).toMatchObject({ sct: 1, sc: 0xbe, dnr: true });
    const closed: Step[] = [0, 8, 16].flatMap((slba) => [{ cmd: 'write', slba, nlb: 0 } as Step, { cmd: 'zone-mgmt-send', action: 'close', slba } as Step]);
    expect(last(zns, [...closed, { cmd: 'write', slba: 24, nlb: 0 }])).toMatchObject({ sct: 1, sc: 0xbd, dnr: true });
  });

  it('Too Many Active Zones: an aborted Open Zone makes no zone state transition (ZNS 1.1 §3.4.3.1.3)', () => {
    // Zone 0 Closed, zones 1 and 2 implicitly opened: 3 active (the limit), 2 open (the limit).
    const steps: Step[] = [
      { cmd: 'write', slba: 0, nlb: 0 },
      { cmd: 'zone-mgmt-send', action: 'close', slba: 0 },
      { cmd: 'write', slba: 8, nlb: 0 },
      { cmd: 'write', slba: 16, nlb: 0 },
      { cmd: 'zone-mgmt-send', action: 'open', slba: 24 },
      { cmd: 'zone-mgmt-recv', slba: 0 },
    ];
    const r = run({ ...zns, zoned: { ...zns.zoned!, autoTransition: true } }, steps);
    expect(r[4]).toMatchObject({ sct: 1, sc: 0xbd, dnr: true });
    // Auto transition would have closed zone 1 (the oldest implicitly opened): it stays ZSIO.
    expect(r[5]!.zones?.map((z) => z.state)).toEqual(['ZSC', 'ZSIO', 'ZSIO', 'ZSE']);
  });

  it('implicit open past the open limit closes the oldest implicitly opened zone (ZNS 1.1 §2.1.1.4; QEMU auto transition)', () => {
    const r = run(zns, [0, 8, 16].map((slba) => ({ cmd: 'write', slba, nlb: 0 }) as Step).concat([{ cmd: 'zone-mgmt-recv', slba: 0, nz: 3 }]));
    expect(r[3]!.zones!.map((z) => z.state)).toEqual(['ZSC', 'ZSIO', 'ZSIO']);
  });

  it('Invalid Zone State Transition: closing an Empty zone (ZNS 1.1 Zone Management Send)', () => {
    expect(status(last(zns, [{ cmd: 'zone-mgmt-send', action: 'close', slba: 0 }]))).toEqual({ sct: 1, sc: 0xbf, dnr: true, dw0: 0 });
  });

  it('Unrecovered Read Error: reading a latent media error; a rewrite clears it (NVMe Base 2.x media errors)', () => {
    const r = run(conv, [
      { cmd: 'inject', fault: 'media-error', slba: 4, nlb: 0 },
      { cmd: 'read', slba: 0, nlb: 7 },
      { cmd: 'copy', sdlba: 32, ranges: [{ slba: 0, nlb: 1 }, { slba: 4, nlb: 0 }] },
      { cmd: 'write', slba: 4, nlb: 0 },
      { cmd: 'read', slba: 0, nlb: 7 },
    ]);
    expect(r[1]).toMatchObject({ sct: 2, sc: 0x81, dnr: false });
    expect(status(r[2]!)).toEqual({ sct: 2, sc: 0x81, dnr: false, dw0: 1 });
    expect(r[4]).toMatchObject({ sc: 0 });
  });

  it('Unrecovered Read Error: only the blocks injected, until each is rewritten (partial rewrites keep the rest)', () => {
    const r = run(conv, [
      { cmd: 'inject', fault: 'media-error', slba: 4, nlb: 3 }, // blocks 4..7
      { cmd: 'read', slba: 0, nlb: 3 }, // 0..3: below the error
      { cmd: 'read', slba: 8, nlb: 3 }, // 8..11: above it
      { cmd: 'read', slba: 3, nlb: 1 }, // 3..4: touches block 4
      { cmd: 'write', slba: 5, nlb: 1 }, // rewrites 5..6 only
      { cmd: 'read', slba: 5, nlb: 1 },
      { cmd: 'read', slba: 4, nlb: 0 },
      { cmd: 'read', slba: 7, nlb: 0 },
      { cmd: 'write', slba: 2, nlb: 9 }, // covers 4 and 7
      { cmd: 'read', slba: 0, nlb: 15 },
    ]);
    expect(r.slice(1).map((x) => x.sc)).toEqual([0, 0, 0x81, 0, 0, 0x81, 0x81, 0, 0]);
  });

  it('Unrecovered Read Error: a rewrite clears only the error ranges it touches; ranges before and after keep their extent', () => {
    const r = run(conv, [
      { cmd: 'inject', fault: 'media-error', slba: 0, nlb: 0 }, // block 0
      { cmd: 'inject', fault: 'media-error', slba: 4, nlb: 3 }, // blocks 4..7
      { cmd: 'inject', fault: 'media-error', slba: 12, nlb: 0 }, // block 12
      { cmd: 'write', slba: 6, nlb: 0 }, // rewrites block 6 only
      ...[0, 2, 5, 6, 7, 9, 12].map((slba) => ({ cmd: 'read' as const, slba, nlb: 0 })),
    ]);
    expect(r.slice(4).map((x) => x.sc)).toEqual([0x81, 0, 0x81, 0, 0x81, 0, 0x81]);
  });

  it('Report Zones: from the SLBA\'s zone, Number of Zones to the end, nz descriptors, no write pointer when Full (ZNS 1.1 Zone Descriptor)', () => {
    // zns: 4 zones of 8 blocks, ZCAP 6. Zone 1 written to 2, zone 2 Full, zone 3 Empty.
    const r = run(zns, [
      { cmd: 'write', slba: 8, nlb: 1 },
      { cmd: 'zone-mgmt-send', action: 'finish', slba: 16 },
      { cmd: 'zone-mgmt-recv', slba: 9, nz: 2 },
      { cmd: 'zone-mgmt-recv', slba: 24, nz: 16 },
      { cmd: 'zone-mgmt-recv', slba: 32 },
    ]);
    expect(r[2]).toMatchObject({ sc: 0, nzones: 3 });
    expect(r[2]!.zones).toEqual([
      { zslba: 8, state: 'ZSIO', wp: 10, zcap: 6 },
      { zslba: 16, state: 'ZSF', wp: null, zcap: 6 },
    ]);
    expect(r[3]).toMatchObject({ nzones: 1, zones: [{ zslba: 24, state: 'ZSE', wp: 24, zcap: 6 }] });
    expect(r[4]).toMatchObject({ sct: 0, sc: 0x80, dnr: true });
  });

  it('Zone Append returns the LBA it wrote in Dword 0/1 (ZNS 1.1 Zone Append)', () => {
    const r = run(zns, [{ cmd: 'zone-append', slba: 8, nlb: 1 }, { cmd: 'zone-append', slba: 8, nlb: 0 }]);
    expect(r.map((x) => [x.dw0, x.dw1])).toEqual([[8, 0], [10, 0]]);
  });

  it('works on a 2^40-block namespace without per-block cost', () => {
    const big: Dev = { ...conv, nsze: 2 ** 40 };
    const r = run(big, [
      { cmd: 'write', slba: 2 ** 40 - 8, nlb: 7 },
      { cmd: 'copy', sdlba: 2 ** 39, ranges: [{ slba: 2 ** 40 - 8, nlb: 7 }] },
      { cmd: 'read', slba: 2 ** 39 - 1, nlb: 1 },
    ]);
    expect(r[2]!.content).toBe(`orig[${2 ** 39 - 1}..${2 ** 39 - 1}] w1[0..0]`);
  });
});

describe('NVMe status codes read back from a CQE (conformance reports: QEMU\'s answers)', () => {
  it('a known SCT/SC pair names its status; the same SC under another SCT, or an unknown pair, names none', () => {
    expect(statusByCode(0, 0x00)).toBe('SUCCESS');
    expect(statusByCode(1, 0xbd)).toBe('TOO_MANY_ACTIVE_ZONES');
    expect(statusByCode(2, 0x81)).toBe('UNRECOVERED_READ_ERROR');
    expect(statusByCode(0, 0x81)).toBeUndefined(); // SC 81h is a media error only under SCT 2h
    expect(statusByCode(1, 0x02)).toBeUndefined(); // SC 02h is Invalid Field only under SCT 0h
    expect(statusByCode(0, 0x99)).toBeUndefined();
  });
});
