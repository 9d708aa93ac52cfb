// The cases of issue 9, each as a user meets it: one line on stderr and exit 2, before any work,
// and no file left behind; per-command help and --version; bounds on inputs at and past the limit.

import { chmodSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, cliInProcess, filesBelow, isOneLineError, root } from './helpers.js';

const tmp = mkdtempSync(join(tmpdir(), 'copyspec-hardening-'));
const write = (name: string, body: unknown): string => {
  const p = join(tmp, name);
  writeFileSync(p, typeof body === 'string' ? body : JSON.stringify(body));
  return p;
};
const isRoot = process.getuid?.() === 0;
const COMMANDS = ['run', 'check', 'replay', 'explore', 'compare', 'catalogue', 'variants', 'conformance'];

describe('unwritable outputs: one line, exit 2, nothing left behind', () => {
  const file = write('plain-file', 'x');
  // Each would run minutes of work before writing if the location were not probed first.
  it.each([
    ['check --save FILE (EEXIST)', ['check', '--save', file], /cannot create the directory \(exists and is not a directory\)/],
    ['check --save FILE/sub (ENOTDIR)', ['check', '--save', join(file, 'sub')], /is not a directory/],
    ['check --save /proc/x (cannot be created)', ['check', '--save', '/proc/copyspec-x/y'], /cannot create the directory/],
    ['explore --save FILE', ['explore', '--save', file], /cannot create the directory/],
    ['catalogue --out DIR (EISDIR)', ['catalogue', '--out', tmp], /cannot write \(is a directory\)/],
    ['catalogue --out FILE/sub', ['catalogue', '--out', join(file, 'sub.md')], /is not a directory|cannot write/],
    ['conformance --random --save FILE', ['conformance', '--random', '1', '--save', file], /cannot create the directory|QEMU/],
  ])('%s', (_, args, message) => {
    const before = filesBelow(tmp);
    const r = cli(...args);
    expect(isOneLineError(r), r.stderr).toBe(true);
    expect(r.stderr).toMatch(message);
    expect(r.stdout).toBe('');
    expect(filesBelow(tmp)).toEqual(before);
  });

  it.skipIf(isRoot)('a mode-555 directory (EACCES)', () => {
    const ro = join(tmp, 'ro');
    mkdirSync(ro);
    chmodSync(ro, 0o555);
    for (const args of [['check', '--save', ro], ['check', '--save', join(ro, 'sub')], ['catalogue', '--out', join(ro, 'P.md')], ['explore', '--save', ro]]) {
      const r = cli(...args);
      expect(isOneLineError(r), r.stderr).toBe(true);
      expect(r.stderr).toMatch(/permission denied/);
    }
    expect(filesBelow(ro)).toEqual([]);
  });

  it('catalogue writes whole files, with no temporary left', () => {
    const dir = mkdtempSync(join(tmpdir(), 'copyspec-cat-'));
    const r = cli('catalogue', '--out', join(dir, 'P.md'));
    expect(r.status).toBe(0);
    expect(filesBelow(dir)).toEqual(['P.md']);
    expect(readFileSync(join(dir, 'P.md'), 'utf8')).toBe(readFileSync(join(root, 'spec', 'PROPERTIES.md'), 'utf8'));
  });
});

