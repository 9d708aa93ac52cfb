// `copyspec replay FILE [--json | --mermaid | --svg] [--itf OUT]`: replay a counterexample file step
// by step — the numbered trace (step, layer, action, effect), or the same as a sequence diagram
// (cli/render/), and its states as ITF — and say whether the violation reproduces (exit 1) or not (exit 0).

import { match } from 'ts-pattern';
import { describeScsiCommand } from '../model/driver/sd.js';
import { counterexampleSchema, LAYER_INPUT_SCHEMAS, type Counterexample } from '../properties/counterexample.js';
import { DEVICE_PROPERTIES } from '../properties/device/properties.js';
import { SCSI_PROPERTIES } from '../properties/device/scsi/properties.js';
import { traceScsiScenario, type ScsiTrace } from '../properties/device/scsi/trace.js';
import { scsiScenarioSchema } from '../model/scenario/scsi-schema.js';
import { STACK_PROPERTIES } from '../properties/stack/properties.js';
import { SCSI_STACK_PROPERTIES } from '../properties/stack/scsi-properties.js';
import { LAYER_PROPERTIES } from '../properties/stack/layer-properties.js';
import { traceDeviceScenario, type DeviceTrace } from '../properties/device/trace.js';
import { deviceScenarioSchema } from '../model/scenario/schema.js';
import { stackScenarioSchema } from '../model/scenario/stack-schema.js';
import { MAX_STEPS, ScheduleError, runStack, stackConfigOf, type StackRun } from '../model/scenario/run-stack.js';
import { traceOfRun } from '../properties/stack/trace.js';
import { EXIT_INCONCLUSIVE } from './check.js';
import { stepEvents, type StackAction, type StackConfig, type StackEvent, type StackState } from '../model/stack/state.js';
import { isStackBug } from '../model/block/bugs.js';
import { NVME_STATUS, type NvmeStatusName } from '../model/device/nvme/status.js';
import { UserError } from './errors.js';
import { readJsonFile, validate } from './load.js';
import { command } from './options.js';
import { probeOutputFile, writeAtomically } from './files.js';
import { diagramOf } from './render/from-replay.js';
import { STACK_PARTICIPANTS } from './render/diagram.js';
import { mermaidOf } from './render/mermaid.js';
import { svgOf } from './render/svg.js';
import { itfOf } from './render/itf.js';

const layerOf = (s: StackState, a: StackAction): string =>
  match(a)
    .with({ kind: 'submit' }, () => 'task')
    .with({ kind: 'finish-plug' }, () => 'plug')
    .with({ kind: 'map' }, ({ bio }) => (s.cfg.dm.some((t) => t.name === s.bios[bio]?.bdev) ? 'dm' : 'bio'))
    .with({ kind: 'alloc' }, { kind: 'tag-fail' }, () => 'blk-mq')
    .with({ kind: 'exec' }, () => 'device')
    .with({ kind: 'inject' }, () => 'fault')
    .exhaustive();

const describeAction = (s: StackState, a: StackAction): string =>
  match(a)
    .with({ kind: 'submit' }, () => {
      const op = s.cfg.ops[s.nextOp]!;
      return `submit op ${s.nextOp}: ${op.op} on ${op.bdev} ${op.op === 'copy' ? `dst ${op.dst.sector}+${op.dst.nr} ← ${op.src.map((r) => `${r.sector}+${r.nr}`).join(', ')}` : op.op === 'zone-reset' ? `sector ${op.sector}` : `${op.sector}+${op.nr}`}`;
    })
    .with({ kind: 'finish-plug' }, () => 'blk_finish_plug')
    .with({ kind: 'map' }, ({ bio }) => {
      const b = s.bios[bio]!;
      // A two-bio half names only its own range (COPY_DST or COPY_SRC).
      if (b.half && !b.token) return `map bio ${bio} (copy ${b.half.toUpperCase()} ${b.bdev} ${b.sector}+${b.nr})`;
      return `map bio ${bio} (${b.token ? `copy ${b.token.toUpperCase()}_TOKEN` : b.op} ${b.bdev} ${b.sector}+${b.nr}${b.srcs.length ? ` ← ${b.srcs.map((r) => `${r.sector}+${r.nr}`).join(', ')}` : ''})`;
    })
    .with({ kind: 'alloc' }, ({ bio }) => `request for bio ${bio} (${s.bios[bio]!.stage === 'wait-tag' ? 'after waiting for a tag' : 'merge, zone plug, tag'})`)
    .with({ kind: 'tag-fail' }, ({ bio }) => `tag allocation for bio ${bio} fails`)
    .with({ kind: 'exec' }, ({ cmd }) => `device executes command ${s.sq[cmd]!.id} (${s.sq[cmd]!.command.cmd} on ${s.sq[cmd]!.dev})`)
    .with({ kind: 'inject' }, ({ fault }) => `fault: ${s.cfg.faults[fault]!.fault} on ${s.cfg.faults[fault]!.dev}`)
    .exhaustive();

