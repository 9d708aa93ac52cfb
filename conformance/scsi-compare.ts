// Comparing one SCSI scenario's run on the model with its run on a target, step by step, as the
// NVMe side does (compare.ts): reads by equality classes of blocks, the rest field by field. A
// differing step is a disagreement; known divergences (scsi-divergences.ts) may explain its fields.
// After an unexplained disagreement, or one whose divergence parts the two states, the rest of the
// scenario is not compared.

import { Classes } from './compare.js';
import type { ScsiScenario, ScsiStep } from '../model/scenario/scsi-schema.js';
import type { ScsiLu } from '../model/device/scsi/lu.js';
import type { ScsiTargetRun } from './scsi-boot.js';
import type { ScsiModelStep } from './scsi-model-side.js';
import type { ScsiObservation, ScsiZoneRow, ScsiZoneView } from './scsi-observation.js';

/**
 * sense: status, sense key, ASC and ASCQ; csi: COMMAND-SPECIFIC INFORMATION of a COPY ABORTED (the
 * failed segment, SPC-5 §5.17.7.4 b); data: which blocks of the reads so far hold equal data;
 * report: a REPORT ZONES answer; zones: every zone's condition and write pointer after the step;
 * params: the RECEIVE COPY OPERATING PARAMETERS limits; lost: no completion (never explained).
 */
export type ScsiField = 'sense' | 'csi' | 'data' | 'report' | 'zones' | 'params' | 'lost';

export type ScsiDisagreement = {
  readonly step: number;
  readonly cmd: string;
  readonly fields: readonly ScsiField[];
  readonly model: ScsiObservation;
  readonly target: ScsiObservation | undefined;
  readonly classes?: { readonly model: readonly number[]; readonly target: readonly number[] };
  readonly explainedBy: readonly string[];
  readonly unexplained: readonly ScsiField[];
};

/** `notSent`: steps the harness did not send to the target (scsi-guest-program.ts), not compared. */
export type ScsiComparison = { readonly steps: number; readonly disagreements: readonly ScsiDisagreement[]; readonly stoppedAfter?: number; readonly notSent?: number };

export type ScsiDivergenceContext = {
  readonly step: ScsiStep;
  readonly before: ScsiLu;
  readonly after: ScsiLu;
  readonly model: ScsiObservation;
  readonly target: ScsiObservation;
  readonly differs: readonly ScsiField[];
};

export type ScsiExplanation = { readonly fields: readonly ScsiField[]; readonly stateDiverges: boolean };

export type ScsiKnownDivergence = {
  readonly id: string;
  readonly target: 'LIO' | 'scsi_debug';
  /** Linux versions showing it, `major.minor`, inclusive; `to` absent: still in the latest read. */
  readonly from: string;
  readonly to?: string;
  readonly targetDoes: string;
  /** The clause the model follows instead. */
  readonly spec: string;
  readonly explains: (c: ScsiDivergenceContext) => ScsiExplanation | null;
};

const sameZones = (a: readonly ScsiZoneView[] | undefined, b: readonly ScsiZoneView[] | undefined): boolean =>
  (a ?? []).length === (b ?? []).length && (a ?? []).every((z, i) => z.cond === b![i]!.cond && z.wp === b![i]!.wp);

const sameReport = (a: readonly ScsiZoneRow[] | undefined, b: readonly ScsiZoneRow[] | undefined): boolean =>
  a === undefined || b === undefined ? a === b : sameZones(a, b) && a.every((z, i) => z.type === b[i]!.type && z.start === b[i]!.start);

const sameParams = (a: ScsiObservation['params'], b: ScsiObservation['params']): boolean =>
  a === undefined || b === undefined ? a === b : Object.keys(a).every((k) => a[k] === b[k]);

/** Sense key COPY ABORTED (Ah). */
const COPY_ABORTED = 0xa;

export const compareScsiScenario = (scenario: ScsiScenario, model: readonly ScsiModelStep[], run: ScsiTargetRun, divergences: readonly ScsiKnownDivergence[]): ScsiComparison => {
  const mc = new Classes();
  const tc = new Classes();
  const disagreements: ScsiDisagreement[] = [];
  let notSent = 0;
  for (const { observation: m, before, after } of model) {
    const t = run.steps.get(m.step);
    if (t?.notSent) {
      notSent += 1;
      continue;
    }
    if (!t || t.failure) {
      const lost = t ?? (run.error ? { ...m, failure: run.error } : undefined);
      disagreements.push({ step: m.step, cmd: m.cmd, fields: ['lost'], model: m, target: lost, explainedBy: [], unexplained: ['lost'] });
      return { steps: model.length, disagreements, stoppedAfter: m.step, notSent };
    }
    const fields: ScsiField[] = [];
    if (m.status !== t.status || m.key !== t.key || m.asc !== t.asc || m.ascq !== t.ascq) fields.push('sense');
    if (m.key === COPY_ABORTED && t.key === COPY_ABORTED && m.commandSpecific !== t.commandSpecific) fields.push('csi');
    let classes: ScsiDisagreement['classes'];
    if (m.blocks && t.blocks) {
      classes = { model: mc.label(m.blocks), target: tc.label(t.blocks) };
      if (classes.model.join() !== classes.target.join()) fields.push('data');
    }
    if (!sameReport(m.report, t.report)) fields.push('report');
    if (!sameZones(m.zonesAfter, t.zonesAfter)) fields.push('zones');
    if (!sameParams(m.params, t.params)) fields.push('params');
    if (!fields.length) continue;
    const context: ScsiDivergenceContext = { step: scenario.steps[m.step - 1]!, before, after, model: m, target: { ...t, cmd: m.cmd }, differs: fields };
    const explanations = divergences.flatMap((d) => {
      const e = d.explains(context);
      return e ? [{ id: d.id, ...e }] : [];
    });
    const unexplained = fields.filter((f) => !explanations.some((e) => e.fields.includes(f)));
    disagreements.push({ step: m.step, cmd: m.cmd, fields, model: m, target: { ...t, cmd: m.cmd }, ...(classes ? { classes } : {}), explainedBy: explanations.map((e) => e.id), unexplained });
    if (unexplained.length || explanations.some((e) => e.stateDiverges)) return { steps: model.length, disagreements, stoppedAfter: m.step, notSent };
  }
  return { steps: model.length, disagreements, notSent };
};
