// Run a stack scenario: init, then the schedule (explicit entries, then the default policy) until
// quiescence or until nothing is enabled; the events as JSON-ready records, then the final content
// of every block device read through the stack. Pure and deterministic.
//
// The history is an append-only log the runner owns: each step's state carries only that step's
// events (model/stack/state.ts), which the runner appends here, so a step costs the same at the
// ten-thousandth op as at the first and the run's output can be printed as it happens.

import { describeRuns } from '../content/token.js';
import type { DeviceBug } from '../device/nvme/bugs.js';
import type { StackBug } from '../block/bugs.js';
import { NVME_STATUS, type NvmeStatusName } from '../device/nvme/status.js';
import { stackEnabled, quiescent } from '../stack/enabled.js';
import { stackInit } from '../stack/init.js';
import { bdevSectors, readThrough } from '../stack/read-through.js';
import { stepEvents, type StackAction, type StackConfig, type StackEvent, type StackState } from '../stack/state.js';
import { stackStep } from '../stack/step.js';
import { namespaceConfig } from './run-device.js';
import type { StackScenario } from './stack-schema.js';
import { luConfigOf } from './run-scsi.js';
import type { ScsiBug } from '../device/scsi/bugs.js';
import { describeScsiCommand } from '../driver/sd.js';
import { opsOf } from '../stack/ops.js';

export const stackConfigOf = (sc: StackScenario, extraDeviceBugs: readonly DeviceBug[] = [], extraStackBugs: readonly StackBug[] = [], extraScsiBugs: readonly ScsiBug[] = []): StackConfig => ({
  design: sc.design,
  devices: sc.devices.flatMap((d) => (d.kind === 'nvme' ? [{ ...namespaceConfig(d), bugs: [...d.bugs, ...extraDeviceBugs] }] : [])),
  // SCSI LUs behind sd (model/driver/sd.ts).
  ...(sc.devices.some((d) => d.kind === 'scsi') ? { scsi: sc.devices.flatMap((d) => (d.kind === 'scsi' ? [{ ...luConfigOf(d), bugs: [...d.bugs, ...extraScsiBugs] }] : [])) } : {}),
  dm: sc.dm,
  partitions: sc.partitions,
  tags: sc.tags,
  plug: sc.plug,
  nowait: sc.nowait,
  ...(sc.nomerges ? { nomerges: true } : {}),
  ...(sc.copyMaxBytes ? { copyMaxBytes: sc.copyMaxBytes } : {}),
  ops: sc.ops,
  faults: sc.faults,
  bugs: [...sc.stackBugs, ...extraStackBugs],
});

/** The task's own work first (map, then alloc), then the next op, then the device (oldest command). */
const DEFAULT_ORDER: readonly StackAction['kind'][] = ['map', 'alloc', 'submit', 'finish-plug', 'exec'];

export const defaultChoice = (enabled: readonly StackAction[]): number => {
  for (const kind of DEFAULT_ORDER) {
    const i = enabled.findIndex((a) => a.kind === kind);
    if (i >= 0) return i;
  }
  return -1;
};

export type ScheduleEntry = number | StackAction['kind'];

/**
 * Most steps a run takes by default (RunOptions.maxSteps): a count, never the clock. A run that would
 * go on is `cut` — neither quiescent nor stuck: a livelock or just a long run (the checker tells
 * them apart by a repeated state, properties/stack/livelock.ts).
 */
export const MAX_STEPS = 100_000;

export type StackRun = {
  /** Every state from init when `keep`, else none. */
  readonly states: readonly StackState[];
  readonly actions: readonly StackAction[];
  /** The choices taken, as indices into enabled(): replaying them is exact. */
  readonly schedule: readonly number[];
  readonly final: StackState;
  /** The history: every step's events, in order (states[i+1].events are those of actions[i]). */
  readonly events: readonly StackEvent[];
  readonly quiescent: boolean;
  /** The step budget (RunOptions.maxSteps) ran out while the policy still had a step to take. */
  readonly cut?: true;
  /** With `catchThrows`: the step whose reducer threw (0-based) and its message; the run ends there. */
  readonly threw?: { readonly step: number; readonly message: string };
};

export type RunOptions = {
  readonly keep?: boolean;
  /**
   * Explorer choices: an index is taken modulo the number of enabled actions, so any list of
   * naturals is a schedule (what fast-check shrinks). Without it, an entry that names nothing
   * enabled is a ScheduleError (a scenario file's schedule must fit the model).
   */
  readonly modulo?: boolean;
  /** Record a reducer exception as `threw` instead of propagating it (MODEL-02 judges it). */
  readonly catchThrows?: boolean;
  /** Called after each step `n` (0-based) with the events it appended to the history: to print a run as it goes. */
  readonly onStep?: (n: number, events: readonly StackEvent[]) => void;
  /** Most steps to take (default MAX_STEPS); a run that would take one more ends `cut`. */
  readonly maxSteps?: number;
};

/** Resolve one schedule entry against the enabled actions; null when it names nothing enabled. */
export const resolveEntry = (enabled: readonly StackAction[], e: ScheduleEntry): number | null => {
  if (typeof e === 'number') return e < enabled.length ? e : null;
  const i = enabled.findIndex((a) => a.kind === e);
  return i >= 0 ? i : null;
};

export class ScheduleError extends Error {}

/**
 * Run from init: the schedule's entries first, then the default policy, until nothing the policy
 * takes is enabled. The one driver of the stack: `copyspec run`, `replay`, the checker's traces
 * and the benchmarks all come through here.
 */
