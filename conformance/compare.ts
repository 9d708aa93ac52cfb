// Comparing one scenario's run on the model with its run on QEMU, step by step. Reads are compared
// by equality classes: the guest's data is random, so what must agree is which blocks read so far
// hold equal data, not the data. Blocks are numbered in the order first seen on each side
// (a canonical labelling); the two labellings agree up to a step iff the equalities do.
// A differing step is a disagreement; known divergences (divergences.ts) may explain its fields.
// After an unexplained disagreement, or one whose divergence parts the two states, the rest of the
// scenario is not compared (it would only repeat the first difference).

import { NVME_STATUS } from '../model/device/nvme/status.js';
import type { DeviceScenario } from '../model/scenario/schema.js';
import type { KnownDivergence } from './divergences.js';
import type { Field } from './fields.js';
import type { ModelStep } from './model-side.js';
import type { StepObservation, ZoneView } from './observation.js';
import type { QemuRun } from './qemu-boot.js';

export type Disagreement = {
  readonly step: number;
  readonly cmd: string;
  readonly fields: readonly Field[];
  readonly model: StepObservation;
  readonly qemu: StepObservation | undefined;
  /** Block class labels of a read on each side (1 = the first distinct block seen, …). */
  readonly classes?: { readonly model: readonly number[]; readonly qemu: readonly number[] };
  readonly explainedBy: readonly string[];
  /** Fields no known divergence accounts for: empty when the disagreement is explained. */
  readonly unexplained: readonly Field[];
};

export type ScenarioComparison = {
  readonly steps: number;
  readonly disagreements: readonly Disagreement[];
  /** The step after which comparing stopped, if it did. */
  readonly stoppedAfter?: number;
};

/** Labels blocks by first appearance: equal keys, equal labels (also conformance/scsi-compare.ts). */
export class Classes {
  private readonly ids = new Map<string, number>();
  label(keys: readonly string[]): number[] {
    return keys.map((k) => {
      if (!this.ids.has(k)) this.ids.set(k, this.ids.size + 1);
      return this.ids.get(k)!;
    });
  }
}

const sameZones = (a: readonly ZoneView[] | undefined, b: readonly ZoneView[] | undefined): boolean =>
  (a ?? []).length === (b ?? []).length && (a ?? []).every((z, i) => z.state === b![i]!.state && z.wp === b![i]!.wp);

const sameReport = (a: StepObservation['report'], b: StepObservation['report']): boolean =>
  a === undefined || b === undefined
    ? a === b
    : a.nzones === b.nzones && sameZones(a.zones, b.zones) && a.zones.every((z, i) => z.zslba === b.zones[i]!.zslba && z.zcap === b.zones[i]!.zcap);

const ok = (o: StepObservation): boolean => o.sct === NVME_STATUS.SUCCESS.sct && o.sc === NVME_STATUS.SUCCESS.sc;

/** Does Dword 0 carry meaning for this command and outcome? (A failed Copy; a Zone Append that succeeded.) */
const dw0Meaningful = (m: StepObservation, q: StepObservation): boolean =>
  (m.cmd === 'copy' && !ok(m) && !ok(q)) || (m.cmd === 'zone-append' && ok(m) && ok(q));

export const compareScenario = (scenario: DeviceScenario, model: readonly ModelStep[], qemu: QemuRun, divergences: readonly KnownDivergence[]): ScenarioComparison => {
  const mc = new Classes();
  const qc = new Classes();
  const disagreements: Disagreement[] = [];
  for (const { observation: m, before } of model) {
    const q = qemu.steps.get(m.step);
    if (!q || q.failure) {
      disagreements.push({ step: m.step, cmd: m.cmd, fields: ['lost'], model: m, qemu: q, explainedBy: [], unexplained: ['lost'] });
      return { steps: model.length, disagreements, stoppedAfter: m.step };
    }
    const fields: Field[] = [];
    if (m.sct !== q.sct || m.sc !== q.sc) fields.push('status');
    if (m.dnr !== q.dnr) fields.push('dnr');
    if (dw0Meaningful(m, q) && (m.dw0 !== q.dw0 || (m.cmd === 'zone-append' && m.dw1 !== q.dw1))) fields.push('dw0');
    let classes: Disagreement['classes'];
    if (m.blocks && q.blocks) {
      classes = { model: mc.label(m.blocks), qemu: qc.label(q.blocks) };
      if (classes.model.join() !== classes.qemu.join()) fields.push('data');
    }
    if (!sameReport(m.report, q.report)) fields.push('report');
    if (!sameZones(m.zonesAfter, q.zonesAfter)) fields.push('zones');
    if (!fields.length) continue;
    const context = { step: scenario.steps[m.step - 1]!, before, model: m, qemu: q, differs: fields };
    const explanations = divergences.flatMap((d) => {
      const e = d.explains(context);
      return e ? [{ id: d.id, ...e }] : [];
    });
    const unexplained = fields.filter((f) => !explanations.some((e) => e.fields.includes(f)));
    disagreements.push({ step: m.step, cmd: m.cmd, fields, model: m, qemu: q, ...(classes ? { classes } : {}), explainedBy: explanations.map((e) => e.id), unexplained });
    if (unexplained.length || explanations.some((e) => e.stateDiverges)) return { steps: model.length, disagreements, stoppedAfter: m.step };
  }
  return { steps: model.length, disagreements };
};
