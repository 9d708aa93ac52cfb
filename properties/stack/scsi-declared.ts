// Declared verdicts of the SCSI stack properties (properties/stack/scsi-properties.ts) per design,
// from running the model (`copyspec check --property ID`, ci profile, seed 1): every design holds
// LIMIT-06 and ERR-05 on SCSI stacks; DATA-07 judges WRITE USING TOKEN, which only the token design
// sends (model/designs/token/scsi.ts), so on every other design it has nothing to judge; ZONE-09 is
// refuted by the two posted designs whose copies reach a zoned sd disk bypassing zone write plugging.

import type { Declared } from '../../model/designs/design.js';
import { DESIGN_NAMES, type DesignName } from '../../model/stack/design.js';

const noToken: Declared = { verdict: 'n/a', why: 'sends no POPULATE TOKEN / WRITE USING TOKEN: its SCSI copies are EXTENDED COPY or read + write, so there is no ROD token to judge' };

const bypass = (what: string, series: string): Declared => ({
  verdict: 'refuted',
  why: `${series} adds no case to blk_zone_plug_bio, so a copy to a zoned sd disk takes the default case and bypasses zone write plugging: ${what} moves the LU's write pointer (ZBC-2 §4.5.3.2) while the zone write plug's wp_offset stays behind, and the next write to the zone is refused by blk_zone_wplug_prepare_bio`,
});

const ZONE_09: Partial<Record<DesignName, Declared>> = {
  'vectored-bio': bypass('the EXTENDED COPY sd sends', 'The series (D16)'),
  token: bypass('the WRITE USING TOKEN sd sends', 'The token RFC'),
};

export const SCSI_STACK_DECLARED: Readonly<Partial<Record<DesignName, Readonly<Record<string, Declared>>>>> = Object.fromEntries(
  DESIGN_NAMES.map((d) => [d, { ...(d === 'token' || d === 'token+fix' ? {} : { 'DATA-07': noToken }), ...(ZONE_09[d] ? { 'ZONE-09': ZONE_09[d] } : {}) }]),
);
