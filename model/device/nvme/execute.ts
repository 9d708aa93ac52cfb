// The NVMe namespace as a pure reducer: (namespace, command) → (namespace, completion).
// Guard first (each check in the order QEMU hw/nvme/ctrl.c applies it, where the specifications
// leave the order open), then the effect. A failed check changes nothing unless a partial effect
// is documented (Copy, NVMCS 1.0 §3.2.2.1).

import { produce } from 'immer';
import { match } from 'ts-pattern';
import type { Run } from '../../content/token.js';
import { checkBounds, clearMediaErrors, hitsMediaError, loadBlocks, storeBlocks } from './blocks.js';
import type { NvmeCommand, NvmeFault } from './command.js';
import { maxTransferBytes, zoneCount } from './config.js';
import { executeCopy } from './copy.js';
import { hasBug, wpValid, zoneAt, zoneIndex, zslba, ZS_VALUE, type NvmeNamespace, type ZoneState } from './namespace.js';
import { fail, ok, type NvmeCompletion } from './status.js';
import { advanceWp, checkZoneRead, checkZoneWrite, setZone, zrmClose, zrmFinish, zrmOpen, zrmReset, type D } from './zone.js';

export type ZoneDescriptor = { readonly zslba: number; readonly state: ZoneState; readonly zs: number; readonly wp: number | null; readonly zcap: number };

/** Zone Management Receive, Report Zones: the header's Number of Zones and the descriptors that fit. */
export type ZoneReport = { readonly nzones: number; readonly zones: readonly ZoneDescriptor[] };

export type NvmeResult = {
  readonly ns: NvmeNamespace;
  readonly cqe: NvmeCompletion;
  /** Read: the blocks transferred to the host, as runs of 512-byte sector tokens. */
  readonly data?: readonly Run[];
  readonly report?: ZoneReport;
};

/** Status of a command whose opcode the namespace's command set does not support (QEMU nvme_io_cmd: CSUPP). */
const opcodeSupported = (ns: NvmeNamespace, cmd: NvmeCommand): boolean =>
  match(cmd.cmd)
    .with('read', 'write', () => true)
    .with('copy', () => ns.config.copy !== undefined) // ONCS bit 8 (NVMCS Identify Controller)
    .with('zone-append', 'zone-mgmt-send', 'zone-mgmt-recv', () => ns.config.zoned !== undefined) // ZNS 1.1 I/O command set only
    .exhaustive();

/** Data transfer above MDTS → Invalid Field in Command (NVMe Base 2.x MDTS; QEMU nvme_check_mdts). */
const checkMdts = (ns: NvmeNamespace, nlb: number): NvmeCompletion | null =>
  (nlb + 1) * ns.config.lbaBytes > maxTransferBytes(ns.config) / (hasBug(ns, 'mdts-in-512-byte-units') ? 8 : 1) ? fail('INVALID_FIELD', true) : null;

/** The zone a write at `slba` lands in; the `assert-on-zone-lookup` variant looks before bounds are checked. */
const zoneForWrite = (ns: NvmeNamespace, slba: number): number => {
  const idx = zoneIndex(ns, slba);
  if (idx >= zoneCount(ns.config)) throw new Error(`assertion failed: zone ${idx} of LBA ${slba} does not exist`);
  return idx;
};

const read = (ns: NvmeNamespace, slba: number, nlb: number): NvmeResult => {
  const n = nlb + 1;
  // QEMU nvme_read returns every check failure with DNR; a media error surfaces from the backend without it.
  const zoneErr = ns.config.zoned ? checkZoneRead(ns, slba, n) : null;
  const err =
    checkMdts(ns, nlb) ??
    checkBounds(ns, slba, n) ??
    (zoneErr ? { ...zoneErr, dnr: true } : null) ??
    (hitsMediaError(ns, slba, n) ? fail('UNRECOVERED_READ_ERROR', false) : null);
  if (err) return { ns, cqe: err };
  return { ns, cqe: ok(), data: loadBlocks(ns, slba, n) };
};

