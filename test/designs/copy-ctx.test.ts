// copy-ctx as posted and copy-ctx+fix, mechanism by mechanism (spec/designs/copy-ctx.md): each
// finding of the posted series on a small hand-made stack, the property that refutes it, and the
// fix holding there; then the declared verdicts and the committed counterexamples.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { DmTable } from '../../model/dm/table.js';
import type { Partition } from '../../model/block/partition.js';
import type { HostOp, StackConfig } from '../../model/stack/state.js';
import type { DesignName } from '../../model/stack/design.js';
import { DESIGNS } from '../../model/stack/design.js';
import { DATA_02, LIMIT_03, LIVE_01, MODEL_02, ZONE_03 } from '../../properties/stack/properties.js';
import { checkStackProperty } from '../../properties/check-stack.js';
import { traceStack } from '../../properties/stack/trace.js';
import type { StackEvent } from '../../model/stack/state.js';
import { opAt } from '../../model/stack/ops.js';

const root = join(import.meta.dirname, '..', '..');

const nvme = (name: string, copy = true, lbaBytes: 512 | 4096 = 512) => ({
  name,
  lbaBytes,
  nsze: 256,
  mdts: 0,
  bugs: [],
  ...(copy ? { copy: { mssrl: 8, mcl: 32, msrc: 3, formats: [0] } } : {}),
});

const cfgOf = (design: DesignName, ops: HostOp[], extra: { dm?: DmTable[]; partitions?: Partition[]; devices?: StackConfig['devices'] } = {}): StackConfig => ({
  design,
  devices: extra.devices ?? [nvme('nvme0n1'), nvme('nvme1n1')],
  dm: extra.dm ?? [],
  partitions: extra.partitions ?? [],
  tags: 4,
  plug: false,
  nowait: false,
  ops,
  faults: [],
  bugs: [],
});

const copy = (bdev: string, dst: number, srcs: [number, number][]): HostOp => ({ op: 'copy', bdev, dst: { sector: dst, nr: srcs.reduce((n, s) => n + s[1], 0) }, src: srcs.map(([sector, nr]) => ({ sector, nr })) });

const commands = (events: readonly StackEvent[]) => events.flatMap((e) => (e.event === 'device-cmd' && e.command.cmd === 'copy' ? [{ dev: e.dev, ...e.command }] : []));
const done = (events: readonly StackEvent[]) => events.flatMap((e) => (e.event === 'done' ? [e.status] : []));

