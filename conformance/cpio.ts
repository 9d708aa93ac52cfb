// A tiny writer of the cpio "newc" format (the one the Linux initramfs unpacker reads:
// Documentation/driver-api/early-userspace/buffer-format.rst), for the per-boot archive that carries
// the command batch. The kernel takes concatenated archives; this one goes first, padded to 512.

export type CpioEntry = { readonly path: string; readonly data?: Buffer; readonly dir?: boolean };

const hex8 = (n: number): string => n.toString(16).padStart(8, '0');
const pad4 = (n: number): number => (4 - (n % 4)) % 4;

const header = (ino: number, mode: number, size: number, name: string): Buffer => {
  const fields = [ino, mode, 0, 0, 1, 0, size, 0, 0, 0, 0, name.length + 1, 0];
  const h = `070701${fields.map(hex8).join('')}${name}\0`;
  return Buffer.concat([Buffer.from(h, 'latin1'), Buffer.alloc(pad4(h.length))]);
};

export const cpioArchive = (entries: readonly CpioEntry[]): Buffer => {
  const parts: Buffer[] = [];
  entries.forEach((e, i) => {
    const data = e.data ?? Buffer.alloc(0);
    parts.push(header(i + 1, e.dir ? 0o40755 : 0o100644, e.dir ? 0 : data.length, e.path));
    if (!e.dir) parts.push(data, Buffer.alloc(pad4(data.length)));
  });
  parts.push(header(0, 0, 0, 'TRAILER!!!'));
  const body = Buffer.concat(parts);
  return Buffer.concat([body, Buffer.alloc((512 - (body.length % 512)) % 512)]);
};
