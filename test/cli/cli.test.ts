// The command line as a user meets it: built output, one-line errors, exit codes.
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, root } from './helpers.js';
const tmp = mkdtempSync(join(tmpdir(), 'copyspec-cli-'));
const file = (name: string, body: unknown): string => {
  const p = join(tmp, name);
  writeFileSync(p, typeof body === 'string' ? body : JSON.stringify(body));
  return p;
};
const scenario = { format: 'copyspec-scenario/1', devices: [{ name: 'nvme0n1', kind: 'nvme', lbaBytes: 512, nsze: 16 }], steps: [{ dev: 'nvme0n1', cmd: 'read', slba: 0, nlb: 0 }] };

describe('copyspec run', () => {
  it.each(readdirSync(join(root, 'examples')).filter((f) => f.endsWith('.json')))('runs examples/%s, deterministically', (name) => {
    const a = cli('run', join('examples', name));
    expect(a.stderr).toBe('');
    expect(a.status).toBe(0);
    const lines = a.stdout.trim().split('\n').map((l) => JSON.parse(l) as { step?: number; event?: string });
    if (lines[0]?.event === undefined) expect(lines.map((l) => l.step)).toEqual(lines.map((_, i) => i + 1));
    // A stack scenario ends quiescent, unless its design stops the model where the posted code would oops.
    else expect(lines.at(-1)).toMatchObject({ event: 'end', quiescent: !lines.some((l) => l.event === 'model-stop') });
    expect(cli('run', join('examples', name)).stdout).toBe(a.stdout);
  });

  it.each([
    ['an unknown field', { ...scenario, extra: 1 }, /Unrecognized key.*extra/],
    ['a wrong format tag', { ...scenario, format: 'copyspec-scenario/9' }, /^copyspec: .*format/],
    ['a 17-bit NLB', { ...scenario, steps: [{ dev: 'nvme0n1', cmd: 'read', slba: 0, nlb: 65536 }] }, /steps\[0\]\.nlb/],
    ['an unknown device', { ...scenario, steps: [{ dev: 'nvme9', cmd: 'read', slba: 0, nlb: 0 }] }, /no device named "nvme9"/],
    ['MSSRL 0', { ...scenario, devices: [{ ...scenario.devices[0], copy: { mssrl: 0, mcl: 1, msrc: 0 } }] }, /MSSRL shall be non-zero/],
    ['a partial zone', { ...scenario, devices: [{ ...scenario.devices[0], zoned: { zoneSize: 5, zoneCap: 5 } }] }, /whole number of 5-block zones/],
    ['broken JSON', '{"format": ', /not JSON/],
  ])('rejects %s with one line and exit 2', (_what, body, pattern) => {
    const r = cli('run', file('bad.json', body));
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(pattern);
  });

  it('rejects a missing file, an unknown variant and an unknown command with exit 2', () => {
    for (const args of [['run', join(tmp, 'nope.json')], ['run', file('ok.json', scenario), '--bug', 'nonsense'], ['frobnicate']]) {
      const r = cli(...args);
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(/^copyspec: .+\n$/);
    }
  });

  it('replays a variant with --bug', () => {
    const s = { ...scenario, devices: [{ ...scenario.devices[0], copy: { mssrl: 1, mcl: 8, msrc: 0 } }], steps: [{ dev: 'nvme0n1', cmd: 'copy', sdlba: 8, ranges: [{ slba: 0, nlb: 1 }] }] };
    const f = file('v.json', s);
    expect(JSON.parse(cli('run', f).stdout)).toMatchObject({ sc: 0x83 });
    expect(JSON.parse(cli('run', f, '--bug', 'copy-ignores-mssrl').stdout)).toMatchObject({ sc: 0 });
  });
});

describe('copyspec catalogue', () => {
  it('spec/PROPERTIES.md is what the registry generates', async () => {
    const { renderCatalogue } = await import('../../cli/catalogue.js');
    const { readFileSync } = await import('node:fs');
    expect(readFileSync(join(root, 'spec', 'PROPERTIES.md'), 'utf8')).toBe(renderCatalogue());
  });
});

describe('copyspec run (stack scenarios)', () => {
  const stack = { format: 'copyspec-scenario/1', devices: [{ name: 'nvme0n1', kind: 'nvme', lbaBytes: 512, nsze: 64 }], ops: [{ op: 'write', bdev: 'nvme0n1', sector: 0, nr: 8 }] };
  const tmp = mkdtempSync(join(tmpdir(), 'copyspec-stack-'));
  it.each([
    ['a dm table on an unknown device', { ...stack, dm: [{ name: 'dm-0', targets: [{ type: 'linear', start: 0, len: 8, dev: 'sda', offset: 0 }] }] }, /no block device "sda"/],
    ['an op on an unknown block device', { ...stack, ops: [{ op: 'read', bdev: 'dm-9', sector: 0, nr: 8 }] }, /ops\[0\]\.bdev: no block device named "dm-9"/],
    ['a target past its device', { ...stack, dm: [{ name: 'dm-0', targets: [{ type: 'linear', start: 0, len: 64, dev: 'nvme0n1', offset: 8 }] }] }, /reaches sector 72 of nvme0n1, which has 64/],
    ['an unknown stack variant', { ...stack, stackBugs: ['nonsense'] }, /stackBugs/],
    ['a schedule entry that is not enabled', { ...stack, schedule: ['exec'] }, /schedule\[0\] = "exec" is not enabled/],
  ])('rejects %s with one line and exit 2', (_, body, msg) => {
    const f = join(tmp, 'bad.json');
    writeFileSync(f, JSON.stringify(body));
    const r = cli('run', f);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(msg);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });
});
