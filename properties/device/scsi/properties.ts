// Properties of the SCSI logical unit model: the device families (DATA, ERR, LIMIT, ZONE, MODEL)
// over SCSI traces. Each names the first step that violates it.

import { readRuns } from '../../../model/content/extent-map.js';
import { checkReducerSound } from '../reducer-sound.js';
import { runKeys } from '../../../model/content/token.js';
import { scsiSectorsPerBlock } from '../../../model/device/scsi/config.js';
import { ASC, completionText } from '../../../model/device/scsi/sense.js';
import { noteLatent, readSituation, tokenSituations, writeSituation, xcopyListSituation, xcopySegmentViolation, type ExpectedSense, type LatentErrors } from './expected-sense.js';
import { transferredThisStep, writesOf } from './facts.js';
import { ERR_06 } from './command-sense.js';
import { copyResultViolation } from './copy-results.js';
import { checkScsiAgainstReference } from './reference-check.js';
import type { ScsiProperty } from './trace.js';
import { checkScsiZoneInvariants } from './zone-invariants.js';
import { checkScsiZoneTransitions } from './zone-transitions.js';

export const DATA_05: ScsiProperty = {
  id: 'DATA-05',
  title: 'Token safety: nothing written after POPULATE TOKEN reaches a destination through the token',
  statement:
    'Every block a WRITE USING TOKEN writes (all on GOOD; the TRANSFER COUNT it reports otherwise) holds what the corresponding block of its token held when the POPULATE TOKEN that created the token completed; so no data written to a source after POPULATE TOKEN ever reaches a destination through that token — the copy manager keeps the data (persistent) or cancels the token (change vulnerable).',
  layers: ['device'],
  sources: ['SBC-4 §4.28.1, §5.12.1 (POPULATE TOKEN creates a point in time ROD token)', 'SPC-5 §5.17.6.2.3 (point in time copy RODs: persistent, change vulnerable)', 'SPC-5 §5.17.6.5.2.3 (an invalid token moves no data)'],
  refutes: ['scsi-token-not-invalidated-on-write'],
  check: (t) => {
    const made = new Map<number, { stepNo: number; keys: string[] }>();
    for (const st of t.steps) {
      const c = st.command;
      if (!c || !st.result) continue;
      const k = scsiSectorsPerBlock(st.before.config);
      if (c.cmd === 'populate-token' && st.result.completion.status === 'GOOD') {
        const id = st.after.lists[c.listId]?.token;
        if (id !== undefined) made.set(id, { stepNo: st.stepNo, keys: c.ranges.flatMap((r) => runKeys(readRuns(st.before.content, r.lba * k, r.blocks * k))) });
      }
      if (c.cmd !== 'write-using-token') continue;
      const moved = transferredThisStep(st);
      if (moved === 0) continue;
      const tok = made.get(c.token);
      if (!tok) return `step ${st.stepNo}: WRITE USING TOKEN moved ${moved} blocks through token ${c.token}, which no POPULATE TOKEN created`;
      let from = c.offset;
      for (const w of writesOf(st)) {
        const got = runKeys(readRuns(st.after.content, w.lba * k, w.blocks * k));
        const want = tok.keys.slice(from * k, (from + w.blocks) * k);
        const i = got.findIndex((g, j) => g !== want[j]);
        if (i >= 0) return `step ${st.stepNo}: WRITE USING TOKEN wrote ${got[i]} to LBA ${w.lba + Math.floor(i / k)}, but token ${c.token} (POPULATE TOKEN at step ${tok.stepNo}) holds ${want[i] ?? '(nothing)'} there: data written after the token was made reached the destination`;
        from += w.blocks;
      }
    }
    return null;
  },
};

