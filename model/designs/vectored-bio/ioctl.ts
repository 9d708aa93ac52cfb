// The entry point: BLKCPY_VEC (4/5 block/ioctl.c blk_ioctl_copy_vec) → blkdev_copy_range (4/5
// block/blk-lib.c). A host copy op {dst, src[]} stands for struct copy_range {dst_sector,
// nr_ranges, sources → struct copy_source[]}; `dst.nr` has no field there: the destination is as
// long as the sources (bi_size = Σ nr_sectors << 9). BLK_OPEN_WRITE (-EBADF) and copy_from_user
// (-EFAULT) always pass here.

import type { SectorRange } from '../../block/bio.js';
import { ERRNO } from '../../block/split.js';
import { limitsOf, type D } from '../../stack/draft.js';
import { phaseDone } from '../../stack/complete.js';
import { copyBio, hostCopy, submitByEmulation, submitCopyBios } from '../building-blocks.js';
import { bioAddCopySrc, type VecRules } from './copy-bio.js';
import { opOf } from '../../stack/ops.js';

/**
 * blk_ioctl_copy_vec's validation, in its order: dst_sector aligned to the logical block size; each
 * source's src_sector | nr_sectors aligned, and disjoint from [dst, dst + ITS OWN nr_sectors) — the
 * destination is Σ nr_sectors long (D13). Accepted as posted: nr_ranges = 0 (D9), zero-length
 * sources (D4), sources or destination beyond the device (no bdev_nr_sectors test: bio_check_eod
 * catches the destination later), up to 65535 ranges (D14; copyspec's scenarios hold ≤ 256).
 */
export const blkIoctlCopyVec = (lbs: number, dst: number, srcs: readonly SectorRange[]): number | null => {
  if (dst % lbs !== 0) return ERRNO.EINVAL;
  for (const s of srcs) {
    if ((s.sector % lbs) + (s.nr % lbs) !== 0) return ERRNO.EINVAL;
    if ((s.sector < dst && s.sector + s.nr > dst) || (dst < s.sector && dst + s.nr > s.sector)) return ERRNO.EINVAL;
  }
  return null;
};

/**
 * Design.submitCopy: blk_ioctl_copy_vec, then blkdev_copy_range — offload iff the bdev the op names
 * has copy limits (bdev_copy_sectors ≠ 0: an NVMe namespace or a partition of one; a dm device has
 * none, the series stacks nothing), else emulation per source. Offload is blkdev_copy_offload: one
 * REQ_OP_COPY bio, every source added by bio_add_copy_src (D1 merge as posted), bi_sector = dst,
 * bi_size = Σ source lengths; its error is the op's (no fallback after an error: D19).
 * submit_bio_wait makes the ioctl synchronous; copyspec lets the task go on (spec page).
 */
// A function declaration: the design module calls it while the stack's modules may still be loading
// (stack/complete.js → the design registry → this module), and only declarations are ready then.
export function vecSubmitCopy(rules: VecRules): (d: D, i: number) => void {
  return (d, i) => {
    const host = hostCopy(d, i);
    const lim = limitsOf(d, host.bdev);
    const err = blkIoctlCopyVec(lim.logicalBlockSize / 512, host.dst.sector, host.src);
    if (err !== null) {
      const op = opOf(d, i);
      op.phase = 'offload';
      op.errno = err;
      op.outstanding = 0;
      return phaseDone(d, i);
    }
    if (lim.maxCopySectors === 0) return submitByEmulation(d, i);
    const vec = host.src.reduce<SectorRange[]>((v, s) => bioAddCopySrc(v, s, rules), []);
    const size = host.src.reduce((n, s) => n + s.nr, 0);
    submitCopyBios(d, i, [copyBio(d, i, host.dst.sector, size, vec)]);
  };
}