/** Write and Zone Append (QEMU nvme_do_write): MDTS, bounds, write protection, zone checks, implicit open, data, write pointer. */
const write = (ns: NvmeNamespace, slba: number, nlb: number, data: readonly Run[], append: boolean): NvmeResult => {
  const n = nlb + 1;
  if (hasBug(ns, 'assert-on-zone-lookup') && ns.config.zoned) zoneForWrite(ns, slba);
  const early = checkMdts(ns, nlb) ?? checkBounds(ns, slba, n) ?? (ns.writeProtected ? fail('NS_WRITE_PROTECTED', true) : null);
  if (early) return { ns, cqe: early };
  let lba = slba;
  let cqe: NvmeCompletion = ok();
  const next = produce(ns, (d) => {
    if (ns.config.zoned) {
      const idx = zoneIndex(ns, slba);
      if (append) {
        // Zone Append: the ZSLBA field must be the zone's lowest LBA (ZNS 1.1 §3.4.1; QEMU: Invalid Field | DNR).
        if (slba !== zslba(ns, idx)) {
          cqe = fail('INVALID_FIELD', true);
          return;
        }
        lba = zoneAt(ns, idx).wp;
      }
      // QEMU nvme_do_write returns every failure here with DNR.
      // An implicit open that fails may already have auto-closed the oldest implicitly opened zone;
      // QEMU keeps that close (nvme_zrm_open_flags), and so does the model.
      const bad = checkZoneWrite(ns, idx, lba, n) ?? zrmOpen(d, idx, true);
      if (bad) {
        cqe = { ...bad, dnr: true };
        return;
      }
      storeBlocks(d, lba, data);
      clearMediaErrors(d, lba, n);
      advanceWp(d, idx, n);
    } else {
      storeBlocks(d, lba, data);
      clearMediaErrors(d, lba, n);
    }
    // Zone Append returns the ALBA in Dword 0 (bits 31:0) and Dword 1 (bits 63:32) (ZNS 1.1 §3.4.1).
    cqe = append ? ok(lba % 2 ** 32, Math.floor(lba / 2 ** 32)) : ok();
  });
  return { ns: next, cqe };
};

/** Zone Management Send (QEMU nvme_zone_mgmt_send; ZNS 1.1 Fig. 11). Every failure carries DNR there. */
const zoneSend = (ns: NvmeNamespace, action: 'open' | 'close' | 'finish' | 'reset', slba: number, all: boolean): NvmeResult => {
  if (!all) {
    if (slba >= ns.config.nsze) return { ns, cqe: fail('LBA_OUT_OF_RANGE', true) };
    if (slba !== zslba(ns, zoneIndex(ns, slba))) return { ns, cqe: fail('INVALID_FIELD', true) };
  }
  // Namespace Write Protection: a Reset would change user data (spec/nvme-device.md "write protection").
  if (action === 'reset' && ns.writeProtected) return { ns, cqe: fail('NS_WRITE_PROTECTED', true) };
  const op = { open: (d: D, i: number) => zrmOpen(d, i, false), close: zrmClose, finish: zrmFinish, reset: zrmReset }[action];
  // Select All acts on: Open → ZSC zones; Close → ZSIO/ZSEO; Finish → ZSIO/ZSEO/ZSC; Reset → ZSIO/ZSEO/ZSC/ZSF
  // (QEMU nvme_zone_mgmt_send proc_mask; ZNS 1.1 Zone Management Send Action). Taken in zone order here.
  const eligible: Record<typeof action, readonly ZoneState[]> = {
    open: ['ZSC'],
    close: hasBug(ns, 'select-all-close-none') ? [] : ['ZSIO', 'ZSEO'],
    finish: hasBug(ns, 'select-all-finish-skips-closed') ? ['ZSIO', 'ZSEO'] : ['ZSIO', 'ZSEO', 'ZSC'],
    reset: hasBug(ns, 'select-all-reset-skips-explicit') ? ['ZSIO', 'ZSC', 'ZSF'] : ['ZSIO', 'ZSEO', 'ZSC', 'ZSF'],
  };
  let cqe: NvmeCompletion = ok();
  const next = produce(ns, (d) => {
    const targets = all
      ? Object.keys(ns.zones)
          .map(Number)
          .sort((a, b) => a - b)
          .filter((i) => eligible[action].includes(zoneAt(ns, i).state))
      : [zoneIndex(ns, slba)];
    for (const i of targets) {
      const bad = op(d, i);
      if (bad) {
        cqe = { ...bad, dnr: true };
        return;
      }
    }
  });
  return { ns: next, cqe };
};

