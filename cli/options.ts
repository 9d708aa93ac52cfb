// One option table per command drives parsing, validation and `copyspec <command> --help`, so the
// help cannot drift from what the parser accepts. Adding an option is one row in its command's
// table. Every problem is one UserError line (exit 2): unknown options, missing values, numbers out
// of range, values outside their choices, a file where none is taken.

import { UserError } from './errors.js';

/** A set of allowed values, named for the messages: `no design "x"; known: a, b`. */
export type Choices = { readonly noun: string; readonly values: readonly string[]; /** Said instead of listing the values (long lists). */ readonly hint?: string };

export type OptionSpec =
  | { readonly type: 'flag'; readonly help: string }
  | { readonly type: 'string'; readonly arg: string; readonly help: string; readonly multiple?: boolean; readonly choices?: Choices; readonly default?: string }
  | { readonly type: 'int'; readonly arg: string; readonly help: string; readonly min: number; readonly max: number; readonly default?: number };

export type OptionTable = Readonly<Record<string, OptionSpec>>;

type ValueOf<S extends OptionSpec> = S extends { type: 'flag' }
  ? boolean
  : S extends { type: 'int' }
    ? S extends { default: number }
      ? number
      : number | undefined
    : S extends { multiple: true }
      ? string[]
      : S extends { default: string }
        ? string
        : string | undefined;

export type Parsed<O extends OptionTable> = { -readonly [K in keyof O]: ValueOf<O[K]> };

export type CommandSpec<O extends OptionTable, R> = {
  readonly name: string;
  /** The operand, when the command takes exactly one (`FILE`), or one or more with `many`; none when absent. */
  readonly operand?: { readonly name: string; readonly help: string; readonly many?: boolean };
  /** Said after "<command> takes no file" when given one: where the input goes instead. */
  readonly noOperandHint?: string;
  /** One line for `copyspec --help`. */
  readonly summary: string;
  /** More lines for `copyspec <command> --help`. */
  readonly about?: readonly string[];
  readonly options: O;
  /** `operand` is the first operand; `operands` all of them (more than one only with `operand.many`). */
  readonly run: (o: Parsed<O>, operand: string, out: (line: string) => void, operands: readonly string[]) => R;
};

/** Define a command; keeps the table's literal types for `Parsed`. */
export const command = <const O extends OptionTable, R>(spec: CommandSpec<O, R>): CommandSpec<O, R> => spec;

/** A whole number in [min, max] from command-line text (decimal digits only: no sign, no exponent). */
export const wholeNumber = (text: string, name: string, min: number, max: number): number => {
  const n = /^\d{1,16}$/.test(text) ? Number(text) : NaN;
  if (!(n >= min && n <= max)) throw new UserError(`--${name} takes a whole number from ${min} to ${max}, not ${JSON.stringify(text)}`);
  return n;
};

const checkChoice = (c: Choices, v: string): string => {
  if (!c.values.includes(v)) throw new UserError(`no ${c.noun} ${JSON.stringify(v)}; ${c.hint ?? `known: ${c.values.join(', ')}`}`);
  return v;
};

export type ParseResult<O extends OptionTable> = { readonly help: true } | { readonly help: false; readonly values: Parsed<O>; readonly operand: string; readonly operands: readonly string[] };

/**
 * Parse `args` by the table: `--name value`, `--name=value`, `--flag`, `--` ends the options,
 * `-h`/`--help` anywhere (before `--`) asks for the help. A value is taken as given even when it
 * starts with `-` (so `--seed -1` is refused by its range, not misread as an option).
 */
