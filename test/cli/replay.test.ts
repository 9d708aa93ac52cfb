// The counterexample corpus (counterexamples/, written by `copyspec check`): every file replays and
// its violation reproduces; a damaged file is refused with one line and exit 2; the same seed gives
// the same output.

import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { replayCommand } from '../../cli/replay.js';
import { cli, root } from './helpers.js';

const corpus = join(root, 'counterexamples');
const files = readdirSync(corpus).filter((f) => f.endsWith('.json'));

describe('the counterexample corpus', () => {
  it('is not empty', () => expect(files.length).toBeGreaterThan(30));
  it.each(files)('%s reproduces', (f) => {
    const lines: string[] = [];
    expect(replayCommand(join(corpus, f), false, (l) => lines.push(l))).toBe(1);
    expect(lines.at(-1)).toMatch(/violated/);
  });
});

describe('copyspec replay', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'copyspec-replay-'));
  const some = JSON.parse(readFileSync(join(corpus, files.find((f) => f.startsWith('LIVE-01'))!), 'utf8')) as Record<string, unknown>;
  it.each([
    ['a damaged format tag', { ...some, format: 'copyspec-counterexample/0' }, /format/],
    ['an unknown field', { ...some, extra: true }, /Unrecognized key/],
    ['a damaged scenario', { ...some, scenario: { ...(some.scenario as object), tags: -1 } }, /scenario.*tags/],
    ['a schedule that does not fit', { ...some, scenario: { ...(some.scenario as object), schedule: [9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 'exec'] } }, /schedule\[\d+\].*not enabled/],
  ])('refuses %s with one line and exit 2', (_, body, msg) => {
    const f = join(tmp, 'bad.json');
    writeFileSync(f, JSON.stringify(body));
    const r = cli('replay', f);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(msg);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('check with the same seed prints the same output twice', () => {
    const a = cli('check', '--property', 'LIVE-01', '--design', 'vectored-bio', '--no-save', '--runs', '50');
    const b = cli('check', '--property', 'LIVE-01', '--design', 'vectored-bio', '--no-save', '--runs', '50');
    expect(a.status).toBe(0);
    expect(a.stdout).toBe(b.stdout);
  });
});
