// Partitions (block/partitions/core.c add_partition; block/blk-core.c submit_bio_noacct →
// bio_check_eod, blk_partition_remap). A partition is a window of its disk: a bio to it is checked
// against the partition's size (bio_check_eod: bdev_nr_sectors of the partition), then its sector
// moves by the partition's start (bi_iter.bi_sector += bd_start_sect) and it goes on to the disk's
// queue. What a copy's sources do there is the design's business: blk_partition_remap moves only
// bi_iter, so a series that keeps sources elsewhere must remap them itself.

import type { Bio } from './bio.js';

export type Partition = {
  readonly name: string;
  /** The whole disk (an NVMe namespace) the partition lies on. */
  readonly disk: string;
  /** bd_start_sect, in 512-byte sectors. */
  readonly start: number;
  /** bdev_nr_sectors, in 512-byte sectors. */
  readonly nr: number;
};

/** blk_partition_remap for bio `b` on partition `p`: the destination moves; the sources if `sources`. */
export const partitionRemap = <B extends Omit<Bio, 'id'>>(b: B, p: Partition, sources: boolean): B => ({
  ...b,
  bdev: p.disk,
  sector: b.sector + p.start,
  srcs: sources ? b.srcs.map((s) => ({ sector: s.sector + p.start, nr: s.nr })) : b.srcs,
});
