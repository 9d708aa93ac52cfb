// A stack scenario (`copyspec-scenario/1` with `ops`): NVMe namespaces, dm tables, host ops in
// 512-byte sectors on named block devices, and optionally the schedule (README "the stack").

import { z } from 'zod';
import { STACK_BUGS, type StackBug } from '../block/bugs.js';
import { deviceSchema, jsonSchemaField, MAX_SECTORS } from './schema.js';
import { nvmeQueueLimits } from '../block/limits.js';
import { DESIGN_NAMES } from '../stack/design.js';
import { scsiDeviceSchema } from './scsi-schema.js';
import { sdQueueLimits, sdXcopyLimits, sdZbcRefusal } from '../driver/sd.js';
import { luConfigOf } from './run-scsi.js';

/** A stack device: an NVMe namespace or (`"kind": "scsi"`) a SCSI LU behind sd (conventional or host-managed zoned; model/driver/sd.ts). */
const stackDevice = z.union([deviceSchema, scsiDeviceSchema]);
type StackDevice = z.output<typeof stackDevice>;
/** Size in 512-byte sectors, and the logical block size in bytes, of either kind. */
const sectorsOf = (d: StackDevice): number => (d.kind === 'scsi' ? d.capacity * (d.blockBytes / 512) : d.nsze * (d.lbaBytes / 512));
const blockBytesOf = (d: StackDevice): number => (d.kind === 'scsi' ? d.blockBytes : d.lbaBytes);

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

/**
 * One read or write moves at most MAX_RW_COUNT = INT_MAX & PAGE_MASK bytes (include/linux/fs.h;
 * vfs_read and vfs_write clamp their count to it): 4194296 sectors with 4 KiB pages. A copy op is
 * held to the same bound (copy_file_range is a read/write-family call; the copy series is silent on
 * a cap: copyspec's choice, spec/stack.md).
 */
export const MAX_OP_SECTORS = Math.floor((2 ** 31 - 1) / 4096) * 8;

/**
 * The stack model materialises every piece a split makes, and a run's cost grows faster than its
 * pieces (about 4 s for 1024 on one core): a scenario may split into at most this many pieces, by
 * the estimate `splitEstimate` makes from the limits before running anything.
 */
export const MAX_SCENARIO_PIECES = 1024;

type Granules = { readonly rw: number; readonly copy: number };

/**
 * The smallest piece a read/write or a copy may be cut into on each block device, from the queue
 * limits that split bios (model/block/limits.ts nvmeQueueLimits; dm: its target lengths and stripe
 * chunks, and every lower device's). A lower bound on piece size, so an upper bound on pieces.
 */
const granules = (s: { devices: readonly StackDevice[]; dm: readonly { name: string; targets: readonly z.output<typeof target>[] }[] }): Map<string, Granules> => {
  const out = new Map<string, Granules>();
  for (const d of s.devices) {
    // An sd disk: its read/write limits and the EXTENDED COPY segment limits sd sets (the smallest copy pieces any design makes there).
    const lim = d.kind === 'scsi' ? sdXcopyLimits(luConfigOf(d), sdQueueLimits(luConfigOf(d))) : nvmeQueueLimits(d);
    const rw = Math.min(lim.maxSectors, lim.chunkSectors || Infinity);
    out.set(d.name, { rw, copy: Math.min(rw, lim.maxCopySegmentSectors || Infinity, lim.copySrcBoundary || Infinity) });
  }
  for (const t of s.dm) {
    let rw = Infinity;
    let copy = Infinity;
    for (const x of t.targets) {
      const lowers = x.type === 'error' ? [] : x.type === 'stripe' ? x.stripes.map((y) => y.dev) : [x.dev];
      const own = Math.min(x.len, x.type === 'stripe' ? x.chunk : Infinity);
      rw = Math.min(rw, own, ...lowers.map((l) => out.get(l)?.rw ?? 1));
      copy = Math.min(copy, own, ...lowers.map((l) => out.get(l)?.copy ?? 1));
    }
    out.set(t.name, { rw: Math.max(1, rw), copy: Math.max(1, copy) });
  }
  return out;
};

/** At most how many pieces `ranges` split into with pieces of at least `g` sectors (+1 each for a misaligned start). */
const piecesOf = (ranges: readonly { nr: number }[], g: number): number => ranges.reduce((n, r) => n + Math.ceil(r.nr / g) + 1, 0);

/** One schedule entry: an index into enabled(), or the first enabled action of a kind. */
export const scheduleEntry = z.union([
  z.number().int().min(0),
  z.enum(['submit', 'finish-plug', 'map', 'alloc', 'tag-fail', 'exec', 'inject']),
]);

