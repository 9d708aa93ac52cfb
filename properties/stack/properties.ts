// Properties of the composed host stack. Each judges a whole trace (every state, every event) and
// names the first violation.

import { copySegments } from '../../model/block/limits.js';
import { maxTransferBytes } from '../../model/device/nvme/config.js';
import { BLK_PLUG_FLUSH_SIZE, plugMaxRqCount } from '../../model/blk-mq/plug.js';
import { NVME_MAX_RETRIES } from '../../model/driver/nvme.js';
import type { StackState } from '../../model/stack/state.js';
import type { StackProperty } from '../property.js';
import { BOOK_PROPERTIES } from './books.js';
import { forEachState, forEachStateOf, keptOnce } from './each-state.js';
import { checkStackAgainstReference } from './reference.js';
import { opAt, opsOf } from '../../model/stack/ops.js';

export const DATA_02: StackProperty = {
  id: 'DATA-02',
  title: 'The stack agrees with the naive reference',
  statement:
    'When the stack quiesces after a conflict-free workload, every block device the ops address reads back (through dm, decrypting) what the naive reference holds: each successful write and copy applied (a copy reads all its sources, then writes its destination), each successful zone reset deallocating; a failed op\'s destination holds, sector by sector, its old or its new content; every successful read returned the reference\'s content.',
  layers: ['bio', 'plug', 'dm', 'zoned', 'blk-mq', 'driver', 'device'],
  sources: ['DESIGN.md §3 naive reference', 'block/blk-merge.c __bio_split_to_limits', 'drivers/md/dm-linear.c linear_map_sector', 'drivers/md/dm-crypt.c (IV plain64)'],
  refutes: ['linear-off-by-one', 'split-drops-tail', 'crypt-passes-copy'],
  precondition: (t) => t.quiescent && t.cfg.ops.some((o) => o.op === 'copy' || o.op === 'write'),
  check: checkStackAgainstReference,
};

export const LIMIT_03: StackProperty = {
  id: 'LIMIT-03',
  title: 'Every device command respects the device\'s limits',
  statement:
    'Every NVMe command the driver sends fits the namespace: a Copy has NR ≤ MSRC (0\'s based) with NR+1 entries, every entry NLB+1 ≤ MSSRL, Σ(NLB+1) ≤ MCL; a Read or Write moves at most MDTS; every LBA lies inside NSZE; on a zoned namespace a write or copy destination stays in one zone, and a read or copy source too unless RAZB is set.',
  layers: ['bio', 'blk-mq', 'driver'],
  sources: ['NVMCS 1.0 §3.2.2 Copy (MSRC, MSSRL, MCL)', 'NVMe Base 2.x MDTS', 'ZNS 1.1 §2.1.1.2.1', 'block/blk-merge.c bio_split_to_limits'],
  refutes: ['split-ignores-src-segments', 'split-ignores-chunk', 'combine-ignores-msrc', 'token-fixed-copy-limit', 'copy-merge-ignores-segments'],
  precondition: (t) => t.events.some((e) => e.event === 'device-cmd'),
  check: (t) => {
    for (const e of t.events) {
      if (e.event !== 'device-cmd') continue;
      const ns = t.cfg.devices.find((d) => d.name === e.dev)!;
      const c = e.command;
      const zone = (lba: number): number => (ns.zoned ? Math.floor(lba / ns.zoned.zoneSize) : 0);
      const oneZone = (slba: number, n: number): boolean => zone(slba) === zone(slba + n - 1);
      const where = `command ${e.cid} (${c.cmd}) to ${e.dev}`;
      if (c.cmd === 'copy') {
        const lim = ns.copy;
        if (!lim) continue; // Copy unsupported: Invalid Opcode, the host falls back
        if (c.nr > lim.msrc) return `${where}: NR ${c.nr} > MSRC ${lim.msrc}`;
        if (c.ranges.length !== c.nr + 1) return `${where}: NR ${c.nr} with ${c.ranges.length} entries`;
        const big = c.ranges.find((r) => r.nlb + 1 > lim.mssrl);
        if (big) return `${where}: entry of ${big.nlb + 1} blocks > MSSRL ${lim.mssrl}`;
        const total = c.ranges.reduce((n, r) => n + r.nlb + 1, 0);
        if (total > lim.mcl) return `${where}: ${total} blocks > MCL ${lim.mcl}`;
        if (c.sdlba + total > ns.nsze || c.ranges.some((r) => r.slba + r.nlb + 1 > ns.nsze)) return `${where}: LBA beyond NSZE ${ns.nsze}`;
        if (!oneZone(c.sdlba, total)) return `${where}: destination ${c.sdlba}+${total} crosses a zone boundary`;
        const cross = c.ranges.find((r) => !oneZone(r.slba, r.nlb + 1));
        if (cross && !ns.zoned?.crossRead) return `${where}: source ${cross.slba}+${cross.nlb + 1} crosses a zone boundary (no RAZB)`;
      } else if (c.cmd === 'read' || c.cmd === 'write') {
        if ((c.nlb + 1) * ns.lbaBytes > maxTransferBytes(ns)) return `${where}: ${(c.nlb + 1) * ns.lbaBytes} bytes > MDTS`;
        if (c.slba + c.nlb + 1 > ns.nsze) return `${where}: LBA beyond NSZE ${ns.nsze}`;
        if (!oneZone(c.slba, c.nlb + 1) && (c.cmd === 'write' || !ns.zoned?.crossRead)) return `${where}: ${c.slba}+${c.nlb + 1} crosses a zone boundary`;
      }
    }
    return null;
  },
};

