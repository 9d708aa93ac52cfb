// A stack scenario (`copyspec-scenario/1` with `ops`): NVMe namespaces, dm tables, host ops in
// 512-byte sectors on named block devices, and optionally the schedule (README "the stack").

import { z } from 'zod';
import { STACK_BUGS, type StackBug } from '../block/bugs.js';
import { deviceSchema } from './schema.js';
import { DESIGN_NAMES } from '../stack/design.js';

const sector = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const count = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const range = z.strictObject({ sector, nr: count });
const name = z.string().regex(/^[A-Za-z][A-Za-z0-9_-]*$/, 'a device name is letters, digits, _ or -, starting with a letter');

const target = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('linear'), start: sector, len: count.min(1), dev: name, offset: sector }),
  z.strictObject({
    type: z.literal('stripe'),
    start: sector,
    len: count.min(1),
    chunk: count.min(1),
    stripes: z.array(z.strictObject({ dev: name, offset: sector })).min(1),
  }),
  z.strictObject({ type: z.literal('crypt'), start: sector, len: count.min(1), dev: name, offset: sector, key: z.string().min(1).default('k') }),
  z.strictObject({ type: z.literal('error'), start: sector, len: count.min(1) }),
]);

const op = z.discriminatedUnion('op', [
  z.strictObject({ op: z.literal('read'), bdev: name, sector, nr: count }),
  z.strictObject({ op: z.literal('write'), bdev: name, sector, nr: count }),
  z.strictObject({ op: z.literal('copy'), bdev: name, dst: range, src: z.array(range).max(256) }),
  z.strictObject({ op: z.literal('zone-reset'), bdev: name, sector }),
]);

const fault = z.discriminatedUnion('fault', [
  z.strictObject({ dev: name, fault: z.literal('zone-read-only'), slba: sector }),
  z.strictObject({ dev: name, fault: z.literal('zone-offline'), slba: sector }),
  z.strictObject({ dev: name, fault: z.literal('media-error'), slba: sector, nlb: z.number().int().min(0).max(0xffff) }),
  z.strictObject({ dev: name, fault: z.literal('write-protect') }),
  /** The disk's copy limits drop to 0 (a namespace rescan; sysfs copy_max_bytes = 0). */
  z.strictObject({ dev: name, fault: z.literal('copy-limits-zero') }),
]);

/** One schedule entry: an index into enabled(), or the first enabled action of a kind. */
export const scheduleEntry = z.union([
  z.number().int().min(0),
  z.enum(['submit', 'finish-plug', 'map', 'alloc', 'tag-fail', 'exec', 'inject']),
]);

