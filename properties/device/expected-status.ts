// The situation each status stands for, written as predicates over the namespace before the
// command — a second formulation of the rules, independent of the reducer's code, that ERR-01
// holds the reducer to. Priority among situations that hold together is QEMU's check order
// (hw/nvme/ctrl.c), which the specifications leave open. It imports only types from the model:
// its zone and transfer arithmetic is its own, so a mistake in the model's config helpers cannot
// move model and oracle together.

import type { NvmeCommand, NvmeSourceRange } from '../../model/device/nvme/command.js';
import type { NvmeNamespace, ZoneState } from '../../model/device/nvme/namespace.js';
import type { NvmeStatusName } from '../../model/device/nvme/status.js';

/** The status, Do Not Retry bit and (for a failed Copy) Dword 0 a command must complete with. */
export type Expected = { readonly status: NvmeStatusName; readonly dnr: boolean; readonly dw0: number };

const ok: Expected = { status: 'SUCCESS', dnr: false, dw0: 0 };
/** A failure; DNR as spec/nvme-device.md "DNR" gives it (the specifications leave DNR to the controller). */
const is = (status: NvmeStatusName, dw0 = 0, dnr = true): Expected => ({ status, dnr, dw0 });
/** A failure the host may retry (no DNR): Copy's per-entry zone and media errors, a Read's media error. */
const retryable = (status: NvmeStatusName, dw0 = 0): Expected => is(status, dw0, false);

/** Bytes one command may transfer: 2^MDTS pages of CAP.MPSMIN = 4 KiB; MDTS 0 = no limit (NVMe Base 2.x Identify Controller MDTS). */
const transferLimit = (ns: NvmeNamespace): number => (ns.config.mdts === 0 ? Infinity : 2 ** (12 + ns.config.mdts));
/** Zones in the namespace: NSZE is a whole number of zones (ZNS 1.1 §2.1.1). */
const zoneCount = (ns: NvmeNamespace): number => Math.floor(ns.config.nsze / ns.config.zoned!.zoneSize);

const zoneOf = (ns: NvmeNamespace, lba: number): number => Math.floor(lba / ns.config.zoned!.zoneSize);
const startOf = (ns: NvmeNamespace, z: number): number => z * ns.config.zoned!.zoneSize;
const stateOf = (ns: NvmeNamespace, z: number): ZoneState => ns.zones[z]?.state ?? 'ZSE';
const wpOf = (ns: NvmeNamespace, z: number): number => ns.zones[z]?.wp ?? startOf(ns, z);
const capEnd = (ns: NvmeNamespace, z: number): number => startOf(ns, z) + ns.config.zoned!.zoneCap;
const implicitlyOpen = (ns: NvmeNamespace): number => Object.values(ns.zones).filter((z) => z.state === 'ZSIO').length;

/**
 * Can a zone in state `s` be opened (ZNS 1.1 §2.1.1.4)? Active is needed from ZSE, open from ZSE/ZSC;
 * with auto transition one implicitly opened zone is closed first when the open limit is reached.
 */
const openShortage = (ns: NvmeNamespace, s: ZoneState): NvmeStatusName | null => {
  if (s !== 'ZSE' && s !== 'ZSC') return null;
  const z = ns.config.zoned!;
  const act = s === 'ZSE' ? 1 : 0;
  const freed = z.autoTransition && z.maxOpen && ns.nrOpen === z.maxOpen && implicitlyOpen(ns) > 0 ? 1 : 0;
  if (z.maxActive && ns.nrActive + act > z.maxActive) return 'TOO_MANY_ACTIVE_ZONES';
  if (z.maxOpen && ns.nrOpen - freed + 1 > z.maxOpen) return 'TOO_MANY_OPEN_ZONES';
  return null;
};

/** A write of `n` blocks at `lba` into zone `z` whose state/wp are given (ZNS 1.1 §2.1.1.2.1.1). */
const zoneWriteSituation = (ns: NvmeNamespace, z: number, s: ZoneState, wp: number, lba: number, n: number): NvmeStatusName | null => {
  if (s === 'ZSF') return 'ZONE_IS_FULL';
  if (s === 'ZSRO') return 'ZONE_IS_READ_ONLY';
  if (s === 'ZSO') return 'ZONE_IS_OFFLINE';
  if (lba !== wp) return 'ZONE_INVALID_WRITE';
  if (lba + n > capEnd(ns, z)) return 'ZONE_BOUNDARY_ERROR';
  return openShortage(ns, s);
};

