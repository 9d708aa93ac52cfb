// Run a SCSI device scenario: each step goes to its logical unit's reducer; one output record per
// step (status, sense key, ASC/ASCQ, sense data bytes, content). Pure: same scenario, same records.

import { match } from 'ts-pattern';
import { dataRuns, describeRuns, type Run } from '../content/token.js';
import type { ScsiBug } from '../device/scsi/bugs.js';
import type { ScsiCommand, ScsiEvent } from '../device/scsi/command.js';
import { scsiSectorsPerBlock, type ScsiLuConfig } from '../device/scsi/config.js';
import { scsiExecute, scsiInject, ZONE_CONDITION_CODE, type ScsiResult } from '../device/scsi/execute.js';
import { scsiLuInit, type ScsiLu } from '../device/scsi/lu.js';
import { ASC, SENSE_KEYS, senseBytes, type ScsiSense } from '../device/scsi/sense.js';
import type { ScsiDeviceEntry, ScsiScenario, ScsiStep } from './scsi-schema.js';

const hex = (n: number): string => `${n.toString(16).toUpperCase().padStart(2, '0')}h`;

/** One printed line of `copyspec run` for a SCSI scenario. */
export type ScsiStepRecord = {
  step: number;
  dev: string;
  cmd: ScsiStep['cmd'];
  status?: 'GOOD' | 'CHECK CONDITION';
  /** Sense key, ASC and ASCQ (hex), and the ASC's name. */
  key?: string;
  asc?: string;
  ascq?: string;
  sense?: string;
  /** INFORMATION (VALID = 1) and COMMAND-SPECIFIC INFORMATION, when set. */
  information?: number;
  commandSpecific?: number;
  /** The sense of a copy source or destination forwarded inside COPY ABORTED. */
  forwarded?: string;
  /** Sense data bytes in the LU's format (fixed 70h or descriptor 72h). */
  senseData?: string;
  content?: string;
  zones?: { start: number; type: string; cond: string; wp: number | null }[];
  copyStatus?: string;
  transferCount?: number;
  segmentsProcessed?: number;
  /** RECEIVE COPY STATUS / RRTI: the sense the copy operation ended with. */
  resultSense?: string;
  token?: number;
  fields?: Readonly<Record<string, number | string>>;
  fault?: string;
  seconds?: number;
};

export const luConfigOf = (d: ScsiDeviceEntry): ScsiLuConfig => ({
  name: d.name,
  blockBytes: d.blockBytes,
  capacity: d.capacity,
  maxTransferLength: d.maxTransferLength,
  optimalTransferLength: d.optimalTransferLength,
  optimalTransferLengthGranularity: d.optimalTransferLengthGranularity,
  senseFormat: d.senseFormat,
  ...(d.xcopy ? { xcopy: d.xcopy } : {}),
  ...(d.rod ? { rod: d.rod } : {}),
  ...(d.zoned ? { zoned: d.zoned } : {}),
});

type CommandStep = Exclude<ScsiStep, { cmd: 'inject' } | { cmd: 'elapse' }>;
type EventStep = Extract<ScsiStep, { cmd: 'inject' } | { cmd: 'elapse' }>;

/** The SCSI command a step stands for; WRITE(16) carries the data of "write #step" (tag `w<step>`). */
export const scsiStepCommand = (st: CommandStep, stepNo: number, k: number): ScsiCommand =>
  match(st)
    .with({ cmd: 'read16' }, (s) => ({ cmd: 'read16' as const, lba: s.lba, blocks: s.blocks }))
    .with({ cmd: 'write16' }, (s) => ({ cmd: 'write16' as const, lba: s.lba, blocks: s.blocks, data: dataRuns(`w${stepNo}`, s.blocks * k) }))
    .with({ cmd: 'xcopy' }, (s) => ({ cmd: 'xcopy' as const, listId: s.listId, cscd: s.cscd, segments: s.segments }))
    .with({ cmd: 'receive-copy-operating-parameters' }, () => ({ cmd: 'receive-copy-operating-parameters' as const }))
    .with({ cmd: 'receive-copy-status' }, (s) => ({ cmd: 'receive-copy-status' as const, listId: s.listId }))
    .with({ cmd: 'populate-token' }, (s) => ({ cmd: 'populate-token' as const, listId: s.listId, inactivityTimeout: s.inactivityTimeout, ranges: s.ranges }))
    .with({ cmd: 'write-using-token' }, (s) => ({ cmd: 'write-using-token' as const, listId: s.listId, token: s.token, tokenLength: s.tokenLength, offset: s.offset, delTkn: s.delTkn, ranges: s.ranges }))
    .with({ cmd: 'receive-rod-token-information' }, (s) => ({ cmd: 'receive-rod-token-information' as const, listId: s.listId }))
    .with({ cmd: 'inquiry' }, (s) => ({ cmd: 'inquiry' as const, page: s.page }))
    .with({ cmd: 'open-zone' }, (s) => ({ cmd: 'zone-out' as const, action: 'open' as const, lba: s.lba, all: s.all }))
    .with({ cmd: 'close-zone' }, (s) => ({ cmd: 'zone-out' as const, action: 'close' as const, lba: s.lba, all: s.all }))
    .with({ cmd: 'finish-zone' }, (s) => ({ cmd: 'zone-out' as const, action: 'finish' as const, lba: s.lba, all: s.all }))
    .with({ cmd: 'reset-write-pointer' }, (s) => ({ cmd: 'zone-out' as const, action: 'reset' as const, lba: s.lba, all: s.all }))
    .with({ cmd: 'report-zones' }, (s) => ({ cmd: 'report-zones' as const, lba: s.lba, count: s.count }))
    .exhaustive();

