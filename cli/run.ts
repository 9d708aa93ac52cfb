// `copyspec run SCENARIO.json`: run a scenario. A device scenario (`steps`) prints one JSON line per
// step; a stack scenario (`ops`) prints one line per event, the final content of every block
// device, and an `end` line. Each line is printed as the run produces it, not collected first.

import { DEVICE_BUGS, isDeviceBug, type DeviceBug } from '../model/device/nvme/bugs.js';
import { STACK_BUGS, isStackBug, type StackBug } from '../model/block/bugs.js';
import { runDeviceScenario } from '../model/scenario/run-device.js';
import { ScheduleError, stackConfigOf, streamStackScenario } from '../model/scenario/run-stack.js';
import { deviceScenarioSchema } from '../model/scenario/schema.js';
import { stackScenarioSchema } from '../model/scenario/stack-schema.js';
import { isScsiScenario, scsiScenarioSchema } from '../model/scenario/scsi-schema.js';
import { runScsiScenario } from '../model/scenario/run-scsi.js';
import { SCSI_BUGS, isScsiBug, type ScsiBug } from '../model/device/scsi/bugs.js';
import { UserError } from './errors.js';
import { readJsonFile, validate } from './load.js';
import { command } from './options.js';

/** Every known-bad variant name, for the `--bug` options (`copyspec variants` lists them). */
export const VARIANT_CHOICES = { noun: 'variant', values: [...Object.keys(DEVICE_BUGS), ...Object.keys(STACK_BUGS), ...Object.keys(SCSI_BUGS)], hint: '`copyspec variants` lists them' } as const;

export const runCommand = (file: string, bugs: readonly string[], out: (line: string) => void): number => {
  const deviceBugs: DeviceBug[] = [];
  const stackBugs: StackBug[] = [];
  const scsiBugs: ScsiBug[] = [];
  for (const b of bugs) {
    if (isDeviceBug(b)) deviceBugs.push(b);
    else if (isScsiBug(b)) scsiBugs.push(b);
    else if (isStackBug(b)) stackBugs.push(b);
    else throw new UserError(`unknown variant ${JSON.stringify(b)}; \`copyspec variants\` lists them`);
  }
  const json = readJsonFile(file);
  if (typeof json === 'object' && json !== null && 'ops' in json) {
    const scenario = validate(file, json, stackScenarioSchema);
    try {
      streamStackScenario(scenario, stackConfigOf(scenario, deviceBugs, stackBugs, scsiBugs), (r) => out(JSON.stringify(r)));
    } catch (e) {
      if (e instanceof ScheduleError) throw new UserError(`${file}: ${e.message}`);
      throw e;
    }
    return 0;
  }
  if (isScsiScenario(json)) {
    if (deviceBugs.length || stackBugs.length) throw new UserError(`variant ${deviceBugs[0] ?? stackBugs[0]} is not a SCSI variant; ${file} is a SCSI scenario`);
    runScsiScenario(validate(file, json, scsiScenarioSchema), scsiBugs, (r) => out(JSON.stringify(r)));
    return 0;
  }
  if (stackBugs.length) throw new UserError(`variant ${stackBugs[0]} breaks the host stack; ${file} is a device scenario (no ops)`);
  const scenario = validate(file, json, deviceScenarioSchema);
  runDeviceScenario(scenario, deviceBugs, (r) => out(JSON.stringify(r)));
  return 0;
};

export const RUN = command({
  name: 'run',
  operand: { name: 'SCENARIO.json', help: 'a scenario file (copyspec-scenario/1; README "Scenario files")' },
  summary: 'run a scenario: a device scenario (steps) prints one JSON line per step; a stack scenario (ops) one line per event, then the final content of every block device',
  options: {
    bug: { type: 'string', arg: 'NAME', multiple: true, choices: VARIANT_CHOICES, help: 'run with this known-bad variant (device or stack)' },
  },
  run: (o, file, out) => runCommand(file, o.bug, out),
});
