// What one step looks like from the host, on either side of the comparison: the completion
// (status, DNR, CQE Dwords 0 and 1), for a read the content of each block as a key whose only use
// is equality, for Zone Management Receive the report, and on a zoned namespace every zone's state
// after the step (the guest asks QEMU with a Report Zones after each command; the model answers
// from its state), so a zone-state difference shows at the step that caused it.

import type { ZoneState } from '../model/device/nvme/namespace.js';

/** A zone's state and, where ZNS 1.1 §2.1.1.3 gives it meaning (ZSE/ZSIO/ZSEO/ZSC), its write pointer. */
export type ZoneView = { readonly state: ZoneState; readonly wp: number | null };

export type StepObservation = {
  /** 1-based step number, as `copyspec run` prints it. */
  readonly step: number;
  readonly cmd: string;
  readonly sct: number;
  readonly sc: number;
  readonly dnr: boolean;
  readonly dw0: number;
  readonly dw1: number;
  /** Read: one key per logical block; two blocks hold equal data iff their keys are equal. */
  readonly blocks?: readonly string[];
  /** Zone Management Receive: the header's Number of Zones and the descriptors returned. */
  readonly report?: { readonly nzones: number; readonly zones: readonly (ZoneView & { readonly zslba: number; readonly zcap: number })[] };
  /** Zoned namespace: every zone after the step, in zone order. */
  readonly zonesAfter?: readonly ZoneView[];
  /** QEMU side only: the step did not complete as a command (ioctl error, guest lost). */
  readonly failure?: string;
};

/** ZS values of the Zone Descriptor (ZNS 1.1 Fig. 37, byte 1 bits 7:4). */
export const ZONE_STATE_BY_ZS: Readonly<Record<number, ZoneState>> = { 0x1: 'ZSE', 0x2: 'ZSIO', 0x3: 'ZSEO', 0x4: 'ZSC', 0xd: 'ZSRO', 0xe: 'ZSF', 0xf: 'ZSO' };

