// Reading the files the CLI is given: JSON, validated with zod, every problem as one UserError line.

import { readFileSync } from 'node:fs';
import type { z } from 'zod';
import { describeZodError } from '../model/scenario/schema.js';
import { UserError } from './errors.js';

export const readJsonFile = (path: string): unknown => {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UserError(`${path}: cannot read (${code === 'ENOENT' ? 'no such file' : code ?? String(e)})`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw new UserError(`${path}: not JSON: ${(e as Error).message}`);
  }
};

export const loadValidated = <S extends z.ZodType>(path: string, schema: S): z.output<S> => validate(path, readJsonFile(path), schema);

export const validate = <S extends z.ZodType>(path: string, json: unknown, schema: S): z.output<S> => {
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw new UserError(`${path}: ${describeZodError(parsed.error)}`);
  return parsed.data;
};
