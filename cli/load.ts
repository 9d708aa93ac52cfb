// Reading the files the CLI is given: JSON, validated with zod, every problem as one UserError line.
// Strict beyond JSON.parse: a file must be a regular file of at most MAX_FILE_BYTES, nest at most
// MAX_DEPTH levels, and name no key twice in one object (JSON.parse silently keeps the last one,
// so `{"nsze": 8, "nsze": 9}` would mean something the author may not have meant).

import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import type { z } from 'zod';
import { describeZodError } from '../model/scenario/schema.js';
import { UserError } from './errors.js';
import { fileError } from './files.js';

/** Scenario and counterexample files are a few KiB; anything past this is not one. */
export const MAX_FILE_BYTES = 4 * 1024 * 1024;
/** The deepest file copyspec writes nests 6 levels; a crafted one must not exhaust the stack. */
export const MAX_DEPTH = 64;

export const readText = (path: string): string => {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (e) {
    throw fileError(path, 'read', e);
  }
  try {
    const st = fstatSync(fd);
    if (st.isDirectory()) throw new UserError(`${path}: cannot read (is a directory)`);
    if (!st.isFile()) throw new UserError(`${path}: cannot read (not a regular file)`);
    if (st.size > MAX_FILE_BYTES) throw new UserError(`${path}: ${st.size} bytes, more than the ${MAX_FILE_BYTES} a copyspec file may have`);
    const buf = Buffer.alloc(st.size + 1);
    let n = 0;
    for (let got; n < buf.length && (got = readSync(fd, buf, n, buf.length - n, n)) > 0; ) n += got;
    if (n > MAX_FILE_BYTES) throw new UserError(`${path}: more than the ${MAX_FILE_BYTES} bytes a copyspec file may have`);
    return buf.subarray(0, n).toString('utf8');
  } catch (e) {
    if (e instanceof UserError) throw e;
    throw fileError(path, 'read', e);
  } finally {
    closeSync(fd);
  }
};

type Frame = { kind: 'object'; keys: Set<string>; key: string | undefined } | { kind: 'array'; index: number };

const pathOf = (stack: readonly Frame[]): string =>
  stack.reduce((s, f) => (f.kind === 'array' ? `${s}[${f.index}]` : f.key === undefined ? s : s ? `${s}.${f.key}` : f.key), '');

/**
 * On text JSON.parse accepted: the first key named twice in one object, or nesting deeper than
 * MAX_DEPTH, as a message; null when there is neither. Iterative, so no input can overflow the stack.
 */
export const jsonShapeProblem = (text: string): string | null => {
  const stack: Frame[] = [];
  let expectKey = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '"') {
      let j = i + 1;
      while (text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      const top = stack.at(-1);
      if (expectKey && top?.kind === 'object') {
        const key = JSON.parse(text.slice(i, j + 1)) as string;
        if (top.keys.has(key)) {
          top.key = undefined;
          const where = pathOf(stack);
          return `${where ? `${where}: ` : ''}key ${JSON.stringify(key)} appears twice`;
        }
        top.keys.add(key);
        top.key = key;
        expectKey = false;
      }
      i = j;
    } else if (c === '{' || c === '[') {
      if (stack.length >= MAX_DEPTH) {
        const where = pathOf(stack.slice(0, 4));
        return `nested deeper than ${MAX_DEPTH} levels${where ? ` (below ${where})` : ''}`;
      }
      stack.push(c === '{' ? { kind: 'object', keys: new Set(), key: undefined } : { kind: 'array', index: 0 });
      expectKey = c === '{';
    } else if (c === '}' || c === ']') {
      stack.pop();
      expectKey = false;
    } else if (c === ',') {
      const top = stack.at(-1);
      if (top?.kind === 'array') top.index++;
      expectKey = top?.kind === 'object';
    }
  }
  return null;
};

export const readJsonFile = (path: string): unknown => {
  const text = readText(path);
  let json: unknown;
  try {
    json = JSON.parse(text) as unknown;
  } catch (e) {
    throw new UserError(`${path}: not JSON: ${(e as Error).message}`);
  }
  const problem = jsonShapeProblem(text);
  if (problem !== null) throw new UserError(`${path}: ${problem}`);
  return json;
};

export const loadValidated = <S extends z.ZodType>(path: string, schema: S): z.output<S> => validate(path, readJsonFile(path), schema);

export const validate = <S extends z.ZodType>(path: string, json: unknown, schema: S): z.output<S> => {
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw new UserError(`${path}: ${describeZodError(parsed.error)}`);
  return parsed.data;
};
