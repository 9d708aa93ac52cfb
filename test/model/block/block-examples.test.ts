// Hand-computed examples for model/block (bio, limits, partition, split): every expected value is
// worked out from the kernel functions the model cites, not from the model, so a mistake in the
// model cannot move the oracle with it (issue 11: oracles independent of the model).
import { produce } from 'immer';
import { describe, expect, it } from 'vitest';
import { sliceRuns, sliceSources, srcTotal, type Bio } from '../../../model/block/bio.js';
import { isStackBug } from '../../../model/block/bugs.js';
import { copySegments, nvmeQueueLimits, stackLimits, type QueueLimits } from '../../../model/block/limits.js';
import { partitionRemap } from '../../../model/block/partition.js';
import { checkBio, ERRNO, splitToLimits } from '../../../model/block/split.js';

const lim = (over: Partial<QueueLimits>): QueueLimits => ({
  logicalBlockSize: 512,
  maxSectors: 32,
  nowait: true,
  chunkSectors: 0,
  zoned: false,
  zoneCapSectors: 0,
  maxCopySectors: 16,
  maxCopySrcSegments: 2,
  maxCopySegmentSectors: 8,
  copySrcBoundary: 0,
  ...over,
});
const bio = (over: Partial<Bio>): Bio => ({ id: 7, op: 'read', bdev: 'nvme0n1', sector: 0, nr: 8, srcs: [], data: [], nowait: false, decrypt: [], ...over });
const shape = (ps: readonly Omit<Bio, 'id'>[]): string[] => ps.map((p) => `${p.sector}+${p.nr}${p.srcs.length ? ` <- ${p.srcs.map((s) => `${s.sector}+${s.nr}`).join(',')}` : ''}`);
const w = (len: number, off = 0) => ({ len, src: { kind: 'data' as const, tag: 'w' }, off });

describe('bio helpers (include/linux/blk_types.h)', () => {
  it('srcTotal adds the source lengths', () => {
    expect(srcTotal([])).toBe(0);
    expect(srcTotal([{ sector: 9, nr: 3 }, { sector: 1, nr: 5 }])).toBe(8);
  });
  it('sliceSources takes the sources feeding destination sectors [from, from+len)', () => {
    const srcs = [{ sector: 100, nr: 4 }, { sector: 10, nr: 6 }, { sector: 50, nr: 2 }];
    expect(sliceSources(srcs, 0, 12)).toEqual(srcs);
    expect(sliceSources(srcs, 2, 5)).toEqual([{ sector: 102, nr: 2 }, { sector: 10, nr: 3 }]);
    expect(sliceSources(srcs, 4, 6)).toEqual([{ sector: 10, nr: 6 }]);
    expect(sliceSources(srcs, 9, 3)).toEqual([{ sector: 15, nr: 1 }, { sector: 50, nr: 2 }]);
    expect(sliceSources(srcs, 3, 1)).toEqual([{ sector: 103, nr: 1 }]);
    expect(sliceSources(srcs, 12, 4)).toEqual([]);
  });
  it('sliceRuns keeps data offsets and leaves unwritten runs at offset 0', () => {
    const runs = [w(4, 10), { len: 4, src: { kind: 'unwritten' as const }, off: 0 }, w(4, 20)];
    expect(sliceRuns(runs, 2, 8)).toEqual([w(2, 12), { len: 4, src: { kind: 'unwritten' }, off: 0 }, w(2, 20)]);
    expect(sliceRuns(runs, 5, 2)).toEqual([{ len: 2, src: { kind: 'unwritten' }, off: 0 }]);
    expect(sliceRuns(runs, 11, 1)).toEqual([w(1, 23)]);
    expect(sliceRuns(runs, 4, 0)).toEqual([]);
  });
  it('known-bad variant names are recognised, others not', () => {
    expect(isStackBug('split-drops-tail')).toBe(true);
    expect(isStackBug('toString')).toBe(false);
    expect(isStackBug('no-such-bug')).toBe(false);
  });
});

