// The designs under debate (DESIGN.md §2), each a module of its own: a posted series as posted and
// its `+fix` companion side by side, the multi-bio-plug proposal as we read it, and the emulation
// baseline. Pages in spec/designs/.

import type { Design } from './design.js';
import { copyCtx, copyCtxFix } from './copy-ctx/index.js';
import { emulation } from './emulation/index.js';
import { multiBioPlug } from './multi-bio-plug/index.js';
import { token, tokenFix } from './token/index.js';
import { twoBio, twoBioFix } from './two-bio/index.js';
import { vectoredBio, vectoredBioFix } from './vectored-bio/index.js';

export const DESIGN_NAMES = ['vectored-bio', 'vectored-bio+fix', 'multi-bio-plug', 'copy-ctx', 'copy-ctx+fix', 'two-bio', 'two-bio+fix', 'token', 'token+fix', 'emulation'] as const;
export type DesignName = (typeof DESIGN_NAMES)[number];

export const DESIGNS: Readonly<Record<DesignName, Design>> = {
  'vectored-bio': vectoredBio,
  'vectored-bio+fix': vectoredBioFix,
  'multi-bio-plug': multiBioPlug,
  'copy-ctx': copyCtx,
  'copy-ctx+fix': copyCtxFix,
  'two-bio': twoBio,
  'two-bio+fix': twoBioFix,
  token,
  'token+fix': tokenFix,
  emulation,
};

/**
 * Designs defined outside this folder (a user's variant of a posted design: lib/check.ts), seen by
 * designOf only while `withDesigns` runs: the layers call them exactly like the built-in ones, and
 * nothing stays registered once the (synchronous) run returns, so no model state outlives a call.
 */
let scoped: ReadonlyMap<string, Design> = new Map();

export const designOf = (name: DesignName): Design => {
  const d = DESIGNS[name] ?? scoped.get(name);
  if (d === undefined) throw new Error(`no design named ${JSON.stringify(name)} (a design of your own runs inside withDesigns)`);
  return d;
};

/** Run `run` with `designs` known to designOf by their names (each distinct from every built-in name). */
export const withDesigns = <T>(designs: readonly Design[], run: () => T): T => {
  const before = scoped;
  scoped = new Map([...before, ...designs.map((d) => [d.name, d] as const)]);
  try {
    return run();
  } finally {
    scoped = before;
  }
};

export const isDesignName = (s: string): s is DesignName => (DESIGN_NAMES as readonly string[]).includes(s);

export type { Design } from './design.js';
