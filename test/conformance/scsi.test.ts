// `copyspec conformance --device scsi` without QEMU: the guest programs, the guest output parser,
// the comparison with its known divergences, and the campaign with a stand-in target (the model
// itself, without variants), so that a known-bad variant's disagreement is reported and shrunk.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { conformanceCli } from '../../cli/conformance.js';
import { UserError } from '../../cli/errors.js';
import { disagreesScsi, judgeScsi, randomScsiScenarios, shrinkScsiDisagreements, targetConfig, type ScsiOracle } from '../../conformance/scsi-campaign.js';
import { scsiBootFiles, sdebugParameters, type ScsiTargetRun } from '../../conformance/scsi-boot.js';
import { compareScsiScenario } from '../../conformance/scsi-compare.js';
import { SCSI_KNOWN_DIVERGENCES } from '../../conformance/scsi-divergences.js';
import { scsiGuestProgram, scsiUnsupportedReason, type ScsiGuestProgram } from '../../conformance/scsi-guest-program.js';
import { observeScsiModel } from '../../conformance/scsi-model-side.js';
import { parseScsiGuestOutput } from '../../conformance/scsi-observation.js';
import { scsiScenarioSchema, type ScsiScenario, type ScsiScenarioInput } from '../../model/scenario/scsi-schema.js';

const lu = { name: 'sda', kind: 'scsi' as const, blockBytes: 512 as const, capacity: 128, xcopy: { maxCscdDescriptors: 2, maxSegmentDescriptors: 1, maxDescriptorListLength: 1024, maxSegmentLength: 268435456 } };
const zbc = { name: 'sda', kind: 'scsi' as const, blockBytes: 4096 as const, capacity: 768, zoned: { zoneSize: 256, conventionalZones: 1, maxOpen: 2, urswrz: true } };
const scenario = (device: ScsiScenarioInput['devices'][number], steps: ScsiScenarioInput['steps']): ScsiScenario => scsiScenarioSchema.parse({ format: 'copyspec-scenario/1', devices: [device], steps });

/** A stand-in target: the model without variants, observed as the guest would report it. */
const modelTarget: Pick<ScsiOracle, 'run'> = {
  run: async (programs: readonly ScsiGuestProgram[]) =>
    programs.map((p) => {
      const clean = { ...p.scenario, devices: p.scenario.devices.map((d) => ({ ...d, bugs: [] })) };
      return { steps: new Map(observeScsiModel(clean).map((s) => [s.observation.step, { ...s.observation }])) };
    }),
};

describe('SCSI guest programs', () => {
  it('writes one scsi-batch line per command, LIO for a conventional LU and scsi_debug for a zoned one', () => {
    const sc = scenario(lu, [
      { dev: 'sda', cmd: 'write16', lba: 2, blocks: 2 },
      { dev: 'sda', cmd: 'xcopy', listId: 7, cscd: [{ lu: 'sda' }, { lu: 'other' }], segments: [{ src: 0, dst: 1, blocks: 2, srcLba: 2, dstLba: 10 }] },
      { dev: 'sda', cmd: 'elapse', seconds: 5 },
      { dev: 'sda', cmd: 'receive-copy-operating-parameters' },
      { dev: 'sda', cmd: 'populate-token', listId: 4, ranges: [{ lba: 0, blocks: 4 }] },
    ]);
    const p = scsiGuestProgram(sc);
    expect(p.target).toBe('LIO');
    expect(p.commands).toEqual(['W 1 2 2', 'X 2 7 2 self:228 other:228 1 2:0:1:2:2:10:0', 'O 4', 'P 5 4 0 1 0:4']);
    const z = scsiGuestProgram(scenario(zbc, [{ dev: 'sda', cmd: 'open-zone', lba: 512 }, { dev: 'sda', cmd: 'report-zones', count: 4 }]));
    expect(z.target).toBe('SDEBUG');
    expect(z.commands).toEqual(['Z 1 3 512 0', 'Q 2 0 4']);
    expect(sdebugParameters(z)).toBe('zbc=managed zone_size_mb=1 zone_nr_conv=1 zone_max_open=2 sector_size=4096 dev_size_mb=3 dsense=0 delay=0 no_uld=1');
  });

  it('configures LIO through configfs and loads scsi_debug per zoned LU', () => {
    const files = scsiBootFiles([scsiGuestProgram(scenario(lu, [])), scsiGuestProgram(scenario(zbc, []))]);
    const sh = files.find((f) => f.path === 'batch/scsi.sh')!.data;
    expect(sh).toMatch(/echo naa\.\S+ > \$T\/nexus[\s\S]*lu 0 16 512 1 00000000-/);
    expect(sh).toMatch(/insmod \/lib\/modules\/scsi_debug\.ko zbc=managed[^\n]* add_host=1 per_host_store=1\n\/sbin\/scsi-batch \/batch\/sd1\nrmmod scsi_debug/);
    expect(files.find((f) => f.path === 'batch/sd1')!.data).toBe('LU 2 SDEBUG 0:1 4096 768 256 3\n');
    expect(files.find((f) => f.path === 'batch/lio')!.data).toBe('LU 1 LIO 0 512 128 128 0\n');
  });

  it('refuses what the targets cannot stand for', () => {
    expect(scsiUnsupportedReason(scenario(lu, [{ dev: 'sda', cmd: 'inject', fault: 'write-protect' }]))).toMatch(/fault injection/);
    expect(scsiUnsupportedReason(scenario({ ...zbc, capacity: 48, zoned: { zoneSize: 16 } }, []))).toMatch(/power of two MiB/);
    expect(scsiUnsupportedReason(scenario({ ...lu, capacity: 2 ** 40 }, []))).toMatch(/larger than/);
    expect(scsiUnsupportedReason(scenario(lu, []))).toBeNull();
  });

  it('random scenarios are ones the targets can stand for', () => {
    for (const { scenario: sc } of randomScsiScenarios(3, 40, [])) {
      expect(scsiUnsupportedReason(sc)).toBeNull();
      expect(targetConfig(sc.devices[0]!)).toEqual(sc.devices[0]);
    }
  });
});

