// Declared verdicts of the SCSI stack properties (properties/stack/scsi-properties.ts) per design,
// from running the model (`copyspec check --property ID`, ci profile, seed 1): every design holds
// LIMIT-06 and ERR-05 on SCSI stacks; DATA-07 judges WRITE USING TOKEN, which only the token design
// sends (model/designs/token/scsi.ts), so on every other design it has nothing to judge.

import type { Declared } from '../../model/designs/design.js';
import { DESIGN_NAMES, type DesignName } from '../../model/stack/design.js';

const noToken: Declared = { verdict: 'n/a', why: 'sends no POPULATE TOKEN / WRITE USING TOKEN: its SCSI copies are EXTENDED COPY or read + write, so there is no ROD token to judge' };

export const SCSI_STACK_DECLARED: Readonly<Partial<Record<DesignName, Readonly<Record<string, Declared>>>>> = Object.fromEntries(
  DESIGN_NAMES.filter((d) => d !== 'token' && d !== 'token+fix').map((d) => [d, { 'DATA-07': noToken }]),
);
