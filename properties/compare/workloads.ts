// The embedded workloads of `copyspec compare` (issue 5): shapes kernel developers know, each a
// stack configuration without its design (filled in per run). Host ops are in 512-byte sectors.
// Sizes are scaled down so a run takes milliseconds; the *shapes* (range counts, run lengths,
// valid-block share, limits relative to the copies) are what the comparison measures.
//
// Setup ops (writes that give victim zones their data) come first, and the device completes them
// before the first copy is submitted (`settleSetup`: the filesystem wrote those blocks long before
// its GC ran; a copy racing the write of its own sources would read stale data, which no kernel
// promises either). metrics.ts counts only what the copy ops cause (commands carry the ops they
// serve), so setup does not blur the figures.

import type { HostOp, StackConfig, StackState } from '../../model/stack/state.js';
import type { DesignName } from '../../model/stack/design.js';
import type { SectorRange } from '../../model/block/bio.js';
import { stackEnabled } from '../../model/stack/enabled.js';
import { stackInit } from '../../model/stack/init.js';
import { stackStep } from '../../model/stack/step.js';
import { defaultChoice } from '../../model/scenario/run-stack.js';

export type Workload = {
  readonly name: string;
  /** One line: what the workload does. */
  readonly title: string;
  /** Where the shape comes from. */
  readonly source: string;
  /** Everything but the design. */
  readonly config: Omit<StackConfig, 'design'>;
};

type Nvme = StackConfig['devices'][number];

/**
 * NVMe PCI tag set depth: io_queue_depth 1024 less one (drivers/nvme/host/pci.c
 * nvme_setup_io_queues: `tagset.queue_depth = q_depth - 1`).
 */
const NVME_PCI_TAGS = 1023;

const base = { dm: [], partitions: [], tags: NVME_PCI_TAGS, plug: true, nowait: false, faults: [], bugs: [] } as const;

/** 4 KiB LBAs: 8 sectors a block. */
const K = 8;

/**
 * A ZNS SSD with Copy, scaled: 4 MiB zones with a 3 MiB capacity (ZCAP < ZSZE as on shipping ZNS
 * drives, e.g. 2 GiB zones of 1077 MiB capacity), 4 KiB LBAs, MDTS 5 (128 KiB), 14 open/active
 * zones. Copy limits: MSRC 7 (8 entries, the figure), MSSRL 256 blocks (1 MiB), MCL 1024
 * (4 MiB). No data sheet publishes ZNS Copy limits; QEMU's defaults are MSRC 127, MSSRL 128,
 * MCL 128 (hw/nvme/ns.c), so these are an assumption, chosen so MSRC is the binding limit for GC.
 */
const GC_COPY: NonNullable<Nvme['copy']> = { mssrl: 256, mcl: 1024, msrc: 7, formats: [0] };
const ZONE_BLOCKS = 1024;
const ZONE_CAP = 768;
const zns: Nvme = {
  name: 'nvme0n1',
  lbaBytes: 4096,
  nsze: 8 * ZONE_BLOCKS,
  mdts: 5,
  copy: GC_COPY,
  zoned: { zoneSize: ZONE_BLOCKS, zoneCap: ZONE_CAP, maxOpen: 14, maxActive: 14, crossRead: false, autoTransition: true },
  bugs: [],
};

/** Copy limits of the conventional namespaces: MSRC 7, MSSRL 256 blocks (1 MiB), MCL 512 (2 MiB). */
const CONVENTIONAL_COPY: NonNullable<Nvme['copy']> = { mssrl: 256, mcl: 512, msrc: 7, formats: [0] };

/** A conventional NVMe namespace, 4 KiB LBAs, MDTS 5 (128 KiB), `blocks` long; `copy` null = no Copy. */
const conventional = (name: string, blocks: number, copy: Nvme['copy'] | null = CONVENTIONAL_COPY): Nvme => ({
  name,
  lbaBytes: 4096,
  nsze: blocks,
  mdts: 5,
  ...(copy ? { copy } : {}),
  bugs: [],
});

/** A small deterministic generator (mulberry32): the model never reads Math.random. */
const mulberry32 = (seed: number): (() => number) => {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
};

/**
 * The valid blocks of one victim zone, in sectors: runs of 1–4 blocks separated by 1–10 invalid
 * ones (mean 2.5 valid of 8, ≈ 31% valid), from the zone start up to its capacity.
 */
export const victimValidRuns = (zone: number, seed: number): SectorRange[] => {
  const rnd = mulberry32(seed);
  const out: SectorRange[] = [];
  const start = zone * ZONE_BLOCKS;
  let b = start + 1 + Math.floor(rnd() * 10);
  for (;;) {
    const len = 1 + Math.floor(rnd() * 4);
    if (b + len > start + ZONE_CAP) break;
    out.push({ sector: b * K, nr: len * K });
    b += len + 1 + Math.floor(rnd() * 10);
  }
  return out;
};

const VICTIMS = [1, 2, 3] as const;
/** The GC destination: zone 5, open, with 16 blocks already written by the filesystem's log. */
const DEST_ZONE = 5;
const DEST_WRITTEN = 16;

