// The sd driver path in the stack (issue 13): SCSI LUs as stack devices, READ(16)/WRITE(16) and
// EXTENDED COPY(LID1) from sd, sense → blk_status_t → errno, mixed NVMe + SCSI stacks, and the
// stack properties over SCSI cases with the known-bad variants they refute.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runStack, runStackScenario, stackConfigOf } from '../../../model/scenario/run-stack.js';
import { stackScenarioSchema } from '../../../model/scenario/stack-schema.js';
import { check, good, type AscName, type SenseKey } from '../../../model/device/scsi/sense.js';
import { scsiErrno, scsiShouldRetry } from '../../../model/driver/scsi-status.js';
import { sdXcopyLimits, sdQueueLimits } from '../../../model/driver/sd.js';
import { checkStackProperty } from '../../../properties/check-stack.js';
import { stackScsiCaseArb } from '../../../properties/stack/generators.js';
import { CMPL_01, DATA_02, LIVE_01, MODEL_02 } from '../../../properties/stack/properties.js';
import { DATA_07, SCSI_STACK_PROPERTIES } from '../../../properties/stack/scsi-properties.js';
import { checkScsiStackProperty } from '../../../properties/stack/scsi-check.js';
import { traceStack } from '../../../properties/stack/trace.js';
import { DEFAULT_RUNS } from '../../../cli/check.js';
import { variantDesign } from '../../../properties/designs.js';
import type { DesignName } from '../../../model/stack/design.js';

const root = join(import.meta.dirname, '..', '..', '..');
const example = (name: string): ReturnType<typeof stackScenarioSchema.parse> => stackScenarioSchema.parse(JSON.parse(readFileSync(join(root, 'examples', name), 'utf8')));
const params = { seed: 1, runs: 150 };

describe('sense → blk_status_t → errno (scsi_check_sense, scsi_result_to_blk_status, scsi_io_completion_action)', () => {
  const cases: [SenseKey, AscName, number][] = [
    ['ILLEGAL_REQUEST', 'INVALID_FIELD_IN_CDB', -121],
    ['ILLEGAL_REQUEST', 'INVALID_COMMAND_OPERATION_CODE', -121],
    ['ILLEGAL_REQUEST', 'INVALID_FIELD_IN_PARAMETER_LIST', -121],
    ['ILLEGAL_REQUEST', 'LBA_OUT_OF_RANGE', -121],
    ['ILLEGAL_REQUEST', 'TOKEN_CANCELLED', -5],
    ['ILLEGAL_REQUEST', 'PARAMETER_LIST_LENGTH_ERROR', -5],
    ['MEDIUM_ERROR', 'UNRECOVERED_READ_ERROR', -61],
    ['DATA_PROTECT', 'WRITE_PROTECTED', -121],
    ['DATA_PROTECT', 'INSUFFICIENT_ZONE_RESOURCES', -109],
    ['COPY_ABORTED', 'THIRD_PARTY_DEVICE_FAILURE', -121],
  ];
  it.each(cases)('%s %s → %d, not retried', (key, code, errno) => {
    expect(scsiErrno(check(key, code))).toBe(errno);
    expect(scsiShouldRetry(check(key, code), 0)).toBe(false);
  });
  it('GOOD is 0; the known-bad sd-ignores-sense makes every CHECK CONDITION 0', () => {
    expect(scsiErrno(good())).toBe(0);
    expect(scsiErrno(check('MEDIUM_ERROR', 'UNRECOVERED_READ_ERROR'), ['sd-ignores-sense'])).toBe(0);
  });
});

describe('sd limits', () => {
  const lu = { name: 'sda', blockBytes: 512 as const, capacity: 1024, maxTransferLength: 64, optimalTransferLength: 0, optimalTransferLengthGranularity: 0, senseFormat: 'fixed' as const };
  it('max_sectors from MAXIMUM TRANSFER LENGTH; no EXTENDED COPY support → max_copy_sectors 0', () => {
    expect(sdQueueLimits(lu).maxSectors).toBe(64);
    expect(sdXcopyLimits(lu, sdQueueLimits(lu)).maxCopySectors).toBe(0);
  });
  it('segments within MAXIMUM SEGMENT LENGTH, unless sd-xcopy-segment-too-long', () => {
    const x = { ...lu, xcopy: { maxCscdDescriptors: 2, maxSegmentDescriptors: 4, maxDescriptorListLength: 1024, maxSegmentLength: 4096 } };
    expect(sdXcopyLimits(x, sdQueueLimits(x))).toMatchObject({ maxCopySegmentSectors: 8, maxCopySrcSegments: 4, maxCopySectors: 32 });
    expect(sdXcopyLimits(x, sdQueueLimits(x), ['sd-xcopy-segment-too-long']).maxCopySegmentSectors).toBe(0xffff);
  });
});

