// A run of a SCSI device scenario kept step by step for properties to judge: each step's LU before
// and after, the command and its result. A step that throws ends the trace there and is recorded.

import type { ScsiBug } from '../../../model/device/scsi/bugs.js';
import type { ScsiCommand } from '../../../model/device/scsi/command.js';
import type { ScsiResult } from '../../../model/device/scsi/execute.js';
import type { ScsiLu } from '../../../model/device/scsi/lu.js';
import { scsiRunInit, scsiRunStep, type ScsiStepRecord } from '../../../model/scenario/run-scsi.js';
import type { ScsiScenario, ScsiStep } from '../../../model/scenario/scsi-schema.js';
import type { PropertyMeta } from '../../property.js';

export type ScsiTraceStep = {
  readonly stepNo: number;
  readonly step: ScsiStep;
  readonly before: ScsiLu;
  readonly after: ScsiLu;
  readonly command?: ScsiCommand;
  readonly result?: ScsiResult;
  readonly record: ScsiStepRecord;
};

export type ScsiTrace = {
  readonly scenario: ScsiScenario;
  readonly steps: readonly ScsiTraceStep[];
  readonly threw?: { readonly stepNo: number; readonly message: string };
  readonly initial: ReadonlyMap<string, ScsiLu>;
};

/** A property over SCSI device traces: the first violation in one line, or null. */
export type ScsiProperty = PropertyMeta<ScsiBug> & { readonly check: (trace: ScsiTrace) => string | null };

/** Run `scenario` step by step, `next` choosing each step from the LUs as they stand (or the scenario's own steps). */
export const traceScsi = (
  scenario: ScsiScenario,
  bugs: readonly ScsiBug[],
  steps: number,
  next: (lus: ReadonlyMap<string, ScsiLu>, i: number) => ScsiStep,
): ScsiTrace => {
  let state = scsiRunInit(scenario, bugs);
  const initial = state.lus;
  const out: ScsiTraceStep[] = [];
  for (let i = 0; i < steps; i++) {
    const step = next(state.lus, i);
    try {
      const r = scsiRunStep(state, step, i + 1);
      out.push({ stepNo: i + 1, step, before: r.before, after: r.state.lus.get(step.dev)!, command: r.command, result: r.result, record: r.record });
      state = r.state;
    } catch (e) {
      return { scenario, steps: out, initial, threw: { stepNo: i + 1, message: (e as Error).message } };
    }
  }
  return { scenario, steps: out, initial };
};

/** The trace of a concrete scenario (replaying a file). */
export const traceScsiScenario = (scenario: ScsiScenario, bugs: readonly ScsiBug[] = []): ScsiTrace =>
  traceScsi(scenario, bugs, scenario.steps.length, (_lus, i) => scenario.steps[i]!);