describe('NVMe queue limits (nvme_update_disk_info, blk_validate_limits)', () => {
  it('MDTS 0: NVME_MAX_KB_SZ, then BLK_DEF_MAX_SECTORS_CAP 2560; no copy, not zoned', () => {
    expect(nvmeQueueLimits({ lbaBytes: 512, mdts: 0 })).toEqual({
      logicalBlockSize: 512, maxSectors: 2560, nowait: true, chunkSectors: 0, zoned: false, zoneCapSectors: 0,
      maxCopySectors: 0, maxCopySrcSegments: 0, maxCopySegmentSectors: 0, copySrcBoundary: 0,
    });
  });
  it('MDTS in 4 KiB pages: 2^mdts × 8 sectors below the cap', () => {
    expect(nvmeQueueLimits({ lbaBytes: 4096, mdts: 2 }).maxSectors).toBe(32);
    expect(nvmeQueueLimits({ lbaBytes: 512, mdts: 3 }).maxSectors).toBe(64);
    expect(nvmeQueueLimits({ lbaBytes: 512, mdts: 8 }).maxSectors).toBe(2048);
    expect(nvmeQueueLimits({ lbaBytes: 512, mdts: 9 }).maxSectors).toBe(2560);
    expect(nvmeQueueLimits({ lbaBytes: 4096, mdts: 12 }).maxSectors).toBe(2560);
  });
  it('copy limits: min(MCL, MSSRL × (MSRC+1)) blocks, MSRC+1 segments of MSSRL blocks', () => {
    const a = nvmeQueueLimits({ lbaBytes: 4096, mdts: 0, copy: { mssrl: 4, mcl: 10, msrc: 1 } });
    expect([a.maxCopySectors, a.maxCopySrcSegments, a.maxCopySegmentSectors]).toEqual([64, 2, 32]);
    const b = nvmeQueueLimits({ lbaBytes: 512, mdts: 0, copy: { mssrl: 8, mcl: 10, msrc: 3 } });
    expect([b.maxCopySectors, b.maxCopySrcSegments, b.maxCopySegmentSectors]).toEqual([10, 4, 8]);
  });
  it('zoned: chunk = zone size, zone capacity, source boundary unless RAZB', () => {
    const z = nvmeQueueLimits({ lbaBytes: 4096, mdts: 0, zoned: { zoneSize: 64, zoneCap: 48, crossRead: false } });
    expect([z.zoned, z.chunkSectors, z.zoneCapSectors, z.copySrcBoundary]).toEqual([true, 512, 384, 512]);
    const r = nvmeQueueLimits({ lbaBytes: 512, mdts: 0, zoned: { zoneSize: 64, zoneCap: 64, crossRead: true } });
    expect([r.zoned, r.chunkSectors, r.zoneCapSectors, r.copySrcBoundary]).toEqual([true, 64, 64, 0]);
  });
});

