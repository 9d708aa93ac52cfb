// Reading the guest console: records among firmware and kernel noise; status field decoding.
import { describe, expect, it } from 'vitest';
import { cpioArchive } from '../../conformance/cpio.js';
import { parseGuestOutput } from '../../conformance/guest-output.js';

const console_ = [
  'SeaBIOS (version 1.16.2-debian-1.16.2-1)',
  'Booting from ROM..\x1b[?7l\x1b[2J@BEGIN',
  '@N 2',
  '@R 1 1 0 0 0',
  '@R 1 2 0 0 0',
  '@D 1 2 12fe3b7118b16748 12fe3b7118b16748',
  '@R 1 3 6 2 0',
  '@R 2 1 16828 0 0',
  '@Z 2 1 2:2 1:4 14:8 1:12',
  '@R 2 2 0 0 0',
  '@Q 2 2 4 1:3:0:0 1:3:4:4',
  '@R 2 3 -22 0 0',
  '@DONE',
].join('\r\n');

describe('parseGuestOutput', () => {
  const out = parseGuestOutput(console_);
  it('decodes the status field: SC, SCT, DNR', () => {
    expect(out.steps.get(1)!.get(3)).toMatchObject({ sct: 0, sc: 6, dnr: false, dw0: 2 });
    expect(out.steps.get(2)!.get(1)).toMatchObject({ sct: 1, sc: 0xbc, dnr: true });
  });
  it('reads block hashes, zone states (write pointers only where valid) and reports', () => {
    expect(out.steps.get(1)!.get(2)!.blocks).toEqual(['12fe3b7118b16748', '12fe3b7118b16748']);
    expect(out.steps.get(2)!.get(1)!.zonesAfter).toEqual([{ state: 'ZSIO', wp: 2 }, { state: 'ZSE', wp: 4 }, { state: 'ZSF', wp: null }, { state: 'ZSE', wp: 12 }]);
    expect(out.steps.get(2)!.get(2)!.report).toEqual({ nzones: 4, zones: [{ state: 'ZSE', wp: 0, zcap: 3, zslba: 0 }, { state: 'ZSE', wp: 4, zcap: 3, zslba: 4 }] });
  });
  it('marks an ioctl failure and sees the end of the batch', () => {
    expect(out.steps.get(2)!.get(3)!.failure).toMatch(/errno 22/);
    expect(out.done).toBe(true);
  });
});

describe('cpioArchive', () => {
  it('writes newc headers, a trailer, and pads to 512 bytes', () => {
    const a = cpioArchive([{ path: 'batch', dir: true }, { path: 'batch/commands', data: Buffer.from('W 1 0 0\n') }]);
    expect(a.length % 512).toBe(0);
    const text = a.toString('latin1');
    expect(text.startsWith('070701')).toBe(true);
    expect(text).toContain('batch/commands\0');
    expect(text).toContain('W 1 0 0\n');
    expect(text).toContain('TRAILER!!!\0');
  });
});