const describeEvent = (e: StackEvent): string =>
  match(e)
    .with({ event: 'device-cmd' }, (x) => {
      const c = x.command;
      const f = c.cmd === 'copy' ? `SDLBA ${c.sdlba} NR ${c.nr} [${c.ranges.map((r) => `${r.slba}+${r.nlb + 1}`).join(', ')}]` : 'slba' in c ? `SLBA ${c.slba}${'nlb' in c ? ` NLB ${c.nlb}` : ''}` : '';
      return `NVMe ${c.cmd} ${f} (cid ${x.cid}${x.retry ? `, retry ${x.retry}` : ''}${x.requests > 1 ? `, ${x.requests} requests` : ''})`;
    })
    .with({ event: 'device-done' }, (x) => `completion cid ${x.cid}: ${NVME_STATUS[x.status as NvmeStatusName].name}${x.dnr ? ' DNR' : ''}${x.dw0 ? ` Dword 0 = ${x.dw0}` : ''}`)
    .with({ event: 'plug-flush' }, (x) => `plug flush (${x.reason}): ${x.requests} request(s) via ${x.via}`)
    .with({ event: 'fallback' }, (x) => `op ${x.op} falls back to read + write (${x.errno})`)
    .with({ event: 'tag-wait' }, (x) => (x.nowait ? `no tag on ${x.dev}: REQ_NOWAIT bio ${x.bio} fails with -EAGAIN` : `no tag on ${x.dev}: the task sleeps${x.flushed ? `, flushing its plug (${x.plugged} request(s)) first` : x.plugged ? ` with ${x.plugged} request(s) left in its plug` : ''}`))
    .with({ event: 'inject' }, (x) => `${x.fault} on ${x.dev}`)
    .with({ event: 'host-fail' }, (x) => `request ${x.rq} fails on the host (${x.errno}): ${x.why}`)
    .with({ event: 'done' }, (x) => `op ${x.op} completes: ${x.status}`)
    .with({ event: 'copy-ctx' }, (x) => `op ${x.op} copy context ${x.ctx}: ${x.what}`)
    .with({ event: 'scsi-cmd' }, (x) => `SCSI ${describeScsiCommand(x.command)} (cid ${x.cid}${x.retry ? `, retry ${x.retry}` : ''}${x.requests > 1 ? `, ${x.requests} requests` : ''})`)
    .with({ event: 'scsi-done' }, (x) => `completion cid ${x.cid}: ${x.status}${x.sense ? ` ${x.sense}` : ''} → ${x.errno}`)
    .exhaustive();

const print = (lines: readonly ReplayLine[], json: boolean, out: (l: string) => void): void => {
  for (const l of lines) {
    if (json) out(JSON.stringify({ step: l.step, layer: l.layer, action: l.action, effect: l.effect }));
    else out(`${String(l.step).padStart(4)}  ${l.layer.padEnd(7)} ${l.action}${l.effect.length ? `\n${l.effect.map((e) => `${' '.repeat(15)}→ ${e}`).join('\n')}` : ''}`);
  }
};

/** One replay step: what the trace prints, and where the sequence diagram draws it. */
export type ReplayLine = {
  readonly step: number;
  readonly layer: string;
  readonly action: string;
  readonly effect: readonly string[];
  /** The step as an arrow between participants; null for a line that is no step (the model throws). */
  readonly arrow: { readonly from: string; readonly to: string } | null;
  /** For each effect, the participants its note spans. */
  readonly over: readonly (readonly string[])[];
};

