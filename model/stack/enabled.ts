// enabled(state): every choice the explorer may take next, in a fixed order.
//
// The task is sequential, as in the kernel: submit_bio maps a bio and every bio it gives rise to
// (dm clones, split remainders: current->bio_list, block/blk-core.c submit_bio_noacct) before it
// returns, so the task's bios are handled oldest first and the next op is submitted only when none
// is left; a task waiting for a tag does nothing else. The choices are which of its steps fails a
// tag allocation, when the zone write plug's kworker gets a tag, which queued device command the
// device executes next, and when a fault strikes.

import { freeTags } from '../blk-mq/request.js';
import { designOf } from './design.js';
import { opsDone } from './ops.js';
import type { LiveBio, StackAction, StackState } from './state.js';

/** The task sits in a synchronous copy (Design.waitsForCopy: wait_for_completion): a copy op submitted and not done. */
export const waitingForCopy = (s: Pick<StackState, 'cfg' | 'liveOps' | 'nextOp'>): boolean => {
  if (designOf(s.cfg.design).waitsForCopy !== true) return false;
  // Done ops are not live (model/stack/ops.ts), and an op not yet submitted is not one to wait for.
  for (const k in s.liveOps) {
    const i = Number(k);
    if (i < s.nextOp && s.cfg.ops[i]!.op === 'copy' && s.liveOps[i]!.phase !== 'done') return true;
  }
  return false;
};

const taskOwned = (b: LiveBio): boolean => b.stage === 'map' || b.stage === 'queue' || (b.stage === 'wait-tag' && !b.fromWork);

const rootOf = (s: StackState, b: LiveBio): number => {
  let r = b;
  while (r.parent !== null) r = s.bios[r.parent]!;
  return r.id;
};

/**
 * The bio the task works on now: submit_bio handles one top-level bio and everything it gives rise
 * to before the next (so the oldest root first), and within it the oldest bio first.
 */
export const taskHead = (s: StackState): LiveBio | undefined => scanBios(s).head;

/**
 * One walk over the live bios (a walk costs what is in flight, so a step makes one): the task's
 * head bio, and the zone write plug kworker's bios that may try for a tag now, in id order.
 */
const scanBios = (s: StackState, kworker?: LiveBio[]): { head: LiveBio | undefined } => {
  let head: LiveBio | undefined;
  let headRoot = Infinity;
  for (const key in s.bios) {
    const b = s.bios[Number(key)]!;
    if (kworker && b.stage === 'wait-tag' && b.fromWork && (!b.slept || freeTags(s, b.bdev) > 0)) kworker.push(b);
    if (!taskOwned(b)) continue;
    const root = rootOf(s, b);
    if (head === undefined || root < headRoot || (root === headRoot && b.id < head.id)) {
      head = b;
      headRoot = root;
    }
  }
  return { head };
};

export const stackEnabled = (s: StackState): StackAction[] => {
  const out: StackAction[] = [];
  const kworker: LiveBio[] = [];
  const { head } = scanBios(s, kworker);
  if (head === undefined) {
    if (waitingForCopy(s)) {
      // asleep in wait_for_completion: the device's completions wake it (model/stack/submit.ts sleepInCopy)
    } else if (s.localPlug) out.push({ kind: 'finish-plug' }); // blkdev_copy_offload's blk_finish_plug
    else if (s.nextOp < s.cfg.ops.length) out.push({ kind: 'submit' });
    else if (s.plugged) out.push({ kind: 'finish-plug' });
  } else if (head.stage === 'map') {
    out.push({ kind: 'map', bio: head.id });
  } else {
    // A bio about to get a request tries once; once the task slept, it retries when a tag is free.
    const f = freeTags(s, head.bdev);
    if (head.stage === 'queue' || !head.slept || f > 0) out.push({ kind: 'alloc', bio: head.id });
    if (f > 0 && !head.allocFailed) out.push({ kind: 'tag-fail', bio: head.id });
  }
  for (const b of kworker) out.push({ kind: 'alloc', bio: b.id });
  s.sq.forEach((_, i) => out.push({ kind: 'exec', cmd: i }));
  s.injected.forEach((done, i) => {
    if (!done) out.push({ kind: 'inject', fault: i });
  });
  return out;
};

/** All host ops completed and nothing is left in flight. */
export const quiescent = (s: StackState): boolean => opsDone(s) === s.cfg.ops.length && s.sq.length === 0 && Object.keys(s.bios).length === 0;
