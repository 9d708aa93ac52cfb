// The copyspec command line: parse, call the library, report. Exit 0 success, 1 a property or
// conformance verdict failed, 2 bad usage or a bad input file (one line on stderr).

import { parseArgs } from 'node:util';
import { DEVICE_BUGS } from '../model/device/nvme/bugs.js';
import { SCSI_BUGS } from '../model/device/scsi/bugs.js';
import { STACK_BUGS } from '../model/block/bugs.js';
import { UserError } from './errors.js';
import { runCommand } from './run.js';
import { checkCommand } from './check.js';
import { catalogueCommand } from './catalogue.js';
import { replayCommand } from './replay.js';
import { DESIGN_NAMES, type DesignName } from '../model/stack/design.js';
import { conformanceCli } from './conformance.js';
import { compareCli } from './compare.js';
import { exploreCli } from './explore.js';

const USAGE = `usage: copyspec <command> [options]

commands:
  run SCENARIO.json [--bug NAME]...   run a scenario: a device scenario (steps) one JSON line per
                                      step; a stack scenario (ops) one line per event + final content
  check [--design D] [--property ID] [--profile ci|deep] [--seed S] [--runs N] [--json]
        [--save DIR | --no-save]      the properties × designs matrix and each known-bad variant;
                                      writes a counterexample file per refuted cell (default
                                      counterexamples/); exit 1 when a verdict differs from the declared
  replay FILE [--json]                replay a counterexample file step by step; exit 1 if it reproduces
  catalogue [--out FILE]              write the property catalogue (default spec/PROPERTIES.md)
  variants                            list the known-bad variants (deliberately broken models)
  conformance (--scenarios DIR | --random N [--seed S]) [--bug NAME]... [--save DIR] [--jobs J]
                                      the NVMe model against QEMU's NVMe emulation; shrunk
                                      disagreements are saved to DIR (default counterexamples)
  compare [--workload NAME] [--design D] [--json]
                                      the copy designs side by side on embedded workloads (Markdown)
  explore [--design D] [--config NAME] [--depth N] [--bug NAME]... [--json] [--save DIR]
          [--write-manifest]          every schedule of the small embedded configurations, breadth
                                      first; shortest violation per property; exit 1 on a violation
  help                                this text`;

const out = (line: string): void => {
  process.stdout.write(`${line}\n`);
};

// A reader that stops early (`| head`) closes the pipe: stop quietly, as other Unix tools do.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw e;
});

const main = (argv: string[]): number | Promise<number> => {
  const [command, ...rest] = argv;
  switch (command) {
    case 'run': {
      const { positionals, values } = parseArgs({ args: rest, allowPositionals: true, options: { bug: { type: 'string', multiple: true } } });
      if (positionals.length !== 1) throw new UserError('run takes one scenario file: copyspec run SCENARIO.json');
      return runCommand(positionals[0]!, values.bug ?? [], out);
    }
    case 'check': {
      const { values, positionals } = parseArgs({
        args: rest,
        allowPositionals: true,
        options: { seed: { type: 'string' }, runs: { type: 'string' }, json: { type: 'boolean' }, property: { type: 'string' }, save: { type: 'string' }, 'no-save': { type: 'boolean' }, design: { type: 'string' }, profile: { type: 'string' } },
      });
      if (positionals.length) throw new UserError(`check takes no file (got ${positionals[0]})`);
      const int = (v: string | undefined, name: string, dflt: number): number => {
        if (v === undefined) return dflt;
        if (!/^\d+$/.test(v)) throw new UserError(`--${name} takes a whole number, not ${JSON.stringify(v)}`);
        return Number(v);
      };
      const design = values.design;
      if (design !== undefined && !(DESIGN_NAMES as readonly string[]).includes(design)) throw new UserError(`no design ${JSON.stringify(design)}; known: ${DESIGN_NAMES.join(', ')}`);
      const profile = values.profile ?? 'ci';
      if (profile !== 'ci' && profile !== 'deep') throw new UserError(`--profile is ci or deep, not ${JSON.stringify(profile)}`);
      return checkCommand(
        {
          seed: int(values.seed, 'seed', 1),
          runs: values.runs === undefined ? undefined : int(values.runs, 'runs', 0),
          profile,
          json: values.json ?? false,
          property: values.property,
          design: design as DesignName | undefined,
          save: values['no-save'] ? null : (values.save ?? 'counterexamples'),
        },
        out,
      );
    }
    case 'replay': {
      const { positionals, values } = parseArgs({ args: rest, allowPositionals: true, options: { json: { type: 'boolean' } } });
      if (positionals.length !== 1) throw new UserError('replay takes one counterexample file: copyspec replay FILE [--json]');
      return replayCommand(positionals[0]!, values.json ?? false, out);
    }
    case 'catalogue': {
      const { values } = parseArgs({ args: rest, options: { out: { type: 'string' } } });
      return catalogueCommand(values.out ?? 'spec/PROPERTIES.md', out);
    }
    case 'conformance':
      return conformanceCli(rest, out);
    case 'compare':
      return compareCli(rest, out);
    case 'explore':
      return exploreCli(rest, out);
    case 'variants':
      for (const [name, what] of Object.entries(DEVICE_BUGS)) out(`${name.padEnd(32)} device  ${what}`);
      for (const [name, what] of Object.entries(SCSI_BUGS)) out(`${name.padEnd(32)} scsi    ${what}`);
      for (const [name, what] of Object.entries(STACK_BUGS)) out(`${name.padEnd(32)} stack   ${what}`);
      return 0;
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      out(USAGE);
      return command === undefined ? 2 : 0;
    default:
      throw new UserError(`unknown command ${JSON.stringify(command)}; \`copyspec help\` lists the commands`);
  }
};

const fail = (e: unknown): void => {
  if (e instanceof UserError || (e instanceof TypeError && 'code' in e && String(e.code).startsWith('ERR_PARSE_ARGS'))) {
    process.stderr.write(`copyspec: ${(e as Error).message}\n`);
    process.exitCode = 2;
  } else {
    // A model defect, not bad input: still one line, with the way to see more.
    process.stderr.write(`copyspec: internal error: ${(e as Error).message} (set COPYSPEC_DEBUG=1 for the stack)\n`);
    if (process.env.COPYSPEC_DEBUG) process.stderr.write(`${(e as Error).stack}\n`);
    process.exitCode = 70;
  }
};

try {
  const code = main(process.argv.slice(2));
  if (typeof code === 'number') process.exitCode = code;
  else code.then((c) => (process.exitCode = c), fail);
} catch (e) {
  fail(e);
}
