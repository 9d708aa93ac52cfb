// The naive reference (DESIGN.md §3): one flat sector map per logical device, deliberately simple.
// A copy reads every source range first, then writes the destination in source-entry order — the
// meaning every design must preserve (copy = read the sources, write the destination).
// Per-sector loops are intended: this is the oracle, so it must be obviously right, not fast.

import { tokenKey } from '../content/token.js';

/** One logical device: sectors not in `written` still hold their initial token. */
export type ReferenceDevice = {
  readonly name: string;
  readonly size: number; // in 512-byte sectors
  readonly initial: 'orig' | 'unwritten';
  readonly written: ReadonlyMap<number, string>; // sector -> token key
};

export type Reference = { readonly devices: ReadonlyMap<string, ReferenceDevice> };

export type ReferenceRange = { readonly sector: number; readonly nr: number };

export const referenceInit = (devices: readonly { name: string; size: number; initial: 'orig' | 'unwritten' }[]): Reference => ({
  devices: new Map(devices.map((d) => [d.name, { ...d, written: new Map() }])),
});

const device = (ref: Reference, name: string): ReferenceDevice => {
  const d = ref.devices.get(name);
  if (!d) throw new Error(`reference: no device ${name}`);
  return d;
};

/** Token key of one sector. */
export const referenceSector = (ref: Reference, name: string, sector: number): string => {
  const d = device(ref, name);
  const w = d.written.get(sector);
  if (w !== undefined) return w;
  return d.initial === 'orig' ? tokenKey({ kind: 'orig', dev: name }, sector) : tokenKey({ kind: 'unwritten' }, 0);
};

/** Token keys of [sector, sector+nr). */
export const referenceRead = (ref: Reference, name: string, r: ReferenceRange): string[] => {
  const out: string[] = [];
  for (let i = 0; i < r.nr; i++) out.push(referenceSector(ref, name, r.sector + i));
  return out;
};

const withDevice = (ref: Reference, d: ReferenceDevice): Reference => ({ devices: new Map(ref.devices).set(d.name, d) });

/** Write token keys `keys` at `sector`. */
export const referenceWrite = (ref: Reference, name: string, sector: number, keys: readonly string[]): Reference => {
  const d = device(ref, name);
  const written = new Map(d.written);
  keys.forEach((k, i) => written.set(sector + i, k));
  return withDevice(ref, { ...d, written });
};

/** Deallocate [sector, sector+nr): reads return the unwritten token (e.g. after a zone reset). */
export const referenceDeallocate = (ref: Reference, name: string, r: ReferenceRange): Reference =>
  referenceWrite(ref, name, r.sector, Array.from({ length: r.nr }, () => tokenKey({ kind: 'unwritten' }, 0)));

/** Copy: read all source ranges (in order), then write them back to back from `dst`. */
export const referenceCopy = (ref: Reference, name: string, dst: number, sources: readonly ReferenceRange[]): Reference => {
  const data = sources.flatMap((r) => referenceRead(ref, name, r));
  return referenceWrite(ref, name, dst, data);
};