export const LIMIT_04: StackProperty = {
  id: 'LIMIT-04',
  title: 'The plug flushes at the kernel\'s thresholds',
  statement:
    'The task\'s plug never holds more than BLK_MAX_REQUEST_COUNT (32) requests, or 64 once requests for several queues were plugged; and no request is plugged behind one of BLK_PLUG_FLUSH_SIZE (128 KiB) or more — adding it flushes the plug first.',
  layers: ['plug'],
  sources: ['block/blk-mq.c blk_add_rq_to_plug, blk_plug_max_rq_count (Linux 6.12)', 'include/linux/blkdev.h BLK_MAX_REQUEST_COUNT', 'block/blk-mq.h BLK_PLUG_FLUSH_SIZE'],
  refutes: ['plug-no-auto-flush'],
  precondition: (t) => t.states.some((s) => s.plugList.length >= 2),
  check: (t) =>
    forEachState(t, (s) => {
      const max = plugMaxRqCount(s.multipleQueues);
      if (s.plugList.length > max) return `the plug holds ${s.plugList.length} requests (at most ${max})`;
      const big = s.plugList.slice(0, -1).find((id) => (s.rqs[id]?.nr ?? 0) * 512 >= BLK_PLUG_FLUSH_SIZE);
      return big !== undefined ? `request ${big} of ${s.rqs[big]!.nr * 512} bytes has a request plugged behind it` : null;
    }),
};

export const DATA_04: StackProperty = {
  id: 'DATA-04',
  title: 'A copy through dm-crypt never reaches a device as a copy',
  statement:
    'No Copy command touches (as source or destination) sectors that a dm-crypt target maps: ciphertext is keyed by sector, so it must be read, decrypted, re-encrypted and written (the copy falls back to read + write).',
  layers: ['dm', 'driver'],
  sources: ['drivers/md/dm-crypt.c crypt_iv_plain64_gen (IV = sector)', 'Apr 2026 copy series: only dm-linear opts in to copy offload'],
  refutes: ['crypt-passes-copy'],
  precondition: (t) => t.cfg.dm.some((tb) => tb.targets.some((x) => x.type === 'crypt')) && t.cfg.ops.some((o) => o.op === 'copy'),
  check: (t) => {
    const crypt = t.cfg.dm.flatMap((tb) => tb.targets.flatMap((x) => (x.type === 'crypt' ? [{ dev: x.dev, from: x.offset, to: x.offset + x.len }] : [])));
    for (const e of t.events) {
      if (e.event !== 'device-cmd' || e.command.cmd !== 'copy') continue;
      const k = t.cfg.devices.find((d) => d.name === e.dev)!.lbaBytes / 512;
      const c = e.command;
      const total = c.ranges.reduce((n, r) => n + r.nlb + 1, 0);
      const touched = [{ s: c.sdlba * k, n: total * k }, ...c.ranges.map((r) => ({ s: r.slba * k, n: (r.nlb + 1) * k }))];
      const hit = crypt.find((x) => x.dev === e.dev && touched.some((r) => r.s < x.to && x.from < r.s + r.n));
      if (hit) return `command ${e.cid}: Copy on ${e.dev} touches sectors ${hit.from}..${hit.to - 1}, which dm-crypt maps`;
    }
    return null;
  },
};

