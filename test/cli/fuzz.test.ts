// Fuzzing the command line: fast-check mutates scenario, stack and counterexample files (values,
// keys, text) and builds argument lists from every command's options. Whatever it makes, copyspec
// answers 0, 1 or 2; on 2 exactly one line on stderr and no stack trace; and nothing half-written
// (no temporary, no probe file) is left, in the fuzz directory or in the checkout.

import fc from 'fast-check';
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, cliInProcess, filesBelow, root } from './helpers.js';

const tmp = mkdtempSync(join(tmpdir(), 'copyspec-fuzz-'));
const plainFile = join(tmp, 'plain');
writeFileSync(plainFile, 'x');

const jsonIn = (dir: string): string[] => readdirSync(join(root, dir)).filter((f) => f.endsWith('.json')).map((f) => join(dir, f));
/** Valid files to start from: device and stack scenarios, and counterexamples of every kind. */
const SEEDS = [...jsonIn('examples'), ...jsonIn('conformance-scenarios'), ...jsonIn('counterexamples')].map((f) => ({ file: f, json: JSON.parse(readFileSync(join(root, f), 'utf8')) as unknown }));

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** Every place in a JSON value, as a path of keys and indices. */
const pathsOf = (v: unknown): (string | number)[][] => {
  const out: (string | number)[][] = [];
  const todo: [unknown, (string | number)[]][] = [[v, []]];
  while (todo.length) {
    const [x, p] = todo.pop()!;
    out.push(p);
    if (Array.isArray(x)) x.forEach((y, i) => todo.push([y, [...p, i]]));
    else if (x !== null && typeof x === 'object') for (const [k, y] of Object.entries(x)) todo.push([y, [...p, k]]);
  }
  return out;
};

const interesting: fc.Arbitrary<Json> = fc.oneof(
  fc.constantFrom<Json>(0, -1, 1.5, 2 ** 31, 2 ** 32, 2 ** 40, 2 ** 50, 2 ** 53, 2 ** 53 + 2, 1e308, null, true, '', 'nvme0n1', 'copy', [], {}),
  fc.integer(),
  fc.string({ maxLength: 6 }),
  fc.array(fc.integer({ min: -2, max: 2 ** 20 }), { maxLength: 40 }),
);

type Mutation =
  | { kind: 'set'; at: number; value: Json }
  | { kind: 'delete'; at: number }
  | { kind: 'add'; at: number; key: string; value: Json }
  | { kind: 'clone'; at: number; times: number };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('set' as const), at: fc.nat(), value: interesting }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('add' as const), at: fc.nat(), key: fc.constantFrom('extra', 'nsze', 'ops', 'schedule', '__proto__', 'constructor', 'input'), value: interesting }),
  fc.record({ kind: fc.constant('clone' as const), at: fc.nat(), times: fc.integer({ min: 2, max: 300 }) }),
);

const apply = (root0: unknown, m: Mutation): unknown => {
  const doc = structuredClone(root0) as Json;
  const paths = pathsOf(doc);
  const path = paths[m.at % paths.length]!;
  if (path.length === 0) return m.kind === 'set' ? m.value : doc;
  let parent: Json = doc;
  for (const k of path.slice(0, -1)) parent = (parent as Record<string | number, Json>)[k]!;
  const last = path.at(-1)!;
  const obj = parent as Record<string | number, Json>;
  if (m.kind === 'set') obj[last] = m.value;
  else if (m.kind === 'delete') {
    if (Array.isArray(parent)) parent.splice(last as number, 1);
    else delete obj[last];
  } else if (m.kind === 'add') {
    const target = obj[last];
    if (target !== null && typeof target === 'object' && !Array.isArray(target)) Object.defineProperty(target, m.key, { value: m.value, enumerable: true, writable: true, configurable: true });
  } else if (Array.isArray(parent)) parent.splice(last as number, 0, ...Array.from({ length: m.times }, () => structuredClone(parent[last as number]!)));
  return doc;
};

type TextDamage = { kind: 'none' } | { kind: 'truncate'; at: number } | { kind: 'duplicate-key'; nth: number } | { kind: 'nest'; depth: number } | { kind: 'insert'; at: number; text: string };
const textDamage: fc.Arbitrary<TextDamage> = fc.oneof(
  { weight: 12, arbitrary: fc.constant({ kind: 'none' as const }) },
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('duplicate-key' as const), nth: fc.nat(40) }),
  fc.record({ kind: fc.constant('nest' as const), depth: fc.integer({ min: 1, max: 5000 }) }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), text: fc.constantFrom(',', '}', '"', '\n', '\u0000', 'NaN', '1e999', '"\\ud800"') }),
);

