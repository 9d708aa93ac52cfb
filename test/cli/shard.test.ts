// `check --shard I/N` + `copyspec merge`: the shards' --json outputs merged are one run's output,
// byte for byte (--json, the matrix, a reporter), with its exit status and its counterexample
// files; explore shards merge to one run's records. A small selection keeps it cheap: one design,
// 5 runs a cell — 81 cells of every kind, with refuted, mismatched and vacuous cells, and branch
// coverage problems that only the whole selection can judge.

import { mkdtempSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli, filesBelow, isOneLineError, type Result } from './helpers.js';

const tmp = mkdtempSync(join(tmpdir(), 'copyspec-shard-'));
const SELECTION = ['--design', 'vectored-bio', '--runs', '5', '--quiet'];
const save = join(tmp, 'cx');

const write = (name: string, text: string): string => {
  const p = join(tmp, name);
  writeFileSync(p, text);
  return p;
};

describe('check --shard I/N and copyspec merge', () => {
  let full: Result, fullText: Result, fullJunit: Result;
  let shards: Result[] = [];
  let files: string[] = [];
  beforeAll(() => {
    // One full run, its files set aside; then three shards saving into the same place.
    full = cli('check', ...SELECTION, '--save', save, '--json');
    fullText = cli('check', ...SELECTION, '--save', save);
    fullJunit = cli('check', ...SELECTION, '--save', save, '--reporter', 'junit');
    renameSync(save, join(tmp, 'cx-full'));
    shards = [1, 2, 3].map((i) => cli('check', ...SELECTION, '--save', save, '--json', '--shard', `${i}/3`));
    files = shards.map((s, i) => write(`shard-${i + 1}.jsonl`, s.stdout));
  });

  it('runs every cell in exactly one shard', () => {
    const ran = shards.flatMap((s) => (JSON.parse(s.stdout.split('\n')[0]!) as { ran: number[] }).ran).sort((a, b) => a - b);
    const cells = full.stdout.trim().split('\n').filter((l) => !l.startsWith('{"coverage"')).length;
    expect(ran).toEqual(Array.from({ length: cells }, (_, k) => k));
    for (const s of shards) expect(s.stderr).toBe('');
  });

  it('merges to the --json output of one run, byte for byte, with its exit status', () => {
    expect(full.status).toBe(1); // 5 runs a cell: some verdicts differ and branches go unreached
    const merged = cli('merge', '--json', files[2]!, files[0]!, files[1]!);
    expect(merged.stderr).toBe('');
    expect(merged.stdout).toBe(full.stdout);
    expect(merged.status).toBe(full.status);
  });

  it('merges to the matrix of one run, and to its JUnit report', () => {
    const merged = cli('merge', ...files);
    expect(merged.stdout).toBe(fullText.stdout);
    expect(merged.status).toBe(fullText.status);
    expect(cli('merge', ...files, '--reporter', 'junit').stdout).toBe(fullJunit.stdout);
  });

  it('writes the counterexample files one run writes', () => {
    const names = filesBelow(save);
    expect(names).toEqual(filesBelow(join(tmp, 'cx-full')));
    expect(names.length).toBeGreaterThan(0);
    for (const f of names) expect(readFileSync(join(save, f), 'utf8')).toBe(readFileSync(join(tmp, 'cx-full', f), 'utf8'));
  });

  it.each([
    ['a missing shard', () => [files[0]!, files[1]!], /shard 3\/3 is missing/],
    ['a shard given twice', () => [files[0]!, files[0]!, files[1]!, files[2]!], /shard 1\/3 is given twice/],
    ['a file without a shard header', () => [write('plain.jsonl', full.stdout)], /no shard header/],
    ['a damaged record', () => [files[0]!, files[1]!, write('bad.jsonl', shards[2]!.stdout.replace('"verdict":"holds"', '"verdict":"maybe"'))], /bad\.jsonl:\d+: .*verdict/],
    ['a record out of its place', () => {
      const [h, a, b, ...rest] = shards[2]!.stdout.trim().split('\n');
      return [files[0]!, files[1]!, write('swapped.jsonl', [h, b, a, ...rest].join('\n'))];
    }, /swapped\.jsonl:2: .* where cell \d+ .* belongs/],
    ['shards of another selection', () => [files[0]!, files[1]!, write('other.jsonl', shards[2]!.stdout.replace('"runs":5,"property"', '"runs":6,"property"'))], /shard of another run/],
    ['not JSON', () => [write('junk.jsonl', '{"format": ')], /junk\.jsonl:1: not JSON/],
  ])('refuses %s with one line and exit 2', (_what, args, message) => {
    const r = cli('merge', ...args());
    expect(isOneLineError(r)).toBe(true);
    expect(r.stderr).toMatch(message);
    expect(r.stdout).toBe('');
  });

  it.each([['0/2'], ['3/2'], ['1/0'], ['x'], ['1/2/3'], ['1/1001']])('check --shard %s is one line and exit 2', (arg) => {
    const r = cli('check', ...SELECTION, '--no-save', '--shard', arg);
    expect(isOneLineError(r)).toBe(true);
    expect(r.stderr).toMatch(/--shard takes I\/N/);
  });
});

describe('explore --shard I/N and copyspec merge', () => {
  const ARGS = ['explore', '--depth', '3', '--json', '--quiet'];
  // states/s is a measurement, not a result: the one field two runs may differ in.
  const withoutRate = (text: string): string => text.replace(/"statesPerSecond":\d+,/g, '');
  it('merges the shards to the records of one run, with its exit status', () => {
    const full = cli(...ARGS);
    const files = [1, 2].map((i) => write(`explore-${i}.jsonl`, cli(...ARGS, '--shard', `${i}/2`).stdout));
    const merged = cli('merge', files[1]!, files[0]!);
    expect(merged.stderr).toBe('');
    expect(withoutRate(merged.stdout)).toBe(withoutRate(full.stdout));
    expect(merged.status).toBe(full.status);
  });
});
