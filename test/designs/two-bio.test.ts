// two-bio (v20) and two-bio+fix: the mechanisms of spec/designs/two-bio.md, each on a small stack
// scenario, and the +fix holding where the posted series fails.

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stackConfigOf } from '../../model/scenario/run-stack.js';
import { stackScenarioSchema, type StackScenarioInput } from '../../model/scenario/stack-schema.js';
import type { StackConfig, StackEvent } from '../../model/stack/state.js';
import type { DesignName } from '../../model/stack/design.js';
import { traceStack, type StackTrace } from '../../properties/stack/trace.js';
import { CMPL_02, DATA_02, LIMIT_03, LIVE_01, STACK_PROPERTIES, ZONE_03 } from '../../properties/stack/properties.js';
import { BLK_COPY_MAX_BYTES, sanityCheck } from '../../model/designs/two-bio/entry.js';
import { twoBio, twoBioFix } from '../../model/designs/two-bio/index.js';
import { opAt, opsOf } from '../../model/stack/ops.js';

const root = join(import.meta.dirname, '..', '..');
const example = (name: string): StackScenarioInput => JSON.parse(readFileSync(join(root, 'examples', `two-bio-${name}.json`), 'utf8')) as StackScenarioInput;
const cfgOf = (sc: StackScenarioInput, design: DesignName = 'two-bio'): StackConfig => stackConfigOf(stackScenarioSchema.parse({ ...sc, design }));
const trace = (sc: StackScenarioInput, design: DesignName = 'two-bio'): StackTrace => traceStack(cfgOf(sc, design), []);
const events = <K extends StackEvent['event']>(t: StackTrace, kind: K): Extract<StackEvent, { event: K }>[] =>
  t.events.filter((e): e is Extract<StackEvent, { event: K }> => e.event === kind);
// traceStack hands the schedule to runStack, which also takes named entries ('inject': the first enabled action of that kind, resolveEntry).
const scheduleOf = (sc: StackScenarioInput): number[] => (sc.schedule ?? []) as number[];
const copyCmds = (t: StackTrace) => events(t, 'device-cmd').flatMap((e) => (e.command.cmd === 'copy' ? [e.command] : []));

const oneDisk = (copy: { mssrl: number; mcl: number }, ops: StackScenarioInput['ops'], extra: Partial<StackScenarioInput> = {}): StackScenarioInput => ({
  format: 'copyspec-scenario/1',
  devices: [{ name: 'nvme0n1', kind: 'nvme', lbaBytes: 512, nsze: 1024, copy: { ...copy, msrc: 0, formats: [0] } }],
  plug: false,
  ops,
  ...extra,
});