const damage = (text: string, d: TextDamage): string => {
  switch (d.kind) {
    case 'none':
      return text;
    case 'truncate':
      return text.slice(0, d.at % (text.length + 1));
    case 'duplicate-key': {
      const keys = [...text.matchAll(/"[^"\\]+":/g)];
      const m = keys[d.nth % Math.max(1, keys.length)];
      return m ? `${text.slice(0, m.index)}${m[0]} 0, ${text.slice(m.index)}` : text;
    }
    case 'nest':
      return text.replace(/^\{/, `{"nested": ${'['.repeat(d.depth)}${']'.repeat(d.depth)}, `);
    case 'insert': {
      const at = d.at % (text.length + 1);
      return text.slice(0, at) + d.text + text.slice(at);
    }
  }
};

/** Files in the checkout a command might write by default: they must not change. */
const guarded = (): string => [join(root, 'spec', 'PROPERTIES.md'), join(root, 'spec', 'explore-manifest.json')].map((f) => statSync(f).mtimeMs).join() + filesBelow(join(root, 'counterexamples')).join();

const halfWritten = (dir: string): string[] => filesBelow(dir).filter((f) => f.endsWith('.tmp') || f.includes('.copyspec-probe'));

const meetsContract = (r: { status: number; stderr: string[] }): void => {
  expect([0, 1, 2]).toContain(r.status);
  if (r.status === 2) {
    expect(r.stderr).toHaveLength(1);
    expect(r.stderr[0]).toMatch(/^copyspec: [^\n]+$/);
  } else expect(r.stderr).toEqual([]);
};

let n = 0;
const fileOf = (text: string): string => {
  const f = join(tmp, `f${++n}.json`);
  writeFileSync(f, text);
  return f;
};

describe('fuzzing copyspec', () => {
  const before = guarded();

  it('answers every mutated scenario and counterexample file with 0, 1 or 2 and one line', async () => {
    await fc.assert(
      fc.asyncProperty(fc.nat(SEEDS.length - 1), fc.array(mutation, { minLength: 1, maxLength: 3 }), textDamage, fc.boolean(), async (s, ms, d, json) => {
        const seed = SEEDS[s]!;
        const doc = ms.reduce(apply, seed.json);
        const file = fileOf(damage(JSON.stringify(doc, null, 1), d));
        const isCx = seed.file.startsWith('counterexamples');
        const r = await cliInProcess(isCx ? ['replay', file, ...(json ? ['--json'] : [])] : ['run', file]);
        meetsContract(r);
        expect(halfWritten(tmp)).toEqual([]);
      }),
      { numRuns: 300, seed: 9 },
    );
    expect(guarded()).toBe(before);
  });

  const OPTIONS = ['--seed', '--runs', '--design', '--property', '--profile', '--save', '--no-save', '--json', '--out', '--bug', '--depth', '--config', '--workload', '--scenarios', '--random', '--jobs', '--shrink', '--shrink-rounds', '--write-manifest', '--nosuch', '-x', '--', '-h'];
  const VALUES = ['-1', '0', '1', '3', '4294967295', '4294967296', '1e3', 'abc', '', 'vectored-bio', 'LIMIT-02', 'nvme-tags1', 'zns-gc', 'ci', 'split-drops-tail', plainFile, join(plainFile, 'sub'), tmp, '/proc/copyspec-x'];
  const token = fc.oneof(fc.constantFrom(...OPTIONS), fc.constantFrom(...VALUES), fc.constantFrom(...OPTIONS).chain((o) => fc.constantFrom(...VALUES).map((v) => `${o}=${v}`)));
  // Commands that would run minutes (or boot QEMU, or write into the checkout) get one argument
  // that is surely refused, at a random place: whatever else is given, they must stop at it.
  const SURELY_BAD = ['--nosuch', '--seed=-1', '--runs=0', '--design=nope', '--depth=x', '--jobs=0'];
  const cheap = fc.oneof(
    fc.constant(['variants']),
    fc.constant(['help']),
    fc.constant(['--version']),
    fc.constant(['catalogue', '--out', join(tmp, 'P.md')]),
    fc.nat(SEEDS.length - 1).map((i) => [SEEDS[i]!.file.startsWith('counterexamples') ? 'replay' : 'run', join(root, SEEDS[i]!.file)]),
  );
  const costly = fc.constantFrom('check', 'explore', 'compare', 'conformance', 'catalogue');

  it('answers every argument list with 0, 1 or 2 and one line', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.tuple(cheap, fc.array(token, { maxLength: 4 })).map(([c, extra]) => [...c, ...extra]),
          fc.tuple(costly, fc.array(token, { maxLength: 5 }), fc.constantFrom(...SURELY_BAD), fc.nat()).map(([c, extra, bad, at]) => {
            const args = extra.filter((a) => a !== '--help' && a !== '-h' && a !== '--');
            args.splice(at % (args.length + 1), 0, bad);
            // A value-taking option at the end would swallow the bad argument as its value.
            return [c, ...args.flatMap((a, i) => (i < args.length - 1 && OPTIONS.includes(a) && !['--json', '--no-save', '--write-manifest'].includes(a) ? [a, '1'] : [a]))];
          }),
        ),
        async (args) => {
          const r = await cliInProcess(args);
          meetsContract(r);
          expect(halfWritten(tmp)).toEqual([]);
        },
      ),
      { numRuns: 300, seed: 9 },
    );
    expect(guarded()).toBe(before);
  });

  it('as a process too: no stack trace, at most one line on stderr', () => {
    fc.assert(
      fc.property(fc.nat(SEEDS.length - 1), mutation, textDamage, (s, m, d) => {
        const file = fileOf(damage(JSON.stringify(apply(SEEDS[s]!.json, m)), d));
        const r = cli(SEEDS[s]!.file.startsWith('counterexamples') ? 'replay' : 'run', file);
        expect([0, 1, 2]).toContain(r.status);
        expect(r.stderr).not.toMatch(/\n\s+at /);
        if (r.status === 2) expect(r.stderr).toMatch(/^copyspec: [^\n]+\n$/);
        else expect(r.stderr).toBe('');
      }),
      { numRuns: 12, seed: 9 },
    );
  });
});
