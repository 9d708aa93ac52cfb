// Run a device scenario: each step goes to its namespace's reducer; one output record per step.
// Pure: the same scenario gives the same records, byte for byte.

import { match } from 'ts-pattern';
import { dataRuns, describeRuns, type Run } from '../content/token.js';
import type { DeviceBug } from '../device/nvme/bugs.js';
import type { NvmeCommand } from '../device/nvme/command.js';
import { sectorsPerBlock, type NvmeNamespaceConfig } from '../device/nvme/config.js';
import { nvmeExecute, nvmeInject, type NvmeResult } from '../device/nvme/execute.js';
import { nvmeNamespaceInit, type NvmeNamespace } from '../device/nvme/namespace.js';
import { NVME_STATUS } from '../device/nvme/status.js';
import type { DeviceConfigEntry, DeviceScenario, DeviceStep } from './schema.js';

/** One printed line of `copyspec run` for a device scenario. */
export type DeviceStepRecord = {
  step: number;
  dev: string;
  cmd: DeviceStep['cmd'];
  sct?: number;
  sc?: number;
  dnr?: boolean;
  dw0?: number;
  dw1?: number;
  status?: string;
  /** Reads: the blocks returned, described as runs of symbolic content. */
  content?: string;
  /** Zone Management Receive: Number of Zones in the report header, and the descriptors. */
  nzones?: number;
  zones?: { zslba: number; state: string; wp: number | null; zcap: number }[];
  fault?: string;
};

export const namespaceConfig = (d: DeviceConfigEntry): NvmeNamespaceConfig => ({
  name: d.name,
  lbaBytes: d.lbaBytes,
  nsze: d.nsze,
  mdts: d.mdts,
  ...(d.copy ? { copy: d.copy } : {}),
  ...(d.zoned ? { zoned: d.zoned } : {}),
});

/** The NVMe command a step stands for; writes carry the data of "write #step" (tag `w<step>`). */
export const stepCommand = (st: Exclude<DeviceStep, { cmd: 'inject' }>, stepNo: number, k: number): NvmeCommand =>
  match(st)
    .with({ cmd: 'read' }, (s) => ({ cmd: 'read' as const, slba: s.slba, nlb: s.nlb }))
    .with({ cmd: 'write' }, (s) => ({ cmd: 'write' as const, slba: s.slba, nlb: s.nlb, data: dataRuns(`w${stepNo}`, (s.nlb + 1) * k) }))
    .with({ cmd: 'zone-append' }, (s) => ({ cmd: 'zone-append' as const, slba: s.slba, nlb: s.nlb, data: dataRuns(`a${stepNo}`, (s.nlb + 1) * k) }))
    .with({ cmd: 'copy' }, (s) => ({ cmd: 'copy' as const, sdlba: s.sdlba, desfmt: s.desfmt, nr: s.nr ?? s.ranges.length - 1, ranges: s.ranges }))
    .with({ cmd: 'zone-mgmt-send' }, (s) => ({ cmd: 'zone-mgmt-send' as const, action: s.action, slba: s.slba, all: s.all }))
    .with({ cmd: 'zone-mgmt-recv' }, (s) => ({ cmd: 'zone-mgmt-recv' as const, slba: s.slba, nz: s.nz }))
    .exhaustive();

export type DeviceRunState = { readonly namespaces: ReadonlyMap<string, NvmeNamespace> };

export const deviceRunInit = (sc: DeviceScenario, extraBugs: readonly DeviceBug[] = []): DeviceRunState => ({
  namespaces: new Map(sc.devices.map((d) => [d.name, nvmeNamespaceInit(namespaceConfig(d), [...d.bugs, ...extraBugs])])),
});

/** Everything one step did: the record to print and, for commands, the reducer's full result. */
export type DeviceStepOutcome = { state: DeviceRunState; record: DeviceStepRecord; result?: NvmeResult; command?: NvmeCommand; before: NvmeNamespace };

export const deviceRunStep = (state: DeviceRunState, st: DeviceStep, stepNo: number): DeviceStepOutcome => {
  const ns = state.namespaces.get(st.dev)!;
  const withNs = (next: NvmeNamespace): DeviceRunState => ({ namespaces: new Map(state.namespaces).set(st.dev, next) });
  if (st.cmd === 'inject') {
    const fault = match(st.fault)
      .with('write-protect', () => ({ fault: 'write-protect' as const }))
      .with('media-error', () => ({ fault: 'media-error' as const, slba: st.slba!, nlb: st.nlb! }))
      .with('zone-read-only', 'zone-offline', (f) => ({ fault: f, slba: st.slba! }))
      .exhaustive();
    return { state: withNs(nvmeInject(ns, fault)), record: { step: stepNo, dev: st.dev, cmd: 'inject', fault: st.fault }, before: ns };
  }
  const k = sectorsPerBlock(ns.config);
  const command = stepCommand(st, stepNo, k);
  const result = nvmeExecute(ns, command);
  const s = NVME_STATUS[result.cqe.status];
  const record: DeviceStepRecord = { step: stepNo, dev: st.dev, cmd: st.cmd, sct: s.sct, sc: s.sc, dnr: result.cqe.dnr, dw0: result.cqe.dw0 };
  if (st.cmd === 'zone-append') record.dw1 = result.cqe.dw1;
  record.status = s.name;
  if (result.data) record.content = describeRuns(result.data as Run[], k, st.dev);
  if (result.report) {
    record.nzones = result.report.nzones;
    record.zones = result.report.zones.map((z) => ({ zslba: z.zslba, state: z.state, wp: z.wp, zcap: z.zcap }));
  }
  return { state: withNs(result.ns), record, result, command, before: ns };
};

/**
 * Run every step; returns the records in order and the final state. With `emit`, each record goes
 * to it as its step runs (`copyspec run` prints it then) and is not kept.
 */
export const runDeviceScenario = (sc: DeviceScenario, extraBugs: readonly DeviceBug[] = [], emit?: (r: DeviceStepRecord) => void): { records: DeviceStepRecord[]; state: DeviceRunState } => {
  let state = deviceRunInit(sc, extraBugs);
  const records: DeviceStepRecord[] = [];
  sc.steps.forEach((st, i) => {
    const out = deviceRunStep(state, st, i + 1);
    state = out.state;
    if (emit) emit(out.record);
    else records.push(out.record);
  });
  return { records, state };
};