export const DATA_06: ScsiProperty = {
  id: 'DATA-06',
  title: 'The SCSI logical unit agrees with the naive reference',
  statement:
    'After every command, every sector of the LU holds what the naive reference holds after applying each successful WRITE(16); each EXTENDED COPY segment below the failed one (all on GOOD), read then written in order, with the failed segment\'s destination old-or-new; each WRITE USING TOKEN\'s transferred blocks from its token\'s data as of POPULATE TOKEN; and each RESET WRITE POINTER (deallocate). Every successful READ(16) returns the reference\'s content.',
  layers: ['device'],
  sources: ['SPC-5 §5.17.7.2 (segments in order), §5.17.7.4 (segment number, residual)', 'SBC-4 §4.28.1 (token data order)', 'ZBC-2 §5.6 (RESET WRITE POINTER)', 'DESIGN.md §3 naive reference'],
  refutes: ['scsi-xcopy-segment-number-off-by-one', 'scsi-reset-keeps-data', 'scsi-token-not-invalidated-on-write'],
  check: (t) => checkScsiAgainstReference(t)?.message ?? null,
};

const expectedText = (e: ExpectedSense): string => (e === 'GOOD' ? 'GOOD' : `${e.key.replace(/_/g, ' ')} ${ASC[e.code].name}${e.information === undefined ? '' : ` with INFORMATION ${e.information}`}`);

export const ERR_04: ScsiProperty = {
  id: 'ERR-04',
  title: 'Each SCSI sense arises exactly in its situation',
  statement:
    'READ(16) and WRITE(16) complete with the status, sense key and ASC/ASCQ that the situation-by-situation statement of SBC-4 and ZBC-2 gives for the LU they met; a READ(16) meets UNRECOVERED READ ERROR exactly where the property\'s own record of latent media errors (injected, not rewritten since) has one, with the first such LBA in INFORMATION; an EXTENDED COPY whose parameter list breaks the operating parameters or names an unsupported descriptor fails with its ILLEGAL REQUEST sense and moves nothing; past it, a failure is COPY ABORTED naming a segment with blocks, COPY TARGET DEVICE NOT REACHABLE exactly for the first such segment that names another LU, and the first segment with blocks fails exactly when its READ or WRITE meets an error on the LU as it was, forwarding that sense (THIRD PARTY DEVICE FAILURE); a WRITE USING TOKEN fails with TOKEN UNKNOWN, EXPIRED, CANCELLED or DELETED exactly when its token\'s history (creation, writes to its blocks, inactivity, DEL_TKN) makes it so.',
  layers: ['device'],
  sources: ['SBC-4 §4.5, §4.11, §4.18, §6.6.4', 'ZBC-2 §4.5.3.2–4.5.3.4', 'SPC-4 r37 §6.4.3.4–6.4.3.5; SPC-5 §5.17.7.3', 'SPC-5 §5.17.7.4, §6.4.6.4 (segment failures)', 'SPC-5 §5.17.6.5.2.3, §5.17.6.7'],
  refutes: ['scsi-write-ignores-wp', 'scsi-token-ignores-inactivity-timeout', 'scsi-token-not-invalidated-on-write', 'scsi-xcopy-ignores-max-segment-length', 'scsi-implicit-open-ignores-limit', 'scsi-rewrite-keeps-media-error', 'scsi-xcopy-segment-number-off-by-one'],
  check: (t) => {
    const tokens = tokenSituations(t);
    let latent: LatentErrors = [];
    for (const st of t.steps) {
      const c = st.command;
      const r = st.result;
      const before = latent;
      latent = noteLatent(latent, st);
      if (!c || !r) continue;
      const got = r.completion;
      let want: ExpectedSense | null = null;
      if (c.cmd === 'read16') want = readSituation(st.before, c.lba, c.blocks, before);
      else if (c.cmd === 'write16') want = writeSituation(st.before, c.lba, c.blocks);
      else if (c.cmd === 'xcopy') {
        want = xcopyListSituation(st.before, c);
        const v = want ? null : xcopySegmentViolation(st.before, c, got, before);
        if (v) return `step ${st.stepNo}: EXTENDED COPY ${v}`;
      }
      else if (c.cmd === 'write-using-token' && st.before.config.rod) {
        const s = tokens.get(st.stepNo);
        const gotToken = got.status === 'CHECK CONDITION' && ASC[got.sense.code].asc === 0x23 ? got.sense.code : 'valid';
        if (s !== undefined && s !== gotToken) return `step ${st.stepNo}: WRITE USING TOKEN with token ${c.token} completed ${completionText(got)}, its token's history calls for ${s === 'valid' ? 'a valid token' : ASC[s].name}`;
        continue;
      }
      if (!want) continue;
      const same = want === 'GOOD' ? got.status === 'GOOD' : got.status === 'CHECK CONDITION' && got.sense.key === want.key && got.sense.code === want.code && (want.information === undefined || got.sense.information === want.information);
      if (!same) return `step ${st.stepNo}: ${c.cmd} completed ${completionText(got)}${got.status === 'CHECK CONDITION' && got.sense.information !== undefined ? ` with INFORMATION ${got.sense.information}` : ''}, its situation calls for ${expectedText(want)}`;
    }
    return null;
  },
};

