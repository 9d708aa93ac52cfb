// The token design's SCSI transport ("one token design, two transports"): REQ_OP_COPY_READ_TOKEN
// becomes POPULATE TOKEN followed by RECEIVE ROD TOKEN INFORMATION, which hands the ROD token to the
// host; REQ_OP_COPY_WRITE_TOKEN becomes WRITE USING TOKEN with that token. The token RFC (Mikulas
// Patocka, Feb 2022) posted the NVMe driver only ("[RFC PATCH 2/3] nvme: add copy offload support");
// its block layer was shaped after the SCSI pair, as Martin K. Petersen's REQ_COPY_IN / REQ_COPY_OUT
// proposal describes ("translate REQ_COPY_OUT into ... POPULATE TOKEN + WRITE USING TOKEN",
// research/kernel-copy-offload.md §1.1). This file is copyspec's reading of that mapping, used by
// `token` and `token+fix` alike (spec/designs/token.md "SCSI transport").

import type { QueueLimits } from '../../block/limits.js';
import { ERRNO } from '../../block/split.js';
import type { ScsiCommand } from '../../device/scsi/command.js';
import { ROD_TOKEN_LENGTH, scsiSectorsPerBlock, type ScsiLuConfig } from '../../device/scsi/config.js';
import type { ScsiResult } from '../../device/scsi/execute.js';
import type { ScsiDriverSetup } from '../../driver/sd.js';
import type { D } from '../../stack/draft.js';
import type { QueuedCommand, Request } from '../../stack/state.js';
import { MAX_TOKEN_STEP } from './blkcopy.js';
import { opAt, opOf } from '../../stack/ops.js';

/**
 * max_copy_sectors for a LU with ROD token support (Third-party Copy VPD 8Fh, Block Device ROD Token
 * Limits descriptor): each token op carries one range descriptor, so a chunk stays within MAXIMUM
 * TOKEN TRANSFER SIZE (0 = not reported) and the Block Limits MAXIMUM TRANSFER LENGTH, which bounds
 * one range descriptor when MAXIMUM BYTES IN BLOCK ROD is not reported (SBC-4 §5.12.3); neither
 * reported → blkdev_issue_copy's own cap (MAX_TOKEN_STEP). No ROD support → 0: blkdev_issue_copy
 * returns -EOPNOTSUPP and the caller falls back.
 */
export const rodCopyLimits = (lu: ScsiLuConfig, lim: QueueLimits): QueueLimits => {
  if (!lu.rod) return lim;
  const k = scsiSectorsPerBlock(lu);
  const blocks = Math.min(lu.rod.maxTokenTransferSize || Infinity, lu.maxTransferLength || Infinity);
  return { ...lim, maxCopySectors: blocks === Infinity ? MAX_TOKEN_STEP - (MAX_TOKEN_STEP % k) : blocks * k };
};

/** The LID1-style LIST IDENTIFIER sd gives a token command: the request tag, unique while it runs (SPC-5 §5.17.4.2). */
const listIdOf = (rq: Request): number => rq.id & 0xff;

/**
 * sd's setup of a token request: READ_TOKEN → POPULATE TOKEN (IMMED = 0, default inactivity timeout,
 * one range descriptor: bi_iter as sd sees it, after every remap); WRITE_TOKEN → WRITE USING TOKEN
 * with the ROD token the page holds (OFFSET INTO ROD 0, DEL_TKN 0, one range descriptor). A page that
 * holds no SCSI token (the page allocator's garbage, or an NVMe token) fails with BLK_STS_NOTSUPP,
 * as nvme_setup_write_token does; which LU made the token is for the copy manager to judge (TOKEN
 * UNKNOWN, SBC-4 §5.59.2).
 */
export const sdQueueRqToken = (d: D, lu: ScsiLuConfig, _lim: QueueLimits, rqs: readonly Request[]): ScsiDriverSetup => {
  const rq = rqs[0]!;
  const bio = d.bios[rq.bios[0]!]!;
  const tc = opAt(d, bio.opIndex).tokenCopy;
  if (!bio.token || !tc) return { fail: ERRNO.EIO, why: 'sd_init_command: not a token request' };
  const k = scsiSectorsPerBlock(lu);
  if (rq.sector % k || rq.nr % k) return { fail: ERRNO.EOPNOTSUPP, why: 'sd token setup: not whole logical blocks' };
  const ranges = [{ lba: rq.sector / k, blocks: rq.nr / k }];
  if (bio.token === 'read') return { command: { cmd: 'populate-token', listId: listIdOf(rq), inactivityTimeout: 0, ranges } };
  const page = tc.page;
  if (page.magic !== 'scsi') return { fail: ERRNO.EOPNOTSUPP, why: 'sd token setup: the token page holds no ROD token' };
  if (page.nr !== rq.nr) return { fail: ERRNO.EOPNOTSUPP, why: `sd token setup: the token represents ${page.nr} sectors, the bio ${rq.nr}` };
  return { command: { cmd: 'write-using-token', listId: listIdOf(rq), token: page.token, tokenLength: ROD_TOKEN_LENGTH, offset: 0, delTkn: false, ranges } };
};

/**
 * A token command completed GOOD: POPULATE TOKEN → RECEIVE ROD TOKEN INFORMATION for the same list
 * identifier (IMMED = 0, so the token exists when POPULATE TOKEN completes; no polling), whose ROD
 * token sd copies into the page (the COPY MANAGER ROD TOKEN IDENTIFIER here), then the READ_TOKEN
 * ends; RRTI without a token → BLK_STS_IOERR. WRITE USING TOKEN GOOD → the WRITE_TOKEN ends.
 */
export const sdTokenDone = (d: D, q: QueuedCommand, res: ScsiResult): ScsiCommand | number | undefined => {
  const c = q.command;
  if (c.cmd === 'populate-token') return { cmd: 'receive-rod-token-information', listId: c.listId };
  if (c.cmd !== 'receive-rod-token-information') return undefined;
  const token = res.copyResult?.token;
  if (token === undefined) return ERRNO.EIO;
  const rq = d.rqs[q.rqs[0]!]!;
  const tc = opOf(d, d.bios[rq.bios[0]!]!.opIndex).tokenCopy!;
  tc.page = { magic: 'scsi', lu: q.dev, token, nr: rq.nr };
  return undefined;
};