/** A read of `n` blocks at `lba` (ZNS 1.1 §2.1.1.2.1.2): an Offline zone, or crossing without RAZB. */
const zoneReadSituation = (ns: NvmeNamespace, lba: number, n: number): NvmeStatusName | null => {
  const first = zoneOf(ns, lba);
  const last = zoneOf(ns, lba + n - 1);
  if (stateOf(ns, first) === 'ZSO') return 'ZONE_IS_OFFLINE';
  if (last !== first && !ns.config.zoned!.crossRead) return 'ZONE_BOUNDARY_ERROR';
  for (let z = first + 1; z <= last; z++) if (stateOf(ns, z) === 'ZSO') return 'ZONE_IS_OFFLINE';
  return null;
};

/**
 * Blocks with a latent media error, tracked by the oracle itself from the trace (LatentErrors):
 * an injected media error marks blocks; a successful write of a block clears it (the drive
 * reassigns it); a Zone Reset does not (the model's choice: spec/nvme-device.md "Faults").
 */
export type LatentErrors = ReadonlySet<number>;

/** Does [lba, lba+n) hold a latent error, given the blocks a command has rewritten so far? */
const mediaHit = (latent: LatentErrors, lba: number, n: number, rewritten: readonly [number, number] | null): boolean => {
  for (const b of latent) {
    if (b < lba || b >= lba + n) continue;
    if (rewritten && b >= rewritten[0] && b < rewritten[1]) continue;
    return true;
  }
  return false;
};

const copySituation = (ns: NvmeNamespace, c: Extract<NvmeCommand, { cmd: 'copy' }>, latent: LatentErrors): Expected => {
  const lim = ns.config.copy!;
  if (!lim.formats.includes(c.desfmt)) return is('INVALID_FIELD');
  if (c.nr > lim.msrc) return is('CMD_SIZE_LIMIT_EXCEEDED');
  // Format 1h on a namespace without PI: the tag fields are ignored (NVMCS 1.0 §3.2.2, Fig. 35).
  const entries: NvmeSourceRange[] = Array.from({ length: c.nr + 1 }, (_, i) => c.ranges[i] ?? { slba: 0, nlb: 0 });
  if (entries.reduce((s, e) => s + e.nlb + 1, 0) > lim.mcl) return is('CMD_SIZE_LIMIT_EXCEEDED');
  if (ns.writeProtected) return is('NS_WRITE_PROTECTED');
  const zoned = ns.config.zoned !== undefined;
  const dz = zoned ? zoneOf(ns, c.sdlba) : -1;
  let cur = c.sdlba;
  for (let i = 0; i < entries.length; i++) {
    const { slba, nlb } = entries[i]!;
    const n = nlb + 1;
    if (n > lim.mssrl) return is('CMD_SIZE_LIMIT_EXCEEDED', i);
    if (slba + n > ns.config.nsze) return is('LBA_OUT_OF_RANGE', i);
    const r = zoned ? zoneReadSituation(ns, slba, n) : null;
    if (r) return retryable(r, i);
    if (mediaHit(latent, slba, n, [c.sdlba, cur])) return retryable('UNRECOVERED_READ_ERROR', i);
    if (cur + n > ns.config.nsze) return is('LBA_OUT_OF_RANGE', i);
    if (zoned && i === 0) {
      const w = zoneWriteSituation(ns, dz, stateOf(ns, dz), wpOf(ns, dz), cur, n);
      // Resource shortages carry DNR; the zone's own state, write pointer and boundary do not.
      if (w) return w === 'TOO_MANY_ACTIVE_ZONES' || w === 'TOO_MANY_OPEN_ZONES' ? is(w, i) : retryable(w, i);
    }
    // After entry 0 the zone is open at wp = cur: a later entry fails only by running past the
    // zone's capacity, a Zone Boundary Error even when the zone filled exactly (ZNS 1.1 Fig. 14).
    if (zoned && i > 0 && cur + n > capEnd(ns, dz)) return retryable('ZONE_BOUNDARY_ERROR', i);
    cur += n;
  }
  return ok;
};

