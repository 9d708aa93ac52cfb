// Zone resource management of a zoned namespace, on an immer draft of the namespace.
// Mirrors QEMU hw/nvme/ctrl.c nvme_zrm_open_flags / nvme_zrm_close / nvme_zrm_finish /
// nvme_zrm_reset / nvme_aor_check / nvme_advance_zone_wp, which follow ZNS 1.1 §2.1.1.3–2.1.1.4.

import { castDraft, isDraft, original, type Draft } from 'immer';
import { writeRuns, type ExtentMap } from '../../content/extent-map.js';
import { fail, type NvmeCompletion } from './status.js';
import { hasBug, zoneAt, zslba, type NvmeNamespace, type ZoneState } from './namespace.js';
import { sectorsPerBlock } from './config.js';

export type D = Draft<NvmeNamespace>;

/**
 * The content map of a draft, without an immer proxy: content maps are immutable values replaced
 * whole, so reading the base object is exact and avoids proxying every extent.
 */
export const contentOf = (d: D): ExtentMap => (isDraft(d.content) ? original(d.content)! : d.content) as ExtentMap;

const isOpen = (s: ZoneState): boolean => s === 'ZSIO' || s === 'ZSEO';
const isActive = (s: ZoneState): boolean => isOpen(s) || s === 'ZSC';

/** Assign a zone's state (QEMU nvme_assign_zone_state), keeping the implicitly-open list in order. */
export const setZone = (d: D, idx: number, state: ZoneState, wp: number): void => {
  const i = d.implicitOpen.indexOf(idx);
  if (i >= 0) d.implicitOpen.splice(i, 1);
  if (state === 'ZSE') delete d.zones[idx];
  else d.zones[idx] = { state, wp };
  if (state === 'ZSIO') d.implicitOpen.push(idx);
};

/**
 * Can `act` more active and `opn` more open resources be had? (QEMU nvme_aor_check; ZNS 1.1 §2.1.1.4:
 * active is checked first, so with MAR = MOR a shortage reports Too Many Active Zones.)
 */
export const aorCheck = (d: D, act: number, opn: number): NvmeCompletion | null => {
  const z = d.config.zoned!;
  const dnr = !hasBug(d as unknown as NvmeNamespace, 'zone-limit-errors-retryable');
  if (z.maxActive && d.nrActive + act > z.maxActive) return fail('TOO_MANY_ACTIVE_ZONES', dnr);
  if (z.maxOpen && d.nrOpen + opn > z.maxOpen) return fail('TOO_MANY_OPEN_ZONES', dnr);
  return null;
};

/** Close the oldest implicitly opened zone when the open limit is reached (QEMU nvme_zrm_auto_transition_zone). */
const autoTransition = (d: D): void => {
  const z = d.config.zoned!;
  if (z.maxOpen && d.nrOpen === z.maxOpen && d.implicitOpen.length > 0) {
    zrmClose(d, d.implicitOpen[0]!);
  }
};

/**
 * Open a zone implicitly (a write) or explicitly (Zone Management Send Open): QEMU nvme_zrm_open_flags.
 * ZSE/ZSC → ZSIO (implicit) or ZSEO (explicit); ZSIO → ZSEO on an explicit open; ZSF/ZSRO/ZSO →
 * Invalid Zone State Transition (the caller checked writability first for writes).
 * An explicit Open aborted with Too Many Active Zones "shall not" change any zone's state (ZNS 1.1
 * §3.4.3.1.3), so the active limit is checked before auto transition closes a zone; QEMU closes it
 * first (spec/qemu-divergences.md Q-OPEN-TMA-AUTOCLOSE). An implicit open keeps QEMU's order.
 */
export const zrmOpen = (d: D, idx: number, implicit: boolean): NvmeCompletion | null => {
  const ns = d as unknown as NvmeNamespace;
  const z = zoneAt(ns, idx);
  switch (z.state) {
    case 'ZSE':
    case 'ZSC': {
      const act = z.state === 'ZSE' ? 1 : 0;
      if (!implicit && !hasBug(ns, 'open-too-many-active-closes-zone')) {
        const short = aorCheck(d, act, 0);
        if (short) return short;
      }
      if (d.config.zoned!.autoTransition) autoTransition(d);
      if (!(implicit && hasBug(ns, 'implicit-open-ignores-limits'))) {
        const short = aorCheck(d, act, 1);
        if (short) return short;
      }
      d.nrActive += act;
      d.nrOpen += 1;
      setZone(d, idx, implicit ? 'ZSIO' : 'ZSEO', z.wp);
      return null;
    }
    case 'ZSIO':
      if (!implicit && !hasBug(ns, 'explicit-open-stays-implicit')) setZone(d, idx, 'ZSEO', z.wp);
      return null;
    case 'ZSEO':
      return null;
    case 'ZSF':
    case 'ZSRO':
    case 'ZSO':
      return fail('INVALID_ZONE_STATE_TRANSITION', false);
  }
};

/** ZSIO/ZSEO → ZSC; ZSC stays (QEMU nvme_zrm_close). */
export const zrmClose = (d: D, idx: number): NvmeCompletion | null => {
  const z = zoneAt(d as unknown as NvmeNamespace, idx);
  switch (z.state) {
    case 'ZSIO':
    case 'ZSEO':
      d.nrOpen -= 1;
      setZone(d, idx, 'ZSC', z.wp);
      return null;
    case 'ZSC':
      return null;
    default:
      return fail('INVALID_ZONE_STATE_TRANSITION', false);
  }
};

