// ROD token copy: POPULATE TOKEN (SBC-4 §5.12), WRITE USING TOKEN (§5.59) and RECEIVE ROD TOKEN
// INFORMATION (§5.25; SPC-5 §6.26), IMMED = 0, on one LU's copy manager.
//
// A token is a point in time ROD token (SBC-4 §4.28.1; SPC-5 §5.17.6.2.3): WRITE USING TOKEN
// delivers the data the ranges held at POPULATE TOKEN, or nothing. A change-vulnerable token keeps
// no copy and is cancelled when a block it represents is written (blocks.ts cancelTokensOver); a
// persistent one keeps the data. Lifetime (SPC-5 §5.17.6.7): the inactivity timeout counts from
// creation or from the end of the last WRITE USING TOKEN that used the token; past it the token is
// expired. An invalid token moves no data (§5.17.6.5.2.3).

import { produce } from 'immer';
import type { Run } from '../../content/token.js';
import { mapOfRuns, readRuns } from '../../content/extent-map.js';
import type { ScsiCommand, ScsiRange } from './command.js';
import { ROD_TOKEN_LENGTH, scsiSectorsPerBlock } from './config.js';
import { checkRead, checkWrite, loadBlocks, storeBlocks } from './blocks.js';
import { hasScsiBug, type CopyResult, type RodToken, type ScsiLu } from './lu.js';
import { check, good, type ScsiCompletion } from './sense.js';
import type { ScsiResult } from './execute.js';

/** Do two range descriptors of a list name a common LBA? (SBC-4 §5.12.2: INVALID FIELD IN PARAMETER LIST.) */
const overlapping = (ranges: readonly ScsiRange[]): boolean => {
  const sorted = ranges.filter((r) => r.blocks > 0).slice().sort((a, b) => a.lba - b.lba);
  return sorted.some((r, i) => i > 0 && sorted[i - 1]!.lba + sorted[i - 1]!.blocks > r.lba);
};

/**
 * The range list rules POPULATE TOKEN and WRITE USING TOKEN share (SBC-4 §5.12.2–5.12.3, §5.59.2),
 * in this order (the standard gives none): no complete descriptor; more than MAXIMUM RANGE
 * DESCRIPTORS (TOO MANY SEGMENT DESCRIPTORS); the same LBA twice; Σ blocks above MAXIMUM TOKEN
 * TRANSFER SIZE; one descriptor above the Block Limits MAXIMUM TRANSFER LENGTH (MAXIMUM BYTES IN
 * BLOCK ROD is not reported); a descriptor past the capacity (LBA OUT OF RANGE).
 */
export const checkRangeList = (lu: ScsiLu, ranges: readonly ScsiRange[], isPopulate: boolean): ScsiCompletion | null => {
  const lim = lu.config.rod!;
  if (ranges.length === 0) return check('ILLEGAL_REQUEST', 'INVALID_FIELD_IN_PARAMETER_LIST');
  if (ranges.length > lim.maxRangeDescriptors && !(isPopulate && hasScsiBug(lu, 'scsi-pt-ignores-max-range-descriptors'))) return check('ILLEGAL_REQUEST', 'TOO_MANY_SEGMENT_DESCRIPTORS');
  if (overlapping(ranges)) return check('ILLEGAL_REQUEST', 'INVALID_FIELD_IN_PARAMETER_LIST');
  const total = ranges.reduce((s, r) => s + r.blocks, 0);
  if (lim.maxTokenTransferSize && total > lim.maxTokenTransferSize) return check('ILLEGAL_REQUEST', 'INVALID_FIELD_IN_PARAMETER_LIST');
  const mtl = lu.config.maxTransferLength;
  if (mtl && ranges.some((r) => r.blocks > mtl)) return check('ILLEGAL_REQUEST', 'INVALID_FIELD_IN_PARAMETER_LIST');
  if (ranges.some((r) => r.lba + r.blocks > lu.config.capacity)) return check('ILLEGAL_REQUEST', 'LBA_OUT_OF_RANGE');
  return null;
};

/**
 * A negative residual ends the command with COPY TARGET DEVICE DATA UNDERRUN, sense key COPY
 * ABORTED if the TRANSFER COUNT is not zero and ILLEGAL REQUEST if it is, the TRANSFER COUNT in
 * INFORMATION (SBC-4 §4.28.2).
 */
const underrun = (transferCount: number): ScsiCompletion =>
  check(transferCount ? 'COPY_ABORTED' : 'ILLEGAL_REQUEST', 'COPY_TARGET_DEVICE_DATA_UNDERRUN', { information: transferCount });

type PopulateCommand = Extract<ScsiCommand, { cmd: 'populate-token' }>;
type WriteUsingTokenCommand = Extract<ScsiCommand, { cmd: 'write-using-token' }>;

