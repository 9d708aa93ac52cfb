// One QEMU boot runs many SCSI scenarios, each on a fresh logical unit. The per-boot archive carries
// /batch/scsi.sh, which the guest's init runs: it loads sg and the LIO modules, makes one rd_mcp
// ramdisk per LIO scenario (block size, pages, EXTENDED COPY on or off through attrib/emulate_3pc, a
// unit serial whose NAA designator the identification CSCDs name), exports each as a LUN of one
// tcm_loop target (configfs, no extra tooling: drivers/target/loopback/tcm_loop.c), and runs
// scsi-batch over them; then for each group of zoned scenarios with the same geometry it loads
// scsi_debug with zbc=host-managed, that geometry as module parameters and one host per scenario
// (add_host, per_host_store=1: each host its own store and zone state), runs scsi-batch, and
// unloads it. A module load costs seconds under TCG; one per geometry keeps boots short.

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { scsiZoneCount } from '../model/device/scsi/config.js';
import { luConfigOf } from '../model/scenario/run-scsi.js';
import { cpioArchive } from './cpio.js';
import type { Guest } from './guest.js';
import { runQemu } from './qemu-boot.js';
import { prefillBlocks, SDEBUG_ZONE_BYTES, type ScsiGuestProgram } from './scsi-guest-program.js';
import { parseScsiGuestOutput, type RawScsiStep } from './scsi-observation.js';

/** What one scenario's run on a target gave: per step number, the observation; or why it did not run. */
export type ScsiTargetRun = { readonly steps: ReadonlyMap<number, RawScsiStep>; readonly error?: string };

const hex8 = (n: number): string => n.toString(16).padStart(8, '0');

/** The `LU` line that opens a program's commands in scsi-batch's command file (`lun`: LIO's LUN, or `k:hosts` for scsi_debug). */
const luLine = (id: number, p: ScsiGuestProgram, lun: string): string => {
  const d = p.device;
  const zones = d.zoned ? scsiZoneCount(luConfigOf(d)) : 0;
  return `LU ${id} ${p.target} ${lun} ${d.blockBytes} ${d.capacity} ${prefillBlocks(d)} ${zones}`;
};

/** scsi_debug hosts per module load (each holds its LU's store: at most 16 MiB, the guest has 768 MiB). */
export const SDEBUG_HOSTS_PER_LOAD = 16;

/**
 * scsi_debug's module parameters for a zoned LU (drivers/scsi/scsi_debug.c module_param_named list).
 * Sense data is fixed format (dsense=0) whatever the scenario says: the format is not compared
 * (scsi-batch.c decodes both), and one format lets more LUs share a module load.
 */
export const sdebugParameters = (p: ScsiGuestProgram): string => {
  const d = p.device;
  const z = d.zoned!;
  const zoneMb = (z.zoneSize * d.blockBytes) / SDEBUG_ZONE_BYTES;
  const sizeMb = (d.capacity * d.blockBytes) / SDEBUG_ZONE_BYTES;
  return [
    'zbc=managed',
    `zone_size_mb=${zoneMb}`,
    `zone_nr_conv=${z.conventionalZones}`,
    `zone_max_open=${z.maxOpen}`,
    `sector_size=${d.blockBytes}`,
    `dev_size_mb=${sizeMb}`,
    'dsense=0',
    'delay=0',
    'no_uld=1',
  ].join(' ');
};

