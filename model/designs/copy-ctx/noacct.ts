// The copy case 02/12 adds to submit_bio_noacct, and what the unchanged dm core does to a copy bio
// (10/12 + drivers/md/dm.c __split_and_process_bio: one clone per target piece, bi_copy_ctx
// inherited by __bio_clone, linear_map, submit_bio_noacct(clone)). The submitter's own steps of
// blkdev_copy_chunk / blkdev_copy_offload (guard drop, copy_ctx_count drop) run here as the task
// reaches them, in submission order.

import { ERRNO } from '../../block/split.js';
import { contiguousLeft, findTarget, mapSector } from '../../dm/table.js';
import { endBio } from '../../stack/complete.js';
import { dmTable, limitsOf, snapshot, type D } from '../../stack/draft.js';
import { chainChildren } from '../../stack/submit.js';
import { ctxEvent, ctxOf, paramsOf } from './ctx.js';
import { endIo } from './offload.js';
import { rulesOf } from './rules.js';
import { translationComplete } from './translation.js';

/** --ctx->bio_count; at 0 → ctx->translation_complete(ctx). */
export const dropBioCount = (d: D, ctx: number, check: boolean): void => {
  const c = ctxOf(d, ctx);
  c.bioCount = (c.bioCount - 1) >>> 0; // u32: below 0 it wraps (D8), and never reaches 0 again
  if (check && c.bioCount === 0) translationComplete(d, ctx);
};

/** submit_bio(): blkdev_copy_chunk counts the bio (bio_count++, and per COPY_SRC copy_ctx_count++ as posted). */
const countSubmit = (d: D, id: number): void => {
  const b = d.bios[id]!;
  const ref = b.copyCtx!;
  if (ref.submitted) return;
  ref.submitted = true;
  const c = ctxOf(d, ref.ctx);
  c.bioCount++;
  if (ref.role === 'src' && rulesOf(d.cfg.design).ctxCountPerSrcBio) paramsOf(d, b.opIndex).count++; // D3
};

/** dm: one clone per target piece (dm_split_and_process_bio), each remapped by linear_map and resubmitted. */
const dmClone = (d: D, id: number): void => {
  const b = d.bios[id]!;
  const bio = snapshot(b);
  const table = dmTable(d, b.bdev)!;
  const pieces = [];
  for (let at = b.sector; at < b.sector + Math.max(b.nr, 1); ) {
    const x = findTarget(table, at);
    if (!x || x.type === 'error') return endBio(d, id, ERRNO.EIO); // dm_table_find_target fails → BLK_STS_IOERR
    const len = Math.min(contiguousLeft(x, at), b.sector + b.nr - at);
    const m = mapSector(x, at, x.type === 'linear' && d.cfg.bugs.includes('linear-off-by-one'));
    const role = b.copyCtx!.role;
    pieces.push({ ...bio, bdev: m.dev, sector: m.sector, nr: len, srcs: role === 'src' ? [{ sector: m.sector, nr: len }] : [], copyCtx: { ...bio.copyCtx!, submitted: true } });
    at += Math.max(len, 1);
  }
  // The fix: each clone takes a bio_count reference in place of the bio it replaces (D8).
  if (!rulesOf(d.cfg.design).dmClonesUncounted) ctxOf(d, b.copyCtx!.ctx).bioCount += pieces.length - 1;
  chainChildren(d, b, pieces, pieces.map(() => 0), 'map');
};

/** Design.copyNoacct for copy-ctx. */
export const copyCtxNoacct = (d: D, id: number, at: 'submit' | 'switch'): boolean => {
  const b = d.bios[id]!;
  const ref = b.copyCtx;
  if (!ref) return false;
  const rules = rulesOf(d.cfg.design);
  if (at === 'submit') {
    if (ref.role === 'guard') {
      // blkdev_copy_chunk, dec_bio_count: the submitter drops its guard after the last submit_bio.
      delete d.bios[id];
      ctxEvent(d, ref.ctx, `blkdev_copy_chunk drops its guard: bio_count ${ctxOf(d, ref.ctx).bioCount - 1}`);
      dropBioCount(d, ref.ctx, true);
      return true;
    }
    if (ref.role === 'end') {
      // blkdev_copy_offload: if (atomic_dec_and_test(&params->copy_ctx_count)) params->end_io(params);
      delete d.bios[id];
      const p = paramsOf(d, b.opIndex);
      p.count--;
      d.events.push({ event: 'copy-ctx', op: b.opIndex, ctx: -1, what: `blkdev_copy_offload drops its copy_ctx_count reference: ${p.count} left` });
      if (p.count === 0) endIo(d, b.opIndex);
      return true;
    }
    countSubmit(d, id);
    return false; // on to the REQ_NOWAIT, bio_check_eod and blk_partition_remap checks
  }
  const c = ctxOf(d, ref.ctx);
  // WARN_ON_ONCE(copy_ctx->phase == BLKDEV_COPY_DONE): the context was freed (kfree in blkdev_req_op_copy_done).
  if (c.phase === 'done') throw new Error(`copy context ${ref.ctx} used after blkdev_req_op_copy_done freed it (bio ${id})`);
  const table = dmTable(d, b.bdev);
  if (c.phase === 'copy') {
    // BLKDEV_COPY → break: the normal path. At dm, clones; at the disk, blk_mq_submit_bio →
    // __bio_split_to_limits → bio_split_copy: larger than max_copy_sectors → BLK_STS_NOTSUPP, no split.
    if (table) {
      dmClone(d, id);
      return true;
    }
    if (b.nr > limitsOf(d, b.bdev).maxCopySectors) {
      endBio(d, id, ERRNO.EOPNOTSUPP);
      return true;
    }
    b.stage = 'queue';
    return true;
  }
  // BLKDEV_TRANSLATE_LBAS.
  if (limitsOf(d, b.bdev).maxCopySectors === 0) {
    // copy_ctx->bio_count--; goto not_supported (as posted without the "== 0" test, D7).
    if (rules.notSupportedNoCompletionCheck) dropBioCount(d, ref.ctx, false);
    endBio(d, id, ERRNO.EOPNOTSUPP);
    return true;
  }
  if (table) {
    // BLK_FEAT_STACKING_COPY_OFFL (dm-linear, 11/12): on to dm, which clones and remaps.
    dmClone(d, id);
    return true;
  }
  // The bottom device: park the bio on ctx->bios, --bio_count, at 0 → translation_complete.
  b.stage = 'parked';
  c.bios.push(id);
  ctxEvent(d, ref.ctx, `submit_bio_noacct parks ${ref.role === 'src' ? 'COPY_SRC' : 'COPY_DST'} bio ${id} at ${b.bdev} ${b.sector}+${b.nr}: bio_count ${c.bioCount - 1}`);
  dropBioCount(d, ref.ctx, true);
  return true;
};