export const ZONE_03: StackProperty = {
  id: 'ZONE-03',
  title: 'Zone writes reach the device at the write pointer',
  statement:
    'When the host writes each sequential zone in order (every write and copy destination at the end of the previous one) , every earlier write to that zone succeeded and no copy to it fell back to read + write, no write or copy reaches the namespace anywhere but at the zone\'s write pointer: the device never answers Zone Invalid Write, however the device orders the commands in its queue.',
  layers: ['zoned', 'blk-mq', 'driver'],
  sources: ['block/blk-zoned.c blk_zone_plug_bio, blk_zone_wplug_prepare_bio (Linux 6.12)', 'ZNS 1.1 §2.1.1.2.1.1 (Zone Invalid Write)'],
  refutes: ['no-zone-write-plugging'],
  precondition: (t) => t.events.some((e) => e.event === 'device-cmd' && (e.command.cmd === 'write' || e.command.cmd === 'copy') && t.cfg.devices.some((d) => d.name === e.dev && d.zoned)),
  check: (t) => {
    const sent = new Map<number, { ops: readonly number[]; lba: number }>();
    for (const e of t.events) {
      if (e.event === 'device-cmd') sent.set(e.cid, { ops: e.ops, lba: e.command.cmd === 'copy' ? e.command.sdlba : 'slba' in e.command ? e.command.slba : 0 });
      if (e.event !== 'device-done' || e.status !== 'ZONE_INVALID_WRITE') continue;
      const { ops, lba } = sent.get(e.cid) ?? { ops: [], lba: 0 };
      const first = Math.min(...ops);
      const ns = t.cfg.devices.find((d) => d.name === e.dev)!;
      const zoneSectors = (ns.zoned?.zoneSize ?? 1) * (ns.lbaBytes / 512);
      const z = Math.floor((lba * ns.lbaBytes) / 512 / zoneSectors);
      /** Does op `j` write zone `z` (its destination touches it)? */
      const writes = (j: number): boolean => {
        const o = t.cfg.ops[j]!;
        const r = o.op === 'copy' ? o.dst : o.op === 'write' ? o : null;
        return r !== null && Math.floor(r.sector / zoneSectors) <= z && z <= Math.floor((r.sector + r.nr - 1) / zoneSectors);
      };
      // Outside the precondition: an earlier write to the zone failed (the host no longer writes it
      // in order), or a copy to the zone fell back to emulation, whose destination write is issued
      // only after its reads, so later ops can overtake it (finding Z-EMUL-ORDER, spec/stack.md).
      const excused = t.cfg.ops.some((_, j) => writes(j) && ((j < first && opAt(t.final, j).errno !== 0) || opAt(t.final, j).emulated));
      if (!excused) return `command ${e.cid} (${e.cmd}, op ${ops.join(', ')}) to ${e.dev} completed with Zone Invalid Write`;
    }
    return null;
  },
};

export const CMPL_01: StackProperty = {
  id: 'CMPL-01',
  title: 'Every op completes exactly once; every tag comes back',
  statement:
    'No host op completes twice; at every step each live request is either in the plug or in a device queue (so it can still complete); and when the stack quiesces every tag is free and no request is left.',
  layers: ['plug', 'blk-mq', 'driver'],
  sources: ['block/blk-mq.c blk_mq_end_request, blk_mq_free_request', 'block/bio.c bio_endio, bio_chain'],
  refutes: ['tag-leak-on-error', 'plug-drops-on-flush'],
  precondition: (t) => t.quiescent,
  check: (t) =>
    forEachState(t, (s) => {
      const v = keptOnce('CMPL-01', s, completesOnce);
      if (v !== null || s !== t.final || !t.quiescent) return v;
      const held = Object.entries(s.tagsUsed).find(([, n]) => n !== 0);
      return held ? `quiescent with ${held[1]} tag(s) of ${held[0]} still allocated` : null;
    }),
};

/** CMPL-01 at every step: no op completed twice, every live request plugged or queued. */
const completesOnce = (s: StackState): string | null => {
  const ops = opsOf(s);
  const twice = ops.findIndex((o) => o.completions > 1);
  if (twice >= 0) return `op ${twice} completed ${ops[twice]!.completions} times`;
  const queued = new Set(s.sq.flatMap((q) => q.rqs));
  for (const key in s.rqs) {
    const id = Number(key);
    if (!s.plugList.includes(id) && !queued.has(id)) return `request ${id} is neither plugged nor queued: it can never complete`;
  }
  return null;
};

