// Handing requests to the driver (queue_rq / queue_rqs): each request becomes one NVMe command in
// its device's submission queue (drivers/nvme/host/pci.c nvme_queue_rq → nvme_prep_rq →
// nvme_setup_cmd); a copy request is set up by its design's driver patch, which may combine
// several plugged copy requests into one command (multi-bio-plug's batch callback).

import { castDraft } from 'immer';
import { ERRNO } from '../block/split.js';
import { endRequest } from '../stack/complete.js';
import type { Run } from '../content/token.js';
import { nvmeSetupCmd } from '../driver/nvme.js';
import { limitsOf, newId, snapshot, type D } from '../stack/draft.js';
import { copySegments } from '../block/limits.js';
import { designOf } from '../stack/design.js';
import { isScsiDisk, sdIssueRequests } from '../driver/scsi-complete.js';

/** The bio shape a request stands for: its bios back to back (the merged request). */
export const requestData = (d: D, rq: number): Run[] => d.rqs[rq]!.bios.flatMap((b) => [...snapshot(d.bios[b]!.data)]);

/**
 * The multi-bio-plug batch callback: may request `next` join the copy command being built from
 * `group`? Same device, destinations back to back in order and within one zone, and within MSRC+1
 * entries and MCL (max_copy_src_segments, max_copy_hw_sectors).
 */
const canCombine = (d: D, group: readonly number[], next: number): boolean => {
  const first = d.rqs[group[0]!]!;
  const last = d.rqs[group[group.length - 1]!]!;
  const rq = d.rqs[next]!;
  if (rq.op !== 'copy' || first.op !== 'copy' || rq.dev !== first.dev || last.sector + last.nr !== rq.sector) return false;
  const lim = limitsOf(d, rq.dev);
  const all = [...group, next].map((id) => d.rqs[id]!);
  const sectors = all.reduce((n, r) => n + r.nr, 0);
  const segs = copySegments(all.flatMap((r) => r.srcs), lim).length;
  // One Copy writes one destination range, which on a zoned namespace may not cross a zone (ZNS 1.1
  // §3.4.1: Zone Boundary Error): the combined destination stays within one chunk.
  const chunk = lim.chunkSectors;
  if (chunk && Math.floor(first.sector / chunk) !== Math.floor((first.sector + sectors - 1) / chunk)) return false;
  return sectors <= lim.maxCopySectors && (segs <= lim.maxCopySrcSegments || d.cfg.bugs.includes('combine-ignores-msrc'));
};

/** Requests to device commands, in order; `batch` when they arrive together (queue_rqs). */
export const issueRequests = (d: D, rqs: readonly number[], batch = false): void => {
  const groups: number[][] = [];
  for (const id of rqs) {
    const g = groups[groups.length - 1];
    if (batch && designOf(d.cfg.design).combineAtFlush && g && canCombine(d, g, id)) g.push(id);
    else groups.push([id]);
  }
  for (const g of groups) {
    const first = d.rqs[g[0]!]!;
    // An sd disk: scsi_queue_rq → sd_init_command (model/driver/scsi-complete.ts).
    if (isScsiDisk(d, first.dev)) {
      sdIssueRequests(d, g);
      continue;
    }
    const all = g.map((id) => d.rqs[id]!);
    const cfg = d.ns[first.dev]!.config;
    const lim = limitsOf(d, first.dev);
    const bio = {
      id: first.id,
      op: first.op,
      bdev: first.dev,
      sector: first.sector,
      nr: all.reduce((n, r) => n + r.nr, 0),
      srcs: all.flatMap((r) => r.srcs),
      data: first.op === 'write' ? requestData(d, first.id) : [],
      nowait: false,
      decrypt: [],
    };
    // A copy is set up by the design's driver patch (nvme_setup_copy as posted); the known-bad
    // variant fails any copy request merged from several bios.
    const setup =
      first.op !== 'copy'
        ? { command: nvmeSetupCmd(cfg, bio) }
        : first.bios.length > 1 && !first.half && d.cfg.bugs.includes('driver-rejects-merged-copy')
          ? { fail: ERRNO.EIO, why: 'a merged copy request' }
          : designOf(d.cfg.design).nvmeSetupCopy(d, cfg, lim, all, bio);
    if ('fail' in setup) {
      d.events.push({ event: 'host-fail', dev: first.dev, rq: first.id, errno: setup.fail, why: setup.why });
      for (const id of g) endRequest(d, id, setup.fail);
      continue;
    }
    // The driver ends the request itself, no command sent (token: READ_TOKEN in queue_rq).
    if ('end' in setup) {
      for (const id of g) endRequest(d, id, setup.end);
      continue;
    }
    d.sq.push(castDraft({ id: newId(d), dev: first.dev, rqs: g, command: setup.command, retries: 0 }));
  }
};
