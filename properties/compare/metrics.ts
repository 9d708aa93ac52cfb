// What one design costs on one workload, read off a run of the stack (a StackTrace: every state,
// every event). Pure functions of the run. Only what the copy ops cause is counted: a device
// command carries the host ops it serves (`device-cmd.ops`), a request its bios' ops, so the
// setup writes of a workload (filling victim zones) stay out of the figures.

import { DESIGN_NAMES, type DesignName } from '../../model/stack/design.js';
import type { NvmeCommand } from '../../model/device/nvme/command.js';
import { stepEvents, type StackState } from '../../model/stack/state.js';
import { STACK_PROPERTIES } from '../stack/properties.js';
import { traceStack, type StackTrace } from '../stack/trace.js';
import { WORKLOADS, settleSetup, workloadConfig, type Workload } from './workloads.js';
import { opAt } from '../../model/stack/ops.js';

export type PlugFlushes = { readonly finish: number; readonly schedule: number; readonly limit: number };

export type CopyMetrics = {
  /** Host copy ops (user copies). */
  readonly userCopies: number;
  /** Bytes the user copies ask for (Σ destination lengths). */
  readonly copiedBytes: number;
  /** Device commands sent for the copy ops, by kind (retries included: each send counts). */
  readonly commands: { readonly copy: number; readonly read: number; readonly write: number; readonly other: number };
  /** Copy commands that carried more than one request (the driver combined them). */
  readonly combinedCopies: number;
  /** Read and Write data of those commands: what crossed the host bus (fallback, emulation). */
  readonly busBytes: number;
  /** Bytes successful Copy commands wrote: moved inside the device. */
  readonly offloadedBytes: number;
  /** offloadedBytes / copiedBytes (0 when nothing was to be copied). */
  readonly offloadedShare: number;
  /** Copy ops that fell back to read + write after trying to offload (`fallback` events). */
  readonly fallbacks: number;
  /** Copy ops that ended with an error. */
  readonly failedCopies: number;
  /** blk-mq requests allocated for the copy ops. */
  readonly requests: number;
  /** Most requests of the copy ops alive at once: each holds a tag. */
  readonly peakTags: number;
  /** Plug flushes that handed over at least one request of a copy op, by reason. */
  readonly plugFlushes: PlugFlushes;
  /** Steps the run took, and whether it ended with nothing in flight. */
  readonly steps: number;
  readonly quiescent: boolean;
};

export type Verdict = 'holds' | 'violated';

export type PropertyVerdict = {
  readonly verdict: Verdict;
  /** The run put the property to the test (its precondition held); a vacuous pass says little. */
  readonly tested: boolean;
  readonly violation?: string;
};

export type CompareRow = {
  readonly workload: string;
  readonly design: DesignName;
  readonly metrics: CopyMetrics;
  readonly properties: Readonly<Record<string, PropertyVerdict>>;
};

const blocksOf = (c: NvmeCommand): number => {
  switch (c.cmd) {
    case 'read':
    case 'write':
    case 'zone-append':
      return c.nlb + 1;
    case 'copy':
      return c.ranges.reduce((n, r) => n + r.nlb + 1, 0);
    case 'zone-mgmt-send':
    case 'zone-mgmt-recv':
      return 0;
  }
};

/** Is request `id` of state `s` working for a copy op? (Its bios name their op.) */
const copyRequest = (s: StackState, id: number, isCopy: (op: number) => boolean): boolean =>
  (s.rqs[id]?.bios ?? []).some((b) => {
    const bio = s.bios[b];
    return bio !== undefined && isCopy(bio.opIndex);
  });

