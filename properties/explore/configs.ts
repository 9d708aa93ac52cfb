// Small stack configurations for the exhaustive explorer: each reaches tens to a few thousand
// states under every design, so the whole set explores in seconds. Devices are tiny (DATA-02's
// reference check walks every sector); the ops follow the random generators' rules
// (properties/stack/generators.ts): conflict-free, each zone written in order. Between them they
// let the explorer refute, on some design, every known-bad stack variant but `split-drops-tail`.

import type { DesignName } from '../../model/stack/design.js';
import type { StackConfig } from '../../model/stack/state.js';

type Nvme = StackConfig['devices'][number];

/** A configuration without its design: the explorer runs each under every design. */
export type ExploreConfig = {
  readonly name: string;
  /** What the configuration exercises, one line. */
  readonly about: string;
  readonly make: (design: DesignName) => StackConfig;
};

/** 512-byte LBAs, 64 blocks; Copy with two Source Range entries (MSRC 1, 0's based), MSSRL 8, MCL 16. */
const nvme = (name: string, extra: Partial<Nvme> = {}): Nvme => ({
  name,
  lbaBytes: 512,
  nsze: 64,
  mdts: 0,
  copy: { mssrl: 8, mcl: 16, msrc: 1, formats: [0] },
  bugs: [],
  ...extra,
});

const zoned = (zoneSize: number): Partial<Nvme> => ({ zoned: { zoneSize, zoneCap: zoneSize, maxOpen: 0, maxActive: 0, crossRead: false, autoTransition: true } });

const base = { dm: [], partitions: [], tags: 1, plug: true, nowait: false, faults: [], bugs: [] } as const;

/** A GC-shaped copy: two ranges from the first half to the second. */
const copy2 = (bdev: string): StackConfig['ops'][number] => ({ op: 'copy', bdev, dst: { sector: 32, nr: 8 }, src: [{ sector: 0, nr: 4 }, { sector: 8, nr: 4 }] });

/** The copy, then a write right behind its destination. */
const copyThenWrite = (bdev: string): StackConfig['ops'] => [copy2(bdev), { op: 'write', bdev, sector: 40, nr: 4 }];

