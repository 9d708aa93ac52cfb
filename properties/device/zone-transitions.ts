// The zone state each command or fault leaves each zone in (ZONE-07), derived from the namespace
// before the step, the command and its completion — ZNS 1.1's state machine written out again,
// independent of model/device/nvme/zone.ts. Zones the step does not act on keep state and write
// pointer. Write pointers of written zones are ZONE-02's business.

import type { NvmeNamespace, ZoneState } from '../../model/device/nvme/namespace.js';
import type { TraceStep } from './trace.js';

/** What a zone the step acts on may become: its allowed states, and whether its write pointer must stay. */
type Allowed = { readonly states: readonly ZoneState[]; readonly keepWp: boolean };

const stateOf = (ns: NvmeNamespace, z: number): ZoneState => ns.zones[z]?.state ?? 'ZSE';
const isOpen = (s: ZoneState): boolean => s === 'ZSIO' || s === 'ZSEO';
const zoneOf = (ns: NvmeNamespace, lba: number): number => Math.floor(lba / ns.config.zoned!.zoneSize);
const zoneExists = (ns: NvmeNamespace, z: number): boolean => z < Math.floor(ns.config.nsze / ns.config.zoned!.zoneSize);

/**
 * Opening zone `z` from ZSE/ZSC at the open limit, with auto transition on, first closes the oldest
 * implicitly opened zone (ZNS 1.1 §2.1.1.4 lets the controller; QEMU nvme_zrm_auto_transition_zone).
 * "Oldest" is the namespace's own record of open order; ZONE-01 checks that record is the ZSIO set.
 */
const autoClosed = (ns: NvmeNamespace, z: number): number | null => {
  const cfg = ns.config.zoned!;
  const open = Object.values(ns.zones).filter((v) => isOpen(v.state)).length;
  const s = stateOf(ns, z);
  if ((s !== 'ZSE' && s !== 'ZSC') || !cfg.autoTransition || !cfg.maxOpen || open !== cfg.maxOpen) return null;
  return ns.implicitOpen[0] ?? null;
};

/**
 * A write of `blocks` blocks into zone `z` that got as far as opening it (ZNS 1.1 §2.1.1.3): ZSE/ZSC →
 * ZSIO, open zones stay open, and reaching ZCAP makes it Full. `written` false: the implicit open
 * itself failed for lack of resources, so the zone keeps its state (an auto close may remain).
 */
const writeInto = (ns: NvmeNamespace, z: number, blocks: number, written: boolean, out: Map<number, Allowed>): void => {
  const closed = autoClosed(ns, z);
  if (closed !== null && closed !== z) out.set(closed, { states: ['ZSC'], keepWp: true });
  if (!written) return;
  const s = stateOf(ns, z);
  const wp = ns.zones[z]?.wp ?? z * ns.config.zoned!.zoneSize;
  const full = wp + blocks === z * ns.config.zoned!.zoneSize + ns.config.zoned!.zoneCap;
  out.set(z, { states: [full ? 'ZSF' : s === 'ZSEO' ? 'ZSEO' : 'ZSIO'], keepWp: false });
};

/** Zone Management Send: the state each action leaves a zone in (ZNS 1.1 Fig. 11; §3.4.3.1). */
const SEND_TARGET: Record<'open' | 'close' | 'finish' | 'reset', ZoneState> = { open: 'ZSEO', close: 'ZSC', finish: 'ZSF', reset: 'ZSE' };

/** With Select All, the states each action acts on (ZNS 1.1 Zone Management Send, Select All). */
const SELECT_ALL: Record<'open' | 'close' | 'finish' | 'reset', readonly ZoneState[]> = {
  open: ['ZSC'],
  close: ['ZSIO', 'ZSEO'],
  finish: ['ZSIO', 'ZSEO', 'ZSC'],
  reset: ['ZSIO', 'ZSEO', 'ZSC', 'ZSF'],
};