export const stackScenarioSchema = z
  .strictObject({
    $schema: jsonSchemaField,
    format: z.literal('copyspec-scenario/1'),
    /** How copies travel (model/stack/design.ts, spec/designs/). */
    design: z.enum(DESIGN_NAMES).default('vectored-bio'),
    devices: z.array(stackDevice).min(1),
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
    s.devices.forEach((d, i) => add(d.name, ['devices', i, 'name'], sectorsOf(d)));
    s.devices.forEach((d, i) => {
      if (d.kind === 'scsi' && sectorsOf(d) > MAX_SECTORS) ctx.addIssue({ code: 'custom', path: ['devices', i, 'capacity'], message: `${d.name} has ${sectorsOf(d)} sectors; copyspec takes at most 2^53 − 1 (every sector index a safe integer)` });
      // sd_zbc_read_zones (model/driver/sd.ts sdZbcRefusal): the zoned LUs sd sets up, and the ones copyspec's stack takes.
      const refused = d.kind === 'scsi' ? sdZbcRefusal(luConfigOf(d)) : null;
      if (refused) ctx.addIssue({ code: 'custom', path: ['devices', i, 'zoned'], message: `the zoned SCSI LU ${d.name}: ${refused}` });
    });
    s.partitions.forEach((p, i) => {
      const disk = s.devices.find((d) => d.name === p.disk);
      if (!disk) return ctx.addIssue({ code: 'custom', path: ['partitions', i, 'disk'], message: `no NVMe device named ${JSON.stringify(p.disk)}` });
      if (disk.kind === 'scsi') return ctx.addIssue({ code: 'custom', path: ['partitions', i, 'disk'], message: `partitions of the SCSI disk ${p.disk} are not modelled (spec/stack.md "sd")` });
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
    s.dm.forEach((t, i) => {
      const len = t.targets.reduce((n, x) => n + x.len, 0);
      if (len > MAX_SECTORS) ctx.addIssue({ code: 'custom', path: ['dm', i, 'targets'], message: `dm table ${t.name} has ${len} sectors; copyspec takes at most 2^53 − 1 (every sector index a safe integer)` });
    });
    s.ops.forEach((o, i) => {
      if (!names.has(o.bdev)) ctx.addIssue({ code: 'custom', path: ['ops', i, 'bdev'], message: `no block device named ${JSON.stringify(o.bdev)}` });
      const ranges = o.op === 'copy' ? [o.dst, ...o.src] : o.op === 'zone-reset' ? [] : [o];
      for (const [j, r] of ranges.entries()) {
        const where = o.op === 'copy' ? ['ops', i, ...(j === 0 ? ['dst'] : ['src', j - 1])] : ['ops', i];
        if (r.sector + r.nr > MAX_SECTORS) ctx.addIssue({ code: 'custom', path: [...where, 'nr'], message: `sector ${r.sector} + ${r.nr} passes 2^53 − 1 (every sector index a safe integer)` });
      }
      const total = o.op === 'copy' ? o.dst.nr : o.op === 'zone-reset' ? 0 : o.nr;
      if (total > MAX_OP_SECTORS) ctx.addIssue({ code: 'custom', path: ['ops', i, ...(o.op === 'copy' ? ['dst'] : []), 'nr'], message: `${total} sectors in one op; one read, write or copy moves at most ${MAX_OP_SECTORS} (MAX_RW_COUNT, include/linux/fs.h): split it into several ops` });
      if (o.op === 'copy' && o.src.reduce((n, r) => n + r.nr, 0) > MAX_OP_SECTORS) ctx.addIssue({ code: 'custom', path: ['ops', i, 'src'], message: `the sources add up to more than ${MAX_OP_SECTORS} sectors (MAX_RW_COUNT, include/linux/fs.h): split the copy into several ops` });
    });
    (s.copyMaxBytes ?? []).forEach((w, i) => {
      const disk = s.devices.find((d) => d.name === w.dev);
      if (!disk) return ctx.addIssue({ code: 'custom', path: ['copyMaxBytes', i, 'dev'], message: `no NVMe device named ${JSON.stringify(w.dev)}` });
      // queue_copy_max_store: `if (max_copy_bytes & (queue_logical_block_size(q) - 1)) return -EINVAL;`
      if (w.bytes % blockBytesOf(disk)) ctx.addIssue({ code: 'custom', path: ['copyMaxBytes', i, 'bytes'], message: `copy_max_bytes ${w.bytes} is not a multiple of ${blockBytesOf(disk)}` });
    });
    // The piece budget (an unknown lower device counts as 1-sector pieces; an unknown bdev ends it: reported above).
    const g = granules(s);
    let pieces = 0;
    for (const [i, o] of s.ops.entries()) {
      const gr = g.get(o.bdev);
      if (gr === undefined) return;
      pieces += o.op === 'copy' ? piecesOf([o.dst, ...o.src], gr.copy) : o.op === 'zone-reset' ? 1 : piecesOf([o], gr.rw);
      if (pieces > MAX_SCENARIO_PIECES) {
        ctx.addIssue({ code: 'custom', path: ['ops', i], message: `the ops up to here may split into about ${pieces} pieces under their devices' limits; a scenario may have at most ${MAX_SCENARIO_PIECES} (the model materialises every piece): use fewer or smaller ops` });
        return;
      }
    }
    s.faults.forEach((f, i) => {
      const d = s.devices.find((x) => x.name === f.dev);
      if (!d) ctx.addIssue({ code: 'custom', path: ['faults', i, 'dev'], message: `no NVMe device named ${JSON.stringify(f.dev)}` });
      else if (d.kind === 'scsi' && !d.zoned && (f.fault === 'zone-offline' || f.fault === 'zone-read-only')) ctx.addIssue({ code: 'custom', path: ['faults', i, 'fault'], message: `${f.fault} on the conventional SCSI disk ${f.dev}: give it "zoned" or use media-error / write-protect` });
    });
  });

export type StackScenario = z.output<typeof stackScenarioSchema>;
export type StackScenarioInput = z.input<typeof stackScenarioSchema>;
