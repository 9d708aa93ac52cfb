// The `copyspec` process (bin/copyspec.js imports this): run the command line (cli/app.ts), print
// its output, and turn every error into one line on stderr and an exit status.

import { describeFailure, main } from './app.js';

const out = (line: string): void => {
  process.stdout.write(`${line}\n`);
};

// A reader that stops early (`| head`) closes the pipe: stop quietly, as other Unix tools do.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw e;
});

const fail = (e: unknown): void => {
  const { line, code } = describeFailure(e);
  process.stderr.write(`${line}\n`);
  if (code === 70 && process.env.COPYSPEC_DEBUG) process.stderr.write(`${(e as Error).stack}\n`);
  process.exitCode = code;
};

try {
  const code = main(process.argv.slice(2), out);
  if (typeof code === 'number') process.exitCode = code;
  else code.then((c) => (process.exitCode = c), fail);
} catch (e) {
  fail(e);
}