export const LIVE_01: StackProperty = {
  id: 'LIVE-01',
  title: 'No work is stuck',
  statement:
    'From every state the explorer reaches, the stack completes every host op without further submissions, tag failures or faults: nothing waits forever in a plug, a zone write plug or for a tag.',
  layers: ['plug', 'blk-mq', 'zoned'],
  sources: ['kernel/sched/core.c sched_submit_work → blk_flush_plug (flush on sleep)', 'block/blk-mq-tag.c blk_mq_get_tag (io_schedule)'],
  refutes: ['no-flush-on-sleep'],
  // A bio waiting for a tag, or parked in a copy context (copy-ctx) until its translation completes.
  precondition: (t) => t.states.some((s) => Object.values(s.bios).some((b) => b.stage === 'wait-tag' || b.stage === 'parked')),
  check: (t) => {
    // A run cut by the step budget is no evidence (properties/stack/livelock.ts); one cut on a cycle of states is a livelock.
    if (t.quiescent || t.threw || t.cut) return null;
    const s = t.final;
    const pending = opsOf(s).flatMap((o, i) => (o.phase === 'done' ? [] : [i]));
    if (t.livelock) return `livelock: the state after step ${t.livelock.from + t.livelock.period} is the state after step ${t.livelock.from}, so the stack repeats those ${t.livelock.period} step(s) forever; op(s) ${pending.join(', ') || 'none'} pending`;
    return `stuck after ${t.actions.length} steps: op(s) ${pending.join(', ')} pending; ${s.plugList.length} plugged request(s), ${Object.values(s.bios).filter((b) => b.stage === 'wait-tag').length} bio(s) waiting for a tag, ${s.sq.length} queued command(s)`;
  },
};

export const ERR_02: StackProperty = {
  id: 'ERR-02',
  title: 'Retries follow Do Not Retry',
  statement:
    'A command that completed with DNR set is never sent again, and no command is sent more than 1 + nvme_max_retries (5) times.',
  layers: ['driver'],
  sources: ['drivers/nvme/host/core.c nvme_decide_disposition, nvme_max_retries', 'NVMe Base 2.x Completion Queue Entry: DNR'],
  refutes: ['retry-ignores-dnr'],
  precondition: (t) => t.events.some((e) => e.event === 'device-done' && e.status !== 'SUCCESS'),
  check: (t) => {
    const dnr = new Set<number>();
    for (const e of t.events) {
      if (e.event === 'device-done' && e.dnr) dnr.add(e.cid);
      if (e.event !== 'device-cmd') continue;
      if (e.retry > 0 && dnr.has(e.cid)) return `command ${e.cid} was resent (retry ${e.retry}) after completing with DNR`;
      if (e.retry > NVME_MAX_RETRIES) return `command ${e.cid} was sent ${e.retry + 1} times`;
    }
    return null;
  },
};

export const MODEL_02: StackProperty = {
  id: 'MODEL-02',
  title: 'The stack never throws and keeps its books',
  statement:
    'No stack step throws on any generated input, and at every step each device\'s tags in use equal its live requests, every request\'s bios exist and sit in it, a read or write request is as long as its bios together, and every bio waiting for children has as many as it counts.',
  layers: ['bio', 'plug', 'dm', 'zoned', 'blk-mq', 'driver'],
  sources: ['DESIGN.md §4 MODEL'],
  refutes: ['tag-leak-on-error', 'merge-forgets-length'],
  precondition: () => true,
  check: (t) => {
    if (t.threw) return `step ${t.threw.step + 1} threw: ${t.threw.message}`;
    return forEachStateOf('MODEL-02', t, (s) => {
      for (const dev of Object.keys(s.tagsUsed)) {
        const live = Object.values(s.rqs).filter((r) => r.dev === dev).length;
        if (s.tagsUsed[dev] !== live) return `${dev}: ${s.tagsUsed[dev]} tags in use, ${live} live requests`;
      }
      for (const r of Object.values(s.rqs)) {
        const bad = r.bios.find((b) => s.bios[b]?.stage !== 'in-rq');
        if (bad !== undefined) return `request ${r.id} holds bio ${bad}, which is not in a request`;
        // blk_rq_sectors of a read or write is the sum of its bios (bio_attempt_back_merge: __data_len += bi_size).
        const sum = r.bios.reduce((n, b) => n + (s.bios[b]?.nr ?? 0), 0);
        if ((r.op === 'read' || r.op === 'write') && r.nr !== sum) return `${r.op} request ${r.id} is ${r.nr} sectors long, its bios add up to ${sum}`;
        // A token request (READ_TOKEN / WRITE_TOKEN) carries its source in the token page, not in srcs.
        if (r.op === 'copy' && !r.bios.some((b) => s.bios[b]?.token) && copySegments(r.srcs, s.limits[r.dev]!).length === 0) return `copy request ${r.id} has no source`;
      }
      const kids = new Map<number, number>();
      for (const b of Object.values(s.bios)) if (b.parent !== null) kids.set(b.parent, (kids.get(b.parent) ?? 0) + 1);
      for (const b of Object.values(s.bios)) {
        if (b.stage === 'parent' && (kids.get(b.id) ?? 0) !== b.children) return `bio ${b.id} counts ${b.children} children, ${kids.get(b.id) ?? 0} exist`;
      }
      return null;
    });
  },
};

