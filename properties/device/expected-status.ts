// The situation each status stands for, written as predicates over the namespace before the
// command — a second formulation of the rules, independent of the reducer's code, that ERR-01
// holds the reducer to. Priority among situations that hold together is QEMU's check order
// (hw/nvme/ctrl.c), which the specifications leave open.

import type { NvmeCommand, NvmeSourceRange } from '../../model/device/nvme/command.js';
import { maxTransferBytes, zoneCount } from '../../model/device/nvme/config.js';
import type { NvmeNamespace, ZoneState } from '../../model/device/nvme/namespace.js';
import type { NvmeStatusName } from '../../model/device/nvme/status.js';

export type Expected = { readonly status: NvmeStatusName; readonly dw0: number };

const ok: Expected = { status: 'SUCCESS', dw0: 0 };
const is = (status: NvmeStatusName, dw0 = 0): Expected => ({ status, dw0 });

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

const overlaps = (a: number, n: number, ranges: readonly (readonly [number, number])[]): boolean => ranges.some(([s, e]) => s < a + n && a < e);

/** Latent media errors still present, given the blocks a command has rewritten so far. */
const mediaHit = (ns: NvmeNamespace, lba: number, n: number, rewritten: readonly [number, number] | null): boolean => {
  for (let b = lba; b < lba + n; b++) {
    if (rewritten && b >= rewritten[0] && b < rewritten[1]) continue;
    if (overlaps(b, 1, ns.mediaErrors)) return true;
  }
  return false;
};

const copySituation = (ns: NvmeNamespace, c: Extract<NvmeCommand, { cmd: 'copy' }>): Expected => {
  const lim = ns.config.copy!;
  if (!lim.formats.includes(c.desfmt)) return is('INVALID_FIELD');
  if (c.nr > lim.msrc) return is('CMD_SIZE_LIMIT_EXCEEDED');
  if (c.desfmt !== 0) return is('INVALID_NS_OR_FORMAT');
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
    if (r) return is(r, i);
    if (mediaHit(ns, slba, n, [c.sdlba, cur])) return is('UNRECOVERED_READ_ERROR', i);
    if (cur + n > ns.config.nsze) return is('LBA_OUT_OF_RANGE', i);
    if (zoned) {
      // After range 0 the destination zone is open with wp = cur, or Full once cur reached ZCAP.
      const s: ZoneState = i === 0 ? stateOf(ns, dz) : cur === capEnd(ns, dz) ? 'ZSF' : 'ZSIO';
      const w = zoneWriteSituation(ns, dz, s, i === 0 ? wpOf(ns, dz) : cur, cur, n);
      if (w) return is(w, i);
    }
    cur += n;
  }
  return ok;
};

const writeSituation = (ns: NvmeNamespace, slba: number, nlb: number, append: boolean): Expected => {
  const n = nlb + 1;
  if (n * ns.config.lbaBytes > maxTransferBytes(ns.config)) return is('INVALID_FIELD');
  if (slba + n > ns.config.nsze) return is('LBA_OUT_OF_RANGE');
  if (ns.writeProtected) return is('NS_WRITE_PROTECTED');
  if (!ns.config.zoned) return ok;
  const z = zoneOf(ns, slba);
  if (append && slba !== startOf(ns, z)) return is('INVALID_FIELD');
  const wp = wpOf(ns, z);
  const w = zoneWriteSituation(ns, z, stateOf(ns, z), wp, append ? wp : slba, n);
  return w ? is(w) : ok;
};

const readSituation = (ns: NvmeNamespace, slba: number, nlb: number): Expected => {
  const n = nlb + 1;
  if (n * ns.config.lbaBytes > maxTransferBytes(ns.config)) return is('INVALID_FIELD');
  if (slba + n > ns.config.nsze) return is('LBA_OUT_OF_RANGE');
  const r = ns.config.zoned ? zoneReadSituation(ns, slba, n) : null;
  if (r) return is(r);
  if (mediaHit(ns, slba, n, null)) return is('UNRECOVERED_READ_ERROR');
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

/** The status (and Dword 0) the command must complete with, or null where the rules leave it open. */
export const expectedOutcome = (ns: NvmeNamespace, cmd: NvmeCommand): Expected | null => {
  const zonedOnly = cmd.cmd === 'zone-append' || cmd.cmd === 'zone-mgmt-send' || cmd.cmd === 'zone-mgmt-recv';
  if (zonedOnly && !ns.config.zoned) return is('INVALID_OPCODE');
  switch (cmd.cmd) {
    case 'copy':
      return ns.config.copy ? copySituation(ns, cmd) : is('INVALID_OPCODE');
    case 'write':
      return writeSituation(ns, cmd.slba, cmd.nlb, false);
    case 'zone-append':
      return writeSituation(ns, cmd.slba, cmd.nlb, true);
    case 'read':
      return readSituation(ns, cmd.slba, cmd.nlb);
    case 'zone-mgmt-send':
      return sendSituation(ns, cmd.action, cmd.slba, cmd.all);
    case 'zone-mgmt-recv':
      return cmd.slba >= ns.config.nsze ? is('LBA_OUT_OF_RANGE') : ok;
  }
};

/** Exposed for ZONE properties: the number of zones and the zone's capacity end. */
export const zoneFacts = { zoneOf, startOf, stateOf, wpOf, capEnd, zoneCount };
