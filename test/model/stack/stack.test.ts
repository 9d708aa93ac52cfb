import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BLK_MAX_REQUEST_COUNT, BLK_PLUG_FLUSH_SIZE, plugMaxRqCount } from '../../../model/blk-mq/plug.js';
import { runStack, runStackScenario, stackConfigOf } from '../../../model/scenario/run-stack.js';
import { stackScenarioSchema, type StackScenarioInput } from '../../../model/scenario/stack-schema.js';
import { readThrough } from '../../../model/stack/read-through.js';
import { describeRuns } from '../../../model/content/token.js';
import { referenceCopy, referenceInit, referenceRead } from '../../../model/reference/reference.js';
import { sectorKeys } from '../../../properties/stack/reference.js';
import { opsOf } from '../../../model/stack/ops.js';

const root = join(import.meta.dirname, '..', '..', '..');
const load = (input: StackScenarioInput) => stackScenarioSchema.parse(input);

describe('the composed stack', () => {
  it('uses the kernel plug constants (blk-mq.c blk_add_rq_to_plug)', () => {
    expect(BLK_MAX_REQUEST_COUNT).toBe(32);
    expect(plugMaxRqCount(true)).toBe(64);
    expect(BLK_PLUG_FLUSH_SIZE).toBe(128 * 1024);
  });

  it('splits a four-range copy through dm-linear onto MSRC 1 into two Copy commands, content = reference', () => {
    // A design whose dm-linear passes copies on (vectored-bio as posted stacks no copy limits).
    const sc = stackScenarioSchema.parse({ ...JSON.parse(readFileSync(join(root, 'examples', 'stack-dm-linear-copy.json'), 'utf8')), design: 'multi-bio-plug' });
    const out = runStackScenario(sc);
    const copies = out.filter((r) => r.event === 'device-cmd' && r.cmd === 'copy');
    expect(copies).toHaveLength(2);
    expect(copies.map((c) => c.nr)).toEqual([1, 1]); // NR is 0's based: two entries each
    expect(out.find((r) => r.event === 'done')).toMatchObject({ op: 0, status: 0 });
    // The naive reference on dm-0 (offset 1024 onto nvme0n1) gives the same sectors.
    const run = runStack(stackConfigOf(sc));
    const op = sc.ops[0]!;
    if (op.op !== 'copy') throw new Error('example changed');
    let ref = referenceInit([{ name: 'nvme0n1', size: 4096, initial: 'orig' }]);
    ref = referenceCopy(ref, 'nvme0n1', 1024 + op.dst.sector, op.src.map((s) => ({ sector: 1024 + s.sector, nr: s.nr })));
    expect(sectorKeys(readThrough(run.final, 'dm-0', 0, 2048))).toEqual(referenceRead(ref, 'nvme0n1', { sector: 1024, nr: 2048 }));
  });

  it('falls back to read + write for a copy through dm-crypt, and the data decrypts', () => {
    const sc = load({
      format: 'copyspec-scenario/1',
      design: 'multi-bio-plug', // falls back on -EOPNOTSUPP (vectored-bio as posted never does)
      devices: [{ name: 'nvme0n1', kind: 'nvme', lbaBytes: 512, nsze: 1024, copy: { mssrl: 8, mcl: 32, msrc: 3 } }],
      dm: [{ name: 'dm-0', targets: [{ type: 'crypt', start: 0, len: 512, dev: 'nvme0n1', offset: 0 }] }],
      ops: [{ op: 'copy', bdev: 'dm-0', dst: { sector: 64, nr: 8 }, src: [{ sector: 0, nr: 8 }] }],
    });
    const out = runStackScenario(sc);
    expect(out.some((r) => r.event === 'device-cmd' && r.cmd === 'copy')).toBe(false);
    expect(out.find((r) => r.event === 'fallback')).toMatchObject({ op: 0, errno: -95 });
    expect(out.find((r) => r.event === 'content' && r.bdev === 'dm-0')?.content).toBe('orig[0..63] orig[0..7] orig[72..511]');
  });

  it('zone write plugging holds the second write of a zone until the first completes', () => {
    const sc = load({
      format: 'copyspec-scenario/1',
      devices: [{ name: 'nvme0n1', kind: 'nvme', lbaBytes: 512, nsze: 64, zoned: { zoneSize: 32, zoneCap: 32 } }],
      plug: false,
      ops: [{ op: 'write', bdev: 'nvme0n1', sector: 0, nr: 4 }, { op: 'write', bdev: 'nvme0n1', sector: 4, nr: 4 }],
    });
    const run = runStack(stackConfigOf(sc));
    // After both submissions only one write is queued to the device.
    const afterSubmit = run.events.filter((e) => e.event === 'device-cmd');
    expect(afterSubmit).toHaveLength(2);
    expect(opsOf(run.final).map((o) => o.errno)).toEqual([0, 0]);
    expect(describeRuns(readThrough(run.final, 'nvme0n1', 0, 8), 1, 'nvme0n1')).toBe('w0[0..3] w1[0..3]');
  });

  it('a task that sleeps for a tag flushes its plug first (sched_submit_work → blk_flush_plug)', () => {
    const sc = load({
      format: 'copyspec-scenario/1',
      devices: [{ name: 'nvme0n1', kind: 'nvme', lbaBytes: 512, nsze: 64 }],
      tags: 1,
      ops: [{ op: 'write', bdev: 'nvme0n1', sector: 0, nr: 1 }, { op: 'write', bdev: 'nvme0n1', sector: 8, nr: 1 }],
    });
    const ok = runStackScenario(sc);
    expect(ok.find((r) => r.event === 'plug-flush')).toMatchObject({ reason: 'schedule', via: 'queue_rq' });
    expect(ok.at(-1)).toMatchObject({ event: 'end', quiescent: true, ops: [0, 0] });
    const stuck = runStackScenario(sc, stackConfigOf(sc, [], ['no-flush-on-sleep']));
    expect(stuck.at(-1)).toMatchObject({ event: 'end', quiescent: false });
  });

  it('REQ_NOWAIT fails the bio with -EAGAIN instead of sleeping', () => {
    const sc = load({
      format: 'copyspec-scenario/1',
      devices: [{ name: 'nvme0n1', kind: 'nvme', lbaBytes: 512, nsze: 64 }],
      tags: 1,
      nowait: true,
      ops: [{ op: 'write', bdev: 'nvme0n1', sector: 0, nr: 1 }, { op: 'write', bdev: 'nvme0n1', sector: 8, nr: 1 }],
    });
    expect(runStackScenario(sc).at(-1)).toMatchObject({ event: 'end', quiescent: true, ops: [0, -11] });
  });

  it('refuses a zero-length or misaligned copy with -EINVAL', () => {
    // checkBio (model/block/split.ts); vectored-bio as posted accepts an empty copy (D9).
    const base = { format: 'copyspec-scenario/1' as const, design: 'two-bio' as const, devices: [{ name: 'nvme0n1', kind: 'nvme' as const, lbaBytes: 4096 as const, nsze: 64, copy: { mssrl: 8, mcl: 32, msrc: 3 } }] };
    const zero = runStackScenario(load({ ...base, ops: [{ op: 'copy', bdev: 'nvme0n1', dst: { sector: 64, nr: 0 }, src: [] }] }));
    const odd = runStackScenario(load({ ...base, ops: [{ op: 'copy', bdev: 'nvme0n1', dst: { sector: 64, nr: 8 }, src: [{ sector: 3, nr: 8 }] }] }));
    expect(zero.find((r) => r.event === 'done')).toMatchObject({ status: -22 });
    expect(odd.find((r) => r.event === 'done')).toMatchObject({ status: -22 });
  });
});