/** Writes that fill each victim zone to its capacity and open the destination zone. */
const gcSetup = (): HostOp[] => [
  ...VICTIMS.map((z): HostOp => ({ op: 'write', bdev: 'nvme0n1', sector: z * ZONE_BLOCKS * K, nr: ZONE_CAP * K })),
  { op: 'write', bdev: 'nvme0n1', sector: DEST_ZONE * ZONE_BLOCKS * K, nr: DEST_WRITTEN * K },
];

/** One copy per group of source ranges, destinations back to back from sector `at` (a write pointer, a log head). */
const copiesFrom = (at: number, groups: readonly (readonly SectorRange[])[]): HostOp[] =>
  groups.map((src) => {
    const nr = src.reduce((n, r) => n + r.nr, 0);
    at += nr;
    return { op: 'copy', bdev: 'nvme0n1', dst: { sector: at - nr, nr }, src };
  });

const victimRuns = VICTIMS.map((z) => victimValidRuns(z, z));
const zoneGcCopies = (groups: readonly (readonly SectorRange[])[]): HostOp[] => copiesFrom((DEST_ZONE * ZONE_BLOCKS + DEST_WRITTEN) * K, groups);

/**
 * f2fs in LFS mode on a conventional namespace: 2 MiB segments (512 blocks), victims at segments
 * 1–3 with the valid-block pattern of the first 512 blocks of the ZNS victims, copied to the log
 * head in segment 5 (16 blocks in). No zone write plugging: every request may wait in the plug.
 */
const SEGMENT_BLOCKS = 512;
const LOG_SEGMENT = 5;
/** The same Copy limits as the ZNS drive. */
const lfsDevice = conventional('nvme0n1', 8 * SEGMENT_BLOCKS, GC_COPY);
const lfsOps = (): HostOp[] => {
  const shift = (v: number) => (r: SectorRange): SectorRange => ({ sector: r.sector - v * (ZONE_BLOCKS - SEGMENT_BLOCKS) * K, nr: r.nr });
  const inSegment = (v: number) => (r: SectorRange): boolean => r.sector + r.nr <= (v + 1) * SEGMENT_BLOCKS * K;
  const victims = VICTIMS.map((v, i) => victimRuns[i]!.map(shift(v)).filter(inSegment(v)));
  return [
    ...VICTIMS.map((v): HostOp => ({ op: 'write', bdev: 'nvme0n1', sector: v * SEGMENT_BLOCKS * K, nr: SEGMENT_BLOCKS * K })),
    { op: 'write', bdev: 'nvme0n1', sector: LOG_SEGMENT * SEGMENT_BLOCKS * K, nr: DEST_WRITTEN * K },
    ...copiesFrom((LOG_SEGMENT * SEGMENT_BLOCKS + DEST_WRITTEN) * K, victims),
  ];
};

/**
 * A copy of four extents (64, 32, 96, 64 blocks: 1 MiB in all) from block `from` of `bdev` to
 * block `to`, the shape of copy_file_range on a file in a few extents.
 */
const extentCopy = (bdev: string, from: number, to: number): HostOp => {
  const lens = [64, 32, 96, 64];
  let at = from;
  const src = lens.map((n) => {
    const r = { sector: at * K, nr: n * K };
    at += n + 16; // 16 blocks of other files between extents
    return r;
  });
  return { op: 'copy', bdev, dst: { sector: to * K, nr: lens.reduce((a, b) => a + b, 0) * K }, src };
};

