// Replays a device trace on the naive reference and compares every namespace with it after every
// step (DATA-01, DATA-02).

import { extentsOf, readRuns, runAt, type ExtentMap } from '../../model/content/extent-map.js';
import { runKeys, tokenKey } from '../../model/content/token.js';
import type { NvmeNamespace } from '../../model/device/nvme/namespace.js';
import {
  referenceCopy,
  referenceDeallocate,
  referenceInit,
  referenceRead,
  referenceSector,
  referenceWrite,
  type Reference,
} from '../../model/reference/reference.js';
import type { DeviceTrace, TraceStep } from './trace.js';

/** 512-byte sectors per logical block, computed here rather than taken from the model (LBADS: 512 or 4096 bytes). */
const sectorsPerBlock = (c: { readonly lbaBytes: number }): number => c.lbaBytes / 512;

/** The first sector where a namespace's content and the reference differ, or null. */
export const firstDifference = (content: ExtentMap, ref: Reference, dev: string): { sector: number; model: string; reference: string } | null => {
  const d = ref.devices.get(dev)!;
  const keyAt = (s: number): string => {
    if (s >= content.size) return '(past the end)';
    const r = runAt(content, s);
    return tokenKey(r.src, r.off);
  };
  for (const [s, k] of [...d.written].sort((a, b) => a[0] - b[0])) {
    const m = keyAt(s);
    if (m !== k) return { sector: s, model: m, reference: k };
  }
  // Sectors the reference never wrote must still hold their initial token.
  for (const e of extentsOf(content)) {
    const initial = d.initial === 'orig' ? e.src.kind === 'orig' && e.src.dev === dev && e.off === e.start : e.src.kind === 'unwritten';
    if (initial) continue;
    for (let s = e.start; s < e.start + e.len; s++) {
      if (!d.written.has(s)) return { sector: s, model: keyAt(s), reference: referenceSector(ref, dev, s) };
    }
  }
  return null;
};

/** Sectors [a, a+n) as a reference range. */
const sectors = (ns: NvmeNamespace, lba: number, blocks: number) => {
  const k = sectorsPerBlock(ns.config);
  return { sector: lba * k, nr: blocks * k };
};

export type ReferenceViolation = { stepNo: number; message: string };

/**
 * Replay `trace` on the reference. `partial` is the rule for a failed Copy: 'exact' applies the
 * ranges below Dword 0 and nothing else; the specification's latitude ('old-or-new') also accepts
 * either content in the destination of ranges at or above Dword 0 (NVMCS 1.0 §3.2.2.1).
 */
export const checkAgainstReference = (trace: DeviceTrace): ReferenceViolation | null => {
  let ref = referenceInit(
    [...trace.initial.values()].map((ns) => ({ name: ns.config.name, size: ns.content.size, initial: ns.config.zoned ? 'unwritten' : 'orig' })),
  );
  for (const st of trace.steps) {
    const v = applyStep(ref, st);
    if (typeof v === 'string') return { stepNo: st.stepNo, message: v };
    ref = v;
    const diff = firstDifference(st.after.content, ref, st.step.dev);
    if (diff) {
      const k = sectorsPerBlock(st.after.config);
      return {
        stepNo: st.stepNo,
        message: `after step ${st.stepNo} (${st.step.cmd}) ${st.step.dev} LBA ${Math.floor(diff.sector / k)} holds ${diff.model}, the reference ${diff.reference}`,
      };
    }
  }
  return null;
};