/** ZSE/ZSIO/ZSEO/ZSC → ZSF, releasing resources; ZSF stays (QEMU nvme_zrm_finish). */
export const zrmFinish = (d: D, idx: number): NvmeCompletion | null => {
  const ns = d as unknown as NvmeNamespace;
  const z = zoneAt(ns, idx);
  switch (z.state) {
    case 'ZSF':
      return null;
    case 'ZSIO':
    case 'ZSEO':
    case 'ZSC':
      if (isOpen(z.state)) d.nrOpen -= 1;
      if (!hasBug(ns, 'finish-leaks-active')) d.nrActive -= 1;
      setZone(d, idx, 'ZSF', z.wp);
      return null;
    case 'ZSE':
      setZone(d, idx, 'ZSF', z.wp);
      return null;
    default:
      return fail('INVALID_ZONE_STATE_TRANSITION', false);
  }
};

/**
 * ZSIO/ZSEO/ZSC/ZSF → ZSE with wp = ZSLBA, and every block of the zone deallocated (QEMU
 * nvme_zrm_reset and nvme_zone_reset_cb, which writes zeroes over the zone; ZNS 1.1 §2.1.1.5).
 */
export const zrmReset = (d: D, idx: number): NvmeCompletion | null => {
  const ns = d as unknown as NvmeNamespace;
  const z = zoneAt(ns, idx);
  switch (z.state) {
    case 'ZSE':
      return null;
    case 'ZSIO':
    case 'ZSEO':
    case 'ZSC':
    case 'ZSF': {
      if (isOpen(z.state)) d.nrOpen -= 1;
      if (isActive(z.state)) d.nrActive -= 1;
      setZone(d, idx, 'ZSE', zslba(ns, idx));
      if (!hasBug(ns, 'reset-keeps-data')) {
        const k = sectorsPerBlock(d.config);
        const size = d.config.zoned!.zoneSize * k;
        d.content = castDraft(writeRuns(contentOf(d), zslba(ns, idx) * k, [{ len: size, src: { kind: 'unwritten' }, off: 0 }]));
      }
      return null;
    }
    default:
      return fail('INVALID_ZONE_STATE_TRANSITION', false);
  }
};

/** Advance the write pointer after a write; reaching ZCAP makes the zone Full (QEMU nvme_advance_zone_wp; ZNS 1.1 §2.1.1.3.2). */
export const advanceWp = (d: D, idx: number, nlb: number): void => {
  const ns = d as unknown as NvmeNamespace;
  const z = zoneAt(ns, idx);
  const wp = z.wp + nlb;
  setZone(d, idx, z.state, wp);
  if (wp === zslba(ns, idx) + d.config.zoned!.zoneCap) zrmFinish(d, idx);
};

/**
 * Write checks against zone `idx` for a write of `nlb` blocks at `slba` (QEMU nvme_check_zone_write,
 * in its order: state, then write pointer, then boundary; ZNS 1.1 §2.1.1.2.1.1).
 */
export const checkZoneWrite = (ns: NvmeNamespace, idx: number, slba: number, nlb: number): NvmeCompletion | null => {
  const z = zoneAt(ns, idx);
  const cfg = ns.config.zoned!;
  switch (z.state) {
    case 'ZSF':
      if (!hasBug(ns, 'zone-full-check-removed')) return fail('ZONE_IS_FULL', false);
      break;
    case 'ZSRO':
      return fail('ZONE_IS_READ_ONLY', false);
    case 'ZSO':
      return fail('ZONE_IS_OFFLINE', false);
    default:
      break;
  }
  if (slba !== z.wp && !hasBug(ns, 'write-ignores-wp')) return fail('ZONE_INVALID_WRITE', false);
  const boundary = zslba(ns, idx) + (hasBug(ns, 'write-boundary-uses-zone-size') ? cfg.zoneSize : cfg.zoneCap);
  if (slba + nlb > boundary) return fail('ZONE_BOUNDARY_ERROR', false);
  return null;
};

/**
 * Read checks (QEMU nvme_check_zone_read; ZNS 1.1 §2.1.1.2.1.2): an Offline zone fails; a read past
 * the zone (ZSZE, not ZCAP) fails with Zone Boundary Error unless RAZB, and then every zone it touches
 * must not be Offline.
 */
export const checkZoneRead = (ns: NvmeNamespace, slba: number, nlb: number): NvmeCompletion | null => {
  const cfg = ns.config.zoned!;
  const first = Math.floor(slba / cfg.zoneSize);
  const last = Math.floor((slba + nlb - 1) / cfg.zoneSize);
  if (zoneAt(ns, first).state === 'ZSO') return fail('ZONE_IS_OFFLINE', false);
  if (last === first) return null;
  if (!cfg.crossRead) return fail('ZONE_BOUNDARY_ERROR', false);
  for (let i = first + 1; i <= last; i++) if (zoneAt(ns, i).state === 'ZSO') return fail('ZONE_IS_OFFLINE', false);
  return null;
};
