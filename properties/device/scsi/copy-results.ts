// ERR-07's check: the result a third-party copy command leaves for RECEIVE COPY STATUS(LID1) and
// RECEIVE ROD TOKEN INFORMATION agrees with the command and the completion it returned — written from
// the clauses (SPC-5 §6.20, §6.26; SPC-4 r36 COPY OPERATION STATUS field; SBC-4 §4.28.2), not read
// off model/device/scsi: the status from the completion, the counts from the command's own fields and
// the sense it returned (segment number, residual).

import type { ScsiSense } from '../../../model/device/scsi/sense.js';
import type { ScsiTraceStep } from './trace.js';

const sameSense = (a: ScsiSense | undefined, b: ScsiSense): boolean => JSON.stringify(a) === JSON.stringify(b);

/** The first disagreement between a copy command's completion and the result it left, or null. */
export const copyResultViolation = (st: ScsiTraceStep): string | null => {
  const c = st.command;
  const r = st.result;
  if (!c || !r || (c.cmd !== 'xcopy' && c.cmd !== 'populate-token' && c.cmd !== 'write-using-token')) return null;
  const got = r.completion;
  const now = st.after.lists[c.listId];
  const left = now !== undefined && now !== st.before.lists[c.listId];
  const requested = c.cmd === 'xcopy' ? c.segments.reduce((s, g) => s + g.blocks, 0) : c.ranges.reduce((s, x) => s + x.blocks, 0);
  const aborted = got.status === 'CHECK CONDITION' && got.sense.key === 'COPY_ABORTED';
  // A command that completed, or that processed part of its list (COPY ABORTED), leaves its result (SPC-5 §6.20, §6.26).
  if (!left) return got.status === 'GOOD' || aborted ? `${c.cmd} completed ${got.status === 'GOOD' ? 'GOOD' : 'with COPY ABORTED'} but left no result for list ${c.listId}` : null;
  if (now.op !== c.cmd) return `${c.cmd} left a result of ${now.op} for list ${c.listId}`;
  if (got.status === 'GOOD') {
    if (now.copyStatus !== 0x01) return `${c.cmd} completed GOOD, its result says COPY STATUS ${now.copyStatus}, not 01h (completed without errors)`;
    if (now.sense !== undefined) return `${c.cmd} completed GOOD, its result carries sense ${now.sense.code}`;
    if (now.transferCount !== requested) return `${c.cmd} completed GOOD moving ${requested} blocks, its result says TRANSFER COUNT ${now.transferCount}`;
    const segments = c.cmd === 'xcopy' ? c.segments.length : 0;
    if (now.segmentsProcessed !== segments) return `${c.cmd} completed GOOD, its result says SEGMENTS PROCESSED ${now.segmentsProcessed}, not ${segments}`;
    if (c.cmd === 'populate-token') {
      const id = now.token;
      if (id === undefined || st.before.tokens[id] !== undefined || st.after.tokens[id]?.state !== 'valid' || st.after.tokens[id]!.blocks !== requested) return `POPULATE TOKEN completed GOOD, its result names token ${id}, not a new valid token of ${requested} blocks`;
    } else if (now.token !== undefined) return `${c.cmd} left a token (${now.token}) in its result`;
    return null;
  }
  // Ended in CHECK CONDITION: completed with errors, 02h — 03h is "without errors" (SPC-4 r36).
  if (now.copyStatus !== 0x02) return `${c.cmd} ended in CHECK CONDITION ${got.sense.code}, its result says COPY STATUS ${now.copyStatus}, not 02h (completed with errors)`;
  if (!sameSense(now.sense, got.sense)) return `${c.cmd} ended with ${got.sense.code}, its result keeps ${now.sense?.code ?? 'no sense'}`;
  if (now.token !== undefined) return `${c.cmd} ended in CHECK CONDITION, yet its result names token ${now.token}`;
  if (c.cmd === 'xcopy') {
    // The segment that failed is in COMMAND-SPECIFIC INFORMATION (first = 0); those before it are complete (§5.17.7.4).
    const failed = got.sense.commandSpecific;
    if (failed === undefined) return `EXTENDED COPY left a result, yet its sense names no segment`;
    const before = c.segments.slice(0, failed).reduce((s, g) => s + g.blocks, 0);
    if (now.segmentsProcessed !== failed) return `EXTENDED COPY failed at segment ${failed}, its result says SEGMENTS PROCESSED ${now.segmentsProcessed}`;
    if (now.transferCount !== before) return `EXTENDED COPY failed at segment ${failed}, the segments before it hold ${before} blocks, its result says TRANSFER COUNT ${now.transferCount}`;
    return null;
  }
  if (now.segmentsProcessed !== 0) return `${c.cmd} left SEGMENTS PROCESSED ${now.segmentsProcessed}`;
  // COPY TARGET DEVICE DATA UNDERRUN carries the TRANSFER COUNT in INFORMATION (SBC-4 §4.28.2).
  if (got.sense.code === 'COPY_TARGET_DEVICE_DATA_UNDERRUN' && now.transferCount !== got.sense.information) return `${c.cmd} ended in underrun with INFORMATION ${got.sense.information}, its result says TRANSFER COUNT ${now.transferCount}`;
  if (now.transferCount >= requested) return `${c.cmd} ended in CHECK CONDITION, yet its result says every one of its ${requested} blocks was transferred`;
  return null;
};
