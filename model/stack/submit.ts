// Going down: the task turns a host op into a bio (submit_bio); mapping a bio sends it through its
// block device — a dm table remaps it to lower devices (drivers/md/dm.c __split_and_process_bio),
// an NVMe disk checks it and splits it to its queue limits (block/blk-mq.c blk_mq_submit_bio →
// __bio_split_to_limits) — and each bottom piece is merged into a plugged request, plugged in its
// zone, or given a request of its own.

import { castDraft, produce, type Draft } from 'immer';
import { ERRNO, checkBio, splitToLimits } from '../block/split.js';
import { dmRemap } from '../dm/remap.js';
import { allocRequest, tryPlugMerge } from '../blk-mq/request.js';
import { zonePlugMerged, zonePlugReset, zonePlugWrite, zonePlugs } from '../zoned/zone-write-plug.js';
import { uniformMap } from '../content/extent-map.js';
import { addBio, dmTable, limitsOf, partitionOf, snapshot, type D } from './draft.js';
import { partitionRemap } from '../block/partition.js';
import { endBio, hostWriteData } from './complete.js';
import { designOf } from './design.js';
import type { LiveBio, StackState } from './state.js';
import { bdevSectors } from './read-through.js';
import { flushPlug } from '../blk-mq/plug.js';
import { taskHead, waitingForCopy } from './enabled.js';
import { opOf } from './ops.js';

/**
 * After any step: a task waiting in a synchronous copy with nothing of its own left to map sleeps,
 * and schedule() flushes its plug first (wait_for_completion → schedule → sched_submit_work →
 * blk_flush_plug), so the bio it waits for reaches the driver. Judged on the step's result, not on
 * its draft: reading every bio and op through immer's proxies drafted them all.
 */
export const sleepInCopy = (s: StackState): StackState => {
  if (!s.plugged || s.plugList.length === 0 || s.cfg.bugs.includes('no-flush-on-sleep')) return s;
  if (!waitingForCopy(s) || taskHead(s) !== undefined) return s;
  return produce(s, (d) => flushPlug(d, 'schedule'));
};

/** The task submits host op `i` as one top-level bio (a copy: one vectored copy bio). */
export const submitOp = (d: D): void => {
  const i = d.nextOp++;
  const host = d.cfg.ops[i]!;
  const nowait = d.cfg.nowait;
  const base = { srcs: [], data: [], nowait, decrypt: [] };
  const ctx = { opIndex: i, slot: 0, at: 0, parent: null };
  const op = opOf(d, i);
  op.outstanding = 1;
  switch (host.op) {
    case 'read':
      op.phase = 'io';
      op.buffers = [castDraft(uniformMap(host.nr, { kind: 'unwritten' }))];
      addBio(d, { ...base, op: 'read', bdev: host.bdev, sector: host.sector, nr: host.nr }, ctx);
      return;
    case 'write':
      op.phase = 'io';
      addBio(d, { ...base, op: 'write', bdev: host.bdev, sector: host.sector, nr: host.nr, data: hostWriteData(i, host.nr) }, ctx);
      return;
    case 'zone-reset':
      op.phase = 'io';
      // Zone resets come from ioctls (blkdev_zone_mgmt), never with REQ_NOWAIT.
      addBio(d, { ...base, nowait: false, op: 'zone-reset', bdev: host.bdev, sector: host.sector, nr: 0 }, ctx);
      return;
    case 'copy':
      // The design's entry point (model/designs/<name>/): its own validation, bios and fallback.
      designOf(d.cfg.design).submitCopy(d, i);
      return;
  }
};

/** Children of `b`, in order, each in stage `stage` (bio_chain: `b` completes after all of them). */
export const chainChildren = (d: D, b: Draft<LiveBio>, pieces: readonly Omit<LiveBio, 'id' | 'opIndex' | 'slot' | 'at' | 'parent' | 'children' | 'errno' | 'stage' | 'allocFailed' | 'slept' | 'zonePlugged' | 'fromWork'>[], ats: readonly number[], stage: LiveBio['stage']): void => {
  b.stage = 'parent';
  b.children = pieces.length;
  pieces.forEach((p, k) => {
    const c = addBio(d, p, { opIndex: b.opIndex, slot: b.slot, at: ats[k]!, parent: b.id });
    d.bios[c.id]!.stage = stage;
  });
  if (pieces.length === 0) endBio(d, b.id, 0);
};

