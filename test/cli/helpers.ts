// Running copyspec as a user does (the built bin, a child process) and as a function (cli/app.ts,
// in process, for the fuzz test). `npm test` builds dist/ before vitest starts; tests never build.

import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describeFailure, main } from '../../cli/app.js';

export const root = join(import.meta.dirname, '..', '..');
const bin = join(root, 'bin', 'copyspec.js');

/** The newest modification time of the TypeScript under `dirs` (milliseconds). */
const newestSource = (dirs: readonly string[]): number => {
  let newest = 0;
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.ts')) newest = Math.max(newest, statSync(p).mtimeMs);
    }
  };
  for (const d of dirs) walk(join(root, d));
  return newest;
};

/**
 * Fail with the remedy, not with confusing output, when dist/ is missing or older than the sources.
 * The build is incremental (tsconfig.build.json): tsc re-emits only what changed, so the age of one
 * emitted file says nothing; `npm run build` stamps dist/.built when it ends.
 */
export const requireBuilt = (dirs: readonly string[] = ['cli']): void => {
  const stamp = join(root, 'dist', '.built');
  if (!existsSync(stamp) || !existsSync(join(root, 'dist', 'cli', 'main.js'))) throw new Error('dist/ is not built: run `npm run build` (npm test does it first)');
  if (statSync(stamp).mtimeMs < newestSource(dirs)) throw new Error(`dist/ is older than ${dirs.join(', ')}: run \`npm run build\` (npm test does it first)`);
};

export type Result = { status: number | null; stdout: string; stderr: string };

/** `copyspec ...args` as a child process. */
export const cli = (...args: string[]): Result => {
  requireBuilt();
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', cwd: root, timeout: 600_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
};

/** `copyspec ...args` in this process: the same function and error reporting as the bin. */
export const cliInProcess = async (args: readonly string[]): Promise<{ status: number; stdout: string[]; stderr: string[] }> => {
  const stdout: string[] = [];
  try {
    const status = await main(args, (l) => stdout.push(l));
    return { status, stdout, stderr: [] };
  } catch (e) {
    const f = describeFailure(e);
    return { status: f.code, stdout, stderr: [f.line] };
  }
};

/** A usage or input error as the contract says: exit 2, one line on stderr, no stack trace. */
export const isOneLineError = (r: { status: number | null; stderr: string }): boolean =>
  r.status === 2 && /^copyspec: [^\n]+\n$/.test(r.stderr) && !/\n\s+at /.test(r.stderr);

/** Every file below `dir`, relative, sorted. */
export const filesBelow = (dir: string): string[] => (existsSync(dir) ? (readdirSync(dir, { recursive: true, encoding: 'utf8' }) as string[]).sort() : []);
