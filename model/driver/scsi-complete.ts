// The SCSI path through blk-mq for an sd disk: scsi_queue_rq → sd_init_command turns requests into a
// SCSI command (model/driver/sd.ts, or the design's own setup for its copy ops), the LU executes it
// (model/device/scsi), and scsi_io_completion ends the requests with the status the midlayer makes
// of the sense data (model/driver/scsi-status.ts), retrying only what scsi_decide_disposition retries.

import { castDraft, produce } from 'immer';
import type { NvmeFault } from '../device/nvme/command.js';
import type { ScsiCommand, ScsiEvent } from '../device/scsi/command.js';
import { scsiExecute, scsiInject, type ScsiResult } from '../device/scsi/execute.js';
import type { ScsiLu } from '../device/scsi/lu.js';
import { completionText } from '../device/scsi/sense.js';
import { requestData } from '../blk-mq/issue.js';
import { endRequest } from '../stack/complete.js';
import { designOf } from '../stack/design.js';
import { limitsOf, newId, type D } from '../stack/draft.js';
import type { QueuedCommand, StackState } from '../stack/state.js';
import { sleepInCopy } from '../stack/submit.js';
import { scsiErrno, scsiShouldRetry } from './scsi-status.js';
import { sdCopySegments, sdSetupReadWrite, sdSetupXcopy, type ScsiDriverSetup } from './sd.js';

/** Is `dev` an sd disk (a SCSI LU) of this stack? */
export const isScsiDisk = (s: Pick<StackState, 'lus'>, dev: string): boolean => s.lus?.[dev] !== undefined;

/** scsi_queue_rq for requests `g` of one sd disk (several only when the design's batch callback combined copies). */
export const sdIssueRequests = (d: D, g: readonly number[]): void => {
  const first = d.rqs[g[0]!]!;
  const lu = d.lus![first.dev]!.config;
  const lim = limitsOf(d, first.dev);
  const all = g.map((id) => d.rqs[id]!);
  const design = designOf(d.cfg.design);
  const setup: ScsiDriverSetup =
    first.op !== 'copy'
      ? sdSetupReadWrite(lu, { id: first.id, op: first.op, bdev: first.dev, sector: first.sector, nr: first.nr, srcs: [], data: first.op === 'write' ? requestData(d, first.id) : [], nowait: false, decrypt: [] })
      : design.scsiSetupCopy
        ? design.scsiSetupCopy(d, lu, lim, all)
        : sdSetupXcopy(lu, lim, all);
  if ('fail' in setup) {
    d.events.push({ event: 'host-fail', dev: first.dev, rq: first.id, errno: setup.fail, why: setup.why });
    for (const id of g) endRequest(d, id, setup.fail);
    return;
  }
  if ('end' in setup) {
    for (const id of g) endRequest(d, id, setup.end);
    return;
  }
  d.sq.push(castDraft({ id: newId(d), dev: first.dev, rqs: [...g], command: setup.command, retries: 0 }));
};

/**
 * Errno of each request an EXTENDED COPY carried: a COPY ABORTED whose COMMAND-SPECIFIC INFORMATION
 * names the failed segment (SPC-5 §5.17.7.4 b) leaves the requests whose segments all precede it
 * copied (the segments are processed in order, §5.17.7.2); any other failure fails them all.
 */
const requestErrnos = (d: D, q: QueuedCommand, res: ScsiResult, errno: number): number[] => {
  const c = res.completion;
  if (errno === 0 || q.rqs.length === 1 || q.command.cmd !== 'xcopy' || c.status === 'GOOD' || c.sense.commandSpecific === undefined) return q.rqs.map(() => errno);
  if (d.cfg.bugs.includes('sd-xcopy-ignores-segment-number')) return q.rqs.map(() => 0);
  const failed = c.sense.commandSpecific;
  let end = 0;
  return q.rqs.map((id) => {
    end += sdCopySegments(d.rqs[id]!, limitsOf(d, q.dev)).length;
    return end <= failed ? 0 : errno;
  });
};

/** scsi_io_completion for one executed command: retry it, go on with the design's next command, or end its requests. */
export const sdCompleteCommand = (d: D, q: QueuedCommand, res: ScsiResult): void => {
  const c = res.completion;
  const errno = scsiErrno(c, d.cfg.bugs);
  // scsi_decide_disposition → NEEDS_RETRY: requeued at the back (scsi_queue_insert → blk_mq_requeue_request).
  const retry = errno !== 0 && scsiShouldRetry(c, q.retries);
  // A design whose copy op takes several commands (the token design: POPULATE TOKEN, then RECEIVE ROD TOKEN INFORMATION).
  const next = !retry && errno === 0 ? designOf(d.cfg.design).scsiCopyDone?.(d, q, res) : undefined;
  const continues = next !== undefined && typeof next !== 'number';
  const errnos = retry || continues ? undefined : typeof next === 'number' ? q.rqs.map(() => next) : requestErrnos(d, q, res, errno);
  d.events.push({ event: 'scsi-done', cid: q.id, dev: q.dev, cmd: q.command.cmd, status: c.status, ...(c.status === 'CHECK CONDITION' ? { sense: completionText(c) } : {}), errno, ...(errnos ? { ended: errnos } : {}) });
  if (retry) {
    d.sq.push(castDraft({ ...q, retries: q.retries + 1 }));
    return;
  }
  if (continues) {
    d.sq.push(castDraft({ id: newId(d), dev: q.dev, rqs: [...q.rqs], command: next, retries: 0 }));
    return;
  }
  let at = 0;
  q.rqs.forEach((id, i) => {
    const nr = d.rqs[id]!.nr;
    endRequest(d, id, errnos![i]!, res.data ?? [], at);
    at += nr;
  });
};

/** The LU executes queued command `i` (a stack `exec` step for an sd disk). */
export const sdExecCommand = (s: StackState, i: number): StackState => {
  const q = s.sq[i]!;
  const res = scsiExecute(s.lus![q.dev]!, q.command as ScsiCommand);
  const ops = [...new Set(q.rqs.flatMap((r) => s.rqs[r]!.bios.map((b) => s.bios[b]!.opIndex)))].sort((x, y) => x - y);
  return sleepInCopy(produce(s, (d) => {
    d.events = [];
    d.sq.splice(i, 1);
    d.lus![q.dev] = castDraft(res.lu);
    d.events.push({ event: 'scsi-cmd', cid: q.id, dev: q.dev, command: castDraft(q.command as ScsiCommand), retry: q.retries, ops, requests: q.rqs.length });
    sdCompleteCommand(d, q, res);
  }));
};

/** A stack fault on an sd disk, as the LU model's event (LBAs of the LU; NLB is 0's based as in the NVMe fault). A zone fault on a conventional LU does nothing. */
export const scsiEventOfFault = (f: NvmeFault, zoned = false): ScsiEvent | null => {
  switch (f.fault) {
    case 'media-error':
      return { event: 'media-error', lba: f.slba, blocks: f.nlb + 1 };
    case 'write-protect':
      return { event: 'write-protect' };
    case 'zone-read-only':
      return zoned ? { event: 'zone-read-only', lba: f.slba } : null;
    case 'zone-offline':
      return zoned ? { event: 'zone-offline', lba: f.slba } : null;
  }
};

/** The LU after a fault strikes it (the stack's `inject` step). */
export const sdInjected = (s: StackState, dev: string, f: NvmeFault): ScsiLu => {
  const lu = s.lus![dev]!;
  const e = scsiEventOfFault(f, lu.config.zoned !== undefined);
  return e ? scsiInject(lu, e) : lu;
};