describe('scsi-batch output', () => {
  it('reads status, sense, block digests, zones and parameters; skips console noise', () => {
    const out = parseScsiGuestOutput(
      [
        '[   12.4] XCOPY 0xe4: noise',
        '@S 3 1 0 0 0 0 0 0 0',
        '@D 3 1 aa bb aa',
        '@S 3 2 2 10 13 2 0 0 0',
        '@S 3 3 2 5 33 4 0 0 0',
        '@Z 3 3 0:18446744073709551615 2:259 14:768',
        '@Q 3 3 1:0:0:256:18446744073709551615 2:2:256:256:259',
        '@S 3 4 0 0 0 0 0 0 0',
        '@P 3 4 maxCscdDescriptors=2 maxSegmentDescriptors=1',
        '@DONE',
      ].join('\n'),
    );
    const s = out.steps.get(3)!;
    expect(s.get(1)!.blocks).toEqual(['aa', 'bb', 'aa']);
    expect(s.get(2)).toMatchObject({ status: 2, key: 0xa, asc: 0x0d, ascq: 2 });
    expect(s.get(3)!.zonesAfter).toEqual([{ cond: 0, wp: null }, { cond: 2, wp: 259 }, { cond: 14, wp: null }]);
    expect(s.get(3)!.report).toEqual([{ type: 1, start: 0, cond: 0, wp: null }, { type: 2, start: 256, cond: 2, wp: 259 }]);
    expect(s.get(4)!.params).toEqual({ maxCscdDescriptors: 2, maxSegmentDescriptors: 1 });
    expect(out.done).toBe(1);
  });
});

describe('SCSI comparison', () => {
  const sc = scenario(lu, [
    { dev: 'sda', cmd: 'populate-token', ranges: [{ lba: 0, blocks: 4 }] },
    { dev: 'sda', cmd: 'xcopy', cscd: [{ lu: 'sda' }, { lu: 'sda' }], segments: [{ src: 0, dst: 1, blocks: 4, srcLba: 126, dstLba: 0 }] },
    { dev: 'sda', cmd: 'read16', lba: 0, blocks: 2 },
  ]);
  const withRod = scenario({ ...lu, rod: { maxRangeDescriptors: 4 } }, sc.steps);

  it('explains what LIO 6.1 answered (recorded in the guest) by LIO-NO-ROD-TOKEN and LIO-XCOPY-NOT-REACHABLE', () => {
    const lio: ScsiTargetRun = {
      steps: new Map([
        [1, { step: 1, cmd: '', status: 2, key: 5, asc: 0x20, ascq: 0, commandSpecific: 0 }],
        [2, { step: 2, cmd: '', status: 2, key: 0xa, asc: 0x0d, ascq: 2, commandSpecific: 0 }],
        [3, { step: 3, cmd: '', status: 0, key: 0, asc: 0, ascq: 0, commandSpecific: 0, blocks: ['x', 'y'] }],
      ]),
    };
    const c = compareScsiScenario(withRod, observeScsiModel(withRod), lio, SCSI_KNOWN_DIVERGENCES);
    expect(c.disagreements.map((d) => [d.step, d.explainedBy, d.unexplained])).toEqual([
      [1, ['LIO-NO-ROD-TOKEN'], []],
      [2, ['LIO-XCOPY-NOT-REACHABLE'], []],
    ]);
    // Without the divergences the same run disagrees.
    expect(compareScsiScenario(withRod, observeScsiModel(withRod), lio, []).disagreements[0]!.unexplained).toEqual(['sense']);
  });

  it('a lost step is never explained', () => {
    const c = compareScsiScenario(sc, observeScsiModel(sc), { steps: new Map(), error: 'the guest ended before the batch did' }, SCSI_KNOWN_DIVERGENCES);
    expect(c.disagreements[0]).toMatchObject({ step: 1, unexplained: ['lost'] });
    expect(c.stoppedAfter).toBe(1);
  });
});