export const parseOptions = <O extends OptionTable, R>(spec: CommandSpec<O, R>, args: readonly string[]): ParseResult<O> => {
  const end = args.indexOf('--');
  if ((end < 0 ? args : args.slice(0, end)).some((a) => a === '--help' || a === '-h')) return { help: true };
  const raw = new Map<string, string[]>();
  const operands: string[] = [];
  const seeHelp = `\`copyspec ${spec.name} --help\` lists them`;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (i === end) {
      operands.push(...args.slice(i + 1));
      break;
    }
    if (!a.startsWith('-') || a === '-') {
      operands.push(a);
      continue;
    }
    const eq = a.indexOf('=');
    const name = a.startsWith('--') ? a.slice(2, eq < 0 ? undefined : eq) : a;
    const o = Object.hasOwn(spec.options, name) ? spec.options[name]! : undefined;
    if (o === undefined) throw new UserError(`${spec.name}: unknown option ${JSON.stringify(a.startsWith('--') ? `--${name}` : a)}; ${seeHelp}`);
    let value: string;
    if (o.type === 'flag') {
      if (eq >= 0) throw new UserError(`--${name} takes no value`);
      value = '';
    } else if (eq >= 0) value = a.slice(eq + 1);
    else {
      if (i + 1 >= args.length || i + 1 === end) throw new UserError(`--${name} needs a value: --${name} ${o.arg}`);
      value = args[++i]!;
    }
    const seen = raw.get(name) ?? [];
    if (seen.length && !(o.type === 'string' && o.multiple)) throw new UserError(`--${name} is given twice`);
    raw.set(name, [...seen, value]);
  }
  const values: Record<string, unknown> = {};
  for (const [name, o] of Object.entries(spec.options)) {
    const given = raw.get(name);
    if (o.type === 'flag') values[name] = given !== undefined;
    else if (o.type === 'int') values[name] = given === undefined ? o.default : wholeNumber(given[0]!, name, o.min, o.max);
    else {
      const checked = (given ?? []).map((v) => (o.choices ? checkChoice(o.choices, v) : v));
      values[name] = o.multiple ? checked : (checked[0] ?? o.default);
    }
  }
  if (spec.operand?.many) {
    if (operands.length === 0) throw new UserError(`${spec.name} takes one or more ${spec.operand.name}: ${usageLine(spec)}`);
  } else if (spec.operand) {
    if (operands.length !== 1) throw new UserError(`${spec.name} takes one ${spec.operand.name}${operands.length ? `, not ${operands.length}` : ''}: ${usageLine(spec)}`);
  } else if (operands.length) throw new UserError(`${spec.name} takes no file (got ${operands[0]})${spec.noOperandHint ? `; ${spec.noOperandHint}` : ''}`);
  return { help: false, values: values as Parsed<O>, operand: operands[0] ?? '', operands };
};

const optionUsage = (name: string, o: OptionSpec): string => (o.type === 'flag' ? `--${name}` : `--${name} ${o.arg}`);

/** `copyspec check [options]` / `copyspec run SCENARIO.json [options]`. */
export const usageLine = <O extends OptionTable, R>(spec: CommandSpec<O, R>): string =>
  `copyspec ${spec.name}${spec.operand ? ` ${spec.operand.name}${spec.operand.many ? '...' : ''}` : ''}${Object.keys(spec.options).length ? ' [options]' : ''}`;

/** `copyspec <command> --help`, generated from the table. */
export const helpText = <O extends OptionTable, R>(spec: CommandSpec<O, R>): string[] => {
  const rows: [string, string][] = Object.entries(spec.options).map(([name, o]) => {
    const extra: string[] = [];
    if (o.type === 'int') extra.push(`${o.min}..${o.max}`);
    if (o.type !== 'flag' && o.default !== undefined) extra.push(`default ${o.default}`);
    if (o.type === 'string' && o.choices && !o.choices.hint) extra.push(`one of ${o.choices.values.join(', ')}`);
    if (o.type === 'string' && o.multiple) extra.push('repeatable');
    return [optionUsage(name, o), `${o.help}${extra.length ? ` (${extra.join('; ')})` : ''}`];
  });
  rows.push(['-h, --help', 'this help']);
  if (spec.operand) rows.unshift([spec.operand.name, spec.operand.help]);
  const w = Math.max(...rows.map(([l]) => l.length)) + 2;
  return [`usage: ${usageLine(spec)}`, '', spec.summary, ...(spec.about ?? []), '', ...rows.map(([l, r]) => `  ${l.padEnd(w)}${r}`)];
};

/** Parse and run one command: its help (exit 0) or its result; bad usage throws a UserError. */
export const invoke = <O extends OptionTable, R>(spec: CommandSpec<O, R>, args: readonly string[], out: (line: string) => void): R | 0 => {
  const p = parseOptions(spec, args);
  if (p.help) {
    for (const l of helpText(spec)) out(l);
    return 0;
  }
  return spec.run(p.values, p.operand, out, p.operands);
};

/** A command with its types erased, for the command list. */
export type Runnable = { readonly name: string; readonly summary: string; readonly options: readonly string[]; readonly help: () => string[]; readonly invoke: (args: readonly string[], out: (line: string) => void) => number | Promise<number> };

export const runnable = <O extends OptionTable, R extends number | Promise<number>>(spec: CommandSpec<O, R>): Runnable => ({
  name: spec.name,
  summary: spec.summary,
  options: Object.keys(spec.options),
  help: () => helpText(spec),
  invoke: (args, out) => invoke(spec, args, out),
});
