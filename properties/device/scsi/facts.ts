// Facts about one SCSI trace step that several properties read: what a third-party copy moved.

import type { ScsiTraceStep } from './trace.js';

/**
 * Blocks a WRITE USING TOKEN or EXTENDED COPY moved in this step: all requested ones on GOOD,
 * otherwise the TRANSFER COUNT it left for RECEIVE ROD TOKEN INFORMATION / RECEIVE COPY STATUS (0
 * when the step left no result: nothing moved).
 */
export const transferredThisStep = (st: ScsiTraceStep): number => {
  const c = st.command;
  if (!c || !st.result || (c.cmd !== 'write-using-token' && c.cmd !== 'xcopy')) return 0;
  if (st.result.completion.status === 'GOOD') return c.cmd === 'xcopy' ? c.segments.reduce((s, g) => s + g.blocks, 0) : c.ranges.reduce((s, r) => s + r.blocks, 0);
  const now = st.after.lists[c.listId];
  return now && now !== st.before.lists[c.listId] ? now.transferCount : 0;
};

/** Segments an EXTENDED COPY completed in this step (RECEIVE COPY STATUS SEGMENTS PROCESSED on failure). */
export const segmentsDoneThisStep = (st: ScsiTraceStep): number => {
  const c = st.command;
  if (c?.cmd !== 'xcopy' || !st.result) return 0;
  if (st.result.completion.status === 'GOOD') return c.segments.length;
  const now = st.after.lists[c.listId];
  return now && now !== st.before.lists[c.listId] ? now.segmentsProcessed : 0;
};

/** The (lba, blocks) writes a step performed, in order (WRITE(16), EXTENDED COPY segments, WRITE USING TOKEN ranges). */
export const writesOf = (st: ScsiTraceStep): { lba: number; blocks: number }[] => {
  const c = st.command;
  if (!c || !st.result) return [];
  if (c.cmd === 'write16') return st.result.completion.status === 'GOOD' && c.blocks ? [{ lba: c.lba, blocks: c.blocks }] : [];
  if (c.cmd === 'xcopy') return c.segments.slice(0, segmentsDoneThisStep(st)).filter((s) => s.blocks > 0).map((s) => ({ lba: s.dstLba, blocks: s.blocks }));
  if (c.cmd === 'write-using-token') {
    let left = transferredThisStep(st);
    const out: { lba: number; blocks: number }[] = [];
    for (const r of c.ranges) {
      if (r.blocks === 0) continue; // a range of 0 blocks writes nothing and ends nothing (SBC-4 §5.12.3)
      const n = Math.min(r.blocks, left);
      if (n <= 0) break;
      out.push({ lba: r.lba, blocks: n });
      left -= n;
    }
    return out;
  }
  return [];
};