export const LIMIT_05: ScsiProperty = {
  id: 'LIMIT-05',
  title: 'No SCSI copy beyond the reported limits succeeds',
  statement:
    'An EXTENDED COPY that completes with GOOD has at most MAXIMUM CSCD DESCRIPTOR COUNT CSCD descriptors, MAXIMUM SEGMENT DESCRIPTOR COUNT segment descriptors, descriptor lists within MAXIMUM DESCRIPTOR LIST LENGTH and no segment writing more than MAXIMUM SEGMENT LENGTH bytes; a POPULATE TOKEN or WRITE USING TOKEN with GOOD has at most MAXIMUM RANGE DESCRIPTORS range descriptors, in all at most MAXIMUM TOKEN TRANSFER SIZE blocks, none above the Block Limits MAXIMUM TRANSFER LENGTH; a READ(16)/WRITE(16) with GOOD stays within MAXIMUM TRANSFER LENGTH.',
  layers: ['device'],
  sources: ['SPC-5 §6.25 (RECEIVE COPY OPERATING PARAMETERS)', 'SBC-4 §6.6.9.3 (Block Device ROD Token Limits), §6.6.4 (Block Limits)', 'SBC-4 §5.12.2–5.12.3, §5.59.2'],
  refutes: ['scsi-xcopy-ignores-max-segment-length', 'scsi-xcopy-ignores-max-segment-count', 'scsi-pt-ignores-max-range-descriptors'],
  check: (t) => {
    for (const st of t.steps) {
      const c = st.command;
      if (!c || st.result?.completion.status !== 'GOOD') continue;
      const cfg = st.before.config;
      const mtl = cfg.maxTransferLength;
      if ((c.cmd === 'read16' || c.cmd === 'write16') && mtl && c.blocks > mtl) return `step ${st.stepNo}: ${c.cmd} of ${c.blocks} blocks succeeded, MAXIMUM TRANSFER LENGTH is ${mtl}`;
      if (c.cmd === 'xcopy' && cfg.xcopy) {
        const lim = cfg.xcopy;
        if (c.cscd.length > lim.maxCscdDescriptors) return `step ${st.stepNo}: EXTENDED COPY with ${c.cscd.length} CSCD descriptors succeeded, MAXIMUM CSCD DESCRIPTOR COUNT is ${lim.maxCscdDescriptors}`;
        if (c.segments.length > lim.maxSegmentDescriptors) return `step ${st.stepNo}: EXTENDED COPY with ${c.segments.length} segment descriptors succeeded, MAXIMUM SEGMENT DESCRIPTOR COUNT is ${lim.maxSegmentDescriptors}`;
        if (32 * c.cscd.length + 28 * c.segments.length > lim.maxDescriptorListLength) return `step ${st.stepNo}: EXTENDED COPY descriptor lists of ${32 * c.cscd.length + 28 * c.segments.length} bytes succeeded, MAXIMUM DESCRIPTOR LIST LENGTH is ${lim.maxDescriptorListLength}`;
        const long = c.segments.findIndex((s) => lim.maxSegmentLength && s.blocks * cfg.blockBytes > lim.maxSegmentLength);
        if (long >= 0) return `step ${st.stepNo}: EXTENDED COPY segment ${long} of ${c.segments[long]!.blocks * cfg.blockBytes} bytes succeeded, MAXIMUM SEGMENT LENGTH is ${lim.maxSegmentLength}`;
      }
      if ((c.cmd === 'populate-token' || c.cmd === 'write-using-token') && cfg.rod) {
        const lim = cfg.rod;
        const name = c.cmd === 'populate-token' ? 'POPULATE TOKEN' : 'WRITE USING TOKEN';
        if (c.ranges.length > lim.maxRangeDescriptors) return `step ${st.stepNo}: ${name} with ${c.ranges.length} range descriptors succeeded, MAXIMUM RANGE DESCRIPTORS is ${lim.maxRangeDescriptors}`;
        const total = c.ranges.reduce((s, r) => s + r.blocks, 0);
        if (lim.maxTokenTransferSize && total > lim.maxTokenTransferSize) return `step ${st.stepNo}: ${name} of ${total} blocks succeeded, MAXIMUM TOKEN TRANSFER SIZE is ${lim.maxTokenTransferSize}`;
        if (mtl && c.ranges.some((r) => r.blocks > mtl)) return `step ${st.stepNo}: ${name} with a range above MAXIMUM TRANSFER LENGTH ${mtl} succeeded`;
      }
    }
    return null;
  },
};

