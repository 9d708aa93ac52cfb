// `copyspec check`: every property against the specified model and each known-bad variant it
// declares it refutes. Expected: the model holds every property; every declared variant is refuted.
// Exit 1 when a verdict differs from what is declared.

import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEVICE_PROPERTIES } from '../properties/device/properties.js';
import { checkDeviceProperty } from '../properties/check-device.js';
import { UserError } from './errors.js';

export type CheckOptions = { seed: number; runs: number; json: boolean; property: string | undefined; save: string | undefined };

/** Write a file whole or not at all: a temporary beside it, then rename. */
const writeAtomically = (path: string, text: string): void => {
  writeFileSync(`${path}.tmp`, text);
  renameSync(`${path}.tmp`, path);
};

export const checkCommand = (o: CheckOptions, out: (line: string) => void): number => {
  const props = o.property ? DEVICE_PROPERTIES.filter((p) => p.id === o.property) : DEVICE_PROPERTIES;
  if (props.length === 0) throw new UserError(`no property ${o.property}; known: ${DEVICE_PROPERTIES.map((p) => p.id).join(', ')}`);
  let mismatches = 0;
  if (!o.json) out(`copyspec check: ${props.length} properties, seed ${o.seed}, ${o.runs} runs each`);
  for (const prop of props) {
    const cells: { variant: string; expected: 'holds' | 'refuted' }[] = [
      { variant: 'spec', expected: 'holds' },
      ...prop.refutes.map((b) => ({ variant: b, expected: 'refuted' as const })),
    ];
    for (const cell of cells) {
      const v = checkDeviceProperty(prop, cell.variant === 'spec' ? [] : [cell.variant as (typeof prop.refutes)[number]], o);
      const agrees = v.verdict === cell.expected;
      let saved: string | undefined;
      if (o.save && v.verdict === 'refuted') {
        mkdirSync(o.save, { recursive: true });
        saved = join(o.save, `${prop.id}-${cell.variant}.json`);
        writeAtomically(saved, `${JSON.stringify(v.scenario, null, 1)}\n`);
      }
      if (!agrees) mismatches++;
      if (o.json) {
        out(JSON.stringify({ property: prop.id, model: cell.variant, verdict: v.verdict, expected: cell.expected, ...(v.verdict === 'refuted' ? { violation: v.violation, scenario: v.scenario, ...(saved ? { file: saved } : {}) } : {}) }));
      } else {
        const mark = agrees ? 'ok  ' : 'FAIL';
        const detail = v.verdict === 'refuted' ? `refuted: ${v.violation}${saved ? ` → ${saved}` : ''}` : `holds (${v.runs} runs)`;
        out(`${mark} ${prop.id.padEnd(9)} ${cell.variant.padEnd(30)} expected ${cell.expected.padEnd(7)} ${detail}`);
      }
    }
  }
  if (!o.json) out(mismatches ? `${mismatches} verdict(s) differ from the declared ones` : 'every verdict as declared');
  return mismatches ? 1 : 0;
};
