// vectored-bio — Keith Busch, "[PATCH 0/5] block: another block copy offload" (linux-block, May 2025).
// One REQ_OP_COPY bio carries the destination in bi_iter and the source ranges as a vector; the
// block layer splits and merges it to the copy limits like any bio; the NVMe driver fills one
// Source Range entry per source segment. Page: spec/designs/vectored-bio.md.

import type { Design } from '../design.js';
import { backMergeCopy, copyBio, dmLinearOnly, fallBackOnNotsupp, hostCopy, identifyCopyLimits, nvmeCopyFormat0, submitCopyBios } from '../building-blocks.js';

export const vectoredBio: Design = {
  name: 'vectored-bio',
  summary: 'one copy bio carries the destination and a vector of source ranges; split and merged to hardware limits like any bio (Keith Busch, May 2025)',
  origin: { kind: 'posted', series: '[PATCH 0/5] block: another block copy offload', author: 'Keith Busch', posted: '2025-05', ref: 'linux-block' },
  submitCopy: (d, i) => {
    const host = hostCopy(d, i);
    submitCopyBios(d, i, [copyBio(d, i, host.dst.sector, host.dst.nr, host.src)]);
  },
  nvmeCopyLimits: identifyCopyLimits,
  dmCopyTarget: dmLinearOnly,
  splitCopy: 'split',
  copyChunkBoundary: true,
  partitionRemapsSources: true,
  plugMergeCopy: backMergeCopy,
  zonePlugCopies: false,
  combineAtFlush: false,
  nvmeSetupCopy: nvmeCopyFormat0,
  fallsBack: fallBackOnNotsupp,
  emulation: 'read-all-then-write',
  declared: {},
};

/** vectored-bio+fix: what the posted series needs for the properties to hold (spec/designs/vectored-bio.md). */
export const vectoredBioFix: Design = {
  ...vectoredBio,
  name: 'vectored-bio+fix',
  origin: { kind: 'fixed', of: 'vectored-bio', changes: [] },
  declared: {},
};