describe('two-bio as posted (v20)', () => {
  it('pairs a COPY_SRC into its COPY_DST request: one Copy per chunk, SDLBA from the first bio, one range from the last (07/12 nvme_setup_copy_offload)', () => {
    const t = trace(oneDisk({ mssrl: 4, mcl: 16 }, [{ op: 'copy', bdev: 'nvme0n1', dst: { sector: 512, nr: 10 }, src: [{ sector: 100, nr: 10 }] }]));
    // chunks of max_copy_sectors = MSSRL (4, 4, 2), each under a plug of its own (03/12 blkdev_copy_offload)
    expect(copyCmds(t)).toEqual([
      { cmd: 'copy', sdlba: 512, desfmt: 0, nr: 0, ranges: [{ slba: 100, nlb: 3 }] },
      { cmd: 'copy', sdlba: 516, desfmt: 0, nr: 0, ranges: [{ slba: 104, nlb: 3 }] },
      { cmd: 'copy', sdlba: 520, desfmt: 0, nr: 0, ranges: [{ slba: 108, nlb: 1 }] },
    ]);
    expect(events(t, 'plug-flush').filter((e) => e.reason === 'finish')).toHaveLength(3);
    expect(opAt(t.final, 0)).toMatchObject({ errno: 0, emulated: false });
    expect(DATA_02.check(t)).toBeNull();
  });

  it('sizes chunks from MSSRL alone, so MCL < MSSRL gives Copies the device refuses (LIMIT-03); +fix takes min(MSSRL, MCL)', () => {
    const sc = oneDisk({ mssrl: 8, mcl: 2 }, [{ op: 'copy', bdev: 'nvme0n1', dst: { sector: 512, nr: 8 }, src: [{ sector: 0, nr: 8 }] }]);
    const posted = trace(sc);
    expect(LIMIT_03.check(posted)).toMatch(/8 blocks > MCL 2/);
    expect(events(posted, 'device-done')[0]).toMatchObject({ status: 'CMD_SIZE_LIMIT_EXCEEDED' });
    const fixed = trace(sc, 'two-bio+fix');
    expect(copyCmds(fixed)).toHaveLength(4);
    expect(LIMIT_03.check(fixed)).toBeNull();
    expect(DATA_02.check(fixed)).toBeNull();
  });

  it('refuses a misaligned copy with -EINVAL before any bio (blkdev_copy_sanity_check), and len ≥ 128 MiB too', () => {
    const t = trace({ ...oneDisk({ mssrl: 8, mcl: 8 }, [{ op: 'copy', bdev: 'nvme0n1', dst: { sector: 512, nr: 1 }, src: [{ sector: 0, nr: 1 }] }]), devices: [{ name: 'nvme0n1', kind: 'nvme', lbaBytes: 4096, nsze: 256, copy: { mssrl: 8, mcl: 8, msrc: 0, formats: [0] } }] });
    expect(opAt(t.final, 0)).toMatchObject({ phase: 'done', errno: -22 });
    expect(events(t, 'device-cmd')).toHaveLength(0);
    expect(sanityCheck(1, 0, 0, BLK_COPY_MAX_BYTES / 512 - 1)).toBe(true);
    expect(sanityCheck(1, 0, 0, BLK_COPY_MAX_BYTES / 512)).toBe(false);
    expect(sanityCheck(1, 0, 0, 0)).toBe(false);
  });

  it('leaves a copy without copy offload to the caller\'s read + write (max_copy_sectors = 0: copy_file_range → splice)', () => {
    const t = trace({ format: 'copyspec-scenario/1', devices: [{ name: 'nvme0n1', kind: 'nvme', lbaBytes: 512, nsze: 1024 }], ops: [{ op: 'copy', bdev: 'nvme0n1', dst: { sector: 512, nr: 8 }, src: [{ sector: 0, nr: 8 }] }] });
    expect(opAt(t.final, 0)).toMatchObject({ errno: 0, emulated: true });
    expect(copyCmds(t)).toHaveLength(0);
  });

  it('fails both halves when dm maps them to different queues or a half crosses a target boundary (09/12 __split_and_process_bio), CMPL-02', () => {
    const t = trace(example('dm-halves-apart'));
    const why = events(t, 'host-fail').map((e) => e.why);
    expect(why).toEqual([expect.stringMatching(/COPY_DST request without its COPY_SRC/), expect.stringMatching(/COPY_SRC request without its COPY_DST/), expect.stringMatching(/COPY_DST request without its COPY_SRC/)]);
    expect(opsOf(t.final).map((o) => o.errno)).toEqual([-5, -5]);
    expect(CMPL_02.check(t)).toMatch(/failed on the host/);
    // +fix: a two-target table offers no copy offload; the caller copies by read + write.
    const fixed = trace(example('dm-halves-apart'), 'two-bio+fix');
    expect(opsOf(fixed.final).map((o) => [o.errno, o.emulated])).toEqual([[0, true], [0, true]]);
    expect(CMPL_02.check(fixed)).toBeNull();
    expect(DATA_02.check(fixed)).toBeNull();
  });

  it('pairs a stray COPY_SRC with another copy\'s lone COPY_DST of equal size: the device copies the wrong data (DATA-02)', () => {
    const t = trace(example('cross-pair'));
    expect(copyCmds(t)).toEqual([{ cmd: 'copy', sdlba: 8, desfmt: 0, nr: 0, ranges: [{ slba: 32, nlb: 7 }] }]);
    expect(DATA_02.check(t)).toMatch(/dm-0 sector 8 holds orig\(nvme0n1\):32/);
    expect(DATA_02.check(trace(example('cross-pair'), 'two-bio+fix'))).toBeNull();
  });

  it('never pairs on a queue with nomerges = 2: every copy fails on the host (CMPL-02)', () => {
    const t = trace(example('nomerges'));
    expect(events(t, 'host-fail')).toHaveLength(2);
    expect(opAt(t.final, 0).errno).toBe(-5);
    expect(CMPL_02.check(t)).not.toBeNull();
    // Without the knob the same copy pairs.
    const { nomerges: _, ...merging } = example('nomerges');
    expect(CMPL_02.check(trace(merging))).toBeNull();
    // +fix: the SRC joins its chained DST request directly, not by a plug merge, whatever nomerges says.
    const fixed = trace(example('nomerges'), 'two-bio+fix');
    expect(events(fixed, 'host-fail')).toHaveLength(0);
    expect(opAt(fixed.final, 0).errno).toBe(0);
    for (const p of STACK_PROPERTIES) expect([p.id, p.check(fixed)]).toEqual([p.id, null]);
  });

  it('re-gates the SRC half: copy_max_bytes written to 0 after the DST was admitted refuses the SRC, and the lone DST fails (02/12 submit_bio_noacct, CMPL-02) — with v20\'s own caller (no plug held); +fix admits the SRC with its DST', () => {
    const sc = example('limits-zero');
    expect(sc.plug).toBe(false);
    const t = traceStack(cfgOf(sc), scheduleOf(sc));
    expect(events(t, 'host-fail').map((e) => e.why)).toEqual([expect.stringMatching(/COPY_DST request without its COPY_SRC/)]);
    expect(opAt(t.final, 0).errno).toBe(-95);
    expect(CMPL_02.check(t)).toMatch(/failed on the host/);
    const fixed = traceStack(cfgOf(sc, 'two-bio+fix'), scheduleOf(sc));
    expect(events(fixed, 'inject')).toHaveLength(1);
    expect(copyCmds(fixed)).toEqual([{ cmd: 'copy', sdlba: 64, desfmt: 0, nr: 0, ranges: [{ slba: 0, nlb: 0 }] }]);
    for (const p of STACK_PROPERTIES) expect([p.id, p.check(fixed)]).toEqual([p.id, null]);
  });

  it('+fix: a DST refused at submission takes its SRC with it (bio_chain: src_bio->bi_status), no lone SRC request', () => {
    // The limits drop before the DST reaches the disk: the DST gets BLK_STS_NOTSUPP, the SRC is never sent.
    const sc = { ...example('limits-zero'), schedule: ['submit', 'map', 'inject'] as StackScenarioInput['schedule'] };
    const fixed = traceStack(cfgOf(sc, 'two-bio+fix'), scheduleOf(sc));
    expect(events(fixed, 'host-fail')).toHaveLength(0);
    expect(opAt(fixed.final, 0)).toMatchObject({ phase: 'done', errno: -95 });
    expect(CMPL_02.check(fixed)).toBeNull();
  });

  it('has no capacity check (03/12 blkdev_copy_sanity_check): halves past the end fail bio_check_eod one by one, and a stray SRC pairs with another copy\'s DST (DATA-02); +fix refuses with -EINVAL', () => {
    const sc: StackScenarioInput = {
      format: 'copyspec-scenario/1',
      devices: [{ name: 'nvme0n1', kind: 'nvme', lbaBytes: 512, nsze: 128, copy: { mssrl: 8, mcl: 8, msrc: 0, formats: [0] } }],
      plug: true,
      ops: [
        { op: 'copy', bdev: 'nvme0n1', dst: { sector: 64, nr: 2 }, src: [{ sector: 127, nr: 2 }] },
        { op: 'copy', bdev: 'nvme0n1', dst: { sector: 200, nr: 2 }, src: [{ sector: 0, nr: 2 }] },
      ],
    };
    const t = trace(sc);
    expect(copyCmds(t)).toEqual([{ cmd: 'copy', sdlba: 64, desfmt: 0, nr: 0, ranges: [{ slba: 0, nlb: 1 }] }]);
    expect(DATA_02.check(t)).toMatch(/sector 64 holds orig\(nvme0n1\):0/);
    const fixed = trace(sc, 'two-bio+fix');
    expect(opsOf(fixed.final).map((o) => o.errno)).toEqual([-22, -22]);
    expect(copyCmds(fixed)).toHaveLength(0);
    for (const p of STACK_PROPERTIES) expect([p.id, p.check(fixed)]).toEqual([p.id, null]);
  });

  it('drops a copy half larger than the bottom queue\'s max_copy_sectors without ending it: the copy never completes (02/12 bio_split_copy, LIVE-01)', () => {
    // copy_max_bytes lowered on the disk after dm-0 stacked its limit (16 sectors): dm-0 still cuts chunks of 16.
    const sc: StackScenarioInput = {
      format: 'copyspec-scenario/1',
      devices: [{ name: 'nvme0n1', kind: 'nvme', lbaBytes: 512, nsze: 1024, copy: { mssrl: 16, mcl: 16, msrc: 0, formats: [0] } }],
      dm: [{ name: 'dm-0', targets: [{ type: 'linear', start: 0, len: 1024, dev: 'nvme0n1', offset: 0 }] }],
      copyMaxBytes: [{ dev: 'nvme0n1', bytes: 4096 }],
      plug: false,
      ops: [{ op: 'copy', bdev: 'dm-0', dst: { sector: 512, nr: 16 }, src: [{ sector: 0, nr: 16 }] }],
    };
    const t = trace(sc);
    expect(t.quiescent).toBe(false);
    expect(Object.values(t.final.bios).map((b) => [b.half, b.stage])).toEqual([['dst', 'parent'], ['src', 'parent'], ['dst', 'lost'], ['src', 'lost']]);
    expect(LIVE_01.check(t)).toMatch(/op\(s\) 0 pending/);
    // +fix ends the oversize DST with EIO, as bio_split_copy's comment says; its SRC is not sent: the copy fails, and completes.
    const fixed = trace(sc, 'two-bio+fix');
    expect(fixed.quiescent).toBe(true);
    expect(opAt(fixed.final, 0).errno).toBe(-5);
    expect(events(fixed, 'host-fail')).toHaveLength(0);
    expect(LIVE_01.check(fixed)).toBeNull();
  });

  it('refuses copy_max_bytes that is not a multiple of the logical block size (queue_copy_max_store)', () => {
    const sc = { ...oneDisk({ mssrl: 8, mcl: 8 }, []), copyMaxBytes: [{ dev: 'nvme0n1', bytes: 1000 }] };
    expect(() => stackScenarioSchema.parse(sc)).toThrow(/not a multiple of 512/);
  });

  it('issues every chunk without waiting and goes on after a failed one: a hole, then Zone Invalid Write (ZONE-03); +fix copies by read + write on ZNS', () => {
    const sc: StackScenarioInput = {
      format: 'copyspec-scenario/1',
      devices: [{ name: 'nvme0n1', kind: 'nvme', lbaBytes: 512, nsze: 128, copy: { mssrl: 1, mcl: 8, msrc: 0, formats: [0] }, zoned: { zoneSize: 16, zoneCap: 16 } }],
      plug: false,
      tags: 1,
      ops: [{ op: 'copy', bdev: 'nvme0n1', dst: { sector: 64, nr: 3 }, src: [{ sector: 0, nr: 3 }] }],
      faults: [{ dev: 'nvme0n1', fault: 'media-error', slba: 1, nlb: 0 }],
    };
    // The fault first, then the task's own steps.
    const t = traceStack(cfgOf(sc), [1]);
    expect(events(t, 'device-done').map((e) => e.status)).toContain('ZONE_INVALID_WRITE');
    expect(ZONE_03.check(t)).toMatch(/Zone Invalid Write/);
    const fixed = traceStack(cfgOf(sc, 'two-bio+fix'), [1]);
    expect(copyCmds(fixed)).toHaveLength(0);
    expect(opAt(fixed.final, 0).emulated).toBe(true);
    expect(ZONE_03.check(fixed)).toBeNull();
  });
});