describe('inputs at and past the bounds', () => {
  const dev = (nsze: number, lbaBytes = 4096) => ({ name: 'nvme0n1', kind: 'nvme', lbaBytes, nsze });
  const stack = (ops: unknown[], device: Record<string, unknown> = dev(1 << 20, 512)) => ({ format: 'copyspec-scenario/1', devices: [device], ops });

  it('nsze 2^50 − 1 with 4096-byte blocks runs; 2^50 is refused with its reason', () => {
    const ok = cli('run', write('cap-ok.json', stack([{ op: 'read', bdev: 'nvme0n1', sector: 0, nr: 8 }], dev(2 ** 50 - 1))));
    expect(ok.status).toBe(0);
    const bad = cli('run', write('cap-bad.json', stack([{ op: 'read', bdev: 'nvme0n1', sector: 0, nr: 8 }], dev(2 ** 50))));
    expect(isOneLineError(bad), bad.stderr).toBe(true);
    expect(bad.stderr).toMatch(/nsze: .*at most 2\^53 − 1/);
  });

  it.each([
    ['a 2^40-sector write', [{ op: 'write', bdev: 'nvme0n1', sector: 0, nr: 2 ** 40 }], /MAX_RW_COUNT/],
    ['a copy of 2^36 sectors', [{ op: 'copy', bdev: 'nvme0n1', dst: { sector: 0, nr: 2 ** 36 }, src: [{ sector: 2 ** 37, nr: 2 ** 36 }] }], /MAX_RW_COUNT/],
    ['an 8 GiB read', [{ op: 'read', bdev: 'nvme0n1', sector: 0, nr: 2 ** 24 }], /MAX_RW_COUNT/],
    ['a 2 GiB read into 1639 pieces', [{ op: 'read', bdev: 'nvme0n1', sector: 0, nr: 4194296 }], /at most 1024/],
  ])('%s is refused', (_, ops, message) => {
    const r = cli('run', write('huge.json', stack(ops, dev(2 ** 40, 512))));
    expect(isOneLineError(r), r.stderr).toBe(true);
    expect(r.stderr).toMatch(message);
  });

  it('a read into 1-sector zones counts its pieces', () => {
    const r = cli('run', write('zones.json', stack([{ op: 'read', bdev: 'nvme0n1', sector: 0, nr: 4096 }], { ...dev(1 << 20, 512), zoned: { zoneSize: 1, zoneCap: 1 } })));
    expect(isOneLineError(r), r.stderr).toBe(true);
    expect(r.stderr).toMatch(/about 4097 pieces/);
  });

  it('the same bounds hold inside a counterexample', () => {
    const cx = JSON.parse(readFileSync(join(root, 'counterexamples', 'LIVE-01-no-flush-on-sleep.json'), 'utf8')) as { scenario: { ops: unknown[] } };
    cx.scenario.ops = [{ op: 'write', bdev: 'nvme0n1', sector: 0, nr: 2 ** 40 }];
    const r = cli('replay', write('cx-huge.json', cx));
    expect(isOneLineError(r), r.stderr).toBe(true);
    expect(r.stderr).toMatch(/scenario.*MAX_RW_COUNT|scenario\).*ops/);
  });

  it('a 5000-deep layer input, a huge one and a wrong-shaped one are refused', () => {
    const cx = readFileSync(join(root, 'counterexamples', 'LIMIT-02-split-drops-tail.json'), 'utf8');
    const parsed = JSON.parse(cx) as { input: { bio: { nr: number } } };
    const deep = cx.replace(/"input": \{/, `"input": ${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}, "x": {`);
    for (const [body, message] of [
      [deep, /nested deeper than 64 levels/],
      [{ ...parsed, input: { ...parsed.input, bio: { ...parsed.input.bio, nr: 2 ** 40 } } }, /input\).*bio\.nr/],
      [{ ...parsed, input: { entries: [1, 1], dw0: 0 } }, /input\)/],
    ] as const) {
      const r = cli('replay', write('cx-layer.json', body));
      expect(isOneLineError(r), r.stderr).toBe(true);
      expect(r.stderr).toMatch(message);
    }
  });

  it.each([
    ['a duplicate key', '{"format": "copyspec-scenario/1", "format": "copyspec-scenario/1", "devices": [], "steps": []}', /key "format" appears twice/],
    ['a duplicate key, escaped', '{"format": "copyspec-scenario/1", "devices": [{"name": "a", "n\\u0061me": "b"}], "steps": []}', /devices\[0\]: key "name" appears twice/],
    ['a directory', tmp, /is a directory/],
    ['a device file', '/dev/zero', /not a regular file/],
  ])('%s is refused', (_, body, message) => {
    const path = body.startsWith('/') ? body : write('odd.json', body);
    const r = cli('run', path);
    expect(isOneLineError(r), r.stderr).toBe(true);
    expect(r.stderr).toMatch(message);
  });
});

describe('the command line itself', () => {
  it.each(COMMANDS)('copyspec %s --help prints its options, generated from its table', async (c) => {
    const r = cli(c, '--help');
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(new RegExp(`^usage: copyspec ${c}\\b`));
    expect(r.stdout).toMatch(/-h, --help/);
    expect((await cliInProcess(['help', c])).stdout.map((l) => `${l}\n`).join('')).toBe(r.stdout);
  });

  it('copyspec --help lists every command; --version prints the package version', () => {
    const r = cli('--help');
    expect(r.status).toBe(0);
    for (const c of COMMANDS) expect(r.stdout).toMatch(new RegExp(`^  ${c} `, 'm'));
    const v = cli('--version');
    expect(v.status).toBe(0);
    expect(v.stdout.trim()).toBe((JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version);
  });

  it.each([
    [[], /a command is needed/],
    [['check', '--seed', '-1'], /--seed takes a whole number from 0 to 4294967295, not "-1"/],
    [['check', '--seed', '4294967296'], /--seed takes a whole number from 0 to 4294967295/],
    [['check', '--seed', '1e3'], /--seed takes a whole number/],
    [['check', '--runs'], /--runs needs a value/],
    [['check', '--seed', '1', '--seed', '2'], /--seed is given twice/],
    [['check', '--json=yes'], /--json takes no value/],
    [['check', '--save', 'x', '--no-save'], /not both/],
    [['variants', '--nosuch'], /unknown option "--nosuch"/],
    [['variants', 'extra'], /variants takes no file/],
    [['catalogue', '-x'], /unknown option "-x"/],
    [['replay'], /replay takes one FILE/],
    [['run', 'a.json', 'b.json'], /run takes one SCENARIO\.json, not 2/],
    [['explore', '--depth', '-3'], /--depth takes a whole number/],
    [['compare', '--design', 'nope'], /no design "nope"; known: vectored-bio/],
    [['conformance', '--jobs', '0', '--random', '1'], /--jobs takes a whole number from 1/],
    [['frobnicate'], /unknown command "frobnicate"/],
    [['help', 'frobnicate'], /help takes at most one command name/],
  ])('%j is one line on stderr, exit 2, nothing on stdout', async (args, message) => {
    // In process (the same function and error reporting as the bin); a few as a process below.
    const r = await cliInProcess(args);
    expect(r.status).toBe(2);
    expect(r.stderr).toHaveLength(1);
    expect(r.stderr[0]).toMatch(message);
    expect(r.stdout).toEqual([]);
  });

  it.each([[[]], [['check', '--seed', '-1']], [['variants', '--nosuch']]])('%j as a process: stderr, not stdout', (args) => {
    const r = cli(...args);
    expect(isOneLineError(r), r.stderr).toBe(true);
    expect(r.stdout).toBe('');
  });
});