const writeSituation = (ns: NvmeNamespace, slba: number, nlb: number, append: boolean): Expected => {
  const n = nlb + 1;
  if (n * ns.config.lbaBytes > transferLimit(ns)) return is('INVALID_FIELD');
  if (slba + n > ns.config.nsze) return is('LBA_OUT_OF_RANGE');
  if (ns.writeProtected) return is('NS_WRITE_PROTECTED');
  if (!ns.config.zoned) return ok;
  const z = zoneOf(ns, slba);
  if (append && slba !== startOf(ns, z)) return is('INVALID_FIELD');
  const wp = wpOf(ns, z);
  const w = zoneWriteSituation(ns, z, stateOf(ns, z), wp, append ? wp : slba, n);
  return w ? is(w) : ok;
};

const readSituation = (ns: NvmeNamespace, slba: number, nlb: number, latent: LatentErrors): Expected => {
  const n = nlb + 1;
  if (n * ns.config.lbaBytes > transferLimit(ns)) return is('INVALID_FIELD');
  if (slba + n > ns.config.nsze) return is('LBA_OUT_OF_RANGE');
  const r = ns.config.zoned ? zoneReadSituation(ns, slba, n) : null;
  if (r) return is(r);
  if (mediaHit(latent, slba, n, null)) return retryable('UNRECOVERED_READ_ERROR');
  return ok;
};

/** Zone Management Send on one zone, by action and state (ZNS 1.1 Zone Management Send; Fig. 11). */
const sendSituation = (ns: NvmeNamespace, action: 'open' | 'close' | 'finish' | 'reset', slba: number, all: boolean): Expected | null => {
  if (!all) {
    if (slba >= ns.config.nsze) return is('LBA_OUT_OF_RANGE');
    if (slba !== startOf(ns, zoneOf(ns, slba))) return is('INVALID_FIELD');
  }
  if (action === 'reset' && ns.writeProtected) return is('NS_WRITE_PROTECTED');
  // Select All never picks a zone its action cannot move, except Open, whose resources depend on
  // the order zones are taken in: not classified.
  if (all) return action === 'open' ? null : ok;
  const s = stateOf(ns, zoneOf(ns, slba));
  const legal: Record<typeof action, readonly ZoneState[]> = {
    open: ['ZSE', 'ZSIO', 'ZSEO', 'ZSC'],
    close: ['ZSIO', 'ZSEO', 'ZSC'],
    finish: ['ZSE', 'ZSIO', 'ZSEO', 'ZSC', 'ZSF'],
    reset: ['ZSE', 'ZSIO', 'ZSEO', 'ZSC', 'ZSF'],
  };
  if (!legal[action].includes(s)) return is('INVALID_ZONE_STATE_TRANSITION');
  if (action === 'open') {
    const short = openShortage(ns, s);
    if (short) return is(short);
  }
  return ok;
};

/** The status, DNR (and Dword 0) the command must complete with, or null where the rules leave it open. */
export const expectedOutcome = (ns: NvmeNamespace, cmd: NvmeCommand, latent: LatentErrors): Expected | null => {
  const zonedOnly = cmd.cmd === 'zone-append' || cmd.cmd === 'zone-mgmt-send' || cmd.cmd === 'zone-mgmt-recv';
  if (zonedOnly && !ns.config.zoned) return is('INVALID_OPCODE');
  switch (cmd.cmd) {
    case 'copy':
      return ns.config.copy ? copySituation(ns, cmd, latent) : is('INVALID_OPCODE');
    case 'write':
      return writeSituation(ns, cmd.slba, cmd.nlb, false);
    case 'zone-append':
      return writeSituation(ns, cmd.slba, cmd.nlb, true);
    case 'read':
      return readSituation(ns, cmd.slba, cmd.nlb, latent);
    case 'zone-mgmt-send':
      return sendSituation(ns, cmd.action, cmd.slba, cmd.all);
    case 'zone-mgmt-recv':
      return cmd.slba >= ns.config.nsze ? is('LBA_OUT_OF_RANGE') : ok;
  }
};

/** Exposed for ZONE properties: the number of zones and the zone's capacity end. */
export const zoneFacts = { zoneOf, startOf, stateOf, wpOf, capEnd, zoneCount };
