// `check --jobs N`: cells on N worker threads, and the same stdout, exit status and counterexample
// files as `--jobs 1`, in the same order.

import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, filesBelow, isOneLineError } from './helpers.js';

const tmp = mkdtempSync(join(tmpdir(), 'copyspec-jobs-'));
const SELECTION = ['check', '--design', 'vectored-bio', '--runs', '5', '--quiet'];

describe('check --jobs N', () => {
  it.each([[[]], [['--json']]])('prints what --jobs 1 prints and writes the same files (%j)', (extra) => {
    const one = cli(...SELECTION, ...extra, '--save', join(tmp, `one${extra.length}`));
    const two = cli(...SELECTION, ...extra, '--save', join(tmp, `two${extra.length}`), '--jobs', '2');
    expect(two.stderr).toBe('');
    expect(two.status).toBe(one.status);
    expect(two.stdout).toBe(one.stdout.replaceAll(join(tmp, `one${extra.length}`), join(tmp, `two${extra.length}`)));
    const files = filesBelow(join(tmp, `one${extra.length}`));
    expect(files.length).toBeGreaterThan(0);
    expect(filesBelow(join(tmp, `two${extra.length}`))).toEqual(files);
    for (const f of files) expect(readFileSync(join(tmp, `two${extra.length}`, f), 'utf8')).toBe(readFileSync(join(tmp, `one${extra.length}`, f), 'utf8'));
    expect(files.filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('takes more jobs than cells', () => {
    const a = cli('check', '--property', 'ERR-03', '--runs', '20', '--no-save', '--quiet');
    const b = cli('check', '--property', 'ERR-03', '--runs', '20', '--no-save', '--quiet', '--jobs', '8');
    expect(b.stdout).toBe(a.stdout);
    expect(b.status).toBe(a.status);
  });

  it.each([['0'], ['257'], ['two']])('--jobs %s is one line and exit 2', (n) => {
    expect(isOneLineError(cli(...SELECTION, '--no-save', '--jobs', n))).toBe(true);
  });
});
