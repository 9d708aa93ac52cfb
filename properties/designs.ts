// Declared verdicts: what each design is expected to do on each property (default: holds). A
// refuted or n/a verdict carries its reason; `copyspec check` exits 1 when exploration disagrees.
// The same table is printed in spec/PROPERTIES.md and explained in spec/designs/.

import type { StackBug } from '../model/block/bugs.js';
import type { DesignName } from '../model/stack/design.js';

export type Expected = 'holds' | 'refuted' | 'n/a';
export type Declared = { readonly verdict: Exclude<Expected, 'holds'>; readonly why: string };

const NO_COPY_COMMAND = 'no Copy command ever reaches a device: every copy is read + write';

export const DECLARED: Readonly<Record<DesignName, Readonly<Record<string, Declared>>>> = {
  'vectored-bio': {},
  'multi-bio-plug': {},
  'copy-ctx': {
    'LIMIT-03': {
      verdict: 'refuted',
      why: 'as posted, nvme_config_copy sets max_copy_src_segments = 256 and max_copy_hw_sectors = MSSRL without consulting MSRC or MCL, so a chunk with more sources than MSRC+1 becomes a Copy the device refuses (Command Size Limit Exceeded → -EIO, no fallback)',
    },
  },
  'two-bio': {
    'CMPL-02': {
      verdict: 'refuted',
      why: 'pairing by plug merge needs the COPY_DST request to be the newest plugged request when its COPY_SRC arrives; a DST held in a zone write plug behind an earlier copy to the zone, split at a dm boundary, or plugged on another queue leaves both halves alone, and each fails on the host (-EIO)',
    },
    'ZONE-03': {
      verdict: 'refuted',
      why: 'chunks of max_copy_sectors are not zone-aligned and bio_split_copy never splits: a chunk that crosses a zone boundary fails, leaving a hole, and the next chunk starts the zone write plug at its own offset (6.12), so it reaches the device off the write pointer (Zone Invalid Write)',
    },
  },
  token: {
    'DATA-04': { verdict: 'n/a', why: `NVMe has no token copy, so ${NO_COPY_COMMAND}` },
    'CMPL-02': { verdict: 'n/a', why: `NVMe has no token copy, so no copy request reaches the driver` },
  },
  emulation: {
    'DATA-04': { verdict: 'n/a', why: NO_COPY_COMMAND },
    'CMPL-02': { verdict: 'n/a', why: 'no copy request ever reaches the driver: every copy is read + write' },
  },
};

export const expectedVerdict = (design: DesignName, property: string): Expected => DECLARED[design][property]?.verdict ?? 'holds';

/** The design a known-bad variant belongs to (it breaks a rule only that design has); default vectored-bio. */
export const VARIANT_DESIGN: Readonly<Partial<Record<StackBug, DesignName>>> = {
  'combine-ignores-dw0': 'multi-bio-plug',
  'combine-ignores-msrc': 'multi-bio-plug',
};

export const variantDesign = (bug: StackBug): DesignName => VARIANT_DESIGN[bug] ?? 'vectored-bio';
