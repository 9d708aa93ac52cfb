// One conformance verdict per scenario: run it on the model and, unless QEMU cannot stand for it,
// on QEMU, and compare. The oracle is injected, so tests judge against recorded QEMU runs.

import type { DeviceBug } from '../model/device/nvme/bugs.js';
import type { DeviceScenario } from '../model/scenario/schema.js';
import { compareScenario, type ScenarioComparison } from './compare.js';
import { divergencesFor } from './divergences.js';
import { guestProgram, unsupportedReason } from './guest-program.js';
import { observeModel } from './model-side.js';
import type { QemuOracle } from './oracle.js';
import { unsupportedDevice } from './qemu-namespace.js';

export type Judgement = { readonly skipped: string } | ScenarioComparison;

/** Why the harness cannot run this scenario on QEMU, or null. */
export const skipReason = (sc: DeviceScenario): string | null =>
  sc.devices.map(unsupportedDevice).find((r) => r !== null) ?? unsupportedReason(sc);

/** Does this judgement carry a disagreement no known divergence explains? */
export const disagrees = (j: Judgement): boolean => 'disagreements' in j && j.disagreements.some((d) => d.unexplained.length > 0);

export const judge = async (scenarios: readonly DeviceScenario[], bugs: readonly DeviceBug[], oracle: Pick<QemuOracle, 'run' | 'version'>): Promise<Judgement[]> => {
  const reasons = scenarios.map(skipReason);
  const runnable = scenarios.filter((_, i) => reasons[i] === null);
  const runs = await oracle.run(runnable.map(guestProgram));
  const divergences = divergencesFor(oracle.version);
  let k = 0;
  return scenarios.map((sc, i) => {
    const why = reasons[i];
    if (why) return { skipped: why };
    return compareScenario(sc, observeModel(sc, bugs), runs[k++]!, divergences);
  });
};
