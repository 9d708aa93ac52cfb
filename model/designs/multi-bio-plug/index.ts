// multi-bio-plug — our reading of Bart Van Assche's LSF/MM/BPF 2026 topic "Block storage copy
// offloading": no code was posted. One copy bio per contiguous source range inside the task's plug;
// at flush a new blk_mq_ops batch callback (queue_rqs) lets the driver combine consecutive copy
// requests into one NVMe Copy within MSRC and MCL. Page: spec/designs/multi-bio-plug.md.

import type { Design } from '../design.js';
import { copyBio, dmLinearOnly, refusingOverlap, fallBackOnNotsupp, hostCopy, identifyCopyLimits, noCopyMerge, nvmeCopyFormat0, submitCopyBios } from '../building-blocks.js';

export const multiBioPlug: Design = {
  name: 'multi-bio-plug',
  summary: 'one copy bio per contiguous range inside a plug; at flush a new blk_mq_ops batch callback lets the driver combine requests into one device command (our reading of the LSF/MM/BPF 2026 topic; no posted code)',
  origin: { kind: 'proposal', what: 'LSF/MM/BPF 2026 topic "Block storage copy offloading" (Bart Van Assche); no patch posted' },
  // One bio per contiguous source range, destinations back to back. copyspec's choice for this
  // proposal: an overlapping copy is refused (-EINVAL) as copy_file_range refuses one in a file.
  submitCopy: refusingOverlap((d, i) => {
    const host = hostCopy(d, i);
    let at = host.dst.sector;
    submitCopyBios(d, i, host.src.map((s) => copyBio(d, i, (at += s.nr) - s.nr, s.nr, [s])));
  }),
  nvmeCopyLimits: identifyCopyLimits,
  dmCopyTarget: dmLinearOnly,
  splitCopy: 'split',
  copyChunkBoundary: true,
  partitionRemapsSources: true,
  plugMergeCopy: noCopyMerge,
  // copyspec's choice for this proposal (spec/stack.md "the project's choices"): copies to a zoned
  // disk go through zone write plugging like writes, so the combined command lands at the wp.
  zonePlugCopies: true,
  combineAtFlush: true,
  nvmeSetupCopy: nvmeCopyFormat0,
  fallsBack: fallBackOnNotsupp,
  emulation: 'read-all-then-write',
  declared: {},
};
