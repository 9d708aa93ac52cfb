// QEMU as an oracle for many scenarios at once: the guest programs are cut into boots of at most
// NAMESPACES_PER_BOOT namespaces (QEMU 7.2 hw/nvme/nvme.h NVME_MAX_NAMESPACES per controller; a boot
// may have several controllers, but one guest probing more gains little), and up to `jobs` boots
// run side by side (one TCG vCPU each).

import type { Guest } from './guest.js';
import type { GuestProgram } from './guest-program.js';
import { bootOnce, type QemuRun } from './qemu-boot.js';

/** Runs programs on QEMU, one result per program, in order. */
export type QemuOracle = { run(programs: readonly GuestProgram[]): Promise<QemuRun[]>; readonly boots: number; readonly version: string };

export const NAMESPACES_PER_BOOT = 256;
/** Below this many namespaces a second boot costs more (~8 s) than it saves. */
const MIN_NAMESPACES_PER_BOOT = 48;

/** Boots of at most NAMESPACES_PER_BOOT namespaces, and at least `jobs` boots for a large batch (small ones: one boot). */
const cut = (programs: readonly GuestProgram[], jobs: number): GuestProgram[][] => {
  const total = programs.reduce((n, p) => n + p.devices.length, 0);
  const limit = Math.min(NAMESPACES_PER_BOOT, Math.max(MIN_NAMESPACES_PER_BOOT, Math.ceil(total / jobs)));
  const batches: GuestProgram[][] = [];
  let size = Infinity;
  for (const p of programs) {
    if (size + p.devices.length > limit) {
      batches.push([]);
      size = 0;
    }
    batches.at(-1)!.push(p);
    size += p.devices.length;
  }
  return batches;
};

export const qemuOracle = (guest: Guest, jobs: number): QemuOracle => {
  let boots = 0;
  return {
    get boots() {
      return boots;
    },
    version: guest.qemuVersion,
    async run(programs) {
      const batches = cut(programs, jobs);
      const results: QemuRun[][] = new Array(batches.length);
      let next = 0;
      const worker = async (): Promise<void> => {
        while (next < batches.length) {
          const i = next++;
          const b = batches[i]!;
          const commands = b.reduce((n, p) => n + p.commands.length, 0);
          boots += 1;
          // ~8 s to boot, then a few ms a command under TCG; allow ample slack on a loaded machine.
          results[i] = await bootOnce(guest, b, 120_000 + 200 * commands);
        }
      };
      await Promise.all(Array.from({ length: Math.max(1, Math.min(jobs, batches.length)) }, worker));
      return results.flat();
    },
  };
};