/** The metrics of one run. */
export const copyMetrics = (t: StackTrace): CopyMetrics => {
  const ops = t.cfg.ops;
  const isCopy = (i: number): boolean => ops[i]?.op === 'copy';
  const lbaBytes = (dev: string): number => t.cfg.devices.find((d) => d.name === dev)?.lbaBytes ?? 512;
  const events = t.events;

  const commands = { copy: 0, read: 0, write: 0, other: 0 };
  let combinedCopies = 0;
  let busBytes = 0;
  let offloadedBytes = 0;
  const sent = new Map<number, { dev: string; command: NvmeCommand; forCopy: boolean }>();
  for (const e of events) {
    if (e.event === 'device-cmd') {
      const forCopy = e.ops.some(isCopy);
      sent.set(e.cid, { dev: e.dev, command: e.command, forCopy });
      if (!forCopy) continue;
      const c = e.command;
      if (c.cmd === 'copy') {
        commands.copy++;
        if (e.requests > 1) combinedCopies++;
      } else if (c.cmd === 'read' || c.cmd === 'write') {
        commands[c.cmd]++;
        busBytes += blocksOf(c) * lbaBytes(e.dev);
      } else commands.other++;
    } else if (e.event === 'device-done' && e.status === 'SUCCESS') {
      const c = sent.get(e.cid);
      if (c?.forCopy && c.command.cmd === 'copy') offloadedBytes += blocksOf(c.command) * lbaBytes(c.dev);
    }
  }

  // Requests and tags: walk the states; a request id is never reused (newId).
  const seen = new Set<number>();
  let peakTags = 0;
  let lastRqs: StackState['rqs'] | undefined;
  for (const s of t.states) {
    if (s.rqs === lastRqs) continue; // immer shares an unchanged table
    lastRqs = s.rqs;
    let live = 0;
    for (const key in s.rqs) {
      const id = Number(key);
      if (!copyRequest(s, id, isCopy)) continue;
      live++;
      seen.add(id);
    }
    peakTags = Math.max(peakTags, live);
  }

  // Plug flushes: the requests a flush hands over are the plug list before the step, plus any the
  // step itself allocated (blk_add_rq_to_plug flushes before adding the new request).
  const plugFlushes = { finish: 0, schedule: 0, limit: 0 };
  for (let i = 0; i + 1 < t.states.length; i++) {
    const before = t.states[i]!;
    const after = t.states[i + 1]!;
    const fresh = stepEvents(after).filter((e) => e.event === 'plug-flush');
    if (fresh.length === 0) continue;
    const candidates = [...before.plugList.map((id) => ({ s: before, id })), ...Object.keys(after.rqs).map(Number).filter((id) => !(id in before.rqs)).map((id) => ({ s: after, id }))];
    if (!candidates.some((c) => copyRequest(c.s, c.id, isCopy))) continue;
    for (const f of fresh) if (f.event === 'plug-flush') plugFlushes[f.reason]++;
  }

  const copyOps = ops.flatMap((o, i) => (o.op === 'copy' ? [{ o, i }] : []));
  const copiedBytes = copyOps.reduce((n, { o }) => n + (o.op === 'copy' ? o.dst.nr * 512 : 0), 0);
  return {
    userCopies: copyOps.length,
    copiedBytes,
    commands,
    combinedCopies,
    busBytes,
    offloadedBytes,
    offloadedShare: copiedBytes === 0 ? 0 : offloadedBytes / copiedBytes,
    fallbacks: events.filter((e) => e.event === 'fallback' && isCopy(e.op)).length,
    failedCopies: copyOps.filter(({ i }) => opAt(t.final, i).errno !== 0).length,
    requests: seen.size,
    peakTags,
    plugFlushes,
    steps: t.actions.length,
    quiescent: t.quiescent,
  };
};

/** The verdict of every stack property on one run. */
export const propertyVerdicts = (t: StackTrace): Record<string, PropertyVerdict> => {
  const out: Record<string, PropertyVerdict> = {};
  for (const p of STACK_PROPERTIES) {
    const v = p.check(t);
    out[p.id] = { verdict: v === null ? 'holds' : 'violated', tested: p.precondition(t), ...(v === null ? {} : { violation: v }) };
  }
  return out;
};

/** Run `design` on `w` (setup settled, then the default policy) and measure it. */
export const compareCell = (w: Workload, design: DesignName): CompareRow => {
  const cfg = workloadConfig(w, design);
  const t = traceStack(cfg, settleSetup(cfg));
  return { workload: w.name, design, metrics: copyMetrics(t), properties: propertyVerdicts(t) };
};

/** Every design on every workload (or the ones named), workloads outermost, in catalogue order. */
export const compareAll = (workloads: readonly Workload[] = WORKLOADS, designs: readonly DesignName[] = DESIGN_NAMES): CompareRow[] =>
  workloads.flatMap((w) => designs.map((d) => compareCell(w, d)));
