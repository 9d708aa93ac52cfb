// A scenario as the guest's nvme-batch runs it (conformance/guest/nvme-batch.c): one text line per
// command, in the NVMe encodings (NLB and NR 0's based), addressed to the scenario's own namespaces.
// Scenarios QEMU cannot run faithfully are refused with the reason.

import { match } from 'ts-pattern';
import { maxTransferBytes, type NvmeNamespaceConfig } from '../model/device/nvme/config.js';
import { namespaceConfig } from '../model/scenario/run-device.js';
import type { DeviceConfigEntry, DeviceScenario } from '../model/scenario/schema.js';

/** Backing images are real files: keep a namespace within this many bytes. */
export const MAX_IMAGE_BYTES = 64 * 1024 * 1024;
/** Largest buffer the guest hands the kernel (Linux NVME_MAX_KB_SZ is 4 MiB; stay well below). */
export const MAX_GUEST_TRANSFER = 1024 * 1024;

export type GuestCommand = { readonly device: number; readonly line: string };
export type GuestProgram = { readonly devices: readonly DeviceConfigEntry[]; readonly commands: readonly GuestCommand[] };

/** Zone Management Send action values (ZNS 1.1 Fig. 28, ZSA). */
const ZSA = { close: 1, finish: 2, open: 3, reset: 4 } as const;

/** Bytes the guest may transfer for this namespace: MDTS, capped by what the guest hands the kernel. */
export const guestTransferLimit = (c: NvmeNamespaceConfig): number => Math.min(maxTransferBytes(c), MAX_GUEST_TRANSFER);

/** Why QEMU cannot run this scenario as the model does, or null. */
export const unsupportedReason = (sc: DeviceScenario): string | null => {
  for (const d of sc.devices) {
    if (d.nsze * d.lbaBytes > MAX_IMAGE_BYTES) return `device ${d.name}: ${d.nsze} blocks is larger than the harness's ${MAX_IMAGE_BYTES / 2 ** 20} MiB images`;
    if (d.zoned && d.zoned.zoneSize * d.lbaBytes > MAX_IMAGE_BYTES) return `device ${d.name}: zone too large`;
  }
  const devices = new Map(sc.devices.map((d) => [d.name, namespaceConfig(d)]));
  for (const [i, st] of sc.steps.entries()) {
    if (st.cmd === 'inject') return `step ${i + 1}: fault injection has no QEMU counterpart (Q-RO-OFFLINE)`;
    if (st.cmd !== 'read' && st.cmd !== 'write' && st.cmd !== 'zone-append') continue;
    const cfg = devices.get(st.dev)!;
    const bytes = (st.nlb + 1) * cfg.lbaBytes;
    // Above MDTS the guest sends a short buffer and QEMU fails the command before any DMA.
    if (bytes > MAX_GUEST_TRANSFER && bytes <= maxTransferBytes(cfg)) return `step ${i + 1}: a ${bytes}-byte transfer is larger than the guest's buffers`;
  }
  return null;
};

/** The guest program of a scenario the harness supports (check unsupportedReason first). */
export const guestProgram = (sc: DeviceScenario): GuestProgram => {
  const index = new Map(sc.devices.map((d, i) => [d.name, i]));
  const commands: GuestCommand[] = [];
  sc.steps.forEach((st, i) => {
    const n = i + 1;
    const line = match(st)
      .with({ cmd: 'write' }, (s) => `W ${n} ${s.slba} ${s.nlb}`)
      .with({ cmd: 'read' }, (s) => `R ${n} ${s.slba} ${s.nlb}`)
      .with({ cmd: 'zone-append' }, (s) => `A ${n} ${s.slba} ${s.nlb}`)
      .with({ cmd: 'copy' }, (s) => `C ${n} ${s.sdlba} ${s.desfmt} ${s.nr ?? s.ranges.length - 1} ${s.ranges.map((r) => `${r.slba}:${r.nlb}`).join(' ')}`.trimEnd())
      .with({ cmd: 'zone-mgmt-send' }, (s) => `Z ${n} ${ZSA[s.action]} ${s.slba} ${s.all ? 1 : 0}`)
      .with({ cmd: 'zone-mgmt-recv' }, (s) => `Q ${n} ${s.slba} ${s.nz}`)
      .with({ cmd: 'inject' }, () => {
        throw new Error(`guestProgram: step ${n} injects a fault; unsupportedReason refuses such scenarios`);
      })
      .exhaustive();
    commands.push({ device: index.get(st.dev)!, line });
  });
  return { devices: sc.devices, commands };
};
