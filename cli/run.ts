// `copyspec run SCENARIO.json`: run a scenario, print one JSON line per step.

import { isDeviceBug, type DeviceBug } from '../model/device/nvme/bugs.js';
import { runDeviceScenario } from '../model/scenario/run-device.js';
import { deviceScenarioSchema } from '../model/scenario/schema.js';
import { UserError } from './errors.js';
import { loadValidated } from './load.js';

export const runCommand = (file: string, bugs: readonly string[], out: (line: string) => void): number => {
  const extra: DeviceBug[] = bugs.map((b) => {
    if (!isDeviceBug(b)) throw new UserError(`unknown variant ${JSON.stringify(b)}; \`copyspec variants\` lists them`);
    return b;
  });
  const scenario = loadValidated(file, deviceScenarioSchema);
  for (const r of runDeviceScenario(scenario, extra).records) out(JSON.stringify(r));
  return 0;
};
