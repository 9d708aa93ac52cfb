// The option-table parser (cli/options.ts): what it accepts, what it refuses, and that the help it
// generates names every row of the table.

import { describe, expect, it } from 'vitest';
import { UserError } from '../../cli/errors.js';
import { command, helpText, parseOptions, wholeNumber } from '../../cli/options.js';

const SPEC = command({
  name: 'demo',
  operand: { name: 'FILE', help: 'a file' },
  summary: 'a demonstration',
  options: {
    seed: { type: 'int', arg: 'S', min: 0, max: 2 ** 32 - 1, default: 1, help: 'a seed' },
    runs: { type: 'int', arg: 'N', min: 1, max: 9, help: 'runs' },
    bug: { type: 'string', arg: 'NAME', multiple: true, choices: { noun: 'variant', values: ['a', 'b'] }, help: 'a variant' },
    json: { type: 'flag', help: 'JSON' },
  },
  run: () => 0,
});

const parse = (...args: string[]) => {
  const p = parseOptions(SPEC, args);
  if (p.help) throw new Error('help');
  return p;
};

describe('parseOptions', () => {
  it('takes --name value, --name=value, flags, repeats, defaults and the operand', () => {
    const p = parse('--seed', '7', 'f.json', '--bug=a', '--bug', 'b', '--json');
    expect(p.values).toEqual({ seed: 7, runs: undefined, bug: ['a', 'b'], json: true });
    expect(p.operand).toBe('f.json');
    expect(parse('f').values).toEqual({ seed: 1, runs: undefined, bug: [], json: false });
  });

  it('takes what follows -- as operands, and --help anywhere before it', () => {
    expect(parse('--', '--json').operand).toBe('--json');
    expect(parseOptions(SPEC, ['x', '--seed', 'nope', '-h']).help).toBe(true);
  });

  it.each([
    [['f', '--seed', '-1'], /--seed takes a whole number from 0 to 4294967295, not "-1"/],
    [['f', '--seed', '4294967296'], /from 0 to 4294967295/],
    [['f', '--seed', '0x10'], /whole number/],
    [['f', '--runs', '0'], /--runs takes a whole number from 1 to 9/],
    [['f', '--seed'], /--seed needs a value: --seed S/],
    [['f', '--seed', '--', '1'], /--seed needs a value/],
    [['f', '--json=1'], /--json takes no value/],
    [['f', '--seed', '1', '--seed', '1'], /--seed is given twice/],
    [['f', '--bug', 'c'], /no variant "c"; known: a, b/],
    [['f', '--nope'], /demo: unknown option "--nope"; `copyspec demo --help` lists them/],
    [['f', '-n'], /unknown option "-n"/],
    [[], /demo takes one FILE: copyspec demo FILE \[options\]/],
    [['f', 'g'], /demo takes one FILE, not 2/],
  ])('%j is one UserError line', (args, message) => {
    expect(() => parseOptions(SPEC, args)).toThrow(UserError);
    expect(() => parseOptions(SPEC, args)).toThrow(message);
  });

  it('wholeNumber takes decimal digits only', () => {
    expect(wholeNumber('0', 'x', 0, 1)).toBe(0);
    for (const t of ['', ' 1', '1.0', '+1', '-0', '1e3', '99999999999999999']) expect(() => wholeNumber(t, 'x', 0, 2 ** 53)).toThrow(UserError);
  });

  it('the help names the operand and every option, with ranges, defaults and choices', () => {
    const help = helpText(SPEC).join('\n');
    expect(help).toMatch(/^usage: copyspec demo FILE \[options\]/);
    for (const row of ['FILE', '--seed S', '--runs N', '--bug NAME', '--json', '-h, --help', '0..4294967295', 'default 1', 'one of a, b', 'repeatable']) expect(help).toContain(row);
  });
});
