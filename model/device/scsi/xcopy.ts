// EXTENDED COPY(LID1) with identification CSCD descriptors (E4h) and block → block segment
// descriptors (02h), and the two commands that report on it: RECEIVE COPY OPERATING PARAMETERS and
// RECEIVE COPY STATUS(LID1).
//
// Phase A (SPC-5 §5.17.7.3, "errors detected before segment descriptor processing starts"): the
// descriptor lists are checked against the operating parameters and the supported descriptor types;
// a failure is CHECK CONDITION with a sense key other than COPY ABORTED, INFORMATION not valid, and
// no data moved. The copy manager may validate segment descriptors up front (§5.17.7.2 step 4); this
// one checks every segment against MAXIMUM SEGMENT LENGTH there, so a too-long segment moves nothing.
// Phase B (§5.17.7.4): segments are processed in order (§5.17.7.2 step 6), each read whole from its
// source, then written whole to its destination. A segment that fails ends the copy with COPY
// ABORTED, the segment number in COMMAND-SPECIFIC INFORMATION (§5.17.7.4 b: first segment = 0),
// THIRD PARTY DEVICE FAILURE and the copy source's or destination's own sense forwarded when a
// READ or WRITE it was sent failed, COPY TARGET DEVICE NOT REACHABLE when a CSCD names another LU.
// Segments before it are complete; nothing of it or later is written, so INFORMATION (the residual
// of the failed segment) is not valid (§5.17.7.4 c, "no data has been written").

import { produce } from 'immer';
import type { ScsiCommand, ScsiSegment } from './command.js';
import { CSCD_DESCRIPTOR_BYTES, SEGMENT_DESCRIPTOR_BYTES } from './config.js';
import { checkRead, checkWrite, loadBlocks, storeBlocks } from './blocks.js';
import { hasScsiBug, type CopyResult, type ScsiLu } from './lu.js';
import { check, good, type ScsiCompletion } from './sense.js';
import type { ScsiResult } from './execute.js';

type XcopyCommand = Extract<ScsiCommand, { cmd: 'xcopy' }>;

/** Identification CSCD descriptor type code (SPC-5 §6.4.5.6) and block → block segment type code (§6.4.6.4). */
export const CSCD_TYPE_IDENTIFICATION = 0xe4;
export const SEGMENT_TYPE_BLOCK_TO_BLOCK = 0x02;

/** Phase A: the parameter list against the operating parameters (SPC-4 r37 §6.4.3.4–6.4.3.5, as LIO cites them). */
export const checkXcopyParameterList = (lu: ScsiLu, c: XcopyCommand): ScsiCompletion | null => {
  const lim = lu.config.xcopy!;
  if (c.cscd.length > lim.maxCscdDescriptors) return check('ILLEGAL_REQUEST', 'TOO_MANY_TARGET_DESCRIPTORS');
  if (c.segments.length > lim.maxSegmentDescriptors && !hasScsiBug(lu, 'scsi-xcopy-ignores-max-segment-count')) return check('ILLEGAL_REQUEST', 'TOO_MANY_SEGMENT_DESCRIPTORS');
  const listBytes = c.cscd.length * CSCD_DESCRIPTOR_BYTES + c.segments.length * SEGMENT_DESCRIPTOR_BYTES;
  if (listBytes > lim.maxDescriptorListLength) return check('ILLEGAL_REQUEST', 'PARAMETER_LIST_LENGTH_ERROR');
  if (c.cscd.some((d) => d.type !== CSCD_TYPE_IDENTIFICATION)) return check('ILLEGAL_REQUEST', 'UNSUPPORTED_TARGET_DESCRIPTOR_TYPE_CODE');
  if (c.segments.some((s) => s.type !== SEGMENT_TYPE_BLOCK_TO_BLOCK)) return check('ILLEGAL_REQUEST', 'UNSUPPORTED_SEGMENT_DESCRIPTOR_TYPE_CODE');
  // A segment naming a CSCD descriptor the list does not have (SOURCE/DESTINATION CSCD DESCRIPTOR ID ≤ 07FFh indexes the list).
  if (c.segments.some((s) => s.src >= c.cscd.length || s.dst >= c.cscd.length)) return check('ILLEGAL_REQUEST', 'INVALID_FIELD_IN_PARAMETER_LIST');
  // MAXIMUM SEGMENT LENGTH: bytes one segment writes; 0 = no limit (SPC-5 §6.25).
  if (lim.maxSegmentLength && !hasScsiBug(lu, 'scsi-xcopy-ignores-max-segment-length')) {
    if (c.segments.some((s) => s.blocks * lu.config.blockBytes > lim.maxSegmentLength)) return check('ILLEGAL_REQUEST', 'INVALID_FIELD_IN_PARAMETER_LIST');
  }
  return null;
};

/** Phase B checks of one segment: the CSCDs reachable, then the READ of the source, then the WRITE of the destination. */
const checkSegment = (lu: ScsiLu, c: XcopyCommand, s: ScsiSegment, i: number): ScsiCompletion | null => {
  const segNo = hasScsiBug(lu, 'scsi-xcopy-segment-number-off-by-one') ? i + 1 : i;
  // Only this LU is reachable: LIO also copies between LUs of one node (spec/scsi-device.md).
  if (c.cscd[s.src]!.lu !== lu.config.name || c.cscd[s.dst]!.lu !== lu.config.name) return check('COPY_ABORTED', 'COPY_TARGET_DEVICE_NOT_REACHABLE', { commandSpecific: segNo });
  const read = checkRead(lu, s.srcLba, s.blocks);
  if (read?.status === 'CHECK CONDITION') return check('COPY_ABORTED', 'THIRD_PARTY_DEVICE_FAILURE', { commandSpecific: segNo, forwarded: { source: 1, sense: read.sense } });
  const write = checkWrite(lu, s.dstLba, s.blocks);
  if (write?.status === 'CHECK CONDITION') return check('COPY_ABORTED', 'THIRD_PARTY_DEVICE_FAILURE', { commandSpecific: segNo, forwarded: { source: 2, sense: write.sense } });
  return null;
};

export const executeXcopy = (lu: ScsiLu, c: XcopyCommand): ScsiResult => {
  const bad = checkXcopyParameterList(lu, c);
  if (bad) return { lu, completion: bad };
  let completion: ScsiCompletion = good();
  let done = 0;
  let transferred = 0;
  const next = produce(lu, (d) => {
    for (let i = 0; i < c.segments.length; i++) {
      const s = c.segments[i]!;
      const view = d as unknown as ScsiLu;
      // BLOCK DEVICE NUMBER OF BLOCKS 0: no data moves (SPC-5 §6.4.6.4).
      const err = s.blocks === 0 ? null : checkSegment(view, c, s, i);
      if (err) {
        completion = err;
        break;
      }
      const data = loadBlocks(view, s.srcLba, s.blocks);
      storeBlocks(d, s.dstLba, data, { advanceWp: !hasScsiBug(lu, 'scsi-xcopy-wp-not-advanced') });
      done++;
      transferred += s.blocks;
    }
    const result: CopyResult = {
      op: 'xcopy',
      copyStatus: completion.status === 'GOOD' ? 0x01 : 0x02,
      segmentsProcessed: done,
      transferCount: transferred,
      ...(completion.status === 'CHECK CONDITION' ? { sense: completion.sense } : {}),
    };
    d.lists[c.listId] = result;
  });
  return { lu: next, completion };
};