export const stackScenarioSchema = z
  .strictObject({
    format: z.literal('copyspec-scenario/1'),
    /** How copies travel (model/stack/design.ts, spec/designs/). */
    design: z.enum(DESIGN_NAMES).default('vectored-bio'),
    devices: z.array(deviceSchema).min(1),
    /** Partitions of the NVMe disks (block/partitions/core.c): a window `start`+`nr` of `disk`. */
    partitions: z.array(z.strictObject({ name, disk: name, start: sector, nr: count.min(1) })).default([]),
    dm: z.array(z.strictObject({ name, targets: z.array(target).min(1) })).default([]),
    /** Tag set depth per NVMe device (blk_mq_tag_set.queue_depth). */
    tags: z.number().int().min(1).max(4096).default(64),
    plug: z.boolean().default(true),
    nowait: z.boolean().default(false),
    /** sysfs queue/copy_max_bytes written on NVMe disks after the dm tables were loaded (a multiple of the logical block size). */
    copyMaxBytes: z.array(z.strictObject({ dev: name, bytes: count })).optional(),
    /** sysfs queue/nomerges = 2 on every NVMe queue (QUEUE_FLAG_NOMERGES): no plug merge at all. */
    nomerges: z.boolean().optional(),
    ops: z.array(op),
    faults: z.array(fault).default([]),
    schedule: z.array(scheduleEntry).optional(),
    /** Known-bad variants of the host stack (see `copyspec variants`). */
    stackBugs: z.array(z.enum(Object.keys(STACK_BUGS) as [StackBug, ...StackBug[]])).default([]),
  })
  .superRefine((s, ctx) => {
    const names = new Set<string>();
    const size = new Map<string, number>(); // sectors
    const add = (n: string, path: (string | number)[], sectors: number): void => {
      if (names.has(n)) ctx.addIssue({ code: 'custom', path, message: `block device ${n} is named twice` });
      names.add(n);
      size.set(n, sectors);
    };
    s.devices.forEach((d, i) => add(d.name, ['devices', i, 'name'], d.nsze * (d.lbaBytes / 512)));
    s.partitions.forEach((p, i) => {
      const disk = s.devices.find((d) => d.name === p.disk);
      if (!disk) return ctx.addIssue({ code: 'custom', path: ['partitions', i, 'disk'], message: `no NVMe device named ${JSON.stringify(p.disk)}` });
      const k = disk.lbaBytes / 512;
      // add_partition: a partition lies within its disk; copyspec keeps it LBA-aligned.
      if (p.start + p.nr > disk.nsze * k) ctx.addIssue({ code: 'custom', path: ['partitions', i], message: `partition ${p.name} ends at sector ${p.start + p.nr}, past the end of ${p.disk} (${disk.nsze * k})` });
      if (p.start % k || p.nr % k) ctx.addIssue({ code: 'custom', path: ['partitions', i], message: `partition ${p.name} is not aligned to ${disk.lbaBytes}-byte blocks` });
      if (disk.zoned) ctx.addIssue({ code: 'custom', path: ['partitions', i, 'disk'], message: `partitions on the zoned namespace ${p.disk} are not modelled (zoned disks take no partitions: blk_add_partitions ignores a host-managed disk's partition table)` });
      add(p.name, ['partitions', i, 'name'], p.nr);
    });
    s.dm.forEach((t, i) => {
      // A table may use devices and tables defined before it (dm on dm), never itself or later ones.
      t.targets.forEach((x, j) => {
        const lowers = x.type === 'error' ? [] : x.type === 'stripe' ? x.stripes.map((y) => y.dev) : [x.dev];
        for (const l of lowers) if (!names.has(l)) ctx.addIssue({ code: 'custom', path: ['dm', i, 'targets', j], message: `no block device ${JSON.stringify(l)} defined before dm table ${t.name}` });
        for (const l of lowers) {
          if (s.devices.some((d) => d.name === l && d.zoned)) ctx.addIssue({ code: 'custom', path: ['dm', i, 'targets', j], message: `dm over the zoned namespace ${l} is not modelled (spec/stack.md)` });
        }
        // dm_table_add_target → device_area_is_invalid: a target may not reach past its device's end.
        const need =
          x.type === 'error' ? [] : x.type === 'stripe' ? x.stripes.map((y) => ({ dev: y.dev, end: y.offset + Math.ceil(x.len / x.stripes.length / x.chunk) * x.chunk })) : [{ dev: x.dev, end: x.offset + x.len }];
        for (const n of need) {
          const have = size.get(n.dev);
          if (have !== undefined && n.end > have) ctx.addIssue({ code: 'custom', path: ['dm', i, 'targets', j], message: `target reaches sector ${n.end} of ${n.dev}, which has ${have}` });
        }
        if (x.type === 'stripe' && x.len % (x.chunk * x.stripes.length) !== 0) ctx.addIssue({ code: 'custom', path: ['dm', i, 'targets', j, 'len'], message: 'a stripe target is a whole number of chunks on every stripe (dm-stripe.c stripe_ctr)' });
        const expect = j === 0 ? 0 : t.targets[j - 1]!.start + t.targets[j - 1]!.len;
        if (x.start !== expect) ctx.addIssue({ code: 'custom', path: ['dm', i, 'targets', j, 'start'], message: `target starts at ${x.start}, expected ${expect} (targets are contiguous from 0)` });
      });
      add(t.name, ['dm', i, 'name'], t.targets.reduce((n, x) => n + x.len, 0));
    });
    s.ops.forEach((o, i) => {
      if (!names.has(o.bdev)) ctx.addIssue({ code: 'custom', path: ['ops', i, 'bdev'], message: `no block device named ${JSON.stringify(o.bdev)}` });
    });
    (s.copyMaxBytes ?? []).forEach((w, i) => {
      const disk = s.devices.find((d) => d.name === w.dev);
      if (!disk) return ctx.addIssue({ code: 'custom', path: ['copyMaxBytes', i, 'dev'], message: `no NVMe device named ${JSON.stringify(w.dev)}` });
      // queue_copy_max_store: `if (max_copy_bytes & (queue_logical_block_size(q) - 1)) return -EINVAL;`
      if (w.bytes % disk.lbaBytes) ctx.addIssue({ code: 'custom', path: ['copyMaxBytes', i, 'bytes'], message: `copy_max_bytes ${w.bytes} is not a multiple of ${disk.lbaBytes}` });
    });
    s.faults.forEach((f, i) => {
      if (!s.devices.some((d) => d.name === f.dev)) ctx.addIssue({ code: 'custom', path: ['faults', i, 'dev'], message: `no NVMe device named ${JSON.stringify(f.dev)}` });
    });
  });

export type StackScenario = z.output<typeof stackScenarioSchema>;
export type StackScenarioInput = z.input<typeof stackScenarioSchema>;
