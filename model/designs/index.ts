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

export const designOf = (name: DesignName): Design => DESIGNS[name];

export const isDesignName = (s: string): s is DesignName => (DESIGN_NAMES as readonly string[]).includes(s);

export type { Design } from './design.js';