/** The boot's script and command files: LIO LUs first (one batch), then one scsi_debug load per geometry (at most SDEBUG_HOSTS_PER_LOAD LUs). */
export const scsiBootFiles = (programs: readonly ScsiGuestProgram[]): { path: string; data: string }[] => {
  const lio = programs.map((p, i) => ({ p, id: i + 1 })).filter((x) => x.p.target === 'LIO');
  const sdebug = programs.map((p, i) => ({ p, id: i + 1 })).filter((x) => x.p.target === 'SDEBUG');
  const sh = ['for m in scsi_common scsi_mod sg configfs target_core_mod tcm_loop; do insmod /lib/modules/$m.ko; done'];
  const files: { path: string; data: string }[] = [];
  if (lio.length) {
    sh.push(
      'mount -t configfs none /sys/kernel/config',
      'C=/sys/kernel/config/target; R=$C/core/rd_mcp_0; T=$C/loopback/naa.5001405c0ffee001/tpgt_1',
      // The I_T nexus before the LUNs: tcm_loop adds each LUN's SCSI device when it is linked.
      'mkdir -p $T; echo naa.5001405c0ffee002 > $T/nexus',
      // block_size after enable (target_configure_device resets it to the backend's); before export.
      'lu() { mkdir -p $R/lu$1 $T/lun/lun_$1; echo rd_pages=$2 > $R/lu$1/control; echo 1 > $R/lu$1/enable; echo $3 > $R/lu$1/attrib/block_size; echo $4 > $R/lu$1/attrib/emulate_3pc; echo $5 > $R/lu$1/wwn/vpd_unit_serial; ln -s $R/lu$1 $T/lun/lun_$1/lu; }',
    );
    const lines: string[] = [];
    lio.forEach(({ p, id }, lun) => {
      const d = p.device;
      // The unit serial starts with the LUN: LIO's NAA designator keeps only its first hex digits (spc_parse_naa_6h_vendor_specific).
      sh.push(`lu ${lun} ${Math.ceil((d.capacity * d.blockBytes) / 4096)} ${d.blockBytes} ${d.xcopy ? 1 : 0} ${hex8(lun)}-c0ff-ee00-0000-000000000000`);
      lines.push(luLine(id, p, String(lun)), ...p.commands);
    });
    sh.push('/sbin/scsi-batch /batch/lio');
    files.push({ path: 'batch/lio', data: `${lines.join('\n')}\n` });
  }
  const groups = new Map<string, { p: ScsiGuestProgram; id: number }[]>();
  for (const x of sdebug) groups.set(sdebugParameters(x.p), [...(groups.get(sdebugParameters(x.p)) ?? []), x]);
  let load = 0;
  for (const [params, members] of groups) {
    for (let i = 0; i < members.length; i += SDEBUG_HOSTS_PER_LOAD) {
      const chunk = members.slice(i, i + SDEBUG_HOSTS_PER_LOAD);
      load += 1;
      sh.push(`insmod /lib/modules/scsi_debug.ko ${params} add_host=${chunk.length} per_host_store=1`, `/sbin/scsi-batch /batch/sd${load}`, 'rmmod scsi_debug');
      files.push({ path: `batch/sd${load}`, data: `${chunk.flatMap(({ p, id }, k) => [luLine(id, p, `${k}:${chunk.length}`), ...p.commands]).join('\n')}\n` });
    }
  }
  return [{ path: 'batch/scsi.sh', data: `${sh.join('\n')}\n` }, ...files];
};

/** Boot once, run every program, and return each one's observations. Never throws for a guest failure. */
export const scsiBootOnce = async (guest: Guest, programs: readonly ScsiGuestProgram[], timeoutMs: number): Promise<ScsiTargetRun[]> => {
  const dir = mkdtempSync(join(tmpdir(), 'copyspec-scsi-'));
  try {
    const initrd = join(dir, 'initrd');
    const files = scsiBootFiles(programs);
    const batch = cpioArchive([{ path: 'batch', dir: true }, ...files.map((f) => ({ path: f.path, data: Buffer.from(f.data) }))]);
    writeFileSync(initrd, Buffer.concat([batch, readFileSync(guest.baseArchive)]));
    const args = ['-nodefaults', '-display', 'none', '-serial', 'stdio', '-audiodev', 'none,id=noaudio', '-no-reboot', '-net', 'none', '-m', '768M', '-smp', '1'];
    args.push('-kernel', guest.vmlinuz, '-initrd', initrd, '-append', 'console=ttyS0 quiet loglevel=0 panic=-1');
    const { stdout, why } = await runQemu(guest.qemu, args, timeoutMs);
    const out = parseScsiGuestOutput(stdout);
    const batches = files.length - 1;
    const trouble = why ?? (out.done >= batches ? undefined : 'the guest ended before the batch did');
    return programs.map((_, i) => {
      const id = i + 1;
      const own = out.errors.find((e) => e.startsWith(`LU ${id}:`));
      const error = own ?? trouble;
      const steps = new Map(out.steps.get(id) ?? []);
      for (const [step, why] of programs[i]!.notSent) steps.set(step, { step, cmd: '', status: 0, key: 0, asc: 0, ascq: 0, commandSpecific: 0, notSent: why });
      return error ? { steps, error } : { steps };
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
};
