// Declared verdicts: what each design is expected to do on each property (default: holds), kept in
// each design's module. A refuted or n/a verdict carries its reason; `copyspec check` exits 1 when
// exploration disagrees. The same table is printed in spec/PROPERTIES.md and explained in spec/designs/.

import type { StackBug } from '../model/block/bugs.js';
import type { ScsiBug } from '../model/device/scsi/bugs.js';
import { SCSI_STACK_DECLARED } from './stack/scsi-declared.js';
import { DESIGN_NAMES, DESIGNS, type DesignName } from '../model/stack/design.js';

export type Expected = 'holds' | 'refuted' | 'n/a';
export type { Declared } from '../model/designs/design.js';
import type { Declared } from '../model/designs/design.js';

/** Declared verdicts live with each design (model/designs/<name>/, `declared`); those on SCSI stacks in properties/stack/scsi-declared.ts. */
export const DECLARED: Readonly<Record<DesignName, Readonly<Record<string, Declared>>>> = Object.fromEntries(
  DESIGN_NAMES.map((n) => [n, { ...DESIGNS[n].declared, ...(SCSI_STACK_DECLARED[n] ?? {}) }]),
) as Record<DesignName, Readonly<Record<string, Declared>>>;

export const expectedVerdict = (design: DesignName, property: string): Expected => DECLARED[design][property]?.verdict ?? 'holds';

/**
 * The design a known-bad variant belongs to (it breaks a rule only that design has); default
 * vectored-bio+fix, which holds every stack property, so a refutation is the variant's doing
 * (vectored-bio as posted refutes DATA-02, LIMIT-03, ZONE-03 and MODEL-02 by itself).
 */
export const VARIANT_DESIGN: Readonly<Partial<Record<StackBug | ScsiBug, DesignName>>> = {
  'combine-ignores-dw0': 'multi-bio-plug',
  'combine-ignores-msrc': 'multi-bio-plug',
  // The posted designs leave copies out of zone write plugging, which ZONE-06 refutes by itself.
  'zwplug-merge-no-advance': 'emulation',
  'token-fixed-copy-limit': 'token+fix',
  // SCSI stack variants (properties/stack/scsi-properties.ts): the design that sends the commands they break.
  'sd-xcopy-ignores-segment-number': 'multi-bio-plug', // only its batch callback puts several requests in one EXTENDED COPY
  'scsi-token-not-invalidated-on-write': 'token+fix', // only the token design sends WRITE USING TOKEN
};

export const variantDesign = (bug: StackBug | ScsiBug): DesignName => VARIANT_DESIGN[bug] ?? 'vectored-bio+fix';
