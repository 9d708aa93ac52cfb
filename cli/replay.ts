// `copyspec replay FILE [--json]`: replay a counterexample file step by step — the numbered trace
// (step, layer, action, effect) — and say whether the violation reproduces (exit 1) or not (exit 0).

import { match } from 'ts-pattern';
import { counterexampleSchema, LAYER_INPUT_SCHEMAS } from '../properties/counterexample.js';
import { DEVICE_PROPERTIES } from '../properties/device/properties.js';
import { SCSI_PROPERTIES } from '../properties/device/scsi/properties.js';
import { traceScsiScenario } from '../properties/device/scsi/trace.js';
import { scsiScenarioSchema } from '../model/scenario/scsi-schema.js';
import { STACK_PROPERTIES } from '../properties/stack/properties.js';
import { LAYER_PROPERTIES } from '../properties/stack/layer-properties.js';
import { traceDeviceScenario } from '../properties/device/trace.js';
import { deviceScenarioSchema } from '../model/scenario/schema.js';
import { stackScenarioSchema } from '../model/scenario/stack-schema.js';
import { ScheduleError, runStack, stackConfigOf, type StackRun } from '../model/scenario/run-stack.js';
import { stepEvents, type StackAction, type StackEvent, type StackState } from '../model/stack/state.js';
import { isStackBug } from '../model/block/bugs.js';
import { NVME_STATUS, type NvmeStatusName } from '../model/device/nvme/status.js';
import { UserError } from './errors.js';
import { readJsonFile, validate } from './load.js';
import { command } from './options.js';

type Line = { step: number; layer: string; action: string; effect: string[] };

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
    .exhaustive();

const print = (lines: Line[], json: boolean, out: (l: string) => void): void => {
  for (const l of lines) {
    if (json) out(JSON.stringify(l));
    else out(`${String(l.step).padStart(4)}  ${l.layer.padEnd(7)} ${l.action}${l.effect.length ? `\n${l.effect.map((e) => `${' '.repeat(15)}→ ${e}`).join('\n')}` : ''}`);
  }
};

export const replayCommand = (file: string, json: boolean, out: (line: string) => void): number => {
  const cx = validate(file, readJsonFile(file), counterexampleSchema);
  const lines: Line[] = [];
  let violation: string | null;
  if (cx.kind === 'stack') {
    const prop = STACK_PROPERTIES.find((p) => p.id === cx.property);
    if (!prop) throw new UserError(`${file}: ${cx.property} is not a stack property`);
    const sc = validate(`${file} (scenario)`, cx.scenario, stackScenarioSchema);
    const cfg = stackConfigOf(sc);
    let run: StackRun;
    try {
      // A step that throws is MODEL-02's finding: replay records it as the checker's traces do.
      run = runStack(cfg, sc.schedule ?? [], { keep: true, catchThrows: true });
    } catch (e) {
      if (e instanceof ScheduleError) throw new UserError(`${file}: ${e.message}: the file does not fit this model`);
      throw e;
    }
    run.actions.forEach((a, n) => {
      const [s, next] = [run.states[n]!, run.states[n + 1]!];
      lines.push({ step: n + 1, layer: layerOf(s, a), action: describeAction(s, a), effect: stepEvents(next).map(describeEvent) });
    });
    if (run.threw) lines.push({ step: run.threw.step + 1, layer: 'model', action: 'the step throws', effect: [run.threw.message] });
    violation = prop.check({ cfg, ...run, stuck: !run.quiescent && !run.threw });
  } else if (cx.kind === 'scsi') {
    const prop = SCSI_PROPERTIES.find((p) => p.id === cx.property);
    if (!prop) throw new UserError(`${file}: ${cx.property} is not a SCSI device property`);
    const t = traceScsiScenario(validate(`${file} (scenario)`, cx.scenario, scsiScenarioSchema));
    for (const st of t.steps) lines.push({ step: st.stepNo, layer: 'device', action: `${st.step.cmd} on ${st.step.dev}`, effect: [JSON.stringify({ ...st.record, step: undefined, dev: undefined, cmd: undefined })] });
    violation = prop.check(t);
  } else if (cx.kind === 'device') {
    const prop = DEVICE_PROPERTIES.find((p) => p.id === cx.property);
    if (!prop) throw new UserError(`${file}: ${cx.property} is not a device property`);
    const sc = validate(`${file} (scenario)`, cx.scenario, deviceScenarioSchema);
    const t = traceDeviceScenario(sc);
    for (const st of t.steps) {
      const r = st.record;
      lines.push({ step: st.stepNo, layer: 'device', action: `${r.cmd} on ${r.dev}${st.step.cmd === 'copy' ? ` SDLBA ${st.step.sdlba} [${st.step.ranges.map((x) => `${x.slba}+${x.nlb + 1}`).join(', ')}]` : 'slba' in st.step && st.step.slba !== undefined ? ` SLBA ${st.step.slba}` : ''}`, effect: r.status ? [`${r.status}${r.dnr ? ' DNR' : ''}${r.dw0 ? ` Dword 0 = ${r.dw0}` : ''}${r.content ? `: ${r.content}` : ''}`] : [] });
    }
    violation = prop.check(t);
  } else {
    const prop = LAYER_PROPERTIES.find((p) => p.id === cx.property);
    if (!prop) throw new UserError(`${file}: ${cx.property} is not a layer property`);
    const bugs = cx.variant === null ? [] : isStackBug(cx.variant) ? [cx.variant] : null;
    if (bugs === null) throw new UserError(`${file}: unknown variant ${JSON.stringify(cx.variant)}`);
    const schema = LAYER_INPUT_SCHEMAS[prop.id];
    if (!schema) throw new Error(`layer property ${prop.id} has no input schema (properties/counterexample.ts)`);
    const input = validate(`${file} (input)`, cx.input, schema);
    lines.push({ step: 1, layer: prop.layers.join('/'), action: `${prop.id} on ${JSON.stringify(input)}`, effect: [] });
    try {
      violation = prop.check(input as never, bugs);
    } catch (e) {
      throw new UserError(`${file}: the input does not fit ${prop.id}: ${(e as Error).message}`);
    }
  }
  print(lines, json, out);
  const verdict = { property: cx.property, design: cx.design, variant: cx.variant, reproduces: violation !== null, violation, recorded: cx.violation };
  if (json) out(JSON.stringify(verdict));
  else out(violation ? `${cx.property} violated${cx.design ? ` on ${cx.design}` : ''}${cx.variant ? ` (variant ${cx.variant})` : ''}: ${violation}` : `does not reproduce: ${cx.property} holds on this trace (recorded: ${cx.violation})`);
  return violation ? 1 : 0;
};


export const REPLAY = command({
  name: 'replay',
  operand: { name: 'FILE', help: 'a counterexample file (copyspec-counterexample/1), as `copyspec check` writes them' },
  summary: 'replay a counterexample file step by step (step, layer, action, effect); exit 1 when the violation reproduces, 0 when it does not',
  options: { json: { type: 'flag', help: 'one JSON object per step, then the verdict' } },
  run: (o, file, out) => replayCommand(file, o.json, out),
});