/** Zones the step may change, with what they may become; every other zone must stay as it was. */
export const zoneTransitions = (st: TraceStep): Map<number, Allowed> => {
  const ns = st.before;
  const out = new Map<number, Allowed>();
  const c = st.command;
  const cqe = st.result?.cqe;
  const success = cqe?.status === 'SUCCESS';
  const short = cqe?.status === 'TOO_MANY_ACTIVE_ZONES' || cqe?.status === 'TOO_MANY_OPEN_ZONES';
  const step = st.step;
  if (!ns.config.zoned) return out;
  if (step.cmd === 'inject') {
    if (step.fault === 'write-protect') {
      // Write protection moves active zones to Full (ZNS 1.1 §2.1.1.3).
      for (const [k, v] of Object.entries(ns.zones)) if (isOpen(v.state) || v.state === 'ZSC') out.set(Number(k), { states: ['ZSF'], keepWp: false });
    } else if (step.fault !== 'media-error' && step.slba !== undefined && step.slba < ns.config.nsze) {
      const z = zoneOf(ns, step.slba);
      if (stateOf(ns, z) !== 'ZSO') out.set(z, { states: [step.fault === 'zone-offline' ? 'ZSO' : 'ZSRO'], keepWp: false });
    }
    return out;
  }
  if (!c || !cqe) return out;
  switch (c.cmd) {
    case 'read':
    case 'zone-mgmt-recv':
      return out;
    case 'write':
    case 'zone-append':
      if (success || short) writeInto(ns, zoneOf(ns, c.slba), c.nlb + 1, success, out);
      return out;
    case 'copy': {
      if (!zoneExists(ns, zoneOf(ns, c.sdlba))) return out;
      // Entries below Dword 0 were written; entry 0 failing for resources means the open failed.
      const entries = Array.from({ length: c.nr + 1 }, (_, i) => c.ranges[i] ?? { slba: 0, nlb: 0 });
      const copied = success ? entries.length : cqe.dw0;
      const blocks = entries.slice(0, copied).reduce((n, e) => n + e.nlb + 1, 0);
      if (copied > 0 || (short && cqe.dw0 === 0)) writeInto(ns, zoneOf(ns, c.sdlba), blocks, copied > 0, out);
      return out;
    }
    case 'zone-mgmt-send': {
      if (c.all) {
        if (c.action === 'reset' && !success) return out; // write protected: nothing acted on
        for (const [k, v] of Object.entries(ns.zones)) {
          if (!SELECT_ALL[c.action].includes(v.state)) continue;
          // Select All Open can stop at the first zone short of resources: each may be either.
          out.set(Number(k), { states: success ? [SEND_TARGET[c.action]] : [v.state, SEND_TARGET[c.action]], keepWp: c.action !== 'reset' });
        }
        // Each Select All Open from ZSC may auto-close an implicitly opened zone.
        if (c.action === 'open') for (const z of ns.implicitOpen) if (!out.has(z)) out.set(z, { states: ['ZSIO', 'ZSC'], keepWp: true });
        return out;
      }
      if (!success) return out; // an aborted Open, Close, Finish or Reset changes no zone (ZNS 1.1 §3.4.3.1.3)
      const z = zoneOf(ns, c.slba);
      if (c.action === 'open') {
        const closed = autoClosed(ns, z);
        if (closed !== null && closed !== z) out.set(closed, { states: ['ZSC'], keepWp: true });
      }
      out.set(z, { states: [SEND_TARGET[c.action]], keepWp: c.action === 'open' || c.action === 'close' });
      return out;
    }
  }
};

/** The first zone the step left in a state ZNS does not give it, or null. */
export const checkZoneTransitions = (st: TraceStep): string | null => {
  if (!st.before.config.zoned) return null;
  const allowed = zoneTransitions(st);
  const keys = new Set([...Object.keys(st.before.zones), ...Object.keys(st.after.zones)].map(Number));
  for (const z of [...keys].sort((a, b) => a - b)) {
    const was = st.before.zones[z];
    const now = st.after.zones[z];
    const a = allowed.get(z);
    const sNow = now?.state ?? 'ZSE';
    if (!a) {
      if (sNow !== (was?.state ?? 'ZSE') || now?.wp !== was?.wp) return `zone ${z} went from ${was?.state ?? 'ZSE'} to ${sNow}, but the step does not act on it`;
      continue;
    }
    if (!a.states.includes(sNow)) return `zone ${z} is ${sNow} after the step (was ${was?.state ?? 'ZSE'}); ZNS 1.1 gives ${a.states.join(' or ')}`;
    if (a.keepWp && now !== undefined && now.wp !== (was?.wp ?? z * st.before.config.zoned.zoneSize)) return `zone ${z} (${sNow}) moved its write pointer from ${was?.wp} to ${now?.wp}`;
  }
  return null;
};
