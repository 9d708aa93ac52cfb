// `copyspec check`: every property against every design of the specified model, and each known-bad
// variant against the property that must refute it. Prints a properties × designs matrix (holds /
// refuted / n/a), the variant cells, and coverage; writes a counterexample file for every refuted
// cell; exits 1 when a verdict differs from the declared one or a property went untested.

import { probeOutputDirectory } from './files.js';
import { saveCounterexample } from './render/save.js';
import { join } from 'node:path';
import { DEVICE_PROPERTIES } from '../properties/device/properties.js';
import { STACK_PROPERTIES } from '../properties/stack/properties.js';
import { LAYER_PROPERTIES } from '../properties/stack/layer-properties.js';
import { checkDeviceProperty, type CheckParams } from '../properties/check-device.js';
import { checkLayerProperty, checkStackProperty } from '../properties/check-stack.js';
import { SCSI_PROPERTIES } from '../properties/device/scsi/properties.js';
import { checkScsiProperty } from '../properties/device/scsi/check.js';
import type { ScsiBug } from '../model/device/scsi/bugs.js';
import { COUNTEREXAMPLE_FORMAT, type Counterexample } from '../properties/counterexample.js';
import { expectedVerdict, variantDesign, DECLARED, type Expected } from '../properties/designs.js';
import { requiredBranches, type Coverage } from '../properties/stack/coverage.js';
import type { PropertyMeta } from '../properties/property.js';
import type { StackBug } from '../model/block/bugs.js';
import type { DeviceBug } from '../model/device/nvme/bugs.js';
import { DESIGN_NAMES, type DesignName } from '../model/stack/design.js';
import { UserError } from './errors.js';
import { command } from './options.js';

export type Profile = 'ci' | 'deep';

/** Runs per cell: stack traces cost ~50× a device trace. `deep` is for long runs, not CI. */
export const PROFILE_RUNS: Readonly<Record<Profile, Readonly<Record<Kind, number>>>> = {
  ci: { device: 1000, scsi: 1000, layer: 1000, stack: 200 },
  deep: { device: 20_000, scsi: 20_000, layer: 20_000, stack: 5_000 },
};
export const DEFAULT_RUNS = PROFILE_RUNS.ci;

type Kind = 'device' | 'scsi' | 'layer' | 'stack';

export type CheckOptions = {
  seed: number;
  runs: number | undefined;
  profile: Profile;
  json: boolean;
  property: string | undefined;
  design: DesignName | undefined;
  /** Directory for counterexample files; null = do not write. */
  save: string | null;
};

type Outcome = { verdict: 'holds' | 'refuted'; runs: number; violation?: string; seed?: number; path?: string; counterexample?: unknown; coverage?: Coverage; interrupted?: boolean };

type Checkable = { meta: PropertyMeta<string>; kind: Kind; run: (variant: string | null, p: CheckParams, design: DesignName) => Outcome };

const deviceOutcome = (v: ReturnType<typeof checkDeviceProperty> | ReturnType<typeof checkScsiProperty>): Outcome =>
  v.verdict === 'holds' ? v : { verdict: 'refuted', runs: v.runs, violation: v.violation, seed: v.seed, path: v.path, counterexample: v.scenario };

/** Every property copyspec checks, in catalogue order. */
export const ALL_PROPERTIES: readonly Checkable[] = [
  ...DEVICE_PROPERTIES.map((p): Checkable => ({ meta: p, kind: 'device', run: (v, o) => deviceOutcome(checkDeviceProperty(p, v ? [v as DeviceBug] : [], o)) })),
  ...SCSI_PROPERTIES.map((p): Checkable => ({ meta: p, kind: 'scsi', run: (v, o) => deviceOutcome(checkScsiProperty(p, v ? [v as ScsiBug] : [], o)) })),
  ...LAYER_PROPERTIES.map((p): Checkable => ({ meta: p, kind: 'layer', run: (v, o) => checkLayerProperty(p, v ? [v as StackBug] : [], o) })),
  ...STACK_PROPERTIES.map((p): Checkable => ({ meta: p, kind: 'stack', run: (v, o, d) => checkStackProperty(p, v ? [v as StackBug] : [], o, d) })),
];

type Cell = { prop: Checkable; design: DesignName | null; variant: string | null; expected: Expected };

/** The cells to run: device and layer properties once (no design changes them); stack properties per design. */
const cellsOf = (props: readonly Checkable[], designs: readonly DesignName[]): Cell[] => {
  const cells: Cell[] = [];
  for (const prop of props) {
    if (prop.kind === 'stack') for (const d of designs) cells.push({ prop, design: d, variant: null, expected: expectedVerdict(d, prop.meta.id) });
    else cells.push({ prop, design: null, variant: null, expected: 'holds' });
    for (const v of prop.meta.refutes) {
      const d = prop.kind === 'stack' ? variantDesign(v as StackBug) : null;
      if (d === null || designs.includes(d)) cells.push({ prop, design: d, variant: v, expected: 'refuted' });
    }
  }
  return cells;
};

