// The copyspec command line as a function (cli/main.ts is the process around it): parse by each
// command's option table (cli/options.ts), call the library, report. Exit 0 success; 1 a property or conformance verdict failed; 2 bad usage, a bad
// input file or an output that cannot be written (one line on stderr); 70 an internal error (a
// defect of copyspec, one line; COPYSPEC_DEBUG=1 shows the stack).

import { UserError } from './errors.js';
import { RUN } from './run.js';
import { CHECK } from './check.js';
import { CATALOGUE } from './catalogue.js';
import { REPLAY } from './replay.js';
import { VARIANTS } from './variants.js';
import { CONFORMANCE } from './conformance.js';
import { COMPARE } from './compare.js';
import { EXPLORE } from './explore.js';
import { REPORT } from './report.js';
import { MERGE } from './merge.js';
import { runnable } from './options.js';
import { packageVersion } from './version.js';

/** Every command, in the order `copyspec --help` lists them. */
export const COMMANDS = [runnable(RUN), runnable(CHECK), runnable(REPLAY), runnable(EXPLORE), runnable(MERGE), runnable(COMPARE), runnable(CATALOGUE), runnable(REPORT), runnable(VARIANTS), runnable(CONFORMANCE)];

/** The version in package.json (cli/version.ts). */
export { packageVersion };

export const overview = (): string[] => {
  const w = Math.max(...COMMANDS.map((c) => c.name.length)) + 2;
  return [
    'usage: copyspec <command> [options]',
    '       copyspec <command> --help    the options of one command',
    '       copyspec --version',
    '',
    'commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(w)}${c.summary}`),
    '',
    'exit status: 0 success; 1 a verdict differs (check, replay, explore, conformance); 2 bad usage,',
    'a bad input file or an output that cannot be written (one line on stderr); 3 inconclusive: no verdict',
    'differs but a stack run was cut by the step budget (check, merge, replay; --max-steps); 70 an internal error.',
  ];
};

/** One command line to an exit status; output through `out`, errors thrown (see `fail`). */
export const main = (argv: readonly string[], out: (line: string) => void): number | Promise<number> => {
  const [name, ...rest] = argv;
  if (name === undefined) throw new UserError('a command is needed; `copyspec --help` lists them');
  if (name === '--version' || name === '-V') {
    if (rest.length) throw new UserError(`--version takes no arguments (got ${rest[0]})`);
    out(packageVersion());
    return 0;
  }
  if (name === 'help' || name === '--help' || name === '-h') {
    const c = COMMANDS.find((x) => x.name === rest[0]);
    if (rest.length > 1 || (rest.length === 1 && !c)) throw new UserError(`help takes at most one command name; known: ${COMMANDS.map((x) => x.name).join(', ')}`);
    for (const l of c ? c.help() : overview()) out(l);
    return 0;
  }
  for (const c of COMMANDS) if (c.name === name) return c.invoke(rest, out);
  throw new UserError(`unknown command ${JSON.stringify(name)}; \`copyspec --help\` lists the commands`);
};

/** The one line on stderr and the exit status for an error. */
export const describeFailure = (e: unknown): { line: string; code: 2 | 70 } => {
  const oneLine = (s: string): string => s.replace(/\s*\n\s*/g, ' ');
  if (e instanceof UserError) return { line: `copyspec: ${oneLine(e.message)}`, code: 2 };
  // A model defect, not bad input: still one line, with the way to see more.
  const msg = e instanceof Error ? e.message : String(e);
  return { line: `copyspec: internal error: ${oneLine(msg)} (set COPYSPEC_DEBUG=1 for the stack)`, code: 70 };
};