export const executePopulateToken = (lu: ScsiLu, c: PopulateCommand): ScsiResult => {
  const lim = lu.config.rod!;
  // INACTIVITY TIMEOUT above MAXIMUM INACTIVITY TIMEOUT (SBC-4 §5.12.2).
  if (c.inactivityTimeout > lim.maxInactivityTimeout) return { lu, completion: check('ILLEGAL_REQUEST', 'INVALID_FIELD_IN_PARAMETER_LIST') };
  const bad = checkRangeList(lu, c.ranges, true);
  if (bad) return { lu, completion: bad };
  // Read the ranges in order; TRANSFER COUNT = contiguous blocks read without error from the first (§4.28.1).
  let transferred = 0;
  const data: Run[] = [];
  for (const r of c.ranges) {
    if (r.blocks === 0) continue;
    const err = checkRead(lu, r.lba, r.blocks);
    if (err) break;
    data.push(...loadBlocks(lu, r.lba, r.blocks));
    transferred += r.blocks;
  }
  const total = c.ranges.reduce((s, r) => s + r.blocks, 0);
  if (transferred < total) {
    const completion = underrun(transferred);
    // COPY OPERATION STATUS 02h, completed with errors: the command ended in CHECK CONDITION (see write-using-token below).
    return { lu: produce(lu, (d) => void (d.lists[c.listId] = { op: 'populate-token', copyStatus: 0x02, segmentsProcessed: 0, transferCount: transferred, sense: (completion as Extract<ScsiCompletion, { sense: unknown }>).sense })), completion };
  }
  const token: RodToken = {
    id: lu.nextToken,
    ranges: c.ranges.filter((r) => r.blocks > 0),
    data,
    blocks: total,
    rodType: lim.rodType,
    timeout: c.inactivityTimeout === 0 ? lim.defaultInactivityTimeout : c.inactivityTimeout,
    lastActive: lu.now,
    state: 'valid',
  };
  const next = produce(lu, (d) => {
    d.tokens[token.id] = token as typeof d.tokens[number];
    d.nextToken += 1;
    d.lists[c.listId] = { op: 'populate-token', copyStatus: 0x01, segmentsProcessed: 0, transferCount: total, token: token.id };
  });
  return { lu: next, completion: good() };
};

/** Is the token usable now? The checks of SPC-5 §5.17.6.5.2.3, in its order. */
export const tokenValidity = (lu: ScsiLu, id: number, length: number): ScsiCompletion | null => {
  if (length !== ROD_TOKEN_LENGTH) return check('ILLEGAL_REQUEST', 'INVALID_TOKEN_LENGTH');
  const t = lu.tokens[id];
  if (!t) return check('ILLEGAL_REQUEST', 'TOKEN_UNKNOWN');
  const idle = lu.now - t.lastActive;
  if (idle > t.timeout && !hasScsiBug(lu, 'scsi-token-ignores-inactivity-timeout')) return check('ILLEGAL_REQUEST', 'TOKEN_EXPIRED');
  if (t.state === 'cancelled') return check('ILLEGAL_REQUEST', 'TOKEN_CANCELLED');
  if (t.state === 'deleted') return check('ILLEGAL_REQUEST', 'TOKEN_DELETED');
  return null;
};

/** The data the token represents, as of now: its copy (persistent) or its ranges (change-vulnerable, unchanged while valid). */
const tokenData = (lu: ScsiLu, t: RodToken): Run[] => {
  if (t.rodType === 'persistent') return [...t.data];
  return t.ranges.flatMap((r) => loadBlocks(lu, r.lba, r.blocks));
};

export const executeWriteUsingToken = (lu: ScsiLu, c: WriteUsingTokenCommand): ScsiResult => {
  const invalid = tokenValidity(lu, c.token, c.tokenLength);
  if (invalid) return { lu, completion: invalid };
  const bad = checkRangeList(lu, c.ranges, false);
  if (bad) return { lu, completion: bad };
  const t = lu.tokens[c.token]!;
  // OFFSET INTO ROD at or past the end of the ROD (SBC-4 §5.59.2).
  if (c.offset >= t.blocks) return { lu, completion: check('ILLEGAL_REQUEST', 'INVALID_FIELD_IN_PARAMETER_LIST') };
  const k = scsiSectorsPerBlock(lu.config);
  const all = tokenData(lu, t);
  const rod = mapOfRuns(all);
  let completion: ScsiCompletion = good();
  let transferred = 0;
  const requested = c.ranges.reduce((s, r) => s + r.blocks, 0);
  const next = produce(lu, (d) => {
    let from = c.offset;
    for (const r of c.ranges) {
      // A range of 0 blocks writes nothing and does not end the copy (SBC-4 §5.12.3; FreeBSD ctl_tpc.c skips it).
      if (r.blocks === 0) continue;
      // As many whole blocks as the ROD still holds (SBC-4 §5.59.2); the model's blocks are whole.
      const n = Math.min(r.blocks, t.blocks - from);
      if (n <= 0) break;
      const err = checkWrite(d as unknown as ScsiLu, r.lba, n);
      if (err) {
        completion = err;
        break;
      }
      storeBlocks(d, r.lba, readRuns(rod, from * k, n * k));
      from += n;
      transferred += n;
      if (n < r.blocks) break;
    }
    if (completion.status === 'GOOD' && transferred < requested) completion = underrun(transferred);
    const tok = d.tokens[c.token]!;
    if (completion.status === 'GOOD') {
      // Activity ends the inactivity interval; DEL_TKN deletes the token when the command completes (§5.59.2).
      d.tokens[c.token] = { ...tok, lastActive: d.now, state: c.delTkn && tok.state === 'valid' ? 'deleted' : tok.state };
    }
    const result: CopyResult = {
      op: 'write-using-token',
      // COPY OPERATION STATUS (SPC-4 r36 Table 'COPY OPERATION STATUS field', shared by RECEIVE ROD TOKEN INFORMATION,
      // SPC-5 §6.26): 01h completed without errors, 02h with errors; 03h is "without errors but with partial ROD token
      // usage", so never a command that ended in CHECK CONDITION, underrun included. FreeBSD ctl_tpc.c
      // ctl_receive_rod_token_information: an error is 02h. A GOOD WRITE USING TOKEN is 01h, as CTL reports it.
      copyStatus: completion.status === 'GOOD' ? 0x01 : hasScsiBug(lu, 'scsi-rrti-partial-status-on-error') ? 0x03 : 0x02,
      segmentsProcessed: 0,
      transferCount: transferred,
      ...(completion.status === 'CHECK CONDITION' ? { sense: completion.sense } : {}),
    };
    d.lists[c.listId] = result;
  });
  return { lu: next, completion };
};