describe('stacked limits (blk_stack_limits)', () => {
  // Computed inside each test, never while collecting: a mutant that throws must fail a test, not the
  // file's collection (Stryker's vitest runner counts a file that collects no test as a survivor).
  const a = (): QueueLimits => nvmeQueueLimits({ lbaBytes: 512, mdts: 0, copy: { mssrl: 16, mcl: 64, msrc: 3 } }); // copy 64, 4 × 16
  const b = (): QueueLimits => nvmeQueueLimits({ lbaBytes: 4096, mdts: 3, copy: { mssrl: 2, mcl: 16, msrc: 7 } }); // max 64; copy 128, 8 × 16
  it('takes the most restrictive of every limit', () => {
    const expected = {
      logicalBlockSize: 4096, maxSectors: 64, nowait: true, chunkSectors: 0, zoned: false, zoneCapSectors: 0,
      maxCopySectors: 64, maxCopySrcSegments: 4, maxCopySegmentSectors: 16, copySrcBoundary: 0,
    };
    expect(stackLimits([a(), b()], true)).toEqual(expected);
    expect(stackLimits([b(), a()], true)).toEqual(expected);
  });
  it('rounds copy limits down to the stacked logical block size', () => {
    const odd = nvmeQueueLimits({ lbaBytes: 512, mdts: 0, copy: { mssrl: 20, mcl: 60, msrc: 3 } }); // copy 60, 4 × 20
    const s = stackLimits([odd, b()], true);
    expect([s.maxCopySectors, s.maxCopySrcSegments, s.maxCopySegmentSectors]).toEqual([56, 4, 16]);
    // A copy limit that rounds to 0 turns copy offload off.
    const tiny = nvmeQueueLimits({ lbaBytes: 512, mdts: 0, copy: { mssrl: 4, mcl: 12, msrc: 0 } });
    expect(stackLimits([tiny, b()], true)).toMatchObject({ maxCopySectors: 0, maxCopySrcSegments: 0, maxCopySegmentSectors: 0 });
    const shortSeg = nvmeQueueLimits({ lbaBytes: 512, mdts: 0, copy: { mssrl: 4, mcl: 64, msrc: 7 } }); // copy 32, segments of 4
    expect(stackLimits([shortSeg, b()], true).maxCopySectors).toBe(0);
    // MCL below MSSRL: the copy length rounds to 0 while the segment length does not.
    const shortCopy = nvmeQueueLimits({ lbaBytes: 512, mdts: 0, copy: { mssrl: 8, mcl: 4, msrc: 1 } }); // copy 4, 2 × 8
    expect(stackLimits([shortCopy, b()], true)).toMatchObject({ maxCopySectors: 0, maxCopySrcSegments: 0, maxCopySegmentSectors: 0 });
  });
  it('takes the smaller segment length and segment count, whichever part has it', () => {
    const c = nvmeQueueLimits({ lbaBytes: 4096, mdts: 0, copy: { mssrl: 4, mcl: 64, msrc: 1 } }); // copy 64 × 8, 2 × 32
    const s = stackLimits([a(), c], true);
    expect([s.maxCopySectors, s.maxCopySrcSegments, s.maxCopySegmentSectors]).toEqual([64, 2, 16]);
  });
  it('no copy unless every target opts in and every part supports it', () => {
    expect(stackLimits([a(), b()], false)).toMatchObject({ maxCopySectors: 0, maxCopySrcSegments: 0, maxCopySegmentSectors: 0 });
    expect(stackLimits([a(), nvmeQueueLimits({ lbaBytes: 512, mdts: 0 })], true).maxCopySectors).toBe(0);
  });
  it('nowait only if every target and every part has it; zoned parts stack conventional', () => {
    expect(stackLimits([a(), b()], true, false).nowait).toBe(false);
    expect(stackLimits([a(), { ...b(), nowait: false }], true).nowait).toBe(false);
    const z = nvmeQueueLimits({ lbaBytes: 512, mdts: 0, zoned: { zoneSize: 64, zoneCap: 64, crossRead: false } });
    expect(stackLimits([z], false)).toMatchObject({ zoned: false, chunkSectors: 0, zoneCapSectors: 0, copySrcBoundary: 0, logicalBlockSize: 512, maxSectors: 2560 });
  });
});

