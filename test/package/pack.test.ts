// The package as a user gets it: `npm pack` of the built checkout (dist/ is built by `npm test`
// before vitest starts; packing here runs no script), installed into an empty folder with no
// network (`npm install --offline`: every package comes from npm's cache, filled by `npm ci`),
// then used as a user would: `npx copyspec`, the typed library through its `exports`, and a
// consumer's own vitest suite on `copyspec/vitest` — passing, and failing on a known-bad variant
// with the `copyspec replay` command that reproduces it.

import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };

/** The environment without what an enclosing `npm test` passes down (npm_config_local_prefix would point a child npm at this checkout). */
const cleanEnv = (): NodeJS.ProcessEnv => {
  const env: NodeJS.ProcessEnv = { NO_COLOR: '1', npm_config_update_notifier: 'false' };
  for (const [k, v] of Object.entries(process.env)) if (!/^npm_/i.test(k) || /^npm_config_(cache|userconfig)$/i.test(k)) env[k] = v;
  return env;
};

const run = (cmd: string, args: readonly string[], cwd: string): SpawnSyncReturns<string> => {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', env: cleanEnv(), timeout: 300_000 });
  if (r.error) throw r.error;
  return r;
};

/** What `r` said, for a failed expectation's message. */
const said = (r: SpawnSyncReturns<string>): string => `exit ${r.status}\n${r.stdout}\n${r.stderr}`;

// The consumer's test, in TypeScript: tsc checks it against the package's .d.ts, vitest runs it.
const CONSUMER_TEST = `import { propertyTest } from 'copyspec/vitest';
import { DESIGN_NAMES, designOf, type Design } from 'copyspec';

// A design of one's own: vectored-bio+fix whose copies bypass zone write plugging.
const mine: Design = { ...designOf('vectored-bio+fix'), name: 'vectored-bio+mine', zonePlugCopies: false };
if (!DESIGN_NAMES.includes('vectored-bio+fix')) throw new Error('the design list is missing');

propertyTest('DATA-02', 'vectored-bio+fix', { runs: 20 });
propertyTest('ZONE-06', mine, { runs: 100, expect: 'refuted' });
propertyTest('DATA-02', 'vectored-bio+fix', { bugs: ['linear-off-by-one'], runs: 20, save: 'cx' });
`;

type VitestJson = { testResults: { assertionResults: { title: string; status: string; failureMessages: string[] }[] }[] };

