// Structural numbering of values (hash-consing): equal values, in the sense of canonicalJson
// (stack-explore.ts: object keys in a canonical order, undefined properties left out), get one
// number, and unequal ones different numbers — exactly: a hash only finds the candidates, which
// are then compared in full.
//
// An object is numbered by a short tuple of small integers — its keys' numbers and its values'
// numbers — so a value costs its own keys, not its subtree, and no text is built: immer shares
// every object a step did not change, and a shared object's number is remembered (per object
// identity), so numbering a successor costs what the step built. This replaces the canonical text
// and its SHA-256 the search used to key on (the text was rebuilt along the path to the root).
//
// Identity is trusted as a value's: model states are immutable (pure reducers; immer copies on
// write, and with auto-freeze on — as in the tests — a mutation throws), so an object seen once
// keeps its number. Use one Interner per exploration: it remembers every distinct object shape,
// and its key order (by first sight) is its own.

/** Numbers values structurally; `id(a) === id(b)` exactly when `canonicalJson(a) === canonicalJson(b)`. */
export type Interner = {
  /** The number of an object or array. */
  readonly id: (v: object) => number;
  /**
   * The number of the object `v` without the properties in `omit` (that of a copy without them),
   * remembered per object like `id`. One interner takes one `omit` set (its first) for all calls.
   */
  readonly idWithout: (v: object, omit: ReadonlySet<string>) => number;
  /** Distinct values numbered so far (objects, arrays and primitives). */
  readonly size: () => number;
};

// A tuple's first entry tells arrays from objects (numbers are never negative).
const ARRAY = -1;
const OBJECT = -2;

const sameTuple = (a: readonly number[], b: readonly number[]): boolean => {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
};

/** FNV-1a over the tuple's entries: only to find candidates, never trusted alone. */
const hashTuple = (t: readonly number[]): number => {
  let h = 0x811c9dc5 ^ t.length;
  for (let i = 0; i < t.length; i++) h = Math.imul(h ^ t[i]!, 0x01000193);
  return h;
};

export const interner = (): Interner => {
  // Objects, arrays and primitives share one numbering, so a value's number says which it is.
  let next = 0;
  const primitives = new Map<unknown, number>();
  const keyNumbers = new Map<string, number>();
  const known = new WeakMap<object, number>();
  const knownWithout = new WeakMap<object, number>();
  const byHash = new Map<number, number | number[]>();
  const tupleOf: (readonly number[])[] = [];
  const fresh = (t: readonly number[]): number => {
    const n = next++;
    tupleOf[n] = t;
    return n;
  };
  const internTuple = (t: readonly number[]): number => {
    const h = hashTuple(t);
    const hit = byHash.get(h);
    if (hit === undefined) {
      const n = fresh(t);
      byHash.set(h, n);
      return n;
    }
    if (typeof hit === 'number') {
      if (sameTuple(tupleOf[hit]!, t)) return hit;
      const n = fresh(t);
      byHash.set(h, [hit, n]);
      return n;
    }
    for (const c of hit) if (sameTuple(tupleOf[c]!, t)) return c;
    const n = fresh(t);
    hit.push(n);
    return n;
  };
  // As JSON writes them: undefined (in an array), NaN and ±Infinity are null; 1 and "1" differ.
  const primitive = (v: unknown): number => {
    const p = v === undefined || (typeof v === 'number' && !Number.isFinite(v)) ? null : v;
    let n = primitives.get(p);
    if (n === undefined) {
      n = next++;
      primitives.set(p, n);
    }
    return n;
  };
  const keyNumber = (k: string): number => {
    let n = keyNumbers.get(k);
    if (n === undefined) {
      n = keyNumbers.size;
      keyNumbers.set(k, n);
    }
    return n;
  };
  const code = (v: unknown): number => (v !== null && typeof v === 'object' ? id(v) : primitive(v));
  /** [OBJECT, key, value, key, value, ...], keys in the order of their numbers. */
  const objectTuple = (o: Record<string, unknown>, omit: ReadonlySet<string> | undefined): number[] => {
    const t = [OBJECT];
    let ordered = true;
    let last = -1;
    for (const k of Object.keys(o)) {
      const x = o[k];
      if (x === undefined || omit?.has(k)) continue;
      const kn = keyNumber(k);
      if (kn < last) ordered = false;
      last = kn;
      t.push(kn, code(x));
    }
    if (!ordered) {
      const pairs: [number, number][] = [];
      for (let i = 1; i < t.length; i += 2) pairs.push([t[i]!, t[i + 1]!]);
      pairs.sort((a, b) => a[0] - b[0]);
      pairs.forEach(([k, v], i) => {
        t[1 + 2 * i] = k;
        t[2 + 2 * i] = v;
      });
    }
    return t;
  };
  const id = (v: object): number => {
    let n = known.get(v);
    if (n !== undefined) return n;
    if (Array.isArray(v)) {
      const t = [ARRAY];
      for (let i = 0; i < v.length; i++) t.push(code(v[i]));
      n = internTuple(t);
    } else n = internTuple(objectTuple(v as Record<string, unknown>, undefined));
    known.set(v, n);
    return n;
  };
  const idWithout = (v: object, omit: ReadonlySet<string>): number => {
    let n = knownWithout.get(v);
    if (n === undefined) {
      n = internTuple(objectTuple(v as Record<string, unknown>, omit));
      knownWithout.set(v, n);
    }
    return n;
  };
  return { id, idWithout, size: () => next };
};