describe('copy-ctx as posted', () => {
  it('sends DESFMT 2h, which the namespace (OCFS = {0h}) refuses, and reports success (D2, D2b, D19): DATA-02', () => {
    const t = traceStack(cfgOf('copy-ctx', [copy('nvme0n1', 128, [[0, 4]])]), []);
    expect(commands(t.events)).toEqual([{ dev: 'nvme0n1', cmd: 'copy', sdlba: 128, desfmt: 2, nr: 0, ranges: [{ slba: 0, nlb: 3 }] }]);
    expect(t.events.some((e) => e.event === 'device-done' && e.status === 'INVALID_FIELD')).toBe(true);
    expect(done(t.events)).toEqual([0]);
    expect(DATA_02.check(t)).toMatch(/sector 128/);
  });

  it('takes copy_ctx_count per COPY_SRC bio: a two-source chunk never calls end_io (D3): LIVE-01', () => {
    const t = traceStack(cfgOf('copy-ctx', [copy('nvme0n1', 128, [[0, 2], [8, 2]])]), []);
    expect(t.quiescent).toBe(false);
    expect(t.final.copyParams?.[0]?.count).toBe(1);
    expect(LIVE_01.check(t)).toMatch(/op\(s\) 0 pending/);
  });

  it('gives the driver only the head COPY_SRC: NR 0 with one range although two sources are parked (D5)', () => {
    const t = traceStack(cfgOf('copy-ctx', [copy('nvme0n1', 128, [[0, 2], [8, 2]])]), []);
    expect(commands(t.events)).toEqual([{ dev: 'nvme0n1', cmd: 'copy', sdlba: 128, desfmt: 2, nr: 0, ranges: [{ slba: 0, nlb: 1 }] }]);
  });

  it('chunks at max_copy_sectors = MSSRL and ignores MCL (D19): LIMIT-03', () => {
    const devices = [{ ...nvme('nvme0n1'), copy: { mssrl: 4, mcl: 2, msrc: 0, formats: [0] } }, nvme('nvme1n1')];
    const t = traceStack(cfgOf('copy-ctx', [copy('nvme0n1', 128, [[0, 8]])], { devices }), []);
    expect(commands(t.events).map((c) => c.ranges)).toEqual([[{ slba: 0, nlb: 3 }], [{ slba: 4, nlb: 3 }]]);
    expect(LIMIT_03.check(t)).toMatch(/4 blocks > MCL 2/);
  });

  it('keeps bio_count when a bio fails bio_check_eod before parking: the copy hangs (D6)', () => {
    const t = traceStack(cfgOf('copy-ctx', [copy('nvme0n1', 254, [[0, 4]])]), []);
    expect(t.final.copyCtxs?.[0]).toMatchObject({ phase: 'translate', status: -5, bioCount: 1 });
    expect(LIVE_01.check(t)).toMatch(/pending/);
  });

  it('parks a dm clone per target without a bio_count reference: premature and second translation_complete, success reported, then a use after free (D8)', () => {
    // Two dm-linear targets onto one disk; the source crosses their boundary.
    const dm: DmTable[] = [{ name: 'dm-0', targets: [{ type: 'linear', start: 0, len: 64, dev: 'nvme0n1', offset: 0 }, { type: 'linear', start: 64, len: 128, dev: 'nvme0n1', offset: 64 }] }];
    const t = traceStack(cfgOf('copy-ctx', [copy('dm-0', 128, [[60, 8]])], { dm }), []);
    const what = t.events.flatMap((e) => (e.event === 'copy-ctx' ? [e.what] : []));
    expect(what.filter((w) => w.includes('parks COPY_SRC'))).toHaveLength(2);
    // The second clone's parking drops bio_count to 0 before the COPY_DST is submitted.
    expect(what.findIndex((w) => w.startsWith('blkdev_translation_complete submits head'))).toBe(2);
    expect(what.some((w) => w.includes('called again'))).toBe(true);
    expect(t.events.some((e) => e.event === 'host-fail' && e.why.includes('WARN_ON_ONCE(!dst_bio)'))).toBe(true);
    expect(done(t.events)).toEqual([0]);
    expect(t.threw?.message).toMatch(/no copy context/);
    expect(MODEL_02.check(t)).toMatch(/threw/);
  });

  it('checks the module, not the disk: through dm-linear over two namespaces the Copy goes to the source namespace with the other one\'s LBA (D9): DATA-02', () => {
    const dm: DmTable[] = [{ name: 'dm-0', targets: [{ type: 'linear', start: 0, len: 128, dev: 'nvme0n1', offset: 0 }, { type: 'linear', start: 128, len: 128, dev: 'nvme1n1', offset: 0 }] }];
    const devices = [{ ...nvme('nvme0n1'), copy: { mssrl: 8, mcl: 32, msrc: 3, formats: [0, 1] } }, nvme('nvme1n1')];
    const t = traceStack(cfgOf('copy-ctx', [copy('dm-0', 136, [[0, 4]])], { dm, devices }), []);
    expect(commands(t.events)).toEqual([{ dev: 'nvme0n1', cmd: 'copy', sdlba: 8, desfmt: 2, nr: 0, ranges: [{ slba: 0, nlb: 3 }] }]);
    expect(done(t.events)).toEqual([0]);
    expect(DATA_02.check(t)).not.toBeNull();
  });

  it('remaps each half against its own partition (blk_partition_remap)', () => {
    const partitions: Partition[] = [{ name: 'nvme0n1p1', disk: 'nvme0n1', start: 16, nr: 240 }];
    const t = traceStack(cfgOf('copy-ctx', [copy('nvme0n1p1', 128, [[0, 4]])], { partitions }), []);
    expect(commands(t.events)).toMatchObject([{ sdlba: 144, ranges: [{ slba: 16, nlb: 3 }] }]);
  });

  it('refuses synchronously without copy limits and does not fall back (blkdev_copy_offload: -EOPNOTSUPP)', () => {
    const t = traceStack(cfgOf('copy-ctx', [copy('nvme1n1', 128, [[0, 4]])], { devices: [nvme('nvme0n1'), nvme('nvme1n1', false)] }), []);
    expect(done(t.events)).toEqual([-95]);
    expect(opAt(t.final, 0).emulated).toBe(false);
  });

  it('refuses misaligned segments and unequal totals (blkdev_copy_check_params: -EINVAL), and nothing else', () => {
    const devices = [nvme('nvme0n1', true, 4096), nvme('nvme1n1')];
    const bad = traceStack(cfgOf('copy-ctx', [copy('nvme0n1', 1024, [[4, 8]])], { devices }), []);
    expect(done(bad.events)).toEqual([-22]);
    const uneven: HostOp = { op: 'copy', bdev: 'nvme0n1', dst: { sector: 128, nr: 4 }, src: [{ sector: 0, nr: 8 }] };
    expect(done(traceStack(cfgOf('copy-ctx', [uneven]), []).events)).toEqual([-22]);
  });
});