/** submit_bio for one bio in stage `map`. */
export const mapBio = (d: D, id: number): void => {
  const b = d.bios[id]!;
  const design = designOf(d.cfg.design);
  if (b.op === 'copy' && design.copyNoacct?.(d, id, 'submit')) return;
  // submit_bio_noacct: REQ_NOWAIT on a queue without BLK_FEAT_NOWAIT (dm with crypt or error targets) → NOTSUPP.
  if (b.nowait && !limitsOf(d, b.bdev).nowait) return endBio(d, id, ERRNO.EOPNOTSUPP);
  // bio_check_eod: beyond the end of the device → BLK_STS_IOERR (sources too: copyspec's choice, spec/stack.md).
  const size = bdevSectors(d, b.bdev);
  if (b.sector + b.nr > size || b.srcs.some((r) => r.sector + r.nr > size)) return endBio(d, id, ERRNO.EIO);
  // blk_partition_remap: the bio goes on to the disk's queue, its destination moved by the
  // partition start, its sources as the design says (Design.partitionRemapsSources).
  const part = partitionOf(d, b.bdev);
  if (part) {
    const moved = partitionRemap(b, part, design.partitionRemapsSources);
    b.bdev = moved.bdev;
    b.sector = moved.sector;
    b.srcs = castDraft(moved.srcs);
    return mapBio(d, id);
  }
  if (b.op === 'copy' && design.copyNoacct?.(d, id, 'switch')) return;
  const table = dmTable(d, b.bdev);
  if (table) {
    // dm devices are not zoned here (dm over zoned namespaces is refused by the scenario schema), so
    // a zone reset on one is BLK_STS_NOTSUPP (submit_bio_noacct: !bdev_is_zoned → not_supported).
    const err = checkBio(b, limitsOf(d, b.bdev));
    const pieces = err ?? dmRemap(b, table, design.dmCopyTarget, d.cfg.bugs);
    if (typeof pieces === 'number') return endBio(d, id, pieces);
    // A design whose dm fails a copy that crosses a target boundary instead of splitting it.
    if (b.op === 'copy' && pieces.length > 1 && design.dmCopyCrossing === 'ioerr') return endBio(d, id, ERRNO.EIO);
    // Pieces of a read land in the op buffer one after the other.
    let at = b.at;
    const ats = pieces.map((p) => ((at += p.nr), at - p.nr));
    // A dm-crypt layer the piece just went through remembers where the piece sits in the op buffer.
    const stamped = pieces.map((p, k) => (p.decrypt.length > b.decrypt.length ? { ...p, decrypt: [...snapshot(b.decrypt), { ...p.decrypt[p.decrypt.length - 1]!, at: ats[k]! }] } : p));
    return chainChildren(d, b, stamped, ats, 'map');
  }
  const lim = limitsOf(d, b.bdev);
  // A design may bring its own copy checks and bio_split_copy (Design.checkCopyBio, splitCopyBio).
  const err = b.op === 'copy' && design.checkCopyBio ? design.checkCopyBio(b, lim) : checkBio(b, lim);
  if (err !== null) return endBio(d, id, err);
  // blk_may_split false (token: REQ_OP_COPY_*_TOKEN): the bio goes on whole, whatever its size.
  if (b.op === 'copy' && design.splitCopy === 'never') {
    b.stage = 'queue';
    return;
  }
  // 6.12's split and merge code does not cut copies at chunk_sectors; a design that does says so.
  const splitLim = b.op === 'copy' && !design.copyChunkBoundary ? { ...lim, chunkSectors: 0 } : lim;
  const pieces = b.op === 'copy' && design.splitCopyBio ? design.splitCopyBio(b, splitLim, d.cfg.bugs) : splitToLimits(b, splitLim, d.cfg.bugs);
  // bio_split_rw_at: "We can't sanely support splitting for a REQ_NOWAIT bio" → BLK_STS_AGAIN.
  // Copies split like discard (bio_submit_split, no such check).
  if (b.nowait && b.op !== 'copy' && pieces.length > 1) return endBio(d, id, ERRNO.EAGAIN);
  // A design whose split refuses copies (bio_split_copy): an oversize copy bio ends with
  // BLK_STS_NOTSUPP, or is dropped without an end ('drop': it never completes).
  if (b.op === 'copy' && pieces.length > 1 && design.splitCopy === 'notsupp') return endBio(d, id, ERRNO.EOPNOTSUPP);
  if (b.op === 'copy' && pieces.length > 1 && design.splitCopy === 'drop') {
    b.stage = 'lost';
    return;
  }
  if (pieces.length === 1) {
    b.stage = 'queue';
    return;
  }
  chainChildren(d, b, pieces, pieces.map((p) => b.at + (p.sector - b.sector)), 'queue');
};

/** Get a bottom piece going: plug merge, zone write plug, then a request (blk_mq_submit_bio order). */
export const allocBio = (d: D, id: number, injectFail: boolean): void => {
  const b = d.bios[id]!;
  if (b.stage === 'queue') {
    if (tryPlugMerge(d, b)) {
      zonePlugMerged(d, b);
      return;
    }
    if (b.op === 'zone-reset') zonePlugReset(d, b.bdev, b.sector);
    else if (zonePlugs(d, b) && zonePlugWrite(d, b)) return;
  }
  allocRequest(d, b, injectFail);
};
