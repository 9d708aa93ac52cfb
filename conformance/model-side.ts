// The model's side of a conformance run: each step of a scenario through the specified reducer
// (model/scenario/run-device.ts), observed as the host would see it (observation.ts). Pure.

import { runKeys } from '../model/content/token.js';
import type { DeviceBug } from '../model/device/nvme/bugs.js';
import { sectorsPerBlock, zoneCount } from '../model/device/nvme/config.js';
import { wpValid, zoneAt, type NvmeNamespace } from '../model/device/nvme/namespace.js';
import { deviceRunInit, deviceRunStep } from '../model/scenario/run-device.js';
import type { DeviceScenario } from '../model/scenario/schema.js';
import type { StepObservation, ZoneView } from './observation.js';

export type ModelStep = {
  readonly observation: StepObservation;
  /** The namespace the step ran on, before it ran (what a divergence predicate may consult). */
  readonly before: NvmeNamespace;
};

const zonesOf = (ns: NvmeNamespace): ZoneView[] | undefined => {
  if (!ns.config.zoned) return undefined;
  return Array.from({ length: zoneCount(ns.config) }, (_, i) => {
    const z = zoneAt(ns, i);
    return { state: z.state, wp: wpValid(z.state) ? z.wp : null };
  });
};

/** One block key per logical block: its sectors' token keys, joined. */
const blockKeys = (keys: readonly string[], k: number): string[] =>
  Array.from({ length: keys.length / k }, (_, b) => keys.slice(b * k, b * k + k).join(' '));

/** Run `scenario` through the model with `bugs` added to every device. Inject steps are not observed. */
export const observeModel = (scenario: DeviceScenario, bugs: readonly DeviceBug[] = []): ModelStep[] => {
  let state = deviceRunInit(scenario, bugs);
  const steps: ModelStep[] = [];
  scenario.steps.forEach((st, i) => {
    const out = deviceRunStep(state, st, i + 1);
    state = out.state;
    const r = out.record;
    if (st.cmd === 'inject' || !out.result) return;
    const after = out.state.namespaces.get(st.dev)!;
    const res = out.result;
    const zones = zonesOf(after);
    const observation: StepObservation = {
      step: r.step,
      cmd: r.cmd,
      sct: r.sct!,
      sc: r.sc!,
      dnr: r.dnr!,
      dw0: res.cqe.dw0,
      dw1: res.cqe.dw1,
      ...(res.data ? { blocks: blockKeys(runKeys(res.data), sectorsPerBlock(after.config)) } : {}),
      ...(res.report ? { report: { nzones: res.report.nzones, zones: res.report.zones.map((z) => ({ zslba: z.zslba, zcap: z.zcap, state: z.state, wp: z.wp })) } } : {}),
      ...(zones ? { zonesAfter: zones } : {}),
    };
    steps.push({ observation, before: out.before });
  });
  return steps;
};