export const EXPLORE_CONFIGS: readonly ExploreConfig[] = [
  {
    name: 'nvme-tags1',
    about: 'one NVMe namespace (MSRC 1): a 2-range copy and a write, plugged, one tag (the task sleeps for it)',
    make: (design) => ({ ...base, design, devices: [nvme('nvme0n1')], ops: copyThenWrite('nvme0n1') }),
  },
  {
    name: 'nvme-tags2',
    about: 'the same with two tags: both requests in flight, the device free to reorder them',
    make: (design) => ({ ...base, design, devices: [nvme('nvme0n1')], tags: 2, ops: copyThenWrite('nvme0n1') }),
  },
  {
    name: 'nvme-nowait',
    about: 'the same with REQ_NOWAIT and one tag: -EAGAIN instead of sleeping',
    make: (design) => ({ ...base, design, devices: [nvme('nvme0n1')], nowait: true, ops: copyThenWrite('nvme0n1') }),
  },
  {
    name: 'nvme-split',
    about: 'a 3-range copy over MSRC 1: split in two pieces, or three per-range bios a batch may combine; three tags',
    make: (design) => ({
      ...base,
      design,
      devices: [nvme('nvme0n1')],
      tags: 3,
      ops: [{ op: 'copy', bdev: 'nvme0n1', dst: { sector: 32, nr: 6 }, src: [{ sector: 0, nr: 2 }, { sector: 4, nr: 2 }, { sector: 8, nr: 2 }] }],
    }),
  },
  {
    name: 'nvme-media-error',
    about: 'the 2-range copy, its second source a latent media error struck at any moment; one tag',
    make: (design) => ({ ...base, design, devices: [nvme('nvme0n1')], ops: [copy2('nvme0n1')], faults: [{ dev: 'nvme0n1', fault: 'media-error', slba: 8, nlb: 0 }] }),
  },
  {
    name: 'nvme-write-protect',
    about: 'the 2-range copy with write protection switched on at any moment (failures with DNR); two tags',
    make: (design) => ({ ...base, design, devices: [nvme('nvme0n1')], tags: 2, ops: [copy2('nvme0n1')], faults: [{ dev: 'nvme0n1', fault: 'write-protect' }] }),
  },
  {
    name: 'nvme-4k-plug-flush',
    about: '4096-byte LBAs: a 128 KiB write (BLK_PLUG_FLUSH_SIZE), then a copy plugged behind it; two tags',
    make: (design) => ({
      ...base,
      design,
      devices: [nvme('nvme0n1', { lbaBytes: 4096, copy: { mssrl: 64, mcl: 64, msrc: 1, formats: [0] } })],
      tags: 2,
      ops: [
        { op: 'write', bdev: 'nvme0n1', sector: 256, nr: 256 },
        { op: 'copy', bdev: 'nvme0n1', dst: { sector: 16, nr: 16 }, src: [{ sector: 0, nr: 8 }, { sector: 8, nr: 8 }] },
      ],
    }),
  },
  {
    name: 'zns-writes-copy',
    about: 'a zoned namespace (16-block zones): two writes, then a copy, in order, to one zone; two tags',
    make: (design) => ({
      ...base,
      design,
      devices: [nvme('nvme0n1', zoned(16))],
      tags: 2,
      ops: [
        { op: 'write', bdev: 'nvme0n1', sector: 32, nr: 4 },
        { op: 'write', bdev: 'nvme0n1', sector: 36, nr: 4 },
        { op: 'copy', bdev: 'nvme0n1', dst: { sector: 40, nr: 4 }, src: [{ sector: 0, nr: 2 }, { sector: 16, nr: 2 }] },
      ],
    }),
  },
  {
    name: 'zns-copy-crossing',
    about: 'a zoned namespace (8-block zones): a copy whose destination crosses a zone boundary (split at chunk_sectors); two tags',
    make: (design) => ({
      ...base,
      design,
      devices: [nvme('nvme0n1', zoned(8))],
      tags: 2,
      ops: [{ op: 'copy', bdev: 'nvme0n1', dst: { sector: 0, nr: 12 }, src: [{ sector: 32, nr: 6 }, { sector: 40, nr: 6 }] }],
    }),
  },
  {
    name: 'dm-linear-2-fallback',
    about: 'dm-linear over two namespaces; a copy from one to the other falls back to read + write; two tags',
    make: (design) => ({
      ...base,
      design,
      devices: [nvme('nvme0n1'), nvme('nvme1n1')],
      dm: [{ name: 'dm-0', targets: [{ type: 'linear', start: 0, len: 32, dev: 'nvme0n1', offset: 0 }, { type: 'linear', start: 32, len: 32, dev: 'nvme1n1', offset: 0 }] }],
      tags: 2,
      ops: [{ op: 'copy', bdev: 'dm-0', dst: { sector: 40, nr: 8 }, src: [{ sector: 0, nr: 4 }, { sector: 8, nr: 4 }] }],
    }),
  },
  {
    name: 'dm-crypt-fallback',
    about: 'dm-crypt over one namespace: a copy must not reach the device as a Copy; two tags',
    make: (design) => ({
      ...base,
      design,
      devices: [nvme('nvme0n1')],
      dm: [{ name: 'dm-0', targets: [{ type: 'crypt', start: 0, len: 64, dev: 'nvme0n1', offset: 0, key: 'k0' }] }],
      tags: 2,
      ops: [copy2('dm-0')],
    }),
  },
];

export const exploreConfigNamed = (name: string): ExploreConfig | undefined => EXPLORE_CONFIGS.find((c) => c.name === name);
