// Structural invariants of a zoned namespace (ZONE-01), written at the level of ZNS 1.1 §2.1.1.

import { extentsOf, readRuns } from '../../model/content/extent-map.js';
import type { NvmeNamespace } from '../../model/device/nvme/namespace.js';

/** 512-byte sectors per logical block, computed here rather than taken from the model (LBADS: 512 or 4096 bytes). */
const sectorsPerBlock = (c: { readonly lbaBytes: number }): number => c.lbaBytes / 512;

/** The first violated invariant, or null. */
export const checkZoneInvariants = (ns: NvmeNamespace): string | null => {
  const z = ns.config.zoned;
  if (!z) return null;
  let open = 0;
  let active = 0;
  const k = sectorsPerBlock(ns.config);
  for (const [key, zone] of Object.entries(ns.zones)) {
    const idx = Number(key);
    const start = idx * z.zoneSize;
    const capEnd = start + z.zoneCap;
    if (zone.state === 'ZSIO' || zone.state === 'ZSEO') open++;
    if (zone.state === 'ZSIO' || zone.state === 'ZSEO' || zone.state === 'ZSC') active++;
    if (zone.wp < start || zone.wp > capEnd) return `zone ${idx} (${zone.state}) write pointer ${zone.wp} outside [${start}, ${capEnd}]`;
    if (zone.state !== 'ZSF' && zone.state !== 'ZSRO' && zone.state !== 'ZSO' && zone.wp === capEnd) {
      return `zone ${idx} is ${zone.state} with its write pointer at capacity (${capEnd}); it must be Full`;
    }
  }
  if (ns.nrOpen !== open) return `open resource count ${ns.nrOpen}, but ${open} zones are ZSIO/ZSEO`;
  if (ns.nrActive !== active) return `active resource count ${ns.nrActive}, but ${active} zones are ZSIO/ZSEO/ZSC`;
  if (z.maxOpen && open > z.maxOpen) return `${open} open zones exceed the limit of ${z.maxOpen}`;
  if (z.maxActive && active > z.maxActive) return `${active} active zones exceed the limit of ${z.maxActive}`;
  const implicit = Object.entries(ns.zones).filter(([, v]) => v.state === 'ZSIO').map(([i]) => Number(i));
  if (implicit.length !== ns.implicitOpen.length || implicit.some((i) => !ns.implicitOpen.includes(i))) {
    return `implicitly-open list [${ns.implicitOpen.join(', ')}] is not the set of ZSIO zones [${implicit.join(', ')}]`;
  }
  // Nothing is written at or above the write pointer (ZNS 1.1 §2.1.1.2): check every zone that has
  // ever been written to — the Empty ones among them are those the content shows data in.
  const touched = new Set<number>(Object.keys(ns.zones).map(Number));
  for (const e of extentsOf(ns.content)) {
    if (e.src.kind === 'unwritten') continue;
    const first = Math.floor(e.start / k / z.zoneSize);
    const last = Math.floor((e.start + e.len - 1) / k / z.zoneSize);
    for (let i = first; i <= last && touched.size < 100_000; i++) touched.add(i);
  }
  for (const idx of touched) {
    const zone = ns.zones[idx];
    const state = zone?.state ?? 'ZSE';
    if (state === 'ZSF' || state === 'ZSRO' || state === 'ZSO') continue;
    const wp = zone?.wp ?? idx * z.zoneSize;
    const end = (idx + 1) * z.zoneSize;
    if (wp >= end) continue;
    const above = readRuns(ns.content, wp * k, (end - wp) * k).find((r) => r.src.kind !== 'unwritten');
    if (above) return `zone ${idx} (${state}) holds data above its write pointer ${wp}`;
  }
  return null;
};
