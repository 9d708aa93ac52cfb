// A run of a device scenario kept step by step, for properties to judge: each step's namespace
// before and after, the command and its completion. A step that throws ends the trace there and is
// recorded, so MODEL-01 can report it and other properties judge the steps before it.

import type { DeviceBug } from '../../model/device/nvme/bugs.js';
import type { NvmeCommand } from '../../model/device/nvme/command.js';
import type { NvmeResult } from '../../model/device/nvme/execute.js';
import type { NvmeNamespace } from '../../model/device/nvme/namespace.js';
import { deviceRunInit, deviceRunStep, type DeviceStepRecord } from '../../model/scenario/run-device.js';
import type { DeviceScenario, DeviceStep } from '../../model/scenario/schema.js';

export type TraceStep = {
  readonly stepNo: number;
  readonly step: DeviceStep;
  readonly before: NvmeNamespace;
  readonly after: NvmeNamespace;
  readonly command?: NvmeCommand;
  readonly result?: NvmeResult;
  readonly record: DeviceStepRecord;
};

export type DeviceTrace = {
  readonly scenario: DeviceScenario;
  readonly steps: readonly TraceStep[];
  /** The first reducer exception, if any: the step number and its message. */
  readonly threw?: { readonly stepNo: number; readonly message: string };
  readonly initial: ReadonlyMap<string, NvmeNamespace>;
};

export const traceDeviceScenario = (scenario: DeviceScenario, bugs: readonly DeviceBug[] = []): DeviceTrace => {
  let state = deviceRunInit(scenario, bugs);
  const initial = state.namespaces;
  const steps: TraceStep[] = [];
  for (let i = 0; i < scenario.steps.length; i++) {
    const step = scenario.steps[i]!;
    try {
      const out = deviceRunStep(state, step, i + 1);
      steps.push({ stepNo: i + 1, step, before: out.before, after: out.state.namespaces.get(step.dev)!, command: out.command, result: out.result, record: out.record });
      state = out.state;
    } catch (e) {
      return { scenario, steps, initial, threw: { stepNo: i + 1, message: (e as Error).message } };
    }
  }
  return { scenario, steps, initial };
};