/** What was replayed, kept for the ITF export (cli/render/itf.ts): every state, step by step. */
export type ReplaySource =
  | { readonly kind: 'stack'; readonly cfg: StackConfig; readonly run: StackRun }
  | { readonly kind: 'device'; readonly trace: DeviceTrace }
  | { readonly kind: 'scsi'; readonly trace: ScsiTrace }
  | { readonly kind: 'layer'; readonly input: unknown };

export type Replayed = {
  readonly file: string;
  readonly cx: Counterexample;
  readonly lines: readonly ReplayLine[];
  readonly violation: string | null;
  /** The diagram's participants: the stack's layers and each device, or the driver and each device. */
  readonly participants: readonly string[];
  readonly source: ReplaySource;
  /** A stack run cut by its step budget on no cycle of states (no property judges it): the budget. */
  readonly cut?: number;
};

/** A device's participant name; a device named like a layer is told apart. */
const deviceParticipant = (name: string): string => ((STACK_PARTICIPANTS as readonly string[]).includes(name) ? `${name} (device)` : name);

/** Where a stack action is drawn: the layer that hands the work on, and the one that takes it. */
const arrowOf = (s: StackState, next: StackState | undefined, a: StackAction): { from: string; to: string } =>
  match(a)
    .with({ kind: 'submit' }, () => ({ from: 'task', to: 'bio' }))
    .with({ kind: 'finish-plug' }, () => ({ from: 'task', to: 'plug' }))
    .with({ kind: 'map' }, ({ bio }) => ({ from: 'bio', to: s.cfg.dm.some((t) => t.name === s.bios[bio]?.bdev) ? 'dm' : 'bio' }))
    // blk_mq_submit_bio: a write to a sequential zone may be held by its zone write plug instead of getting a request.
    .with({ kind: 'alloc' }, ({ bio }) => ({ from: 'bio', to: next?.bios[bio]?.stage === 'zone-plugged' ? 'zoned' : 'blk-mq' }))
    .with({ kind: 'tag-fail' }, () => ({ from: 'bio', to: 'blk-mq' }))
    .with({ kind: 'exec' }, ({ cmd }) => ({ from: 'driver', to: deviceParticipant(s.sq[cmd]!.dev) }))
    .with({ kind: 'inject' }, ({ fault }) => ({ from: deviceParticipant(s.cfg.faults[fault]!.dev), to: deviceParticipant(s.cfg.faults[fault]!.dev) }))
    .exhaustive();

/** The participants an effect's note spans. */
const overOf = (e: StackEvent): string[] =>
  match(e)
    .with({ event: 'device-cmd' }, { event: 'scsi-cmd' }, (x) => ['driver', deviceParticipant(x.dev)])
    .with({ event: 'device-done' }, { event: 'scsi-done' }, { event: 'inject' }, (x) => [deviceParticipant(x.dev)])
    .with({ event: 'plug-flush' }, () => ['plug', 'blk-mq'])
    .with({ event: 'fallback' }, { event: 'done' }, () => ['task'])
    .with({ event: 'tag-wait' }, { event: 'host-fail' }, () => ['blk-mq'])
    .with({ event: 'copy-ctx' }, () => ['bio'])
    .exhaustive();