describe('the packed package, installed offline into an empty folder', () => {
  let dir: string;
  let consumer: string;
  let files: string[];

  beforeAll(() => {
    // npm run build stamps dist/.built when it ends (the build is incremental: one emitted file's age says nothing).
    const stamp = join(root, 'dist', '.built');
    if (!existsSync(join(root, 'dist', 'lib', 'index.js')) || !existsSync(stamp) || statSync(stamp).mtimeMs < statSync(join(root, 'lib', 'index.ts')).mtimeMs) throw new Error('dist/ is not built or older than lib/: run `npm run build` (npm test does it first)');
    dir = mkdtempSync(join(tmpdir(), 'copyspec-pack-'));
    const packed = run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', dir], root);
    if (packed.status !== 0) throw new Error(`npm pack failed: ${said(packed)}`);
    const [info] = JSON.parse(packed.stdout) as { filename: string; files: { path: string }[] }[];
    files = info!.files.map((f) => f.path);

    // The consumer pins vitest and @fast-check/vitest to this checkout's versions, with this
    // checkout's lockfile as its own: npm resolves every package from the lockfile and fetches it
    // from the cache, so the install needs no registry metadata and no network.
    consumer = join(dir, 'consumer');
    mkdirSync(join(consumer, 'test'), { recursive: true });
    const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')) as { name: string; version?: string; packages: Record<string, { version?: string }> };
    const dependencies = {
      copyspec: `file:../${info!.filename}`,
      vitest: lock.packages['node_modules/vitest']!.version!,
      '@fast-check/vitest': lock.packages['node_modules/@fast-check/vitest']!.version!,
    };
    writeFileSync(join(consumer, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module', dependencies }, null, 2));
    lock.name = 'consumer';
    delete lock.version;
    lock.packages[''] = { name: 'consumer', dependencies } as { version?: string };
    writeFileSync(join(consumer, 'package-lock.json'), JSON.stringify(lock, null, 2));
    writeFileSync(join(consumer, 'tsconfig.json'), JSON.stringify({ compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, noEmit: true, skipLibCheck: true, types: [] }, include: ['test'] }));
    writeFileSync(join(consumer, 'test', 'copy.test.ts'), CONSUMER_TEST);
    const installed = run('npm', ['install', '--offline', '--ignore-scripts', '--no-audit', '--no-fund'], consumer);
    if (installed.status !== 0) throw new Error(`npm install --offline failed (is npm's cache filled by \`npm ci\`?): ${said(installed)}`);
  });

  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('the tarball holds the built code, its types, the bin, schemas and docs — no TypeScript sources', () => {
    for (const f of ['bin/copyspec.js', 'dist/cli/main.js', 'dist/lib/index.js', 'dist/lib/index.d.ts', 'dist/lib/vitest.js', 'dist/lib/vitest.d.ts', 'schema/scenario.schema.json', 'schema/counterexample.schema.json', 'conformance/guest/build-guest.sh', 'README.md', 'package.json']) expect(files).toContain(f);
    expect(files.filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))).toEqual([]);
    expect(files.filter((f) => f.startsWith('test/') || f.startsWith('dist/bench/') || f.endsWith('.map'))).toEqual([]);
  });

  test('npx copyspec --version and a check of one cell run from the installed package', () => {
    const v = run('npx', ['--offline', 'copyspec', '--version'], consumer);
    expect(v.status, said(v)).toBe(0);
    expect(v.stdout.trim()).toBe(pkg.version);
    const c = run('npx', ['--offline', 'copyspec', 'check', '--design', 'vectored-bio+fix', '--property', 'DATA-02', '--runs', '20'], consumer);
    expect(c.status, said(c)).toBe(0);
    expect(c.stdout).toMatch(/^DATA-02\s+holds/m);
    expect(c.stdout).toContain('every verdict as declared');
  });

  test("a consumer's TypeScript type-checks against the package's .d.ts (exports '.' and './vitest')", () => {
    const tsc = run(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', consumer], consumer);
    expect(tsc.status, said(tsc)).toBe(0);
  });

  test("a consumer's vitest suite on copyspec/vitest: passes, and fails on a known-bad variant with the replay command", () => {
    // The consumer's own vitest, started without npx's lookup (the copyspec bin was already run through npx above).
    const r = run(process.execPath, [join(consumer, 'node_modules', 'vitest', 'vitest.mjs'), 'run', '--reporter=json', '--outputFile=vitest.json'], consumer);
    expect(r.status, said(r)).toBe(1);
    const results = (JSON.parse(readFileSync(join(consumer, 'vitest.json'), 'utf8')) as VitestJson).testResults.flatMap((f) => f.assertionResults);
    const byTitle = new Map(results.map((t) => [t.title.replace(/ \(with seed=\d+\)$/, ''), t]));
    expect(byTitle.get('DATA-02 on vectored-bio+fix')?.status).toBe('passed');
    expect(byTitle.get('ZONE-06 on vectored-bio+mine')?.status).toBe('passed');
    const bad = byTitle.get('DATA-02 on vectored-bio+fix with linear-off-by-one');
    expect(bad?.status).toBe('failed');
    const message = bad!.failureMessages.join('\n');
    const file = join(consumer, 'cx', 'DATA-02-linear-off-by-one.json');
    expect(message).toContain('DATA-02 violated on vectored-bio+fix with linear-off-by-one');
    expect(message).toMatch(/seed 1, path "[\d:]+"/);
    expect(message).toContain(`replay: npx copyspec replay ${file}`);
    // The command it names reproduces the violation from the file it wrote.
    const replay = run(process.execPath, [join(consumer, 'node_modules', '.bin', 'copyspec'), 'replay', file], consumer);
    expect(replay.status, said(replay)).toBe(1);
    expect(replay.stdout).toContain('DATA-02 violated on vectored-bio+fix (variant linear-off-by-one)');
  });
});
