// Declared verdicts of the SCSI stack properties (properties/stack/scsi-properties.ts) per design,
// from running the model (`copyspec check --property ID`, ci profile, seed 1); default holds.

import type { Declared } from '../../model/designs/design.js';
import type { DesignName } from '../../model/stack/design.js';

export const SCSI_STACK_DECLARED: Readonly<Partial<Record<DesignName, Readonly<Record<string, Declared>>>>> = {};