export const scsiStepEvent = (st: EventStep): ScsiEvent =>
  match(st)
    .with({ cmd: 'elapse' }, (s) => ({ event: 'elapse' as const, seconds: s.seconds }))
    .with({ cmd: 'inject' }, (s) =>
      match(s.fault)
        .with('write-protect', () => ({ event: 'write-protect' as const }))
        .with('media-error', () => ({ event: 'media-error' as const, lba: s.lba!, blocks: s.blocks! }))
        .with('zone-read-only', 'zone-offline', (f) => ({ event: f, lba: s.lba! }))
        .exhaustive())
    .exhaustive();

export type ScsiRunState = { readonly lus: ReadonlyMap<string, ScsiLu> };

export const scsiRunInit = (sc: ScsiScenario, extraBugs: readonly ScsiBug[] = []): ScsiRunState => ({
  lus: new Map(sc.devices.map((d) => [d.name, scsiLuInit(luConfigOf(d), [...d.bugs, ...extraBugs])])),
});

export type ScsiStepOutcome = { state: ScsiRunState; record: ScsiStepRecord; result?: ScsiResult; command?: ScsiCommand; before: ScsiLu };

const senseText = (s: ScsiSense): string => `${s.key.replace(/_/g, ' ')}/${hex(ASC[s.code].asc)}/${hex(ASC[s.code].ascq)} ${ASC[s.code].name}`;

export const scsiRunStep = (state: ScsiRunState, st: ScsiStep, stepNo: number): ScsiStepOutcome => {
  const lu = state.lus.get(st.dev)!;
  const withLu = (next: ScsiLu): ScsiRunState => ({ lus: new Map(state.lus).set(st.dev, next) });
  if (st.cmd === 'inject' || st.cmd === 'elapse') {
    const record: ScsiStepRecord = { step: stepNo, dev: st.dev, cmd: st.cmd, ...(st.cmd === 'inject' ? { fault: st.fault } : { seconds: st.seconds }) };
    return { state: withLu(scsiInject(lu, scsiStepEvent(st))), record, before: lu };
  }
  const k = scsiSectorsPerBlock(lu.config);
  const command = scsiStepCommand(st, stepNo, k);
  const result = scsiExecute(lu, command);
  const c = result.completion;
  const record: ScsiStepRecord = { step: stepNo, dev: st.dev, cmd: st.cmd, status: c.status };
  if (c.status === 'CHECK CONDITION') {
    const s = c.sense;
    record.key = `${s.key.replace(/_/g, ' ')} (${hex(SENSE_KEYS[s.key])})`;
    record.asc = hex(ASC[s.code].asc);
    record.ascq = hex(ASC[s.code].ascq);
    record.sense = ASC[s.code].name;
    if (s.information !== undefined) record.information = s.information;
    if (s.commandSpecific !== undefined) record.commandSpecific = s.commandSpecific;
    if (s.forwarded) record.forwarded = `${s.forwarded.source === 1 ? 'source' : 'destination'}: ${senseText(s.forwarded.sense)}`;
    record.senseData = senseBytes(s, lu.config.senseFormat);
  }
  if (result.data) record.content = describeRuns(result.data as Run[], k, st.dev);
  if (result.zones) record.zones = result.zones.map((z) => ({ start: z.start, type: z.type, cond: `${z.cond.replace(/_/g, ' ')} (${ZONE_CONDITION_CODE[z.cond].toString(16).toUpperCase()}h)`, wp: z.wp }));
  if (result.copyResult) {
    const r = result.copyResult;
    record.copyStatus = hex(r.copyStatus);
    record.transferCount = r.transferCount;
    record.segmentsProcessed = r.segmentsProcessed;
    if (r.token !== undefined) record.token = r.token;
    if (r.sense) record.resultSense = senseText(r.sense);
  }
  if (result.page) record.fields = result.page.fields;
  return { state: withLu(result.lu), record, result, command, before: lu };
};

/** Run every step: the records in order and the final state; with `emit`, each record as its step runs (not kept). */
export const runScsiScenario = (sc: ScsiScenario, extraBugs: readonly ScsiBug[] = [], emit?: (r: ScsiStepRecord) => void): { records: ScsiStepRecord[]; state: ScsiRunState } => {
  let state = scsiRunInit(sc, extraBugs);
  const records: ScsiStepRecord[] = [];
  sc.steps.forEach((st, i) => {
    const out = scsiRunStep(state, st, i + 1);
    state = out.state;
    if (emit) emit(out.record);
    else records.push(out.record);
  });
  return { records, state };
};