describe('SCSI campaign against a stand-in target (the model without variants)', () => {
  it('the model agrees with itself', async () => {
    const scs = randomScsiScenarios(1, 60, []).map((n) => n.scenario);
    expect((await judgeScsi(scs, [], modelTarget)).some(disagreesScsi)).toBe(false);
  });

  it('a known-bad variant disagrees; the disagreement is shrunk in batched rounds and saved with the variant named', async () => {
    const seed = 1;
    const named = randomScsiScenarios(seed, 100, ['scsi-write-ignores-wp']);
    const judged = await judgeScsi(
      named.map((n) => n.scenario),
      [],
      modelTarget,
    );
    expect(judged.some(disagreesScsi)).toBe(true);
    const dir = mkdtempSync(join(tmpdir(), 'copyspec-scsi-shrink-'));
    let rounds = 0;
    const counting: Pick<ScsiOracle, 'run'> = { run: async (p) => ((rounds += 1), modelTarget.run(p)) };
    const shrunk = await shrinkScsiDisagreements(named.map((n, i) => ({ ...n, judgement: judged[i]! })), seed, ['scsi-write-ignores-wp'], counting, { maxShrunk: 1, maxRounds: 50, saveDir: dir });
    expect(shrunk).toHaveLength(1);
    const s = shrunk[0]!;
    expect(disagreesScsi(s.judgement)).toBe(true);
    expect(s.scenario.steps.length).toBeLessThanOrEqual(2);
    expect(s.scenario.steps.at(-1)!.cmd).toBe('write16');
    const saved = JSON.parse(readFileSync(s.file, 'utf8')) as ScsiScenarioInput;
    expect(saved.devices[0]!.bugs).toEqual(['scsi-write-ignores-wp']);
    // One stand-in "boot" per round, plus the final judgement.
    expect(rounds).toBe(s.rounds + 1);
  });
});

describe('copyspec conformance --device scsi: bad input', () => {
  it('a malformed SCSI scenario: one line, exit 2 (UserError) before QEMU is needed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'copyspec-scsi-bad-'));
    const f = join(dir, 'bad.json');
    writeFileSync(f, JSON.stringify({ format: 'copyspec-scenario/1', devices: [{ name: 'sda', kind: 'scsi', blockBytes: 513, capacity: 8 }], steps: [] }));
    const saved = process.env.COPYSPEC_QEMU;
    process.env.COPYSPEC_QEMU = '/nonexistent/qemu-system-x86_64'; // the scenario is refused before QEMU is looked for
    try {
      const e = await Promise.resolve(conformanceCli(['--device', 'scsi', '--scenarios', f], () => {})).catch((x: unknown) => x);
      expect(e).toBeInstanceOf(UserError);
      expect((e as Error).message).toMatch(/bad\.json: devices\[0\]\.blockBytes/);
      expect((e as Error).message.split('\n')).toHaveLength(1);
    const nvme = join(dir, 'nvme.json');
    writeFileSync(nvme, JSON.stringify({ format: 'copyspec-scenario/1', devices: [], steps: [] }));
      await expect(Promise.resolve(conformanceCli(['--device', 'scsi', '--scenarios', nvme], () => {}))).rejects.toThrow(/not a SCSI scenario/);
    } finally {
      if (saved === undefined) delete process.env.COPYSPEC_QEMU;
      else process.env.COPYSPEC_QEMU = saved;
    }
  });

  it('a variant of the other device kind is bad usage', () => {
    expect(() => conformanceCli(['--device', 'scsi', '--random', '1', '--bug', 'scsi-nope'], () => {})).toThrow(/no variant/);
    expect(() => conformanceCli(['--random', '1', '--bug', 'scsi-write-ignores-wp'], () => {})).toThrow(/not a NVMe variant/);
    expect(() => conformanceCli(['--device', 'ata', '--random', '1'], () => {})).toThrow(UserError);
  });
});

describe('SCSI divergences page', () => {
  const page = readFileSync(join(import.meta.dirname, '..', '..', 'spec', 'scsi-divergences.md'), 'utf8');
  it('every id in conformance/scsi-divergences.ts has its row in spec/scsi-divergences.md, and no other row', () => {
    const ids = [...page.matchAll(/^\| ((?:LIO|SDEBUG)-[A-Z0-9-]+) \|/gm)].map((m) => m[1]);
    expect(ids.sort()).toEqual(SCSI_KNOWN_DIVERGENCES.map((d) => d.id).sort());
  });
  it('names the clause the model follows for each', () => {
    for (const d of SCSI_KNOWN_DIVERGENCES) expect(d.spec, d.id).toMatch(/SPC|SBC|ZBC/);
  });
});
