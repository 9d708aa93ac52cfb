// One QEMU boot runs many scenarios: every device of every scenario becomes its own fresh
// namespace (a new backing image; QEMU starts every zone Empty, nvme_ns_zoned_init_state), so
// scenarios never see each other's state. Namespaces that need the same controller properties
// (qemu-namespace.ts controllerKey) share a controller, up to QEMU's 256 namespaces each
// (hw/nvme/nvme.h NVME_MAX_NAMESPACES). The guest runs the scenarios one after the other.

import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { zoneCount } from '../model/device/nvme/config.js';
import { namespaceConfig } from '../model/scenario/run-device.js';
import { cpioArchive } from './cpio.js';
import type { Guest } from './guest.js';
import { parseGuestOutput, type RawStep } from './guest-output.js';
import { guestTransferLimit, type GuestProgram } from './guest-program.js';
import { controllerKey, namespaceProperties } from './qemu-namespace.js';

/** Namespaces per controller (QEMU 7.2 allows 256; fewer keeps the guest's probe short). */
export const NAMESPACES_PER_CONTROLLER = 128;

/** What one scenario's run on QEMU gave: per step number, the observation; or why it did not run. */
export type QemuRun = { readonly steps: ReadonlyMap<number, RawStep>; readonly error?: string };

type Placed = { readonly id: number; readonly program: number; readonly device: number; readonly serial: string; readonly nsid: number };

/** Assign every device of every program a controller (serial) and an NSID. */
export const placeNamespaces = (programs: readonly GuestProgram[]): Placed[] => {
  const controllers = new Map<string, { serial: string; used: number }[]>();
  let serials = 0;
  const placed: Placed[] = [];
  programs.forEach((p, pi) =>
    p.devices.forEach((d, di) => {
      const key = controllerKey(d);
      const list = controllers.get(key) ?? [];
      controllers.set(key, list);
      let c = list.at(-1);
      if (!c || c.used === NAMESPACES_PER_CONTROLLER) {
        c = { serial: `cs${serials++}`, used: 0 };
        list.push(c);
      }
      c.used += 1;
      placed.push({ id: placed.length + 1, program: pi, device: di, serial: c.serial, nsid: c.used });
    }),
  );
  return placed;
};

/** The guest's command file: each program's commands, an `NS` line before each change of namespace. */
export const commandFile = (programs: readonly GuestProgram[], placed: readonly Placed[]): string => {
  const lines: string[] = [];
  programs.forEach((p, pi) => {
    let current = -1;
    for (const c of p.commands) {
      if (c.device !== current) {
        const ns = placed.find((x) => x.program === pi && x.device === c.device)!;
        const cfg = namespaceConfig(p.devices[c.device]!);
        lines.push(`NS ${ns.id} ${ns.serial} ${ns.nsid} ${cfg.lbaBytes} ${guestTransferLimit(cfg)} ${zoneCount(cfg)}`);
        current = c.device;
      }
      lines.push(c.line);
    }
  });
  return `${lines.join('\n')}\n`;
};

/** QEMU's arguments: the controllers, then each namespace with its image. */
const qemuArgs = (guest: Guest, initrd: string, programs: readonly GuestProgram[], placed: readonly Placed[], dir: string): string[] => {
  // -nodefaults: no default NIC, VGA, floppy, CD-ROM, parallel port or monitor, so a QEMU built
  // without them runs too; the console is the one serial port, on stdio. -audiodev none: no audio
  // backend is probed (QEMU 7.2 and 10 accept it; a build without audio drivers still has `none`).
  const args = ['-nodefaults', '-display', 'none', '-serial', 'stdio', '-audiodev', 'none,id=noaudio', '-no-reboot', '-net', 'none', '-m', '768M', '-smp', '1'];
  args.push('-kernel', guest.vmlinuz, '-initrd', initrd, '-append', 'console=ttyS0 quiet loglevel=0 panic=-1');
  const seen = new Set<string>();
  for (const ns of placed) {
    const d = programs[ns.program]!.devices[ns.device]!;
    if (!seen.has(ns.serial)) {
      seen.add(ns.serial);
      args.push('-device', `nvme,serial=${ns.serial},id=${ns.serial},mdts=${d.mdts},zoned.auto_transition=${d.zoned ? d.zoned.autoTransition : true}`);
    }
    const img = join(dir, `ns${ns.id}.img`);
    // A conventional namespace starts with distinct content in every block (the model's `orig`);
    // a zoned one deallocated, which QEMU reads as zeroes (the model's `unwritten`).
    writeFileSync(img, d.zoned ? Buffer.alloc(0) : randomBytes(d.nsze * d.lbaBytes));
    if (d.zoned) truncateSync(img, d.nsze * d.lbaBytes);
    args.push('-drive', `file=${img},if=none,id=d${ns.id},format=raw`);
    args.push('-device', ['nvme-ns', `drive=d${ns.id}`, `bus=${ns.serial}`, `nsid=${ns.nsid}`, ...namespaceProperties(d)].join(','));
  }
  return args;
};

/** Run QEMU to its end (the guest powers off) or until `timeoutMs`; stdout is the guest console. (Also the SCSI boots: scsi-boot.ts.) */
export const runQemu = (qemu: string, args: readonly string[], timeoutMs: number): Promise<{ stdout: string; why?: string }> =>
  new Promise((resolve) => {
    const child = spawn(qemu, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    const finish = (why?: string): void => {
      clearTimeout(timer);
      const stdout = Buffer.concat(out).toString('latin1');
      resolve(why ? { stdout, why } : { stdout });
    };
    child.on('error', (e) => finish(`cannot start ${qemu}: ${e.message}`));
    child.on('close', (code, signal) => {
      const stderr = Buffer.concat(err).toString('utf8').trim().split('\n').pop();
      if (signal === 'SIGKILL') finish(`QEMU killed after ${Math.round(timeoutMs / 1000)} s`);
      else if (code !== 0) finish(`QEMU exited with ${code}: ${stderr}`);
      else finish();
    });
  });

/** Boot once, run every program, and return each one's observations. Never throws for a guest failure. */
export const bootOnce = async (guest: Guest, programs: readonly GuestProgram[], timeoutMs: number): Promise<QemuRun[]> => {
  const dir = mkdtempSync(join(tmpdir(), 'copyspec-qemu-'));
  try {
    const placed = placeNamespaces(programs);
    const initrd = join(dir, 'initrd');
    const batch = cpioArchive([
      { path: 'batch', dir: true },
      { path: 'batch/commands', data: Buffer.from(commandFile(programs, placed)) },
      { path: 'batch/namespaces', data: Buffer.from(`${placed.length}\n`) },
    ]);
    writeFileSync(initrd, Buffer.concat([batch, readFileSync(guest.baseArchive)]));
    const args = qemuArgs(guest, initrd, programs, placed, dir);
    const { stdout, why } = await runQemu(guest.qemu, args, timeoutMs);
    const out = parseGuestOutput(stdout);
    const trouble = why ?? (out.done ? undefined : 'the guest ended before the batch did') ?? out.errors[0];
    return programs.map((_, pi) => {
      const steps = new Map<number, RawStep>();
      for (const ns of placed.filter((x) => x.program === pi)) for (const [n, s] of out.steps.get(ns.id) ?? []) steps.set(n, s);
      return trouble ? { steps, error: trouble } : { steps };
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
};