export const ZONE_04: ScsiProperty = {
  id: 'ZONE-04',
  title: 'SCSI writes land at the write pointer and advance it',
  statement:
    'Every block a WRITE(16), an EXTENDED COPY segment or a WRITE USING TOKEN range writes into a sequential write required zone starts at that zone\'s write pointer as the earlier writes of the same command left it, and after the command each such zone\'s write pointer has advanced by exactly the blocks written (or the zone is FULL exactly at its end).',
  layers: ['device'],
  sources: ['ZBC-2 §4.5.3.2 (writes in sequential write required zones)', 'SPC-5 §5.17.7.2 (segments processed in order)', 'SBC-4 §4.28.1 (ranges written in order)'],
  refutes: ['scsi-write-ignores-wp', 'scsi-xcopy-wp-not-advanced'],
  check: (t) => {
    for (const st of t.steps) {
      const z = st.before.config.zoned;
      if (!z) continue;
      const sim = new Map<number, number>();
      for (const w of writesOf(st)) {
        const idx = Math.floor(w.lba / z.zoneSize);
        if (idx < z.conventionalZones) continue;
        const wp = sim.get(idx) ?? st.before.zones[idx]?.wp ?? idx * z.zoneSize;
        if (w.lba !== wp) return `step ${st.stepNo}: ${st.step.cmd} wrote ${w.blocks} blocks at LBA ${w.lba} in zone ${idx}, whose write pointer was ${wp}`;
        sim.set(idx, wp + w.blocks);
      }
      for (const [idx, wp] of sim) {
        const after = st.after.zones[idx];
        const end = (idx + 1) * z.zoneSize;
        const now = after?.cond === 'FULL' ? end : (after?.wp ?? idx * z.zoneSize);
        if (now !== wp) return `step ${st.stepNo}: ${st.step.cmd} left zone ${idx}'s write pointer at ${now}${after?.cond === 'FULL' ? ' (FULL)' : ''}, not ${wp}`;
      }
    }
    return null;
  },
};

export const ZONE_05: ScsiProperty = {
  id: 'ZONE-05',
  title: 'SCSI zone conditions stay legal',
  statement:
    'After every command and fault: every sequential write required zone\'s write pointer lies in [zone start, zone end] and below the end unless FULL; a CLOSED zone\'s write pointer is above its start; conventional zones carry no condition; at most MAXIMUM NUMBER OF OPEN SEQUENTIAL WRITE REQUIRED ZONES zones are open; the implicitly opened list is the set of IMPLICITLY OPENED zones; no data lies at or above the write pointer of an EMPTY, open or CLOSED zone.',
  layers: ['device'],
  sources: ['ZBC-2 §4.5.3 (zone conditions, write pointer), §4.5.3.4.2 (open resources)', 'ZBC-2 §5.3 (CLOSE of a zone at its start makes it EMPTY)'],
  refutes: ['scsi-implicit-open-ignores-limit', 'scsi-reset-keeps-data'],
  check: (t) => {
    for (const st of t.steps) {
      const v = checkScsiZoneInvariants(st.after);
      if (v) return `after step ${st.stepNo} (${st.step.cmd}): ${v}`;
    }
    return null;
  },
};

