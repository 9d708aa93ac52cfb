// `copyspec check`: every property against the specified model and each known-bad variant it
// declares it refutes. Expected: the model holds every property; every declared variant is refuted.
// Exit 1 when a verdict differs from what is declared.

import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEVICE_PROPERTIES } from '../properties/device/properties.js';
import { STACK_PROPERTIES } from '../properties/stack/properties.js';
import { LAYER_PROPERTIES } from '../properties/stack/layer-properties.js';
import { checkDeviceProperty, type CheckParams } from '../properties/check-device.js';
import { checkLayerProperty, checkStackProperty } from '../properties/check-stack.js';
import type { PropertyMeta } from '../properties/property.js';
import type { StackBug } from '../model/block/bugs.js';
import type { DeviceBug } from '../model/device/nvme/bugs.js';
import { UserError } from './errors.js';

export type CheckOptions = { seed: number; runs: number | undefined; json: boolean; property: string | undefined; save: string | undefined };

/** Runs per cell when --runs is not given: stack traces cost ~50× a device trace. */
export const DEFAULT_RUNS = { device: 1000, stack: 200, layer: 1000 } as const;

type Outcome = { verdict: 'holds' | 'refuted'; runs: number; violation?: string; counterexample?: unknown };

type Checkable = { meta: PropertyMeta<string>; kind: keyof typeof DEFAULT_RUNS; run: (variant: string | null, p: CheckParams) => Outcome };

const deviceOutcome = (v: ReturnType<typeof checkDeviceProperty>): Outcome =>
  v.verdict === 'holds' ? v : { verdict: 'refuted', runs: v.runs, violation: v.violation, counterexample: v.scenario };

/** Every property copyspec checks, in catalogue order. */
export const ALL_PROPERTIES: readonly Checkable[] = [
  ...DEVICE_PROPERTIES.map((p): Checkable => ({ meta: p, kind: 'device', run: (v, o) => deviceOutcome(checkDeviceProperty(p, v ? [v as DeviceBug] : [], o)) })),
  ...LAYER_PROPERTIES.map((p): Checkable => ({ meta: p, kind: 'layer', run: (v, o) => checkLayerProperty(p, v ? [v as StackBug] : [], o) })),
  ...STACK_PROPERTIES.map((p): Checkable => ({ meta: p, kind: 'stack', run: (v, o) => checkStackProperty(p, v ? [v as StackBug] : [], o) })),
];

/** Write a file whole or not at all: a temporary beside it, then rename. */
export const writeAtomically = (path: string, text: string): void => {
  writeFileSync(`${path}.tmp`, text);
  renameSync(`${path}.tmp`, path);
};

export const checkCommand = (o: CheckOptions, out: (line: string) => void): number => {
  const props = o.property ? ALL_PROPERTIES.filter((p) => p.meta.id === o.property) : ALL_PROPERTIES;
  if (props.length === 0) throw new UserError(`no property ${o.property}; known: ${ALL_PROPERTIES.map((p) => p.meta.id).join(', ')}`);
  let mismatches = 0;
  const runsOf = (kind: Checkable['kind']): number => o.runs ?? DEFAULT_RUNS[kind];
  if (!o.json) out(`copyspec check: ${props.length} properties, seed ${o.seed}, ${o.runs ?? `${DEFAULT_RUNS.device} (device, layer) / ${DEFAULT_RUNS.stack} (stack)`} runs each`);
  for (const prop of props) {
    const cells: { variant: string | null; expected: 'holds' | 'refuted' }[] = [
      { variant: null, expected: 'holds' },
      ...prop.meta.refutes.map((b) => ({ variant: b, expected: 'refuted' as const })),
    ];
    for (const cell of cells) {
      const v = prop.run(cell.variant, { seed: o.seed, runs: runsOf(prop.kind) });
      const name = cell.variant ?? 'spec';
      const agrees = v.verdict === cell.expected;
      let saved: string | undefined;
      if (o.save && v.verdict === 'refuted') {
        mkdirSync(o.save, { recursive: true });
        saved = join(o.save, `${prop.meta.id}-${name}.json`);
        writeAtomically(saved, `${JSON.stringify(v.counterexample, null, 1)}\n`);
      }
      if (!agrees) mismatches++;
      if (o.json) {
        out(JSON.stringify({ property: prop.meta.id, model: name, verdict: v.verdict, expected: cell.expected, ...(v.verdict === 'refuted' ? { violation: v.violation, counterexample: v.counterexample, ...(saved ? { file: saved } : {}) } : {}) }));
      } else {
        const mark = agrees ? 'ok  ' : 'FAIL';
        const detail = v.verdict === 'refuted' ? `refuted: ${v.violation}${saved ? ` → ${saved}` : ''}` : `holds (${v.runs} runs)`;
        out(`${mark} ${prop.meta.id.padEnd(9)} ${name.padEnd(30)} expected ${cell.expected.padEnd(7)} ${detail}`);
      }
    }
  }
  if (!o.json) out(mismatches ? `${mismatches} verdict(s) differ from the declared ones` : 'every verdict as declared');
  return mismatches ? 1 : 0;
};
