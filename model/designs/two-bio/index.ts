// two-bio — Nitesh Shetty et al., "[PATCH v20 00/12] Implement copy offload support" (May 2024), as
// posted. Each range, cut into chunks of max_copy_sectors, is a REQ_OP_COPY_DST bio then a
// REQ_OP_COPY_SRC bio inside a plug; the SRC half must plug-merge into the DST request, and the
// driver turns the pair into one NVMe Copy with one range. Page: spec/designs/two-bio.md.

import type { Bio } from '../../block/bio.js';
import { limitsOf } from '../../stack/draft.js';
import type { Design } from '../design.js';
import { copyBio, dmLinearOnly, fallBackOnNotsupp, hostCopy, identifyCopyLimits, nvmeCopyFormat0, submitCopyBios } from '../building-blocks.js';

export const twoBio: Design = {
  name: 'two-bio',
  summary: 'one source range per copy: a COPY_DST and a COPY_SRC bio paired in the plug into one request (v20, May 2024, as posted)',
  origin: { kind: 'posted', series: '[PATCH v20 00/12] Implement copy offload support', author: 'Nitesh Shetty et al.', posted: '2024-05-20', ref: '20240520102033.9361-1-nj.shetty@samsung.com' },
  submitCopy: (d, i) => {
    // blkdev_copy_offload: each range in chunks of max_copy_sectors, a COPY_DST then a COPY_SRC bio
    // each, inside a plug of its own unless the task already holds one.
    const host = hostCopy(d, i);
    const lim = limitsOf(d, host.bdev);
    const chunk = Math.min(lim.maxCopySectors || Infinity, lim.maxCopySegmentSectors || Infinity);
    const out: Omit<Bio, 'id'>[] = [];
    let at = host.dst.sector;
    for (const r of host.src) {
      for (let off = 0; off < r.nr; ) {
        const n = Number.isFinite(chunk) ? Math.min(chunk, r.nr - off) : r.nr - off;
        const piece = { ...copyBio(d, i, at + off, n, [{ sector: r.sector + off, nr: n }]), pair: `${i}:${out.length / 2}` };
        out.push({ ...piece, half: 'dst' }, { ...piece, half: 'src' });
        off += n;
      }
      at += r.nr;
    }
    if (out.length && !d.plugged) {
      d.plugged = true; // blk_start_plug in blkdev_copy_offload; ended by the task's finish-plug
      d.localPlug = true;
    }
    submitCopyBios(d, i, out.length ? out : [copyBio(d, i, host.dst.sector, host.dst.nr, host.src)]);
  },
  nvmeCopyLimits: identifyCopyLimits,
  dmCopyTarget: dmLinearOnly,
  splitCopy: 'notsupp',
  copyChunkBoundary: false,
  partitionRemapsSources: true,
  // The SRC half pairs with its DST request only if that is the newest plugged request.
  plugMergeCopy: (_d, rq, b) => (b.half === 'src' && rq.half === 'dst' && rq.pair === b.pair && !rq.paired && rq.dev === b.bdev && rq.sector === b.sector ? 'pair' : 'no'),
  zonePlugCopies: false,
  combineAtFlush: false,
  // v20 nvme_setup_copy: "if a request comes to the driver with only one of src/dst bio, we fail the copy offload".
  nvmeSetupCopy: (d, ns, lim, rqs, copy) => {
    const rq = rqs[0]!;
    if (rq.half && !rq.paired) return { fail: -5, why: `COPY_${rq.half.toUpperCase()} without its other half` };
    return nvmeCopyFormat0(d, ns, lim, rqs, copy);
  },
  fallsBack: fallBackOnNotsupp,
  emulation: 'read-all-then-write',
  declared: {
    'CMPL-02': {
      verdict: 'refuted',
      why: 'pairing by plug merge needs the COPY_DST request to be the newest plugged request when its COPY_SRC arrives; a DST split at a dm boundary, or plugged on another queue, leaves both halves alone, and each fails on the host (-EIO)',
    },
    'ZONE-03': {
      verdict: 'refuted',
      why: 'chunks of max_copy_sectors are not zone-aligned and bio_split_copy never splits: a chunk that crosses a zone boundary fails, leaving a hole, and the next chunk reaches the device off the write pointer (Zone Invalid Write)',
    },
  },
};

/** two-bio+fix (spec/designs/two-bio.md). */
export const twoBioFix: Design = {
  ...twoBio,
  name: 'two-bio+fix',
  origin: { kind: 'fixed', of: 'two-bio', changes: [] },
  declared: {},
};