/** Replay a counterexample file: its steps, whether the violation reproduces, and what the renderers need. */
export const replayFile = (file: string): Replayed => {
  const cx = validate(file, readJsonFile(file), counterexampleSchema);
  const lines: ReplayLine[] = [];
  let violation: string | null;
  let participants: string[];
  let source: ReplaySource;
  let cut: number | undefined;
  if (cx.kind === 'stack') {
    const prop = [...STACK_PROPERTIES, ...SCSI_STACK_PROPERTIES].find((p) => p.id === cx.property);
    if (!prop) throw new UserError(`${file}: ${cx.property} is not a stack property`);
    const sc = validate(`${file} (scenario)`, cx.scenario, stackScenarioSchema);
    const cfg = stackConfigOf(sc);
    let run: StackRun;
    try {
      // A step that throws is MODEL-02's finding: replay records it as the checker's traces do.
      run = runStack(cfg, sc.schedule ?? [], { keep: true, catchThrows: true, maxSteps: cx.maxSteps ?? MAX_STEPS });
    } catch (e) {
      if (e instanceof ScheduleError) throw new UserError(`${file}: ${e.message}: the file does not fit this model`);
      throw e;
    }
    const trace = traceOfRun(cfg, run, (sc.schedule ?? []).length);
    // A livelock is shown up to its first repeated state; the cycle line says the rest.
    const shown = trace.livelock ? trace.livelock.from + trace.livelock.period : run.actions.length;
    run.actions.slice(0, shown).forEach((a, n) => {
      const [s, next] = [run.states[n]!, run.states[n + 1]!];
      const events = stepEvents(next);
      lines.push({ step: n + 1, layer: layerOf(s, a), action: describeAction(s, a), effect: events.map(describeEvent), arrow: arrowOf(s, next, a), over: events.map(overOf) });
    });
    if (run.threw) lines.push({ step: run.threw.step + 1, layer: 'model', action: 'the step throws', effect: [run.threw.message], arrow: null, over: [[...STACK_PARTICIPANTS]] });
    if (trace.livelock) lines.push({ step: shown, layer: 'model', action: `the state after step ${shown} is the state after step ${trace.livelock.from}: steps ${trace.livelock.from + 1}..${shown} repeat forever`, effect: [], arrow: null, over: [[...STACK_PARTICIPANTS]] });
    violation = prop.check(trace);
    if (trace.cut) cut = cx.maxSteps ?? MAX_STEPS;
    participants = [...STACK_PARTICIPANTS, ...cfg.devices.map((d) => deviceParticipant(d.name))];
    source = { kind: 'stack', cfg, run };
  } else if (cx.kind === 'scsi') {
    const prop = SCSI_PROPERTIES.find((p) => p.id === cx.property);
    if (!prop) throw new UserError(`${file}: ${cx.property} is not a SCSI device property`);
    const t = traceScsiScenario(validate(`${file} (scenario)`, cx.scenario, scsiScenarioSchema));
    for (const st of t.steps) lines.push({ step: st.stepNo, layer: 'device', action: `${st.step.cmd} on ${st.step.dev}`, effect: [JSON.stringify({ ...st.record, step: undefined, dev: undefined, cmd: undefined })], arrow: { from: 'driver', to: deviceParticipant(st.step.dev) }, over: [[deviceParticipant(st.step.dev)]] });
    if (t.threw) lines.push({ step: t.threw.stepNo, layer: 'model', action: 'the step throws', effect: [t.threw.message], arrow: null, over: [['driver']] });
    violation = prop.check(t);
    participants = ['driver', ...t.scenario.devices.map((d) => deviceParticipant(d.name))];
    source = { kind: 'scsi', trace: t };
  } else if (cx.kind === 'device') {
    const prop = DEVICE_PROPERTIES.find((p) => p.id === cx.property);
    if (!prop) throw new UserError(`${file}: ${cx.property} is not a device property`);
    const sc = validate(`${file} (scenario)`, cx.scenario, deviceScenarioSchema);
    const t = traceDeviceScenario(sc);
    for (const st of t.steps) {
      const r = st.record;
      const effect = r.status ? [`${r.status}${r.dnr ? ' DNR' : ''}${r.dw0 ? ` Dword 0 = ${r.dw0}` : ''}${r.content ? `: ${r.content}` : ''}`] : [];
      // Zone Management Send names its action (ZNS 1.1 §3.4.3, Zone Send Action) and Select All.
      const zsa = st.step.cmd === 'zone-mgmt-send' ? ` ${st.step.action}${st.step.all ? ' all' : ''}` : '';
      lines.push({ step: st.stepNo, layer: 'device', action: `${r.cmd}${zsa} on ${r.dev}${st.step.cmd === 'copy' ? ` SDLBA ${st.step.sdlba} [${st.step.ranges.map((x) => `${x.slba}+${x.nlb + 1}`).join(', ')}]` : 'slba' in st.step && st.step.slba !== undefined ? ` SLBA ${st.step.slba}` : ''}`, effect, arrow: { from: 'driver', to: deviceParticipant(r.dev) }, over: effect.map(() => [deviceParticipant(r.dev)]) });
    }
    if (t.threw) lines.push({ step: t.threw.stepNo, layer: 'model', action: 'the step throws', effect: [t.threw.message], arrow: null, over: [['driver']] });
    violation = prop.check(t);
    participants = ['driver', ...sc.devices.map((d) => deviceParticipant(d.name))];
    source = { kind: 'device', trace: t };
  } else {
    const prop = LAYER_PROPERTIES.find((p) => p.id === cx.property);
    if (!prop) throw new UserError(`${file}: ${cx.property} is not a layer property`);
    const bugs = cx.variant === null ? [] : isStackBug(cx.variant) ? [cx.variant] : null;
    if (bugs === null) throw new UserError(`${file}: unknown variant ${JSON.stringify(cx.variant)}`);
    const schema = LAYER_INPUT_SCHEMAS[prop.id];
    if (!schema) throw new Error(`layer property ${prop.id} has no input schema (properties/counterexample.ts)`);
    const input = validate(`${file} (input)`, cx.input, schema);
    participants = ['task', ...prop.layers];
    lines.push({ step: 1, layer: prop.layers.join('/'), action: `${prop.id} on ${JSON.stringify(input)}`, effect: [], arrow: { from: 'task', to: prop.layers[0]! }, over: [] });
    try {
      violation = prop.check(input as never, bugs);
    } catch (e) {
      throw new UserError(`${file}: the input does not fit ${prop.id}: ${(e as Error).message}`);
    }
    source = { kind: 'layer', input };
  }
  return { file, cx, lines, violation, participants, source, ...(cut !== undefined ? { cut } : {}) };
};

