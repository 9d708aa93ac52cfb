// The mutable view one stack step works on (an immer draft of StackState), and the small helpers
// every layer shares: ids, bio creation, the bdev a name stands for.

import { current, isDraft, type Draft } from 'immer';
import type { Bio } from '../block/bio.js';
import type { QueueLimits } from '../block/limits.js';
import type { DmTable } from '../dm/table.js';
import type { Partition } from '../block/partition.js';
import type { LiveBio, StackState } from './state.js';

export type D = Draft<StackState>;

/** A plain snapshot of what may be a draft: to copy into a new object without carrying child drafts along. */
export const snapshot = <T>(x: T): T => (isDraft(x) ? (current(x as Draft<T>) as T) : x);

export const newId = (d: D): number => d.nextId++;

/** A new bio in stage `map`, as submit_bio hands it to its block device. */
export const addBio = (
  d: D,
  bio: Omit<Bio, 'id'>,
  ctx: { opIndex: number; slot: number; at: number; parent: number | null },
): LiveBio => {
  const b: LiveBio = { ...bio, id: newId(d), ...ctx, children: 0, errno: 0, stage: 'map', allocFailed: false, slept: false, zonePlugged: false, fromWork: false };
  d.bios[b.id] = b as Draft<LiveBio>;
  return b;
};

export const dmTable = (s: Pick<StackState, 'cfg'>, bdev: string): DmTable | undefined => s.cfg.dm.find((t) => t.name === bdev);

export const partitionOf = (s: Pick<StackState, 'cfg'>, bdev: string): Partition | undefined => s.cfg.partitions.find((p) => p.name === bdev);

export const limitsOf = (s: Pick<StackState, 'limits'>, bdev: string): QueueLimits => {
  const l = s.limits[bdev];
  if (!l) throw new Error(`no block device ${bdev}`);
  return l;
};
