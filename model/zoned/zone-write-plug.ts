// Zone write plugging (block/blk-zoned.c, Linux 6.12.y with the Dec 2024 NEED_WP_UPDATE rework: blk_zone_plug_bio, blk_zone_wplug_handle_write,
// blk_zone_wplug_prepare_bio, blk_zone_write_plug_bio_endio, blk_zone_write_plug_finish_request,
// blk_zone_wplug_handle_reset_or_finish). At most one write per zone is in flight; later writes wait
// in the zone's plug and are issued, in order, at the tracked write pointer. Copies pass through
// (blk_zone_plug_bio: REQ_OP_COPY* take the default case) unless their design plugs them
// (Design.zonePlugCopies, a named choice: spec/stack.md Z-COPY).

import type { Draft } from 'immer';
import { ERRNO } from '../block/split.js';
import { limitsOf, type D } from '../stack/draft.js';
import type { LiveBio, ZoneWritePlug } from '../stack/state.js';
import { endBio } from '../stack/complete.js';
import { canBackMerge } from '../blk-mq/request.js';
import { designOf } from '../stack/design.js';

const zoneKey = (d: D, dev: string, sector: number): string => `${dev}:${Math.floor(sector / limitsOf(d, dev).chunkSectors)}`;
const offsetInZone = (d: D, dev: string, sector: number): number => sector % limitsOf(d, dev).chunkSectors;

/** Are copies plugged like writes under this design? (6.12: no.) */
export const plugsCopies = (d: Pick<D, 'cfg'>): boolean => designOf(d.cfg.design).zonePlugCopies;

/** Does a write-like op of this kind (a COPY_SRC half writes nothing) go through zone write plugging? */
const writeLike = (d: D, op: LiveBio['op'], half: LiveBio['half']): boolean => op === 'write' || (op === 'copy' && half !== 'src' && plugsCopies(d));

/** Does zone write plugging handle this bio? Writes (and copies, if the design plugs them) to a zoned device (all ZNS zones are sequential). */
export const zonePlugs = (d: D, b: LiveBio): boolean =>
  limitsOf(d, b.bdev).zoned && writeLike(d, b.op, b.half) && !b.zonePlugged && !d.cfg.bugs.includes('no-zone-write-plugging');

/** Does a completing request of this kind unplug its zone (blk_zone_write_plug_finish_request)? */
export const requestUnplugs = (d: D, rq: { readonly dev: string; readonly op: LiveBio['op']; readonly half?: LiveBio['half'] }): boolean =>
  limitsOf(d, rq.dev).zoned && writeLike(d, rq.op, rq.half) && !d.cfg.bugs.includes('no-zone-write-plugging');

const plugOf = (d: D, dev: string, sector: number): Draft<ZoneWritePlug> => {
  const key = zoneKey(d, dev, sector);
  // A new plug starts at the offset of the write that creates it (disk_get_and_lock_zone_wplug:
  // wp_offset = bdev_offset_from_zone_start of the first write), as 6.12 does.
  d.zwplugs[key] ??= { wpOffset: offsetInZone(d, dev, sector), plugged: false, needWpUpdate: false, queue: [] };
  return d.zwplugs[key]!;
};

/**
 * blk_zone_wplug_prepare_bio: refuse a write the device would refuse anyway — the plug lost the
 * write pointer (NEED_WP_UPDATE), the zone is full, or the write is not at the write pointer — and
 * otherwise advance wp_offset.
 */
const prepare = (d: D, z: Draft<ZoneWritePlug>, b: Draft<LiveBio>): boolean => {
  if (z.needWpUpdate || z.wpOffset >= limitsOf(d, b.bdev).zoneCapSectors || offsetInZone(d, b.bdev, b.sector) !== z.wpOffset) return false;
  z.wpOffset += b.nr;
  b.zonePlugged = true;
  return true;
};

/**
 * blk_zone_wplug_handle_write. Returns true when the bio is taken (plugged, or failed); false when
 * it goes on to get a request now. REQ_NOWAIT bios are always plugged and lose REQ_NOWAIT
 * (disk_zone_wplug_add_bio), so they never fail with -EAGAIN.
 */
