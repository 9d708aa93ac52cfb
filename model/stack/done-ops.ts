// The records of host ops that are done, out of what immer copies at each step (issue 10 item 3):
// a persistent 32-way trie of frozen nodes on a prototype that is not Object.prototype, so immer
// never drafts it and retiring one op copies `depth` nodes of at most 32 slots, not the op list.
// Canonical: the depth is fixed by the scenario's op count and empty nodes are pruned, so equal
// contents give equal trees whatever order they were built in (the explorer's state key relies on it).

import type { OpState } from './state.js';

const BITS = 5;
const MASK = (1 << BITS) - 1;

/** A trie node: slot → child node, or → op record at the last level. */
export type DoneNode = { readonly [slot: number]: DoneNode | OpState };

export type DoneOps = {
  /** Levels of the trie: enough base-32 digits for every op index of the scenario. */
  readonly depth: number;
  /** Op records held. */
  readonly size: number;
  readonly root: DoneNode;
};

/** Not Object.prototype: immer drafts only plain objects and arrays (isPlainObject), so it leaves these be. */
const PROTO: object = Object.freeze(Object.create(Object.prototype) as object);

const opaque = <T extends object>(fields: T): T => Object.freeze(Object.assign(Object.create(PROTO) as T, fields));

export const doneOpsInit = (ops: number): DoneOps => {
  let depth = 1;
  while (ops > 1 << (BITS * depth)) depth++;
  return opaque({ depth, size: 0, root: opaque({}) });
};

const slotAt = (t: DoneOps, i: number, level: number): number => (i >>> (BITS * (t.depth - 1 - level))) & MASK;

export const doneGet = (t: DoneOps, i: number): OpState | undefined => {
  let n: DoneNode | OpState | undefined = t.root;
  for (let level = 0; level < t.depth && n !== undefined; level++) n = (n as DoneNode)[slotAt(t, i, level)];
  return n as OpState | undefined;
};

/** `t` with op `i` recorded as `op` (a frozen record), or without it (`undefined`). */
export const doneSet = (t: DoneOps, i: number, op: OpState | undefined): DoneOps => {
  let had = false;
  const put = (n: DoneNode | undefined, level: number): DoneNode | undefined => {
    const slot = slotAt(t, i, level);
    const child = level === t.depth - 1 ? ((had = n?.[slot] !== undefined), op) : put(n?.[slot] as DoneNode | undefined, level + 1);
    const fields: Record<number, DoneNode | OpState> = { ...n };
    if (child === undefined) delete fields[slot];
    else fields[slot] = child;
    return Object.keys(fields).length === 0 && level > 0 ? undefined : opaque(fields);
  };
  const root = put(t.root, 0)!;
  return opaque({ depth: t.depth, size: t.size + (op === undefined ? 0 : 1) - (had ? 1 : 0), root });
};
