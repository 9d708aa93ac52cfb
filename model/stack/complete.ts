// Completions flowing up: a device command completes its requests (nvme_complete_rq →
// nvme_decide_disposition: retry, or blk_mq_end_request), a request its bios (blk_update_request →
// bio_endio), a bio its parent (bio_chain: the parent keeps the first error, bio_endio →
// bio_chain_endio), and a top-level bio its host op. A copy whose offload fails may fall back to
// read + write emulation, as its design says (Design.fallsBack).

import { castDraft } from 'immer';
import { readRuns, uniformMap, writeRuns } from '../content/extent-map.js';
import { dataRuns, type Run } from '../content/token.js';
import { sliceRuns } from '../block/bio.js';
import { decryptRuns } from '../dm/crypt.js';
import { NVME_MAX_RETRIES, attributeByDw0, nvmeErrno, nvmeShouldRetry } from '../driver/nvme.js';
import type { NvmeResult } from '../device/nvme/execute.js';
import { addBio, limitsOf, type D } from './draft.js';
import { copySegments } from '../block/limits.js';
import type { QueuedCommand } from './state.js';
import { requestUnplugs, unplugNext, zonePlugBioEndio } from '../zoned/zone-write-plug.js';
import { designOf } from './design.js';
import { opOf } from './ops.js';

/** Deliver a read bio's data to its op's buffer, decrypted by every dm-crypt it went through (innermost first). */
const deliverRead = (d: D, id: number, runs: readonly Run[]): void => {
  const b = d.bios[id]!;
  let plain: Run[] = [...runs];
  for (let i = b.decrypt.length - 1; i >= 0; i--) {
    const l = b.decrypt[i]!;
    const n = b.at - l.at; // this piece starts n sectors into the crypt piece
    plain = decryptRuns(plain, { ...l, sector: l.sector + n, iv: l.iv + n, lowerSector: l.lowerSector + n });
  }
  const op = opOf(d, b.opIndex);
  op.buffers[b.slot] = castDraft(writeRuns(op.buffers[b.slot]!, b.at, plain));
};

/** bio_endio. */
export const endBio = (d: D, id: number, errno: number): void => {
  const b = d.bios[id];
  if (!b) throw new Error(`bio ${id} completed twice`);
  zonePlugBioEndio(d, b, errno);
  delete d.bios[id];
  if (b.op === 'copy' && designOf(d.cfg.design).copyEndio?.(d, b, errno)) return;
  if (b.parent !== null) {
    const p = d.bios[b.parent]!;
    if (p.errno === 0) p.errno = errno;
    p.children--;
    if (p.children === 0) endBio(d, p.id, p.errno);
    return;
  }
  const op = opOf(d, b.opIndex);
  if (op.errno === 0) op.errno = errno;
  op.outstanding--;
  if (op.outstanding === 0) phaseDone(d, b.opIndex);
};

/** Copy op `i` by read + write: read every source range into its own buffer first. */
export const startEmulation = (d: D, i: number): void => {
  const op = opOf(d, i);
  const host = d.cfg.ops[i]!;
  if (host.op !== 'copy') throw new Error(`op ${i} is not a copy`);
  op.phase = 'emulate-read';
  op.emulated = true;
  op.errno = 0;
  // A design with its own emulation moves one bio at a time (Design.emulationNext).
  if (designOf(d.cfg.design).emulationNext) {
    op.outstanding = 0;
    delete op.cursor;
    return phaseDone(d, i);
  }
  op.outstanding = host.src.length;
  op.buffers = castDraft(host.src.map((s) => uniformMap(s.nr, { kind: 'unwritten' })));
  host.src.forEach((s, slot) =>
    addBio(d, { op: 'read', bdev: host.bdev, sector: s.sector, nr: s.nr, srcs: [], data: [], nowait: d.cfg.nowait, decrypt: [] }, { opIndex: i, slot, at: 0, parent: null }),
  );
  if (host.src.length === 0) phaseDone(d, i);
};