export const runStack = (cfg: StackConfig, schedule: readonly ScheduleEntry[] = [], opts: RunOptions = {}): StackRun => {
  let s = stackInit(cfg);
  const states: StackState[] = opts.keep ? [s] : [];
  const actions: StackAction[] = [];
  const taken: number[] = [];
  const log: StackEvent[] = [];
  let threw: StackRun['threw'];
  let cut = false;
  const maxSteps = opts.maxSteps ?? MAX_STEPS;
  for (let n = 0; ; n++) {
    const en = stackEnabled(s);
    // Nothing enabled ends the run — unless a scenario file's schedule still names a step.
    if (en.length === 0 && (opts.modulo || n >= schedule.length)) break;
    let i: number;
    if (n < schedule.length) {
      const e = schedule[n]!;
      const r = opts.modulo && typeof e === 'number' ? e % en.length : resolveEntry(en, e);
      if (r === null) throw new ScheduleError(`schedule[${n}] = ${JSON.stringify(e)} is not enabled (enabled: ${en.map((a) => a.kind).join(', ') || 'nothing'})`);
      i = r;
    } else i = defaultChoice(en);
    if (i < 0) break;
    if (n >= maxSteps) {
      cut = true;
      break;
    }
    try {
      s = stackStep(s, en[i]!);
    } catch (e) {
      if (!opts.catchThrows) throw e;
      threw = { step: n, message: (e as Error).message };
      break;
    }
    taken.push(i);
    actions.push(en[i]!);
    if (opts.keep) states.push(s);
    const fresh = stepEvents(s);
    for (const e of fresh) log.push(e);
    opts.onStep?.(n, fresh);
  }
  return { states, actions, schedule: taken, final: s, events: log, quiescent: quiescent(s), ...(cut ? { cut: true as const } : {}), ...(threw ? { threw } : {}) };
};

/** One printed line per event (device commands in their NVMe field encodings). */
export const eventRecord = (e: StackEvent, lbaSectors: (dev: string) => number): Record<string, unknown> => {
  switch (e.event) {
    case 'device-cmd': {
      const { data: _data, ...fields } = e.command as typeof e.command & { data?: unknown };
      const rec: Record<string, unknown> = { event: 'device-cmd', cid: e.cid, dev: e.dev, ...fields, ops: e.ops, ...(e.requests > 1 ? { requests: e.requests } : {}) };
      if (e.command.cmd === 'write' || e.command.cmd === 'zone-append') rec.content = describeRuns(e.command.data, lbaSectors(e.dev));
      if (e.retry) rec.retry = e.retry;
      return rec;
    }
    case 'device-done': {
      const st = NVME_STATUS[e.status as NvmeStatusName];
      return { event: 'device-done', cid: e.cid, dev: e.dev, cmd: e.cmd, sct: st.sct, sc: st.sc, dnr: e.dnr, dw0: e.dw0, status: st.name };
    }
    case 'scsi-cmd': {
      // SCSI commands as sd sends them (model/driver/sd.ts); a WRITE(16)'s data as content.
      const rec: Record<string, unknown> = { event: 'scsi-cmd', cid: e.cid, dev: e.dev, cmd: e.command.cmd, cdb: describeScsiCommand(e.command), ops: e.ops, ...(e.requests > 1 ? { requests: e.requests } : {}) };
      if (e.command.cmd === 'write16') rec.content = describeRuns(e.command.data, lbaSectors(e.dev));
      if (e.retry) rec.retry = e.retry;
      return rec;
    }
    default:
      return { ...e };
  }
};

/**
 * `copyspec run` of a stack scenario: each record to print, handed to `emit` as the run produces it.
 * Records of the steps the scenario's schedule names are held back until the schedule is used up,
 * so a schedule that does not fit the model (ScheduleError) prints nothing.
 */
export const streamStackScenario = (sc: StackScenario, cfg: StackConfig, emit: (record: Record<string, unknown>) => void): void => {
  const k = (dev: string): number => {
    const d = cfg.devices.find((x) => x.name === dev);
    const lu = cfg.scsi?.find((x) => x.name === dev);
    return d ? d.lbaBytes / 512 : lu ? lu.blockBytes / 512 : 1;
  };
  const schedule = sc.schedule ?? [];
  let held: Record<string, unknown>[] | null = schedule.length ? [] : null;
  const release = (): void => {
    if (held) for (const r of held) emit(r);
    held = null;
  };
  // A design may stop the model where the posted code would oops (e.g. vectored-bio D2): say where, then the content.
  const run = runStack(cfg, schedule, {
    catchThrows: true,
    onStep: (n, events) => {
      for (const e of events) {
        if (held) held.push(eventRecord(e, k));
        else emit(eventRecord(e, k));
      }
      if (n + 1 >= schedule.length) release();
    },
  });
  release();
  if (run.threw) emit({ event: 'model-stop', step: run.threw.step + 1, why: run.threw.message });
  const bdevs = [...cfg.devices.map((d) => d.name), ...(cfg.scsi ?? []).map((d) => d.name), ...cfg.dm.map((t) => t.name)];
  for (const b of bdevs) {
    // Content in 512-byte sectors of the block device (the host's unit).
    emit({ event: 'content', bdev: b, content: describeRuns(readThrough(run.final, b, 0, bdevSectors(run.final, b)), 1, b) });
  }
  emit({ event: 'end', steps: run.actions.length, quiescent: run.quiescent, ...(run.cut ? { cut: true } : {}), ops: opsOf(run.final).map((o) => o.errno) });
};

/** `copyspec run` of a stack scenario: the records to print, all at once. */
export const runStackScenario = (sc: StackScenario, cfg: StackConfig = stackConfigOf(sc)): Record<string, unknown>[] => {
  const out: Record<string, unknown>[] = [];
  streamStackScenario(sc, cfg, (r) => out.push(r));
  return out;
};