export const CMPL_02: StackProperty = {
  id: 'CMPL-02',
  title: 'Every request the driver gets can become a device command',
  statement:
    'The block layer hands the driver only requests it can turn into a device command: no copy request reaches the driver incomplete (a COPY_DST without its COPY_SRC, or the reverse) or in a shape the driver refuses, so no copy fails on the host for the way the block layer assembled it.',
  layers: ['plug', 'blk-mq', 'zoned', 'dm', 'driver'],
  sources: ['v20 "block: add copy offload support" (pairing by plug merge: "if a request comes to the driver with only one of src/dst bio, we fail the copy offload")', 'research/kernel-copy-offload.md §8 #2, #5, #6, #18'],
  refutes: ['driver-rejects-merged-copy'],
  precondition: (t) => t.events.some((e) => e.event === 'device-cmd' && e.command.cmd === 'copy') || t.events.some((e) => e.event === 'host-fail'),
  check: (t) => {
    const e = t.events.find((x) => x.event === 'host-fail');
    return e && e.event === 'host-fail' ? `request ${e.rq} on ${e.dev} failed on the host (${e.errno}): ${e.why}` : null;
  },
};

/** A zone of `dev` with nothing of the host in flight: no request, queued command or plugged bio for it. */
export const zoneIdle = (s: StackState, dev: string, zone: number, chunk: number): boolean =>
  !Object.values(s.rqs).some((r) => r.dev === dev && Math.floor(r.sector / chunk) === zone) &&
  !s.sq.some((q) => q.dev === dev && q.rqs.some((r) => Math.floor((s.rqs[r]?.sector ?? -1) / chunk) === zone));

export const ZONE_06: StackProperty = {
  id: 'ZONE-06',
  title: 'The host\'s write pointer agrees with the device\'s',
  statement:
    'Whenever a zone has nothing of the host in flight, its zone write plug (if it has one and has not lost the write pointer) believes the write pointer the device reports: wp_offset is the device\'s write pointer less the zone start, or at least the zone capacity when the zone is Full. A write that bypasses the plug, or a plug that forgets to advance, leaves the host writing where the device refuses.',
  layers: ['zoned', 'blk-mq'],
  sources: ['block/blk-zoned.c struct blk_zone_wplug wp_offset, blk_zone_wplug_prepare_bio, blk_zone_write_plug_bio_merged', 'ZNS 1.1 §2.1.1.2 (write pointer)'],
  refutes: ['zwplug-merge-no-advance'],
  precondition: (t) => t.states.some((s) => Object.keys(s.zwplugs).length > 0),
  check: (t) =>
    forEachState(t, (s) => {
      for (const [key, z] of Object.entries(s.zwplugs)) {
        if (z.needWpUpdate || z.plugged || z.queue.length) continue;
        const [dev, zs] = key.split(':') as [string, string];
        const zone = Number(zs);
        const lim = s.limits[dev]!;
        if (!zoneIdle(s, dev, zone, lim.chunkSectors)) continue;
        const ns = s.ns[dev];
        if (!ns) continue; // an sd disk: ZONE-09 (properties/stack/scsi-properties.ts)
        const k = ns.config.lbaBytes / 512;
        const dz = ns.zones[zone] ?? { state: 'ZSE' as const, wp: (zone * lim.chunkSectors) / k };
        if (dz.state === 'ZSF') {
          if (z.wpOffset < lim.zoneCapSectors) return `${dev} zone ${zone} is Full, its zone write plug believes wp offset ${z.wpOffset} sectors`;
          continue;
        }
        if (dz.state === 'ZSRO' || dz.state === 'ZSO') continue;
        const want = dz.wp * k - zone * lim.chunkSectors;
        if (z.wpOffset !== want) return `${dev} zone ${zone}: the zone write plug believes wp offset ${z.wpOffset} sectors, the device's write pointer is at offset ${want}`;
      }
      return null;
    }),
};

export const STACK_PROPERTIES: readonly StackProperty[] = [DATA_02, DATA_04, LIMIT_03, LIMIT_04, ZONE_03, ZONE_06, CMPL_01, CMPL_02, ERR_02, LIVE_01, MODEL_02, ...BOOK_PROPERTIES];