describe('examples/stack-scsi-*.json', () => {
  it('xcopy: a vectored copy becomes one EXTENDED COPY with a segment per source segment', () => {
    const out = runStackScenario(example('stack-scsi-xcopy.json'));
    const x = out.find((r) => r.event === 'scsi-cmd' && r.cmd === 'xcopy');
    expect(x?.cdb).toBe('EXTENDED COPY list 3 [0+8→1024, 64+8→1032, 72+8→1040]');
    expect(out.at(-1)).toMatchObject({ event: 'end', quiescent: true, ops: [0, 0, 0] });
  });
  it('token: a write that lands between POPULATE TOKEN and WRITE USING TOKEN cancels the token; the copy fails, nothing new reaches the destination', () => {
    const sc = example('stack-scsi-token.json');
    const out = runStackScenario(sc);
    expect(out.filter((r) => r.event === 'scsi-cmd').map((r) => r.cmd)).toEqual(['populate-token', 'write16', 'receive-rod-token-information', 'write-using-token']);
    expect(out.find((r) => r.event === 'scsi-done' && r.cmd === 'write-using-token')?.sense).toMatch(/TOKEN CANCELLED/);
    expect(out.at(-1)).toMatchObject({ ops: [0, -5] });
    expect(DATA_07.check(traceStack(stackConfigOf(sc), runStack(stackConfigOf(sc), sc.schedule ?? []).schedule))).toBeNull();
  });
  it('token: DATA-07 refutes the LU that forgets to invalidate (scsi-token-not-invalidated-on-write)', () => {
    const sc = example('stack-scsi-token.json');
    const t = traceStack(stackConfigOf(sc, [], [], ['scsi-token-not-invalidated-on-write']), runStack(stackConfigOf(sc), sc.schedule ?? []).schedule);
    expect(DATA_07.check(t)).toMatch(/data written after the token was made reached the destination/);
  });
  it('mixed: a copy across the NVMe namespace and the SCSI LU falls back; a copy within the LU is an EXTENDED COPY', () => {
    const out = runStackScenario(example('stack-scsi-mixed.json'));
    expect(out[0]).toMatchObject({ event: 'fallback', op: 0, errno: -95 });
    expect(out.find((r) => r.event === 'scsi-cmd' && r.cmd === 'xcopy')?.ops).toEqual([1]);
    expect(out.at(-1)).toMatchObject({ quiescent: true, ops: [0, 0] });
  });
});

const holdsOn = (design: DesignName): void => {
  it.each([DATA_02, CMPL_01, MODEL_02, LIVE_01].map((p) => [p.id, p] as const))(`%s holds on ${design} over SCSI and mixed stacks`, (_, p) => {
    const v = checkStackProperty(p, [], params, design, stackScsiCaseArb([], design));
    expect(v.verdict === 'refuted' ? `${v.violation}\n${JSON.stringify(v.counterexample)}` : 'holds').toBe('holds');
  });
};

describe('stack properties over SCSI cases', () => {
  holdsOn('vectored-bio+fix');
  holdsOn('multi-bio-plug');
  holdsOn('token+fix');
  holdsOn('emulation');
  it('DATA-02 refutes sd-ignores-sense', () => {
    expect(checkStackProperty(DATA_02, ['sd-ignores-sense'], params, 'vectored-bio+fix', stackScsiCaseArb(['sd-ignores-sense'], 'vectored-bio+fix')).verdict).toBe('refuted');
  });
  it('DATA-02 refutes sd-xcopy-ignores-segment-number (a partly failed EXTENDED COPY ends every request with success)', () => {
    const bug = 'sd-xcopy-ignores-segment-number' as const;
    expect(checkStackProperty(DATA_02, [bug], { seed: 1, runs: 400 }, 'multi-bio-plug', stackScsiCaseArb([bug], 'multi-bio-plug', ['scsi'])).verdict).toBe('refuted');
  });
});

// The SCSI stack properties as `copyspec check` runs them: each holds on the design its variants run
// on, refutes every variant it declares at the ci number of runs, and its counterexample replays.
describe.each(SCSI_STACK_PROPERTIES.map((p) => [p.id, p] as const))('%s (SCSI stack cells)', (_, p) => {
  const ci = { seed: 1, runs: DEFAULT_RUNS.stack };
  it.each([...new Set(p.refutes.map((v) => variantDesign(v)))].map((d) => [d]))('holds on %s', (design) => {
    const v = checkScsiStackProperty(p, null, ci, design);
    expect(v.verdict === 'refuted' ? `${v.violation}\n${JSON.stringify(v.counterexample)}` : 'holds').toBe('holds');
  });
  it.each(p.refutes.map((b) => [b]))('refutes %s, and the counterexample replays to the same violation', (bug) => {
    const v = checkScsiStackProperty(p, bug, ci, variantDesign(bug));
    expect(v.verdict).toBe('refuted');
    if (v.verdict !== 'refuted') return;
    const sc = stackScenarioSchema.parse(v.counterexample);
    const cfg = stackConfigOf(sc);
    expect(p.check(traceStack(cfg, runStack(cfg, sc.schedule ?? []).schedule))).toBe(v.violation);
  });
});