describe('copy source segments (max_copy_src_segments)', () => {
  it('cuts each source at the segment size and at the source boundary', () => {
    const seg = (over: Partial<QueueLimits>, srcs: { sector: number; nr: number }[]): string[] => copySegments(srcs, lim(over)).map((s) => `${s.sector}+${s.nr}`);
    expect(seg({ maxCopySegmentSectors: 4 }, [{ sector: 10, nr: 10 }])).toEqual(['10+4', '14+4', '18+2']);
    expect(seg({ maxCopySegmentSectors: 0, copySrcBoundary: 16 }, [{ sector: 10, nr: 10 }])).toEqual(['10+6', '16+4']);
    expect(seg({ maxCopySegmentSectors: 4, copySrcBoundary: 16 }, [{ sector: 10, nr: 10 }, { sector: 40, nr: 3 }])).toEqual(['10+4', '14+2', '16+4', '40+3']);
    expect(seg({ maxCopySegmentSectors: 0, copySrcBoundary: 8 }, [{ sector: 16, nr: 8 }])).toEqual(['16+8']);
    expect(seg({}, [])).toEqual([]);
  });
});

describe('partitions (blk_partition_remap)', () => {
  const p = { name: 'nvme0n1p1', disk: 'nvme0n1', start: 64, nr: 100 };
  const c = bio({ op: 'copy', bdev: 'nvme0n1p1', sector: 10, nr: 8, srcs: [{ sector: 0, nr: 4 }, { sector: 20, nr: 4 }] });
  it('moves the destination by the partition start onto the disk', () => {
    expect(partitionRemap(c, p, false)).toEqual({ ...c, bdev: 'nvme0n1', sector: 74 });
  });
  it('moves the sources too when the design remaps them', () => {
    expect(partitionRemap(c, p, true)).toEqual({ ...c, bdev: 'nvme0n1', sector: 74, srcs: [{ sector: 64, nr: 4 }, { sector: 84, nr: 4 }] });
  });
});

describe('submission checks (blkdev_copy_sanity_check, bio_unaligned, blkdev_zone_mgmt)', () => {
  it('errnos are the kernel\'s (include/uapi/asm-generic/errno-base.h, errno.h)', () => {
    expect(ERRNO).toEqual({ EIO: -5, EAGAIN: -11, EINVAL: -22, EOPNOTSUPP: -95 });
  });
  const zoned = lim({ zoned: true, chunkSectors: 64 });
  const k8 = lim({ logicalBlockSize: 4096 });
  it('zone reset: not zoned → EOPNOTSUPP; not a zone start → EINVAL', () => {
    expect(checkBio(bio({ op: 'zone-reset', sector: 64, nr: 0 }), lim({}))).toBe(ERRNO.EOPNOTSUPP);
    expect(checkBio(bio({ op: 'zone-reset', sector: 65, nr: 0 }), zoned)).toBe(ERRNO.EINVAL);
    expect(checkBio(bio({ op: 'zone-reset', sector: 128, nr: 0 }), zoned)).toBe(null);
  });
  it('read/write: zero length EINVAL, misaligned EIO', () => {
    expect(checkBio(bio({ nr: 0 }), lim({}))).toBe(ERRNO.EINVAL);
    expect(checkBio(bio({ sector: 4, nr: 8 }), k8)).toBe(ERRNO.EIO);
    expect(checkBio(bio({ op: 'write', sector: 8, nr: 4 }), k8)).toBe(ERRNO.EIO);
    expect(checkBio(bio({ sector: 8, nr: 16 }), k8)).toBe(null);
    expect(checkBio(bio({ op: 'write', sector: 8, nr: 16 }), k8)).toBe(null);
  });
  it('copy: misaligned or inconsistent sources EINVAL, no copy limits EOPNOTSUPP', () => {
    const copy = (srcs: { sector: number; nr: number }[], over: Partial<Bio> = {}) => bio({ op: 'copy', sector: 8, nr: 16, srcs, ...over });
    expect(checkBio(copy([{ sector: 0, nr: 16 }]), k8)).toBe(null);
    expect(checkBio(copy([{ sector: 0, nr: 8 }, { sector: 32, nr: 8 }]), k8)).toBe(null);
    expect(checkBio(copy([{ sector: 0, nr: 16 }], { sector: 4 }), k8)).toBe(ERRNO.EINVAL);
    expect(checkBio(copy([{ sector: 0, nr: 16 }], { nr: 12 }), k8)).toBe(ERRNO.EINVAL);
    expect(checkBio(copy([]), k8)).toBe(ERRNO.EINVAL);
    expect(checkBio(copy([{ sector: 0, nr: 8 }]), k8)).toBe(ERRNO.EINVAL);
    expect(checkBio(copy([{ sector: 0, nr: 16 }, { sector: 40, nr: 0 }]), k8)).toBe(ERRNO.EINVAL);
    expect(checkBio(copy([{ sector: 4, nr: 16 }]), k8)).toBe(ERRNO.EINVAL);
    expect(checkBio(copy([{ sector: 0, nr: 4 }, { sector: 20, nr: 12 }]), k8)).toBe(ERRNO.EINVAL);
    expect(checkBio(copy([{ sector: 0, nr: 16 }]), lim({ logicalBlockSize: 4096, maxCopySectors: 0 }))).toBe(ERRNO.EOPNOTSUPP);
    // A token bio carries its source in the token page.
    expect(checkBio(copy([], { token: 'write' }), k8)).toBe(null);
    expect(checkBio(copy([], { token: 'read' }), lim({ maxCopySectors: 0 }))).toBe(ERRNO.EOPNOTSUPP);
  });
});