/** The last line of a replay: the violation seen again, or that it does not reproduce. */
export const verdictLine = (r: Replayed): string =>
  r.violation
    ? `${r.cx.property} violated${r.cx.design ? ` on ${r.cx.design}` : ''}${r.cx.variant ? ` (variant ${r.cx.variant})` : ''}: ${r.violation}`
    : r.cut !== undefined
      ? `inconclusive: the run was cut by its step budget of ${r.cut} steps without repeating a state, so ${r.cx.property} cannot judge it (a livelock or a longer run; raise --max-steps)`
      : `does not reproduce: ${r.cx.property} holds on this trace (recorded: ${r.cx.violation})`;

export type ReplayFormat = 'text' | 'json' | 'mermaid' | 'svg';

export const replayCommand = (file: string, format: ReplayFormat | boolean, out: (line: string) => void, itf?: string): number => {
  const fmt: ReplayFormat = format === true ? 'json' : format === false ? 'text' : format;
  if (itf !== undefined) probeOutputFile(itf); // before the replay, not after
  const r = replayFile(file);
  if (fmt === 'mermaid') out(mermaidOf(diagramOf(r)));
  else if (fmt === 'svg') out(svgOf(diagramOf(r)));
  else {
    print(r.lines, fmt === 'json', out);
    const verdict = { property: r.cx.property, design: r.cx.design, variant: r.cx.variant, reproduces: r.violation !== null, violation: r.violation, recorded: r.cx.violation, ...(r.cut !== undefined ? { inconclusive: { maxSteps: r.cut } } : {}) };
    out(fmt === 'json' ? JSON.stringify(verdict) : verdictLine(r));
  }
  if (itf !== undefined) writeAtomically(itf, `${JSON.stringify(itfOf(r))}\n`);
  return r.violation ? 1 : r.cut !== undefined ? EXIT_INCONCLUSIVE : 0;
};

export const REPLAY = command({
  name: 'replay',
  operand: { name: 'FILE', help: 'a counterexample file (copyspec-counterexample/1), as `copyspec check` writes them' },
  summary: 'replay a counterexample file step by step (step, layer, action, effect); exit 1 when the violation reproduces, 0 when it does not, 3 when the run is cut by its step budget (inconclusive)',
  about: ['The exit status says whether the violation reproduces with every output (--mermaid and --svg too).'],
  options: {
    json: { type: 'flag', help: 'one JSON object per step, then the verdict' },
    mermaid: { type: 'flag', help: 'a Mermaid sequenceDiagram of the trace instead (paste it into a mail, an issue or a PR)' },
    svg: { type: 'flag', help: 'the same diagram as a self-contained SVG instead' },
    itf: { type: 'string', arg: 'OUT', help: 'also write the trace with its states as ITF JSON (Apalache ADR-015) to OUT' },
  },
  run: (o, file, out) => {
    const formats = (['json', 'mermaid', 'svg'] as const).filter((f) => o[f]);
    if (formats.length > 1) throw new UserError(`replay takes one of --json, --mermaid, --svg, not ${formats.map((f) => `--${f}`).join(' and ')}`);
    return replayCommand(file, formats[0] ?? 'text', out, o.itf);
  },
});