export const WORKLOADS: readonly Workload[] = [
  {
    name: 'zns-gc',
    title: 'ZNS GC: 3 victim zones, ~30% valid in runs of 1–4 blocks, one copy per victim zone to the write pointer of an open zone',
    source:
      'log-structured GC on zoned storage: f2fs (fs/f2fs/gc.c gc_data_segment migrates the valid blocks of a victim section, a zone on zoned devices), btrfs zoned reclaim (fs/btrfs relocation of a block group), XFS zoned GC (fs/xfs/xfs_zone_gc.c); the use case Damien Le Moal (Jun 2024), Christoph Hellwig (May 2025) and Bart Van Assche (Jan 2026) name',
    config: { ...base, devices: [zns], ops: [...gcSetup(), ...zoneGcCopies(victimRuns)] },
  },
  {
    name: 'zns-gc-single-range',
    title: 'the same GC as single-range copies: one user copy per run of valid blocks, destinations back to back',
    source:
      'XFS zoned GC with REQ_OP_COPY: the filesystem "always see[s] single range bios" and wants the block layer to merge them like discard (Christoph Hellwig, "Re: [PATCH 2/5] block: add support for copy offload", 23 May 2025; research/kernel-copy-offload.md §8 #30)',
    config: { ...base, devices: [zns], ops: [...gcSetup(), ...zoneGcCopies(victimRuns.flat().map((r) => [r]))] },
  },
  {
    name: 'lfs-gc-conventional',
    title: 'the same GC on a conventional namespace: 3 victim 2 MiB segments, one copy per segment to the log head',
    source: 'f2fs in LFS mode on a conventional SSD (fs/f2fs/gc.c, 2 MiB segments); the contrast to zns-gc without zone write plugging',
    config: { ...base, devices: [lfsDevice], ops: lfsOps() },
  },
  {
    name: 'lfs-gc-32-tags',
    title: 'lfs-gc-conventional with a 32-deep tag set: the task sleeps for tags, and schedule() flushes its plug',
    source:
      'f2fs on a phone\'s UFS, the mobile GC case of Bart Van Assche\'s LSF/MM/BPF 2026 topic: UFSHCI 3.x has 32 transfer request slots (one doorbell queue); an NVMe namespace with 32 tags stands in for it',
    config: { ...base, tags: 32, devices: [lfsDevice], ops: lfsOps() },
  },
  {
    name: 'sequential-8m',
    title: 'one 8 MiB contiguous copy on a conventional namespace (MDTS 128 KiB, MSSRL 1 MiB, MCL 2 MiB: splits at every limit)',
    source: 'a large sequential copy: copy_file_range of a whole file, VM image provisioning (Christoph, Hannes, Damien, "Re: [PATCH v20 00/12] Implement copy offload support", Jun 2024)',
    config: {
      ...base,
      devices: [conventional('nvme0n1', 8192)],
      ops: [{ op: 'copy', bdev: 'nvme0n1', dst: { sector: 4096 * K, nr: 2048 * K }, src: [{ sector: 512 * K, nr: 2048 * K }] }],
    },
  },
  {
    name: 'dm-linear-2ns',
    title: 'dm-linear concatenating two namespaces: a 4-extent copy inside each, and one from the first namespace to the second',
    source:
      'an LVM linear volume over two PVs; copies inside one target offload, a copy whose ranges map to two devices cannot (Bart Van Assche on dm-linear concat, "Re: [PATCHv10 0/9] write hints…", 9 Dec 2024; only dm-linear opts in, Apr 2026 series)',
    config: {
      ...base,
      devices: [conventional('nvme0n1', 4096), conventional('nvme1n1', 4096)],
      dm: [
        {
          name: 'dm-0',
          targets: [
            { type: 'linear', start: 0, len: 4096 * K, dev: 'nvme0n1', offset: 0 },
            { type: 'linear', start: 4096 * K, len: 4096 * K, dev: 'nvme1n1', offset: 0 },
          ],
        },
      ],
      ops: [
        extentCopy('dm-0', 0, 2048),
        extentCopy('dm-0', 4096, 6144),
        extentCopy('dm-0', 256, 6400),
      ],
    },
  },
  {
    name: 'dm-stripe',
    title: 'dm-stripe over two namespaces (64 KiB chunks): a 4-extent copy of 1 MiB',
    source: 'an LVM striped volume (lvcreate -i2, default stripe size 64 KiB); dm-stripe does not opt in to copy offload in the Apr 2026 series, so every design falls back',
    config: {
      ...base,
      devices: [conventional('nvme0n1', 4096), conventional('nvme1n1', 4096)],
      dm: [{ name: 'dm-0', targets: [{ type: 'stripe', start: 0, len: 8192 * K, chunk: 16 * K, stripes: [{ dev: 'nvme0n1', offset: 0 }, { dev: 'nvme1n1', offset: 0 }] }] }],
      ops: [extentCopy('dm-0', 0, 4096)],
    },
  },
  {
    name: 'no-copy-support',
    title: 'a namespace without Copy (ONCS bit 8 clear): the same 4-extent copy of 1 MiB',
    source: 'most NVMe SSDs shipped and every NVMe-oF target with the Linux nvmet bdev backend (io-cmd-bdev.c: no Copy; research/device-copy-semantics.md)',
    config: { ...base, devices: [conventional('nvme0n1', 4096, null)], ops: [extentCopy('nvme0n1', 0, 2048)] },
  },
];


export const workloadConfig = (w: Workload, design: DesignName): StackConfig => ({ ...w.config, design });

/**
 * The explorer's choices that let the device complete the ops before the first copy before that
 * copy is submitted: the default policy, except that while the task is about to submit the first
 * copy and setup I/O is still queued, the device executes it first. What the task's plug still
 * holds cannot complete before the plug is flushed, so a drain that cannot progress submits anyway.
 * Then the default policy (traceStack continues with it).
 */
export const settleSetup = (cfg: StackConfig): number[] => {
  const firstCopy = cfg.ops.findIndex((o) => o.op === 'copy');
  const choices: number[] = [];
  if (firstCopy <= 0) return choices;
  let s: StackState = stackInit(cfg);
  while (s.nextOp <= firstCopy) {
    const en = stackEnabled(s);
    let i = defaultChoice(en);
    if (i < 0) break;
    if (en[i]!.kind === 'submit' && s.nextOp === firstCopy) {
      const exec = en.findIndex((a) => a.kind === 'exec');
      if (exec >= 0) i = exec;
    }
    choices.push(i);
    s = stackStep(s, en[i]!);
  }
  return choices;
};

export const workloadNamed = (name: string): Workload | undefined => WORKLOADS.find((w) => w.name === name);
