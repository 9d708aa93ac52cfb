// Files the CLI writes: whole or not at all (a uniquely named temporary beside the target, then
// rename; the temporary is removed when anything fails), so a reader — or a run cut short — never
// sees half a counterexample, catalogue or manifest, and parallel runs never share a temporary.
// Output locations are probed before any work: a command that cannot write its result says so in
// one line (exit 2) at once, not after minutes of checking.

import { closeSync, mkdirSync, openSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, parse, resolve, sep } from 'node:path';
import { threadId } from 'node:worker_threads';
import { UserError } from './errors.js';

/** What an errno means to the person who gave the path (errno(3)). */
const REASONS: Readonly<Record<string, string>> = {
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ENOENT: 'no such file or directory',
  ENOTDIR: 'a component of the path is not a directory',
  EEXIST: 'exists and is not a directory',
  EISDIR: 'is a directory',
  EROFS: 'read-only file system',
  ENOSPC: 'no space left on device',
  EDQUOT: 'disk quota exceeded',
  ELOOP: 'too many symbolic links',
  ENAMETOOLONG: 'name too long',
  EBUSY: 'device or resource busy',
  EINVAL: 'invalid argument',
  ETXTBSY: 'text file busy',
};

/** An error from the file system as one line about `path`; anything else is rethrown (an internal error). */
export const fileError = (path: string, what: string, e: unknown): UserError => {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  if (code === undefined || !(code in REASONS)) throw e;
  return new UserError(`${path}: cannot ${what} (${REASONS[code]})`);
};

let counter = 0;
/**
 * A temporary name beside `path`, unique per process, thread and call (pid + worker thread id +
 * counter): worker threads share the pid and each has its own counter, so the thread id keeps two
 * of them (`check --jobs N`) from ever picking the same name.
 */
const tempName = (path: string): string => `${path}.${process.pid}.${threadId}.${++counter}.tmp`;

const removeQuietly = (p: string): void => {
  try {
    unlinkSync(p);
  } catch {
    // already gone, or never created: nothing to clean up
  }
};

/**
 * Create `dir` and its missing parents, one level at a time (not `recursive: true`, which loops on
 * some paths under /proc in Node 20), refusing with one line what cannot be created.
 */
export const makeDirectory = (dir: string): void => {
  const abs = resolve(dir);
  const root = parse(abs).root;
  const parts = abs.slice(root.length).split(sep).filter(Boolean);
  let at = root;
  for (const part of parts) {
    at = join(at, part);
    try {
      mkdirSync(at);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw fileError(dir, 'create the directory', e);
      let isDir: boolean;
      try {
        isDir = statSync(at).isDirectory();
      } catch (e2) {
        throw fileError(dir, 'create the directory', e2);
      }
      if (!isDir) throw new UserError(`${dir}: cannot create the directory (${at === abs ? 'exists and is not a directory' : `${at} is not a directory`})`);
    }
  }
};

/** Write a small probe file into `dir` and remove it: the directory takes new files. */
const probeWritable = (dir: string, shown: string): void => {
  const probe = tempName(join(dir, '.copyspec-probe'));
  try {
    closeSync(openSync(probe, 'wx'));
  } catch (e) {
    throw fileError(shown, 'write there', e);
  }
  removeQuietly(probe);
};

/** Before work: `dir` exists (created if need be) and takes new files. */
export const probeOutputDirectory = (dir: string): void => {
  makeDirectory(dir);
  probeWritable(dir, dir);
};

/** Before work: `path` can be replaced by a file — its directory exists and is writable, and it is not a directory. */
export const probeOutputFile = (path: string): void => {
  let st;
  try {
    st = statSync(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw fileError(path, 'write', e);
  }
  if (st?.isDirectory()) throw new UserError(`${path}: cannot write (is a directory)`);
  if (st && !st.isFile()) throw new UserError(`${path}: cannot write (not a regular file)`);
  const dir = dirname(path);
  try {
    if (!statSync(dir).isDirectory()) throw new UserError(`${path}: cannot write (${dir} is not a directory)`);
  } catch (e) {
    if (e instanceof UserError) throw e;
    throw fileError(path, 'write', e);
  }
  probeWritable(dir, path);
};

/** Write `text` to `path` atomically; on failure the temporary is removed and the error is one line. */
export const writeAtomically = (path: string, text: string): void => {
  const tmp = tempName(path);
  try {
    writeFileSync(tmp, text, { flag: 'wx' });
    renameSync(tmp, path);
  } catch (e) {
    removeQuietly(tmp);
    if ((e as NodeJS.ErrnoException).code === 'EISDIR' || (e as NodeJS.ErrnoException).code === 'ENOTEMPTY') throw new UserError(`${path}: cannot write (is a directory)`);
    throw fileError(path, 'write', e);
  }
};