export const checkCommand = (o: CheckOptions, out: (line: string) => void): number => {
  const props = o.property ? ALL_PROPERTIES.filter((p) => p.meta.id === o.property) : ALL_PROPERTIES;
  if (props.length === 0) throw new UserError(`no property ${o.property}; known: ${ALL_PROPERTIES.map((p) => p.meta.id).join(', ')}`);
  const designs = o.design ? [o.design] : [...DESIGN_NAMES];
  const runsOf = (kind: Kind): number => o.runs ?? PROFILE_RUNS[o.profile][kind];
  const cells = cellsOf(props, designs);
  if (o.save !== null) probeOutputDirectory(o.save); // before minutes of checking, not after
  const progress = process.stderr.isTTY && !o.json;
  let mismatches = 0;
  const results = new Map<Cell, Outcome | null>();
  const files = new Map<Cell, string>();
  cells.forEach((cell, i) => {
    if (progress) process.stderr.write(`\r\x1b[K[${i + 1}/${cells.length}] ${cell.prop.meta.id} ${cell.design ?? ''} ${cell.variant ?? ''}`);
    if (cell.expected === 'n/a') return results.set(cell, null);
    const v = cell.prop.run(cell.variant, { seed: o.seed, runs: runsOf(cell.prop.kind) }, cell.design ?? 'vectored-bio');
    results.set(cell, v);
    if (v.verdict === 'refuted' && o.save !== null) {
      const file = join(o.save, `${cell.prop.meta.id}-${cell.variant ?? cell.design ?? 'spec'}.json`);
      const cx: Counterexample = {
        format: COUNTEREXAMPLE_FORMAT,
        kind: cell.prop.kind,
        property: cell.prop.meta.id,
        design: cell.design,
        variant: cell.variant,
        seed: o.seed,
        path: v.path ?? '',
        violation: v.violation ?? '',
        ...(cell.prop.kind === 'layer' ? { input: v.counterexample } : { scenario: v.counterexample }),
      };
      saveCounterexample(file, cx); // the file and its .mmd diagram (cli/render/save.ts)
      files.set(cell, file);
    }
  });
  if (progress) process.stderr.write('\r\x1b[K');
  const verdictOf = (c: Cell): Expected => results.get(c)?.verdict ?? 'n/a';
  for (const c of cells) if (verdictOf(c) !== c.expected) mismatches++;

  // Coverage: a property whose precondition never held was never tested; a design must reach its branches.
  const coverageProblems: string[] = [];
  const byDesign = new Map<DesignName, Record<string, number>>();
  for (const c of cells) {
    const v = results.get(c);
    if (!v?.coverage || c.variant !== null || c.design === null) continue;
    if (v.coverage.preconditionHeld === 0) coverageProblems.push(`${c.prop.meta.id} on ${c.design}: its precondition never held in ${v.coverage.runs} runs (vacuous)`);
    const acc = byDesign.get(c.design) ?? {};
    for (const [b, n] of Object.entries(v.coverage.branches)) acc[b] = (acc[b] ?? 0) + n;
    byDesign.set(c.design, acc);
  }
  if (!o.property) {
    for (const [d, acc] of byDesign) for (const b of requiredBranches(d)) if (!acc[b]) coverageProblems.push(`${d}: branch ${b} was never reached`);
  }
  mismatches += coverageProblems.length;

  if (o.json) {
    for (const c of cells) {
      const v = results.get(c);
      out(JSON.stringify({
        design: c.design ?? '*',
        property: c.prop.meta.id,
        variant: c.variant,
        verdict: verdictOf(c),
        expected: c.expected,
        // Runs fast-check made: for a refuted cell, the run that found the first counterexample.
        ...(v ? { runs: v.runs } : {}),
        counterexample: files.get(c) ?? (v?.verdict === 'refuted' ? v.counterexample : null),
        ...(v?.violation ? { violation: v.violation } : {}),
        ...(v?.coverage && c.variant === null ? { coverage: v.coverage } : {}),
        ...(c.expected !== 'holds' && c.design && !c.variant ? { why: DECLARED[c.design][c.prop.meta.id]?.why } : {}),
      }));
    }
    for (const p of coverageProblems) out(JSON.stringify({ coverage: p }));
    return mismatches ? 1 : 0;
  }

  out(`copyspec check: profile ${o.profile}, seed ${o.seed}, runs per cell ${o.runs ?? `${PROFILE_RUNS[o.profile].device} device/layer, ${PROFILE_RUNS[o.profile].stack} stack`}`);
  out('');
  const w = Math.max(...designs.map((d) => d.length), 9) + 2;
  out(`${'property'.padEnd(10)}${designs.map((d) => d.padEnd(w)).join('')}`);
  for (const prop of props) {
    const row = designs.map((d) => {
      const c = cells.find((x) => x.prop === prop && x.variant === null && (x.design === d || x.design === null))!;
      const v = verdictOf(c);
      const mark = v === c.expected ? '' : '!';
      return `${mark}${v}${c.design === null ? '*' : ''}`.padEnd(w);
    });
    out(`${prop.meta.id.padEnd(10)}${row.join('')}`);
  }
  out('(* no design changes this property: checked once, on the NVMe or SCSI device model or the layer function; ! differs from the declared verdict)');
  for (const c of cells.filter((x) => x.variant === null && verdictOf(x) !== 'holds')) {
    const v = results.get(c);
    out(`  ${c.prop.meta.id} on ${c.design ?? 'the model'}: ${verdictOf(c)} (declared ${c.expected})${v?.violation ? `: ${v.violation}` : ''}${files.get(c) ? ` → ${files.get(c)}` : ''}${c.design && DECLARED[c.design][c.prop.meta.id] ? ` — ${DECLARED[c.design][c.prop.meta.id]!.why}` : ''}`);
  }
  out('');
  out('known-bad variants (each must be refuted by its property):');
  for (const c of cells.filter((x) => x.variant !== null)) {
    const v = results.get(c)!;
    const ok = verdictOf(c) === 'refuted';
    out(`${ok ? 'ok  ' : 'FAIL'} ${c.prop.meta.id.padEnd(9)} ${c.variant!.padEnd(28)} ${(c.design ?? 'model').padEnd(15)} ${ok ? `refuted${v.interrupted ? ' (shrinking cut by its budget)' : ''}: ${v.violation}${files.get(c) ? ` → ${files.get(c)}` : ''}` : `holds after ${v.runs} runs`}`);
  }
  if (byDesign.size) {
    out('');
    out('coverage (traces reaching each branch, summed over the properties):');
    for (const [d, acc] of byDesign) out(`  ${d.padEnd(15)} ${Object.entries(acc).sort().map(([b, n]) => `${b} ${n}`).join(', ')}`);
  }
  for (const p of coverageProblems) out(`FAIL coverage: ${p}`);
  out(mismatches ? `${mismatches} verdict(s) differ from the declared ones` : 'every verdict as declared');
  return mismatches ? 1 : 0;
};