export const ZONE_08: ScsiProperty = {
  id: 'ZONE-08',
  title: 'Each SCSI step leaves each zone in the condition ZBC-2 gives',
  statement:
    'After every command and fault, each zone has the condition and write pointer ZBC-2\'s zone condition state machine gives for its condition before the step, the command and its completion: a write opens an EMPTY or CLOSED zone implicitly, keeps an open zone open, advances the write pointer and makes the zone FULL at its end; OPEN makes EMPTY, CLOSED and IMPLICITLY OPENED zones EXPLICITLY OPENED; CLOSE makes an open zone CLOSED (EMPTY at its start); FINISH makes it FULL; RESET WRITE POINTER makes it EMPTY; ALL acts on exactly the zones ZBC-2 names (OPEN: CLOSED; CLOSE: open; FINISH: open and CLOSED; RESET: open, CLOSED and FULL); opening at the open limit closes the least recently written implicitly opened zone; a failed command changes no zone; READ ONLY and OFFLINE faults set their condition; every other zone stays as it was.',
  layers: ['device'],
  sources: ['ZBC-2 §4.5.3 (zone conditions), §4.5.3.4.2 (open resources)', 'ZBC-2 §5.3–5.6 (CLOSE, FINISH, OPEN, RESET WRITE POINTER; the ALL bit)'],
  refutes: ['scsi-explicit-open-stays-implicit', 'scsi-xcopy-wp-not-advanced'],
  check: (t) => {
    for (const st of t.steps) {
      const v = checkScsiZoneTransitions(st);
      if (v) return `step ${st.stepNo} (${st.step.cmd}${'all' in st.step && st.step.all ? ' all' : ''}): ${v}`;
    }
    return null;
  },
};

export const MODEL_03: ScsiProperty = {
  id: 'MODEL-03',
  title: 'The SCSI reducer never throws and keeps its content well-formed',
  statement: 'No command or event, however malformed its fields, makes the SCSI logical unit reducer throw; after every step the content extent map is sorted, contiguous and canonical.',
  layers: ['device'],
  sources: ['DESIGN.md §4 MODEL', 'SBC-4 §4.5 (an LBA past the capacity is a sense, not a crash)'],
  refutes: ['scsi-assert-past-capacity'],
  check: checkReducerSound,
};

export const ERR_07: ScsiProperty = {
  id: 'ERR-07',
  title: 'Each SCSI copy command leaves the result it completed with',
  statement:
    'After EXTENDED COPY, POPULATE TOKEN or WRITE USING TOKEN, the result RECEIVE COPY STATUS(LID1) / RECEIVE ROD TOKEN INFORMATION reports for its list identifier agrees with the command and its completion: one is left whenever the command completed GOOD or with COPY ABORTED; on GOOD it says 01h, no sense, TRANSFER COUNT the blocks of the command\'s list, SEGMENTS PROCESSED every segment (EXTENDED COPY) or 0, and POPULATE TOKEN names a new valid token of those blocks; a command that ended in CHECK CONDITION and left a result says 02h (completed with errors) with the same sense and no token; EXTENDED COPY then counts exactly the segments before the one its sense names and their blocks; an underrun\'s TRANSFER COUNT is its INFORMATION, and never the whole request.',
  layers: ['device'],
  sources: ['SPC-5 §6.20 (RECEIVE COPY STATUS(LID1)), §6.26 (RECEIVE ROD TOKEN INFORMATION)', 'SPC-4 r36 COPY OPERATION STATUS field (01h without errors, 02h with errors, 03h without errors but partial ROD token usage)', 'SPC-5 §5.17.7.4 (segment number)', 'SBC-4 §4.28.2 (residual, TRANSFER COUNT in INFORMATION)', 'FreeBSD ctl_tpc.c ctl_receive_rod_token_information'],
  refutes: ['scsi-rrti-partial-status-on-error'],
  check: (t) => {
    for (const st of t.steps) {
      const v = copyResultViolation(st);
      if (v) return `step ${st.stepNo}: ${v}`;
    }
    return null;
  },
};

/** The SCSI device properties, in catalogue order. */
export const SCSI_PROPERTIES: readonly ScsiProperty[] = [DATA_05, DATA_06, ERR_04, ERR_06, ERR_07, LIMIT_05, ZONE_04, ZONE_05, ZONE_08, MODEL_03];