describe('the two-bio counterexamples', () => {
  // DATA-02 (overlap) and ZONE-06 were added at integration; the +fix test below covers the original three.
  const cells = ['CMPL-02', 'LIMIT-03', 'ZONE-03'];
  it('declares the refuted cells it commits counterexamples for, and +fix declares none', () => {
    expect(Object.keys(twoBio.declared).sort()).toEqual(['CMPL-02', 'DATA-02', 'LIMIT-03', 'ZONE-03', 'ZONE-06']);
    expect(Object.keys(twoBioFix.declared)).toEqual([]);
    expect(twoBioFix.origin.kind === 'fixed' && twoBioFix.origin.changes.length).toBe(9);
    expect(existsSync(join(root, 'counterexamples', 'CMPL-02-two-bio+fix.json'))).toBe(false);
  });
  it.each(cells)('%s: refutes two-bio, and every property holds on the same case under two-bio+fix', (id) => {
    const cx = JSON.parse(readFileSync(join(root, 'counterexamples', `${id}-two-bio.json`), 'utf8')) as { scenario: StackScenarioInput & { schedule: number[] } };
    const prop = STACK_PROPERTIES.find((p) => p.id === id)!;
    const posted = traceStack(cfgOf(cx.scenario), cx.scenario.schedule);
    expect(prop.check(posted)).not.toBeNull();
    const fixed = traceStack(cfgOf(cx.scenario, 'two-bio+fix'), cx.scenario.schedule);
    for (const p of STACK_PROPERTIES) expect([p.id, p.check(fixed)]).toEqual([p.id, null]);
  });
});