/** fast-check seeds are 32-bit (it takes a seed modulo 2^32): a larger one would silently alias. */
export const SEED = { type: 'int', arg: 'S', min: 0, max: 2 ** 32 - 1, default: 1, help: 'fast-check seed; the same seed prints the same output' } as const;

export const CHECK = command({
  name: 'check',
  noOperandHint: 'use --property ID',
  summary: 'the properties × designs matrix and every known-bad variant, with coverage guards; a counterexample file per refuted cell; exit 1 when a verdict differs from the declared one or a property or branch went untested',
  about: ['Profiles: ci (1000 runs per device/layer property, 200 per stack cell), deep (20000 / 5000).'],
  options: {
    design: { type: 'string', arg: 'D', choices: { noun: 'design', values: DESIGN_NAMES }, help: 'only this design' },
    property: { type: 'string', arg: 'ID', choices: { noun: 'property', values: ALL_PROPERTIES.map((p) => p.meta.id) }, help: 'only this property (and its known-bad variants)' },
    profile: { type: 'string', arg: 'P', choices: { noun: 'profile', values: ['ci', 'deep'] }, default: 'ci', help: 'runs per cell' },
    seed: SEED,
    runs: { type: 'int', arg: 'N', min: 1, max: 10_000_000, help: 'runs per cell, overriding the profile' },
    json: { type: 'flag', help: 'one JSON object per cell instead of the matrix' },
    save: { type: 'string', arg: 'DIR', help: 'where counterexample files go (default counterexamples)' },
    'no-save': { type: 'flag', help: 'write no counterexample file' },
  },
  run: (o, _, out) => {
    if (o['no-save'] && o.save !== undefined) throw new UserError('check takes --save DIR or --no-save, not both');
    return checkCommand({ seed: o.seed, runs: o.runs, profile: o.profile as Profile, json: o.json, property: o.property, design: o.design as DesignName | undefined, save: o['no-save'] ? null : (o.save ?? 'counterexamples') }, out);
  },
});