export const zonePlugWrite = (d: D, b: Draft<LiveBio>): boolean => {
  const z = plugOf(d, b.bdev, b.sector);
  if (z.plugged || b.nowait) {
    b.nowait = false;
    b.stage = 'zone-plugged';
    z.queue.push(b.id);
    if (!z.plugged) unplugNext(d, b.bdev, b.sector); // nothing in flight: the bio work runs it now
    return true;
  }
  if (!prepare(d, z, b)) {
    // BIO_ZONE_WRITE_PLUGGING is set before the prepare, so the failed bio's endio runs
    // blk_zone_write_plug_bio_endio: abort the plugged bios and lose the write pointer.
    endBio(d, b.id, ERRNO.EIO);
    abort(d, z);
    z.needWpUpdate = true;
    return true;
  }
  z.plugged = true;
  return false;
};

/** A merged write advances the plug too (blk_zone_write_plug_bio_merged). */
export const zonePlugMerged = (d: D, b: Draft<LiveBio>): void => {
  // A COPY_SRC half merging into its DST request writes nothing: the DST half already advanced it.
  if (!limitsOf(d, b.bdev).zoned || !writeLike(d, b.op, b.half) || d.cfg.bugs.includes('no-zone-write-plugging')) return;
  if (!d.cfg.bugs.includes('zwplug-merge-no-advance')) plugOf(d, b.bdev, b.sector).wpOffset += b.nr;
  b.zonePlugged = true;
};

/** Fail every plugged bio (disk_zone_wplug_abort → blk_zone_wplug_bio_io_error). */
const abort = (d: D, z: Draft<ZoneWritePlug>): void => {
  const q = [...z.queue];
  z.queue = [];
  for (const id of q) endBio(d, id, ERRNO.EIO);
};

/** A zone reset resets the plug's write pointer and aborts its plugged bios (disk_zone_wplug_set_wp_offset). */
export const zonePlugReset = (d: D, dev: string, sector: number): void => {
  if (d.cfg.bugs.includes('no-zone-write-plugging')) return;
  const z = d.zwplugs[zoneKey(d, dev, sector)];
  if (!z) return;
  z.wpOffset = 0;
  z.needWpUpdate = false;
  abort(d, z);
};

/** blk_zone_write_plug_bio_endio: a failed write aborts the plugged bios and loses the write pointer. */
export const zonePlugBioEndio = (d: D, b: LiveBio, errno: number): void => {
  if (!b.zonePlugged || errno === 0) return;
  const z = d.zwplugs[zoneKey(d, b.bdev, b.sector)];
  if (!z) return;
  abort(d, z);
  z.needWpUpdate = true;
};

/**
 * blk_zone_write_plug_finish_request → disk_zone_wplug_unplug_bio: the zone's write is done; the
 * bio work (a kworker, blk_zone_wplug_bio_work) prepares the next plugged bio and submits it.
 */
export const unplugNext = (d: D, dev: string, sector: number): void => {
  const z = d.zwplugs[zoneKey(d, dev, sector)];
  if (!z) return;
  for (;;) {
    const next = z.queue.shift();
    if (next === undefined) {
      z.plugged = false;
      return;
    }
    const b = d.bios[next]!;
    if (prepare(d, z, b)) {
      z.plugged = true;
      b.stage = 'wait-tag';
      b.fromWork = true;
      b.slept = false;
      return;
    }
    endBio(d, next, ERRNO.EIO);
  }
};

/**
 * blk_zone_write_plug_init_request: a new request for a zone-plugged write takes, from the head of
 * the zone's plug, every bio that starts where the request ends and may merge into it
 * (blk_rq_merge_ok, bio_attempt_back_merge), advancing wp_offset, until the zone is full. This is
 * how contiguous writes queued behind one another in a zone still make large requests.
 */
export const zonePlugInitRequest = (d: D, rq: number): void => {
  const r = d.rqs[rq]!;
  const z = d.zwplugs[zoneKey(d, r.dev, r.sector)];
  if (!z) return;
  while (z.wpOffset < limitsOf(d, r.dev).zoneCapSectors && z.queue.length > 0) {
    const b = d.bios[z.queue[0]!]!;
    if (b.sector !== r.sector + r.nr || (b.op === 'copy' ? designOf(d.cfg.design).plugMergeCopy(d, r, b) !== 'merge' : !canBackMerge(d, r, b))) break;
    z.queue.shift();
    r.nr += b.nr;
    r.srcs.push(...b.srcs);
    r.bios.push(b.id);
    z.wpOffset += b.nr;
    b.zonePlugged = true;
    b.stage = 'in-rq';
  }
};
