// emulation — the baseline: the host reads every source and writes the destination; no copy
// command reaches a device. Page: spec/designs/emulation.md.

import type { Design } from '../design.js';
import { dmLinearOnly, fallBackOnNotsupp, identifyCopyLimits, noCopyMerge, nvmeCopyFormat0, submitByEmulation } from '../building-blocks.js';

export const NO_COPY_COMMAND = 'no Copy command ever reaches a device: every copy is read + write';

export const emulation: Design = {
  name: 'emulation',
  summary: 'the host reads the sources and writes the destination: the fallback every design needs',
  origin: { kind: 'baseline' },
  submitCopy: submitByEmulation,
  nvmeCopyLimits: identifyCopyLimits,
  dmCopyTarget: dmLinearOnly,
  splitCopy: 'split',
  copyChunkBoundary: true,
  partitionRemapsSources: true,
  plugMergeCopy: noCopyMerge,
  zonePlugCopies: false,
  combineAtFlush: false,
  nvmeSetupCopy: nvmeCopyFormat0,
  fallsBack: fallBackOnNotsupp,
  emulation: 'read-all-then-write',
  declared: {
    'DATA-04': { verdict: 'n/a', why: NO_COPY_COMMAND },
    'CMPL-02': { verdict: 'n/a', why: 'no copy request ever reaches the driver: every copy is read + write' },
    'MODEL-04': { verdict: 'n/a', why: 'no copy request is ever built: every copy is read + write' },
  },
};
