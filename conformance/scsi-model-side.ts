// The model's side of a SCSI conformance run: each step of a scenario through the SCSI reducer
// (model/scenario/run-scsi.ts), observed as the host sees a target (scsi-observation.ts). Pure.

import { runKeys } from '../model/content/token.js';
import type { ScsiBug } from '../model/device/scsi/bugs.js';
import { scsiSectorsPerBlock, scsiZoneCount } from '../model/device/scsi/config.js';
import { ZONE_CONDITION_CODE, type ScsiLu } from '../model/device/scsi/lu.js';
import { ASC, SENSE_KEYS } from '../model/device/scsi/sense.js';
import { zoneState } from '../model/device/scsi/zone.js';
import { scsiRunInit, scsiRunStep } from '../model/scenario/run-scsi.js';
import type { ScsiScenario } from '../model/scenario/scsi-schema.js';
import { wpValidCond, type ScsiObservation, type ScsiZoneView } from './scsi-observation.js';

export type ScsiModelStep = {
  readonly observation: ScsiObservation;
  /** The LU before and after the step (what a divergence predicate may consult). */
  readonly before: ScsiLu;
  readonly after: ScsiLu;
};

const zonesOf = (lu: ScsiLu): ScsiZoneView[] | undefined => {
  if (!lu.config.zoned) return undefined;
  return Array.from({ length: scsiZoneCount(lu.config) }, (_, i) => {
    const z = zoneState(lu, i);
    const cond = ZONE_CONDITION_CODE[z.cond];
    return { cond, wp: wpValidCond(cond) ? z.wp : null };
  });
};

/** One key per logical block: its sectors' token keys, joined. */
const blockKeys = (keys: readonly string[], k: number): string[] => Array.from({ length: keys.length / k }, (_, b) => keys.slice(b * k, b * k + k).join(' '));

/** Run `scenario` through the model with `bugs` added. Steps without a command (elapse, inject) are not observed. */
export const observeScsiModel = (scenario: ScsiScenario, bugs: readonly ScsiBug[] = []): ScsiModelStep[] => {
  let state = scsiRunInit(scenario, bugs);
  const steps: ScsiModelStep[] = [];
  scenario.steps.forEach((st, i) => {
    const out = scsiRunStep(state, st, i + 1);
    state = out.state;
    const res = out.result;
    if (!res) return;
    const after = out.state.lus.get(st.dev)!;
    const c = res.completion;
    const sense = c.status === 'CHECK CONDITION' ? c.sense : undefined;
    const zones = zonesOf(after);
    const observation: ScsiObservation = {
      step: i + 1,
      cmd: st.cmd,
      status: sense ? 2 : 0,
      key: sense ? SENSE_KEYS[sense.key] : 0,
      asc: sense ? ASC[sense.code].asc : 0,
      ascq: sense ? ASC[sense.code].ascq : 0,
      commandSpecific: sense?.commandSpecific ?? 0,
      ...(res.data ? { blocks: blockKeys(runKeys(res.data), scsiSectorsPerBlock(after.config)) } : {}),
      ...(res.zones ? { report: res.zones.map((z) => ({ type: z.type === 'CONVENTIONAL' ? 1 : 2, start: z.start, cond: ZONE_CONDITION_CODE[z.cond], wp: wpValidCond(ZONE_CONDITION_CODE[z.cond]) ? z.wp : null })) } : {}),
      ...(res.page && st.cmd === 'receive-copy-operating-parameters'
        ? { params: Object.fromEntries(['maxCscdDescriptors', 'maxSegmentDescriptors', 'maxDescriptorListLength', 'maxSegmentLength'].map((k) => [k, Number(res.page!.fields[k])])) }
        : {}),
      ...(zones ? { zonesAfter: zones } : {}),
    };
    steps.push({ observation, before: out.before, after });
  });
  return steps;
};
