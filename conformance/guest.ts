// The QEMU side's prerequisites: QEMU (`conformance --qemu PATH`, else $COPYSPEC_QEMU, else
// qemu-system-x86_64 on PATH) and the guest
// (kernel + initramfs), built by conformance/guest/build-guest.sh from Debian packages and cached
// in .cache/copyspec-guest (or $COPYSPEC_GUEST_DIR) until the script or the guest sources change.

import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** QEMU or the guest cannot be had: `copyspec conformance` exits 2 with this one line. */
export class QemuUnavailable extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'QemuUnavailable';
  }
}

export type Guest = {
  readonly qemu: string;
  /** QEMU's version, `major.minor.patch`, from `--version`. */
  readonly qemuVersion: string;
  readonly vmlinuz: string;
  /** The gzip'd base archive; each boot puts its own archive in front of it. */
  readonly baseArchive: string;
};

/** The checkout: the first directory above this file holding conformance/guest/build-guest.sh. */
export const checkoutRoot = (): string => {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'conformance', 'guest', 'build-guest.sh'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error('conformance/guest/build-guest.sh not found above the copyspec installation');
    dir = up;
  }
  return dir;
};

const INSTALL = 'apt-get install -y qemu-system-x86 busybox-static cpio gcc libc6-dev (README, "Conformance against QEMU")';

/** QEMU's version, or QemuUnavailable. */
export const qemuVersion = (qemu: string): string => {
  const r = spawnSync(qemu, ['--version'], { encoding: 'utf8' });
  const m = /version (\d+\.\d+(?:\.\d+)?)/.exec(r.stdout ?? '');
  if (r.error || r.status !== 0 || !m) throw new QemuUnavailable(`QEMU is not available (${qemu} --version failed); install it: ${INSTALL}`);
  return m[1]!;
};

/** Find QEMU (`qemuPath`, else $COPYSPEC_QEMU, else qemu-system-x86_64 on PATH) and build (or reuse) the guest. */
export const prepareGuest = (qemuPath?: string): Guest => {
  const qemu = qemuPath ?? process.env.COPYSPEC_QEMU ?? 'qemu-system-x86_64';
  const version = qemuVersion(qemu);
  const root = checkoutRoot();
  const dir = process.env.COPYSPEC_GUEST_DIR ?? join(root, '.cache', 'copyspec-guest');
  const r = spawnSync('bash', [join(root, 'conformance', 'guest', 'build-guest.sh'), dir], { encoding: 'utf8' });
  if (r.error || r.status !== 0) {
    const why = (r.stderr ?? '').trim().split('\n').pop() || r.error?.message || `exit ${r.status}`;
    throw new QemuUnavailable(`cannot build the QEMU guest: ${why}`);
  }
  return { qemu, qemuVersion: version, vmlinuz: join(dir, 'vmlinuz'), baseArchive: join(dir, 'base.cpio.gz') };
};