/** The current phase of op `i` has no bios left: finish it, or fall back, or write what was read. */
export const phaseDone = (d: D, i: number): void => {
  const op = opOf(d, i);
  const host = d.cfg.ops[i]!;
  // A design that drives its offload one bio at a time submits the next one (token: blkdev_issue_copy).
  if (host.op === 'copy' && op.phase === 'offload' && designOf(d.cfg.design).nextCopyBio?.(d, i)) return;
  // The design's fallback (each series has its own, and its own idea of when).
  if (host.op === 'copy' && op.phase === 'offload' && op.errno !== 0 && designOf(d.cfg.design).fallsBack(op.errno)) {
    d.events.push({ event: 'fallback', op: i, errno: op.errno });
    startEmulation(d, i);
    return;
  }
  const next = designOf(d.cfg.design).emulationNext;
  if (host.op === 'copy' && next && (op.phase === 'emulate-read' || op.phase === 'emulate-write') && op.errno === 0 && next(d, i)) return;
  if (host.op === 'copy' && !next && op.phase === 'emulate-read' && op.errno === 0) {
    op.phase = 'emulate-write';
    op.outstanding = 1;
    const data = op.buffers.flatMap((m) => readRuns(m, 0, m.size));
    addBio(d, { op: 'write', bdev: host.bdev, sector: host.dst.sector, nr: host.dst.nr, srcs: [], data, nowait: d.cfg.nowait, decrypt: [] }, { opIndex: i, slot: 0, at: 0, parent: null });
    return;
  }
  finishOp(d, i, op.errno);
};

/** Op `i` completes to its submitter with `errno` (0 = success). */
export const finishOp = (d: D, i: number, errno: number): void => {
  const op = opOf(d, i);
  op.errno = errno;
  op.phase = 'done';
  op.completions++;
  d.events.push({ event: 'done', op: i, status: errno });
};

/**
 * Errno of each request of a completed command. A command for several copy requests that fails
 * partway is attributed by CQE Dword 0, the lowest Source Range entry not copied (NVMCS 1.0
 * §3.2.2.1): requests whose entries all come before it succeeded.
 */
const requestErrnos = (d: D, q: QueuedCommand, res: NvmeResult): number[] => {
  const errno = nvmeErrno(res.cqe);
  if (errno === 0 || q.rqs.length === 1 || q.command.cmd !== 'copy') return q.rqs.map(() => errno);
  const entries = q.rqs.map((rq) => copySegments(d.rqs[rq]!.srcs, limitsOf(d, q.dev)).length);
  return attributeByDw0(entries, res.cqe.dw0, errno, d.cfg.bugs);
};

/** nvme_complete_rq for one executed command: retry it, or end its requests. */
export const completeCommand = (d: D, q: QueuedCommand, res: NvmeResult): void => {
  d.events.push({ event: 'device-done', cid: q.id, dev: q.dev, cmd: q.command.cmd, status: res.cqe.status, dnr: res.cqe.dnr, dw0: res.cqe.dw0 });
  // A Copy that failed after copying some ranges (Dword 0 > 0) moved a zone's write pointer: resent
  // as is, it would write behind it. copyspec does not retry it (spec/stack.md Z-COPY-RETRY; the
  // series are silent). Everything else follows nvme_decide_disposition.
  const partialZoned = q.command.cmd === 'copy' && res.cqe.dw0 > 0 && limitsOf(d, q.dev).zoned;
  const retry = d.cfg.bugs.includes('retry-ignores-dnr') ? res.cqe.status !== 'SUCCESS' && q.retries < NVME_MAX_RETRIES : nvmeShouldRetry(res.cqe, q.retries);
  if (retry && !partialZoned) {
    d.sq.push(castDraft({ ...q, retries: q.retries + 1 })); // nvme_retry_req → blk_mq_requeue_request: back of the queue
    return;
  }
  const errnos = requestErrnos(d, q, res);
  let at = 0;
  q.rqs.forEach((id, i) => {
    const nr = d.rqs[id]!.nr;
    endRequest(d, id, errnos[i]!, res.data ?? [], at);
    at += nr;
  });
};

/**
 * blk_mq_end_request for request `id`: blk_update_request ends each bio in order (a read bio gets
 * its slice of `data`, which starts `at` sectors before the request), then __blk_mq_end_request
 * unplugs the zone (blk_zone_write_plug_finish_request) and frees the tag.
 */
export const endRequest = (d: D, id: number, errno: number, data: readonly Run[] = [], at = 0): void => {
  const rq = d.rqs[id]!;
  for (const bid of rq.bios) {
    const b = d.bios[bid]!;
    if (errno === 0 && rq.op === 'read') deliverRead(d, bid, sliceRuns(data, at + (b.sector - rq.sector), b.nr));
    endBio(d, bid, errno);
  }
  if (requestUnplugs(d, rq)) unplugNext(d, rq.dev, rq.sector);
  if (!(errno !== 0 && d.cfg.bugs.includes('tag-leak-on-error'))) d.tagsUsed[rq.dev]!--;
  delete d.rqs[id];
};

/** The data a host write op carries: its own buffer, tag `w<op>`. */
export const hostWriteData = (i: number, nr: number): Run[] => dataRuns(`w${i}`, nr);
