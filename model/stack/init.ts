// init(config): the stack before the task submits anything.

import { nvmeQueueLimits, stackLimits, type QueueLimits } from '../block/limits.js';
import { nvmeNamespaceInit } from '../device/nvme/namespace.js';
import type { NvmeNamespace } from '../device/nvme/namespace.js';
import type { StackConfig, StackState } from './state.js';
import { designOf } from './design.js';
import { scsiLuInit, type ScsiLu } from '../device/scsi/lu.js';
import { doneOpsInit } from './done-ops.js';
import { sdQueueLimits, sdXcopyLimits } from '../driver/sd.js';

/**
 * Queue limits of every block device: an NVMe disk's from its namespace, a dm device's stacked from
 * the devices its targets use (dm_calculate_queue_limits → blk_stack_limits). Copy limits survive
 * only when every target opts in to copy (the design's dm patch: dm-linear in every posted series).
 */
export const deviceLimits = (cfg: StackConfig): Record<string, QueueLimits> => {
  const out: Record<string, QueueLimits> = {};
  const design = designOf(cfg.design);
  for (const dev of cfg.devices) {
    // The copy limits are the design's driver setup (its nvme_config_copy as posted).
    out[dev.name] = design.nvmeCopyLimits(dev, nvmeQueueLimits(dev));
  }
  // sd disks: sd_revalidate_disk's limits, the copy limits as the design's sd patch sets them.
  for (const lu of cfg.scsi ?? []) out[lu.name] = (design.scsiCopyLimits ?? sdXcopyLimits)(lu, sdQueueLimits(lu), cfg.bugs);
  // A partition shares its disk's queue, hence its limits (bdev_get_queue).
  for (const p of cfg.partitions) out[p.name] = out[p.disk]!;
  const resolve = (name: string, seen: readonly string[]): QueueLimits => {
    const have = out[name];
    if (have) return have;
    const t = cfg.dm.find((x) => x.name === name);
    if (!t) throw new Error(`no block device ${name}`);
    if (seen.includes(name)) throw new Error(`dm table ${name} maps onto itself`);
    const lowers = t.targets.flatMap((x) => (x.type === 'error' ? [] : x.type === 'stripe' ? x.stripes.map((s) => s.dev) : [x.dev]));
    const parts = lowers.map((l) => resolve(l, [...seen, name]));
    const optIn = t.targets.every((x) => design.dmCopyTarget(x) || (x.type === 'crypt' && cfg.bugs.includes('crypt-passes-copy')));
    const nowaitTargets = t.targets.every((x) => x.type === 'linear' || x.type === 'stripe');
    const lim = parts.length ? stackLimits(parts, optIn, nowaitTargets) : { ...nvmeQueueLimits({ lbaBytes: 512, mdts: 0 }), maxCopySectors: 0, nowait: false };
    out[name] = lim;
    return lim;
  };
  for (const t of cfg.dm) resolve(t.name, []);
  // sysfs copy_max_bytes after the tables were loaded (StackConfig.copyMaxBytes): the disk and its
  // partitions (one queue) take min(hw, user); the dm devices keep their stacked limits.
  for (const w of cfg.copyMaxBytes ?? []) {
    const lim = out[w.dev]!;
    const user = w.bytes / 512;
    const next = { ...lim, maxCopySectors: Math.min(lim.maxCopySectors, user), maxCopySegmentSectors: Math.min(lim.maxCopySegmentSectors, user) };
    out[w.dev] = next;
    for (const p of cfg.partitions) if (p.disk === w.dev) out[p.name] = next;
  }
  return out;
};

/** The prototype of the state's configuration: an empty object of its own, so immer does not see a plain object. */
const CONFIG_PROTO: object = Object.freeze(Object.create(Object.prototype) as object);

/**
 * The configuration as a state holds it: the same fields, on a prototype that is not
 * Object.prototype. Immer drafts only plain objects and arrays, so a step reads `d.cfg` as it is:
 * drafted, every `d.cfg.ops[i]` copied the whole op list (O(ops) per step). No step writes to it.
 */
export const configOfState = (cfg: StackConfig): StackConfig => Object.assign(Object.create(CONFIG_PROTO) as StackConfig, cfg);

export const stackInit = (cfg: StackConfig): StackState => {
  const ns: Record<string, NvmeNamespace> = {};
  for (const dev of cfg.devices) ns[dev.name] = nvmeNamespaceInit(dev, dev.bugs);
  const lus: Record<string, ScsiLu> = {};
  for (const lu of cfg.scsi ?? []) lus[lu.name] = scsiLuInit(lu, lu.bugs);
  return {
    cfg: configOfState(cfg),
    ns,
    ...(cfg.scsi?.length ? { lus } : {}),
    limits: deviceLimits(cfg),
    liveOps: {},
    doneOps: doneOpsInit(cfg.ops.length),
    nextOp: 0,
    plugged: cfg.plug, // blk_start_plug() before the first op
    localPlug: false,
    plugList: [],
    multipleQueues: false,
    bios: {},
    rqs: {},
    tagsUsed: Object.fromEntries([...cfg.devices, ...(cfg.scsi ?? [])].map((x) => [x.name, 0])),
    zwplugs: {},
    sq: [],
    injected: cfg.faults.map(() => false),
    nextId: 0,
    events: [],
  };
};
