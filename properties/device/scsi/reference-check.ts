// Replays a SCSI trace on the naive reference (model/reference) and compares the LU with it after
// every step (DATA-06): WRITE(16) writes, EXTENDED COPY reads each segment's source then writes its
// destination, POPULATE TOKEN snapshots its ranges, WRITE USING TOKEN writes the snapshot,
// RESET WRITE POINTER deallocates.

import { readRuns } from '../../../model/content/extent-map.js';
import { runKeys } from '../../../model/content/token.js';
import { scsiSectorsPerBlock } from '../../../model/device/scsi/config.js';
import type { ScsiLu } from '../../../model/device/scsi/lu.js';
import { referenceCopy, referenceDeallocate, referenceInit, referenceRead, referenceWrite, type Reference } from '../../../model/reference/reference.js';
import { firstDifference } from '../reference-check.js';
import { transferredThisStep } from './facts.js';
import type { ScsiTrace, ScsiTraceStep } from './trace.js';

type Snapshots = Map<number, string[]>;

const sectors = (lu: ScsiLu, lba: number, blocks: number) => ({ sector: lba * scsiSectorsPerBlock(lu.config), nr: blocks * scsiSectorsPerBlock(lu.config) });

export const checkScsiAgainstReference = (t: ScsiTrace): { stepNo: number; message: string } | null => {
  const lu0 = [...t.initial.values()][0]!;
  const dev = lu0.config.name;
  const k = scsiSectorsPerBlock(lu0.config);
  let ref = referenceInit([{ name: dev, size: lu0.content.size, initial: lu0.config.zoned ? 'unwritten' : 'orig' }]);
  const conv = lu0.config.zoned ? Math.min(lu0.config.zoned.conventionalZones * lu0.config.zoned.zoneSize, lu0.config.capacity) : 0;
  if (conv) ref = referenceWrite(ref, dev, 0, runKeys(readRuns(lu0.content, 0, conv * k)));
  const tokens: Snapshots = new Map();
  for (const st of t.steps) {
    const v = apply(ref, st, tokens);
    if (typeof v === 'string') return { stepNo: st.stepNo, message: v };
    ref = v;
    const diff = firstDifference(st.after.content, ref, dev);
    if (diff) return { stepNo: st.stepNo, message: `after step ${st.stepNo} (${st.step.cmd}) ${dev} LBA ${Math.floor(diff.sector / k)} holds ${diff.model}, the reference ${diff.reference}` };
  }
  return null;
};

const apply = (ref: Reference, st: ScsiTraceStep, tokens: Snapshots): Reference | string => {
  const c = st.command;
  const r = st.result;
  const lu = st.before;
  const dev = lu.config.name;
  if (!c || !r) return ref;
  const good = r.completion.status === 'GOOD';
  switch (c.cmd) {
    case 'read16': {
      if (!good) return ref;
      const got = runKeys(r.data ?? []);
      const want = referenceRead(ref, dev, sectors(lu, c.lba, c.blocks));
      const i = got.findIndex((g, j) => g !== want[j]);
      return i >= 0 || got.length !== want.length ? `step ${st.stepNo}: READ(16) at LBA ${c.lba} returned ${got[i] ?? '(short)'} at sector ${i}, the reference holds ${want[i]}` : ref;
    }
    case 'write16':
      return good ? referenceWrite(ref, dev, c.lba * scsiSectorsPerBlock(lu.config), runKeys(c.data)) : ref;
    case 'xcopy': {
      const sense = r.completion.status === 'CHECK CONDITION' ? r.completion.sense : null;
      if (sense && sense.key !== 'COPY_ABORTED') return ref; // detected before segment processing: nothing moved
      const copied = sense ? (sense.commandSpecific ?? 0) : c.segments.length;
      let next = ref;
      for (const s of c.segments.slice(0, copied)) if (s.blocks) next = referenceCopy(next, dev, sectors(lu, s.dstLba, 0).sector, [sectors(lu, s.srcLba, s.blocks)]);
      const failed = sense ? c.segments[copied] : undefined;
      if (failed && failed.blocks && failed.dstLba + failed.blocks <= lu.config.capacity) {
        // The segment being processed may have written part of its data (SPC-5 §5.17.7.4 c): each block old or new.
        const dst = sectors(lu, failed.dstLba, failed.blocks);
        const old = referenceRead(next, dev, dst);
        const fresh = failed.srcLba + failed.blocks <= lu.config.capacity ? referenceRead(next, dev, sectors(lu, failed.srcLba, failed.blocks)) : [];
        const now = runKeys(readRuns(st.after.content, dst.sector, dst.nr));
        const bad = now.findIndex((x, i) => x !== old[i] && x !== fresh[i]);
        if (bad >= 0) return `step ${st.stepNo}: EXTENDED COPY failed in segment ${copied} but LBA ${(dst.sector + bad) / scsiSectorsPerBlock(lu.config)} holds ${now[bad]}, neither its old content nor the segment's data`;
        next = referenceWrite(next, dev, dst.sector, now);
      }
      return next;
    }
    case 'populate-token': {
      const id = st.after.lists[c.listId]?.token;
      if (good && id !== undefined) tokens.set(id, c.ranges.filter((x) => x.blocks > 0).flatMap((x) => referenceRead(ref, dev, sectors(lu, x.lba, x.blocks))));
      return ref;
    }
    case 'write-using-token': {
      const moved = transferredThisStep(st);
      if (moved === 0) return ref;
      const snap = tokens.get(c.token);
      if (!snap) return `step ${st.stepNo}: WRITE USING TOKEN moved ${moved} blocks through token ${c.token}, which no successful POPULATE TOKEN created`;
      const k = scsiSectorsPerBlock(lu.config);
      let next = ref;
      let from = c.offset;
      let left = moved;
      for (const x of c.ranges) {
        if (x.blocks === 0) continue; // writes nothing, ends nothing (SBC-4 §5.12.3)
        const n = Math.min(x.blocks, left);
        if (n <= 0) break;
        next = referenceWrite(next, dev, x.lba * k, snap.slice(from * k, (from + n) * k));
        from += n;
        left -= n;
      }
      return next;
    }
    case 'zone-out': {
      if (c.action !== 'reset' || !good) return ref;
      let next = ref;
      const size = lu.config.zoned!.zoneSize;
      for (const idx of Object.keys(lu.zones).map(Number)) if (st.after.zones[idx] === undefined) next = referenceDeallocate(next, dev, sectors(lu, idx * size, size));
      return next;
    }
    case 'receive-copy-operating-parameters':
    case 'receive-copy-status':
    case 'receive-rod-token-information':
    case 'inquiry':
    case 'report-zones':
      return ref;
  }
};
