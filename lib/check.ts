// Checking a stack property on a design from a program of one's own (the library's `checkOnDesign`,
// and the vitest helper in lib/vitest.ts): a built-in design by name, or a design of one's own — a
// `Design` object, typically derived from a built-in one — that the layers call exactly like the
// built-in designs (model/designs/index.ts withDesigns). A refutation can be saved as a
// counterexample file that `copyspec replay` reads, like the ones `copyspec check` writes.

import { join, resolve } from 'node:path';
import { isStackBug, type StackBug } from '../model/block/bugs.js';
import { DESIGNS, isDesignName, withDesigns, type Design, type DesignName } from '../model/designs/index.js';
import { checkStackProperty, type StackVerdict } from '../properties/check-stack.js';
import { COUNTEREXAMPLE_FORMAT, type Counterexample } from '../properties/counterexample.js';
import type { StackProperty } from '../properties/property.js';
import { STACK_PROPERTIES } from '../properties/stack/properties.js';
import { makeDirectory, writeAtomically } from '../cli/files.js';

/** A design to check: a built-in one by name, or a `Design` of one's own (a name no built-in design has). */
export type DesignChoice = DesignName | Design;

/** The design's name and the designs to make known while it runs (none for a built-in one). */
export type ResolvedDesign = { readonly name: DesignName; readonly own: readonly Design[]; readonly builtIn: boolean };

/** A design by name or object; a design of one's own must not borrow a built-in name (its hooks would be ignored). */
export const resolveDesign = (d: DesignChoice): ResolvedDesign => {
  if (typeof d === 'string') {
    if (!isDesignName(d)) throw new Error(`no design named ${JSON.stringify(d)}; built in: ${Object.keys(DESIGNS).join(', ')}`);
    return { name: d, own: [], builtIn: true };
  }
  if (isDesignName(d.name)) {
    if (DESIGNS[d.name] === d) return { name: d.name, own: [], builtIn: true };
    throw new Error(`a design of your own needs a name of its own: ${JSON.stringify(d.name)} is built in (e.g. { ...designOf('${d.name}'), name: '${d.name}+mine', … })`);
  }
  // A design of one's own travels under its own name; the layers look it up inside withDesigns.
  return { name: d.name as DesignName, own: [d], builtIn: false };
};

/** A stack property by ID (or the property itself). Device, SCSI and layer properties no design changes. */
export const stackPropertyOf = (p: string | StackProperty): StackProperty => {
  if (typeof p !== 'string') return p;
  const found = STACK_PROPERTIES.find((x) => x.id === p);
  if (!found) throw new Error(`${p} is not a stack property (design-dependent); stack properties: ${STACK_PROPERTIES.map((x) => x.id).join(', ')}`);
  return found;
};

/** Known-bad stack variants (`copyspec variants`), checked by name. */
export const stackBugsOf = (bugs: readonly string[]): StackBug[] =>
  bugs.map((b) => {
    if (!isStackBug(b)) throw new Error(`${JSON.stringify(b)} is not a known-bad stack variant (\`copyspec variants\` lists them)`);
    return b;
  });

export type CheckOnDesignOptions = {
  /** Known-bad stack variants to run the design with (default none). */
  readonly bugs?: readonly string[];
  /** fast-check seed (default 1, as `copyspec check`). */
  readonly seed?: number;
  /** Random cases (default 200, the ci profile's stack runs). */
  readonly runs?: number;
};

/** Check one stack property on a design (built in or one's own): copyspec's checker, the same verdict `copyspec check` gives. */
export const checkOnDesign = (property: string | StackProperty, design: DesignChoice, o: CheckOnDesignOptions = {}): StackVerdict => {
  const prop = stackPropertyOf(property);
  const d = resolveDesign(design);
  const bugs = stackBugsOf(o.bugs ?? []);
  return withDesigns(d.own, () => checkStackProperty(prop, bugs, { seed: o.seed ?? 1, runs: o.runs ?? 200 }, d.name));
};

/** The counterexample file of a refuted stack cell, as `copyspec check` writes it. */
export const stackCounterexample = (c: { property: string; design: string; bugs: readonly string[]; seed: number; path: string; violation: string; scenario: unknown }): Counterexample => ({
  format: COUNTEREXAMPLE_FORMAT,
  kind: 'stack',
  property: c.property,
  // A design of one's own is recorded by its name: `copyspec replay` knows only the built-in ones.
  design: c.design as DesignName,
  variant: c.bugs.length ? c.bugs.join('+') : null,
  seed: c.seed,
  path: c.path,
  violation: c.violation,
  scenario: c.scenario,
});

/** Write `cx` into `dir` (created if need be) atomically as `<PROPERTY>-<variant or design>.json`; the absolute path. */
export const saveCounterexample = (dir: string, cx: Counterexample): string => {
  makeDirectory(dir);
  const name = `${cx.property}-${cx.variant ?? cx.design ?? 'spec'}`.replace(/[^A-Za-z0-9+._-]/g, '_');
  const file = resolve(join(dir, `${name}.json`));
  writeAtomically(file, `${JSON.stringify(cx, null, 1)}\n`);
  return file;
};

/** The command that replays a counterexample file, quoted for a POSIX shell when it needs to be. */
export const replayCommandOf = (file: string): string => `npx copyspec replay ${/^[A-Za-z0-9_./+-]+$/.test(file) ? file : `'${file.replace(/'/g, `'\\''`)}'`}`;
