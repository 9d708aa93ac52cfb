// State of one NVMe namespace (conventional or zoned) and its initial value.

import { uniformMap, type ExtentMap } from '../../content/extent-map.js';
import type { DeviceBug } from './bugs.js';
import { sectorsPerBlock, type NvmeNamespaceConfig } from './config.js';

/**
 * Zone states (ZNS 1.1 §2.1.1.3; ZS values of the Zone Descriptor, byte 1 bits 7:4).
 * ZSE Empty 1h, ZSIO Implicitly Opened 2h, ZSEO Explicitly Opened 3h, ZSC Closed 4h,
 * ZSRO Read Only Dh, ZSF Full Eh, ZSO Offline Fh.
 */
export type ZoneState = 'ZSE' | 'ZSIO' | 'ZSEO' | 'ZSC' | 'ZSRO' | 'ZSF' | 'ZSO';

export const ZS_VALUE: Record<ZoneState, number> = { ZSE: 0x1, ZSIO: 0x2, ZSEO: 0x3, ZSC: 0x4, ZSRO: 0xd, ZSF: 0xe, ZSO: 0xf };

/** One zone that is not Empty. `wp` is an LBA; meaningful only while the zone is E/IO/EO/C (ZNS 1.1 §2.1.1.2). */
export type Zone = { readonly state: Exclude<ZoneState, 'ZSE'>; readonly wp: number };

export type NvmeNamespace = {
  readonly config: NvmeNamespaceConfig;
  /** Content in 512-byte sectors; LBA n is sectors [n·k, n·k+k), k = lbaBytes/512. */
  readonly content: ExtentMap;
  /**
   * Zones that are not Empty, by zone index. Absent = ZSE with wp = ZSLBA: a namespace of 2^38
   * zones costs only the zones it has touched.
   */
  readonly zones: Readonly<Record<number, Zone>>;
  /** Implicitly opened zones, oldest first (QEMU ns->imp_open_zones, used by auto transition). */
  readonly implicitOpen: readonly number[];
  /** Open resources in use (ZSIO + ZSEO zones), counted as QEMU's nr_open_zones. */
  readonly nrOpen: number;
  /** Active resources in use (ZSIO + ZSEO + ZSC zones), counted as QEMU's nr_active_zones. */
  readonly nrActive: number;
  /** Namespace Write Protection is on. */
  readonly writeProtected: boolean;
  /** LBA ranges [start, end) that fail reads with Unrecovered Read Error until rewritten. */
  readonly mediaErrors: readonly (readonly [number, number])[];
  /** Deliberate defects (known-bad variants) this namespace runs with; empty for the specified device. */
  readonly bugs: readonly DeviceBug[];
};

/**
 * A namespace as shipped: a conventional namespace holds its original content; a zoned one starts
 * with every zone Empty, and "all logical blocks in a zone shall be marked as deallocated when the
 * zone is in the ZSE:Empty state" (ZNS 1.1 §2.1.1.5), so its content is unwritten.
 */
export const nvmeNamespaceInit = (config: NvmeNamespaceConfig, bugs: readonly DeviceBug[] = []): NvmeNamespace => ({
  config,
  content: uniformMap(config.nsze * sectorsPerBlock(config), config.zoned ? { kind: 'unwritten' } : { kind: 'orig', dev: config.name }),
  zones: {},
  implicitOpen: [],
  nrOpen: 0,
  nrActive: 0,
  writeProtected: false,
  mediaErrors: [],
  bugs,
});

export const hasBug = (ns: NvmeNamespace, bug: DeviceBug): boolean => ns.bugs.includes(bug);

/** Zone index of an LBA (QEMU nvme_zone_idx). */
export const zoneIndex = (ns: NvmeNamespace, lba: number): number => Math.floor(lba / ns.config.zoned!.zoneSize);

export const zslba = (ns: NvmeNamespace, idx: number): number => idx * ns.config.zoned!.zoneSize;

/** A zone's state and write pointer, Empty zones included. */
export const zoneAt = (ns: NvmeNamespace, idx: number): { state: ZoneState; wp: number } =>
  ns.zones[idx] ?? { state: 'ZSE', wp: zslba(ns, idx) };

/** Does the write pointer carry meaning in this state? (ZNS 1.1 §2.1.1.3: not in ZSF, ZSRO, ZSO.) */
export const wpValid = (s: ZoneState): boolean => s === 'ZSE' || s === 'ZSIO' || s === 'ZSEO' || s === 'ZSC';
