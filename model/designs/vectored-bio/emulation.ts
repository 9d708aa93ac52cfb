// The series' own fallback (1/5 "block: new sector copy api" __blkdev_copy, called per source by 4/5
// blkdev_copy_range): synchronous read-then-write in chunks of the bounce buffer —
// min(len, __blkdev_sectors_to_bio_pages(len) pages), at most BIO_MAX_VECS (256) pages = 2048
// sectors — one chunk in flight: submit_bio_wait(READ at src), then submit_bio_wait(WRITE at dst),
// both advanced by the chunk, until the source is done; the first error ends the copy (chunks
// already written stay). blkdev_copy_range calls it for each source with the same `dst_sector`
// (`__blkdev_copy(bdev, dst_sector, bv[i].bv_sector, bv[i].bv_sectors, gfp)`, dst never advanced:
// D3) unless `advanceDst` (+fix). The bios are plain READ/WRITE bios on the copy's bdev (a
// partition is remapped as usual) without REQ_NOWAIT (bio_reset(bio, bdev, REQ_OP_READ)).

import { castDraft } from 'immer';
import { readRuns, uniformMap } from '../../content/extent-map.js';
import { addBio, type D } from '../../stack/draft.js';
import { hostCopy } from '../building-blocks.js';
import { opOf } from '../../stack/ops.js';

/** BIO_MAX_VECS pages of 4 KiB, in sectors: the largest bounce buffer __blkdev_copy allocates. */
export const EMULATION_CHUNK_SECTORS = (256 * 4096) / 512;

/**
 * Design.emulationNext for the series: after the op's last bio (or at the start, with no cursor),
 * submit the next READ or WRITE of the chunk loop; false when every source is copied. A function
 * declaration, ready while the stack's modules load (see ioctl.ts).
 */
export function vecEmulationNext(advanceDst: boolean): (d: D, i: number) => boolean {
  return (d, i) => {
    const host = hostCopy(d, i);
    const op = opOf(d, i);
    const ctx = { opIndex: i, slot: 0, at: 0, parent: null };
    const base = { bdev: host.bdev, srcs: [], data: [], nowait: false, decrypt: [] };
    const chunk = (src: number, off: number): number => Math.min(host.src[src]!.nr - off, EMULATION_CHUNK_SECTORS);
    const cur = op.cursor;
    if (cur && op.phase === 'emulate-read') {
      // The READ of this chunk completed: write the bounce buffer at the destination.
      const n = chunk(cur.src, cur.off);
      const dst = host.dst.sector + (advanceDst ? host.src.slice(0, cur.src).reduce((t, s) => t + s.nr, 0) : 0) + cur.off;
      op.phase = 'emulate-write';
      op.outstanding = 1;
      addBio(d, { ...base, op: 'write', sector: dst, nr: n, data: readRuns(op.buffers[0]!, 0, n) }, ctx);
      return true;
    }
    // Next chunk of this source, or the next source with sectors (a zero-length one copies nothing).
    let src = cur ? cur.src : 0;
    let off = cur ? cur.off + chunk(cur.src, cur.off) : 0;
    while (src < host.src.length && off >= host.src[src]!.nr) {
      src++;
      off = 0;
    }
    if (src >= host.src.length) return false;
    const n = chunk(src, off);
    op.cursor = { src, off };
    op.phase = 'emulate-read';
    op.outstanding = 1;
    op.buffers = castDraft([uniformMap(n, { kind: 'unwritten' })]);
    addBio(d, { ...base, op: 'read', sector: host.src[src]!.sector + off, nr: n }, ctx);
    return true;
  };
}