describe('split to limits (__bio_split_to_limits)', () => {
  it('read: at max_sectors, the tail last', () => {
    expect(shape(splitToLimits(bio({ sector: 5, nr: 70 }), lim({})))).toEqual(['5+32', '37+32', '69+6']);
    expect(shape(splitToLimits(bio({ sector: 5, nr: 32 }), lim({})))).toEqual(['5+32']);
  });
  it('read: at chunk boundaries', () => {
    expect(shape(splitToLimits(bio({ sector: 5, nr: 30 }), lim({ chunkSectors: 16 })))).toEqual(['5+11', '16+16', '32+3']);
    expect(shape(splitToLimits(bio({ sector: 5, nr: 30 }), lim({ chunkSectors: 16 }), ['split-ignores-chunk']))).toEqual(['5+30']);
  });
  it('read: pieces rounded down to the logical block size', () => {
    expect(shape(splitToLimits(bio({ sector: 0, nr: 48 }), lim({ logicalBlockSize: 4096, maxSectors: 20 })))).toEqual(['0+16', '16+16', '32+16']);
  });
  it('write: each piece carries its slice of the data; no sources', () => {
    const ps = splitToLimits(bio({ op: 'write', sector: 5, nr: 70, data: [w(70)] }), lim({}));
    expect(ps.map((p) => p.data)).toEqual([[w(32)], [w(32, 32)], [w(6, 64)]]);
    expect(ps.every((p) => p.srcs.length === 0 && p.op === 'write' && p.bdev === 'nvme0n1')).toBe(true);
    expect(splitToLimits(bio({ sector: 5, nr: 70, data: [w(70)] }), lim({})).every((p) => p.data.length === 0)).toBe(true);
  });
  it('copy: at max_copy_src_segments and max_copy_hw_sectors, sources in order', () => {
    const c = bio({ op: 'copy', sector: 100, nr: 20, srcs: [{ sector: 0, nr: 4 }, { sector: 50, nr: 10 }, { sector: 200, nr: 6 }] });
    expect(shape(splitToLimits(c, lim({})))).toEqual(['100+12 <- 0+4,50+8', '112+8 <- 58+2,200+6']);
    expect(shape(splitToLimits(c, lim({}), ['split-ignores-src-segments']))).toEqual(['100+16 <- 0+4,50+10,200+2', '116+4 <- 202+4']);
    expect(shape(splitToLimits(c, lim({ maxCopySectors: 64, maxCopySrcSegments: 8, maxCopySegmentSectors: 64 })))).toEqual(['100+20 <- 0+4,50+10,200+6']);
    expect(splitToLimits(c, lim({})).every((p) => p.data.length === 0)).toBe(true);
  });
  it('copy: at the destination chunk boundary', () => {
    const c = bio({ op: 'copy', sector: 10, nr: 12, srcs: [{ sector: 0, nr: 12 }] });
    const l = lim({ chunkSectors: 16, maxCopySectors: 64, maxCopySrcSegments: 4, maxCopySegmentSectors: 64 });
    expect(shape(splitToLimits(c, l))).toEqual(['10+6 <- 0+6', '16+6 <- 6+6']);
    expect(shape(splitToLimits(c, l, ['split-ignores-chunk']))).toEqual(['10+12 <- 0+12']);
  });
  it('copy: a source cut at the source boundary counts as two segments', () => {
    const c = bio({ op: 'copy', sector: 0, nr: 12, srcs: [{ sector: 4, nr: 12 }] });
    const l = lim({ copySrcBoundary: 8, maxCopySectors: 64, maxCopySegmentSectors: 64 });
    expect(shape(splitToLimits(c, l))).toEqual(['0+12 <- 4+12']);
    expect(shape(splitToLimits(c, { ...l, maxCopySrcSegments: 1 }))).toEqual(['0+4 <- 4+4', '4+8 <- 8+8']);
    // The boundary is measured from each segment's own start: 2+5, then 7+1 up to sector 8.
    const d = bio({ op: 'copy', sector: 0, nr: 12, srcs: [{ sector: 2, nr: 12 }] });
    expect(shape(splitToLimits(d, lim({ copySrcBoundary: 8, maxCopySectors: 64, maxCopySegmentSectors: 5, maxCopySrcSegments: 2 })))).toEqual(['0+6 <- 2+6', '6+6 <- 8+6']);
  });
  it('copy: pieces rounded down to the logical block size', () => {
    const c = bio({ op: 'copy', sector: 0, nr: 32, srcs: [{ sector: 0, nr: 32 }] });
    const l = lim({ logicalBlockSize: 4096, maxCopySectors: 24, maxCopySrcSegments: 1, maxCopySegmentSectors: 12 });
    expect(shape(splitToLimits(c, l))).toEqual(['0+8 <- 0+8', '8+8 <- 8+8', '16+8 <- 16+8', '24+8 <- 24+8']);
    expect(shape(splitToLimits(c, { ...l, maxCopySrcSegments: 2 }))).toEqual(['0+24 <- 0+24', '24+8 <- 24+8']);
  });
  it('a split that cannot progress throws; a zone reset is never split', () => {
    expect(() => splitToLimits(bio({ op: 'copy', nr: 8, srcs: [{ sector: 0, nr: 8 }] }), lim({ maxCopySrcSegments: 0 }))).toThrow(/no progress/);
    const r = bio({ op: 'zone-reset', sector: 64, nr: 0 });
    expect(splitToLimits(r, lim({}))).toEqual([r]);
  });
  it('split-drops-tail loses the last of three or more pieces only', () => {
    expect(shape(splitToLimits(bio({ sector: 5, nr: 70 }), lim({}), ['split-drops-tail']))).toEqual(['5+32', '37+32']);
    expect(shape(splitToLimits(bio({ sector: 0, nr: 64 }), lim({}), ['split-drops-tail']))).toEqual(['0+32', '32+32']);
  });
  it('pieces of an immer draft are plain values that outlive the draft', () => {
    let pieces: Omit<Bio, 'id'>[] = [];
    produce({ b: bio({ nr: 64, copyCtx: { ctx: 1, role: 'src' }, decrypt: [] }) }, (d) => {
      pieces = splitToLimits(d.b as Bio, lim({}));
    });
    expect(pieces.map((p) => [p.copyCtx?.ctx, p.decrypt.length])).toEqual([[1, 0], [1, 0]]);
  });
});