describe('copy-ctx+fix', () => {
  it('copies several sources with one DESFMT 0h command and reports it', () => {
    const t = traceStack(cfgOf('copy-ctx+fix', [copy('nvme0n1', 128, [[0, 2], [8, 2]])]), []);
    expect(commands(t.events)).toEqual([{ dev: 'nvme0n1', cmd: 'copy', sdlba: 128, desfmt: 0, nr: 1, ranges: [{ slba: 0, nlb: 1 }, { slba: 8, nlb: 1 }] }]);
    expect(done(t.events)).toEqual([0]);
    expect(DATA_02.check(t)).toBeNull();
  });

  it('reports a device failure (Unrecovered Read Error) to the caller', () => {
    const cfg = { ...cfgOf('copy-ctx+fix', [copy('nvme0n1', 128, [[0, 4]])]), faults: [{ dev: 'nvme0n1', fault: 'media-error' as const, slba: 1, nlb: 0 }] };
    const t = traceStack(cfg, [1]);
    expect(done(t.events)).toEqual([-61]);
  });

  it('ends a context whose bio fails bio_check_eod with the error (no hang)', () => {
    const t = traceStack(cfgOf('copy-ctx+fix', [copy('nvme0n1', 254, [[0, 4]])]), []);
    expect(t.quiescent).toBe(true);
    expect(done(t.events)).toEqual([-5]);
  });

  it('counts dm clones and completes a copy whose source crosses a dm-linear target boundary', () => {
    const dm: DmTable[] = [{ name: 'dm-0', targets: [{ type: 'linear', start: 0, len: 64, dev: 'nvme0n1', offset: 0 }, { type: 'linear', start: 64, len: 128, dev: 'nvme0n1', offset: 64 }] }];
    const t = traceStack(cfgOf('copy-ctx+fix', [copy('dm-0', 128, [[60, 8]])], { dm }), []);
    expect(t.quiescent).toBe(true);
    expect(commands(t.events)).toMatchObject([{ nr: 1, ranges: [{ slba: 60, nlb: 3 }, { slba: 64, nlb: 3 }] }]);
    expect(DATA_02.check(t)).toBeNull();
  });

  it('refuses a context whose dm clones need more Source Range entries than MSRC + 1 (-EOPNOTSUPP), sending nothing: LIMIT-03 holds', () => {
    // Four dm-linear targets over one namespace, out of order; MSRC 0: one source per Copy. The chunk
    // is sized at dm-0 (one source segment), but its source crosses a target boundary: two parked clones.
    const devices = [{ ...nvme('nvme0n1'), copy: { mssrl: 8, mcl: 8, msrc: 0, formats: [0] } }, nvme('nvme1n1')];
    const dm: DmTable[] = [{ name: 'dm-0', targets: [{ type: 'linear', start: 0, len: 32, dev: 'nvme0n1', offset: 64 }, { type: 'linear', start: 32, len: 32, dev: 'nvme0n1', offset: 0 }, { type: 'linear', start: 64, len: 64, dev: 'nvme0n1', offset: 96 }] }];
    const t = traceStack(cfgOf('copy-ctx+fix', [copy('dm-0', 64, [[28, 8]])], { dm, devices }), []);
    expect(t.quiescent).toBe(true);
    expect(commands(t.events)).toEqual([]);
    expect(done(t.events)).toEqual([-95]);
    expect(LIMIT_03.check(t)).toBeNull();
    // The same copy with MSRC 1 (two entries allowed) goes out as one Copy of two Source Range entries.
    const two = [{ ...nvme('nvme0n1'), copy: { mssrl: 8, mcl: 8, msrc: 1, formats: [0] } }, nvme('nvme1n1')];
    const ok = traceStack(cfgOf('copy-ctx+fix', [copy('dm-0', 64, [[28, 8]])], { dm, devices: two }), []);
    expect(commands(ok.events)).toMatchObject([{ nr: 1, ranges: [{ slba: 92, nlb: 3 }, { slba: 0, nlb: 3 }] }]);
    expect(done(ok.events)).toEqual([0]);
  });

  it('refuses a copy whose halves land on two namespaces (-EOPNOTSUPP), sending nothing', () => {
    const dm: DmTable[] = [{ name: 'dm-0', targets: [{ type: 'linear', start: 0, len: 128, dev: 'nvme0n1', offset: 0 }, { type: 'linear', start: 128, len: 128, dev: 'nvme1n1', offset: 0 }] }];
    const t = traceStack(cfgOf('copy-ctx+fix', [copy('dm-0', 136, [[0, 4]])], { dm }), []);
    expect(commands(t.events)).toEqual([]);
    expect(done(t.events)).toEqual([-95]);
  });

  it('lists each change as a kernel change', () => {
    const o = DESIGNS['copy-ctx+fix'].origin;
    expect(o.kind).toBe('fixed');
    if (o.kind === 'fixed') for (const c of o.changes) expect(c.kernel).toMatch(/[a-z_]+\(?/);
  });
});

describe('declared verdicts', () => {
  it.each(['DATA-02', 'LIMIT-03', 'ZONE-03', 'LIVE-01'])('copy-ctx declares %s refuted, with a committed counterexample that still fails', (id) => {
    expect(DESIGNS['copy-ctx'].declared[id]?.verdict).toBe('refuted');
    const cx = JSON.parse(readFileSync(join(root, 'counterexamples', `${id}-copy-ctx.json`), 'utf8')) as { design: string; property: string };
    expect(cx).toMatchObject({ design: 'copy-ctx', property: id });
  });

  it('copy-ctx+fix declares nothing: every property holds', () => {
    expect(Object.keys(DESIGNS['copy-ctx+fix'].declared)).toEqual([]);
  });


  it('ZONE-03 holds on copy-ctx+fix in a short search', () => {
    expect(checkStackProperty(ZONE_03, [], { seed: 3, runs: 60 }, 'copy-ctx+fix').verdict).toBe('holds');
  });
});