/** Zone Management Receive, Report Zones (QEMU nvme_zone_mgmt_recv; ZNS 1.1 Zone Descriptor, Fig. 37). */
const zoneReceive = (ns: NvmeNamespace, slba: number, nz: number): NvmeResult => {
  if (slba >= ns.config.nsze) return { ns, cqe: fail('LBA_OUT_OF_RANGE', true) };
  const first = zoneIndex(ns, slba);
  const total = zoneCount(ns.config) - first;
  const zones: ZoneDescriptor[] = [];
  for (let i = first; i < first + Math.min(nz, total); i++) {
    const z = zoneAt(ns, i);
    zones.push({ zslba: zslba(ns, i), state: z.state, zs: ZS_VALUE[z.state], wp: wpValid(z.state) ? z.wp : null, zcap: ns.config.zoned!.zoneCap });
  }
  return { ns, cqe: ok(), report: { nzones: total, zones } };
};

/** Execute one command. */
export const nvmeExecute = (ns: NvmeNamespace, cmd: NvmeCommand): NvmeResult => {
  if (!opcodeSupported(ns, cmd)) return { ns, cqe: fail('INVALID_OPCODE', true) };
  return match(cmd)
    .with({ cmd: 'read' }, (c) => read(ns, c.slba, c.nlb))
    .with({ cmd: 'write' }, (c) => write(ns, c.slba, c.nlb, c.data, false))
    .with({ cmd: 'zone-append' }, (c) => write(ns, c.slba, c.nlb, c.data, true))
    .with({ cmd: 'copy' }, (c) => executeCopy(ns, c))
    .with({ cmd: 'zone-mgmt-send' }, (c) => zoneSend(ns, c.action, c.slba, c.all))
    .with({ cmd: 'zone-mgmt-recv' }, (c) => zoneReceive(ns, c.slba, c.nz))
    .exhaustive();
};

/**
 * Apply a fault. Zone faults move a zone to ZSRO or ZSO "by mechanisms outside the scope" (ZNS 1.1
 * §2.1.1.3), releasing its resources; write protection makes every active zone Full (ZNS 1.1 §2.1.1.3, transitions to ZSF).
 * A fault on an LBA past the namespace is ignored.
 */
export const nvmeInject = (ns: NvmeNamespace, f: NvmeFault): NvmeNamespace =>
  produce(ns, (d) => {
    match(f)
      .with({ fault: 'zone-read-only' }, { fault: 'zone-offline' }, ({ fault, slba }) => {
        if (!ns.config.zoned || slba >= ns.config.nsze) return;
        const idx = zoneIndex(ns, slba);
        const z = zoneAt(ns, idx);
        if (z.state === 'ZSO') return; // Offline is terminal (ZNS 1.1 §2.1.1.3)
        if (z.state === 'ZSIO' || z.state === 'ZSEO') d.nrOpen -= 1;
        if (z.state === 'ZSIO' || z.state === 'ZSEO' || z.state === 'ZSC') d.nrActive -= 1;
        setZone(d, idx, fault === 'zone-offline' ? 'ZSO' : 'ZSRO', z.wp);
      })
      .with({ fault: 'media-error' }, ({ slba, nlb }) => {
        const end = Math.min(slba + nlb + 1, ns.config.nsze);
        if (slba < end) d.mediaErrors.push([slba, end]);
      })
      .with({ fault: 'write-protect' }, () => {
        d.writeProtected = true;
        for (const i of Object.keys(ns.zones).map(Number)) {
          const s = zoneAt(ns, i).state;
          if (s === 'ZSIO' || s === 'ZSEO' || s === 'ZSC') zrmFinish(d, i);
        }
      })
      .exhaustive();
  });