/** Apply one step to the reference; a string is a violation found on the way (a Read returning wrong data). */
const applyStep = (ref: Reference, st: TraceStep): Reference | string => {
  const { command: c, result: r, before: ns } = st;
  const dev = st.step.dev;
  if (!c || !r) return ref; // a fault: content unchanged
  const success = r.cqe.status === 'SUCCESS';
  switch (c.cmd) {
    case 'read': {
      if (!success) return ref;
      const got = runKeys(r.data ?? []);
      const want = referenceRead(ref, dev, sectors(ns, c.slba, c.nlb + 1));
      const i = got.findIndex((g, j) => g !== want[j]);
      if (i >= 0 || got.length !== want.length) return `step ${st.stepNo}: Read at LBA ${c.slba} returned ${got[i] ?? '(short)'} at sector ${i}, the reference holds ${want[i]}`;
      return ref;
    }
    case 'write':
    case 'zone-append': {
      if (!success) return ref;
      const lba = c.cmd === 'write' ? c.slba : r.cqe.dw0 + r.cqe.dw1 * 2 ** 32;
      return referenceWrite(ref, dev, sectors(ns, lba, 0).sector, runKeys(c.data));
    }
    case 'copy': {
      const entries = Array.from({ length: c.nr + 1 }, (_, i) => c.ranges[i] ?? { slba: 0, nlb: 0 });
      const copied = success ? entries.length : Math.min(r.cqe.dw0, entries.length);
      const done = entries.slice(0, copied);
      const total = done.reduce((s, e) => s + e.nlb + 1, 0);
      const overlap = done.some((e) => e.slba < c.sdlba + total && c.sdlba < e.slba + e.nlb + 1);
      let next = referenceCopy(ref, dev, sectors(ns, c.sdlba, 0).sector, done.map((e) => sectors(ns, e.slba, e.nlb + 1)));
      if (overlap) {
        // Destination overlapping a source: each such block "may contain data from any of the Source
        // Range entries" (NVMCS 1.0 §3.2.2): the reference takes the device's choice for the destination.
        // Only the part inside the namespace: a Dword 0 that claims too much (a defective device)
        // can put the claimed destination past its end.
        const dst = sectors(ns, c.sdlba, total);
        const nr = Math.max(0, Math.min(dst.nr, ns.content.size - dst.sector));
        if (nr > 0) next = referenceWrite(next, dev, dst.sector, runKeys(readRuns(st.after.content, dst.sector, nr)));
      }
      if (!success && copied < entries.length) {
        // Entries at or above Dword 0 "may or may not have been (partially or wholly) copied": each block
        // of their destination holds its old content or the new one.
        const rest = entries.slice(copied).reduce((s, e) => s + e.nlb + 1, 0);
        const dst = sectors(ns, c.sdlba + total, rest);
        if (dst.sector + dst.nr <= ns.content.size) {
          const old = referenceRead(next, dev, dst);
          const now = runKeys(readRuns(st.after.content, dst.sector, dst.nr));
          const fresh = entries.slice(copied).flatMap((e) => (e.slba + e.nlb + 1 <= ns.config.nsze ? referenceRead(ref, dev, sectors(ns, e.slba, e.nlb + 1)) : []));
          for (let i = 0; i < now.length; i++) {
            if (now[i] !== old[i] && now[i] !== fresh[i]) {
              return `step ${st.stepNo}: failed Copy (Dword 0 = ${r.cqe.dw0}) left LBA ${(dst.sector + i) / sectorsPerBlock(ns.config)} holding ${now[i]}, neither its old content ${old[i]} nor the copied ${fresh[i] ?? '(nothing)'}`;
            }
          }
          next = referenceWrite(next, dev, dst.sector, now);
        }
      }
      return next;
    }
    case 'zone-mgmt-send': {
      if (c.action !== 'reset' || !success) return ref;
      // The zones a successful Reset empties, decided from the state before the command: the one
      // zone named, or with Select All every ZSIO/ZSEO/ZSC/ZSF zone (ZNS 1.1 Zone Management Send).
      // Each is deallocated (ZNS 1.1 §2.1.1.5).
      const size = ns.config.zoned!.zoneSize;
      const resettable = (s: string): boolean => s === 'ZSIO' || s === 'ZSEO' || s === 'ZSC' || s === 'ZSF';
      const wiped = c.all
        ? Object.entries(ns.zones).filter(([, z]) => resettable(z.state)).map(([idx]) => Number(idx))
        : [Math.floor(c.slba / size)];
      return wiped.reduce((next, idx) => referenceDeallocate(next, dev, sectors(ns, idx * size, size)), ref);
    }
    case 'zone-mgmt-recv':
      return ref;
  }
};
