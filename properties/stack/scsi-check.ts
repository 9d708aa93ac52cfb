// Checking a SCSI stack property (properties/stack/scsi-properties.ts) for `copyspec check`: the
// cases are SCSI stacks (stackScsiCaseArb: the LU alone, or dm-linear over an NVMe namespace and the
// LU), the known-bad variant is the host's (a StackBug in the stack config) or the LU's (a ScsiBug
// in the LU config, seen through sd).

import type fc from 'fast-check';
import { isScsiBug } from '../../model/device/scsi/bugs.js';
import type { StackBug } from '../../model/block/bugs.js';
import type { DesignName } from '../../model/stack/design.js';
import type { CheckParams } from '../check-device.js';
import { checkStackProperty, type StackVerdict } from '../check-stack.js';
import { stackScsiCaseArb, type ScsiLayout, type StackCase } from './generators.js';
import { scsiEdgePrefix } from './scsi-edges.js';
import { stackZonedScsiCaseArb } from './scsi-zoned-cases.js';
import type { ScsiStackProperty, ScsiStackVariant } from './scsi-properties.js';

/**
 * The SCSI stack cases for property `id` with `variant`: DATA-07 needs a write racing each token
 * copy (raceWrites) on the LU alone; ZONE-09 a zoned LU (scsi-zoned-cases.ts); an EXTENDED COPY variant needs the LU alone (the mixed layout's
 * copies cross devices and fall back); every other cell draws both layouts.
 */
export const scsiStackCaseArb = (id: string, variant: ScsiStackVariant | null, design: DesignName): fc.Arbitrary<StackCase> => {
  const stackBugs: StackBug[] = variant && !isScsiBug(variant) ? [variant] : [];
  const luBugs = variant && isScsiBug(variant) ? [variant] : [];
  if (id === 'ZONE-09') return stackZonedScsiCaseArb(stackBugs, design, luBugs);
  const race = id === 'DATA-07';
  const layouts: ScsiLayout[] = race || variant?.startsWith('sd-xcopy-') ? ['scsi'] : ['scsi', 'mixed'];
  return stackScsiCaseArb(stackBugs, design, layouts, { luBugs, raceWrites: race });
};

/** One cell of a SCSI stack property: on `design`, with `variant` or none. */
export const checkScsiStackProperty = (p: ScsiStackProperty, variant: ScsiStackVariant | null, params: CheckParams, design: DesignName): StackVerdict =>
  // checkStackProperty reads only check and precondition; the variant goes into the cases, not its bug list.
  checkStackProperty({ ...p, refutes: [] }, variant && !isScsiBug(variant) ? [variant] : [], params, design, scsiStackCaseArb(p.id, variant, design), scsiEdgePrefix(p.id, variant && !isScsiBug(variant) ? [variant] : [], design, variant && isScsiBug(variant) ? [variant] : []));
