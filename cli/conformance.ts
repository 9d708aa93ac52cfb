// `copyspec conformance`: the NVMe model against QEMU's NVMe emulation (conformance/). Parse the
// options, run the campaign, report. Exit 0 when every disagreement is explained by a known
// divergence of this QEMU version, 1 otherwise, 2 on bad usage or when QEMU is unavailable.

import { readdirSync, statSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { join } from 'node:path';
import { isDeviceBug, type DeviceBug } from '../model/device/nvme/bugs.js';
import { deviceScenarioSchema } from '../model/scenario/schema.js';
import { judgeNamed, randomScenarios, shrinkDisagreements, type Judged, type Named } from '../conformance/campaign.js';
import { prepareGuest, QemuUnavailable } from '../conformance/guest.js';
import { qemuOracle } from '../conformance/oracle.js';
import { describeDisagreement, summaryLine, tally } from '../conformance/report.js';
import { UserError } from './errors.js';
import { loadValidated } from './load.js';

export type ConformanceOptions = {
  readonly scenarios: string | undefined;
  readonly random: number | undefined;
  readonly seed: number;
  readonly bugs: readonly DeviceBug[];
  readonly save: string;
  readonly jobs: number;
  readonly shrink: number;
  readonly shrinkRounds: number;
  /** QEMU binary (`--qemu PATH`); absent: $COPYSPEC_QEMU, else qemu-system-x86_64 on PATH. */
  readonly qemu?: string | undefined;
};

/** Every *.json below `path` (or `path` itself), sorted, validated. */
const loadScenarios = (path: string): Named[] => {
  let files: string[];
  try {
    files = statSync(path).isDirectory() ? readdirSync(path, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.json')).sort().map((f) => join(path, f)) : [path];
  } catch {
    throw new UserError(`${path}: no such file or directory`);
  }
  if (!files.length) throw new UserError(`${path}: no .json scenario files`);
  return files.map((f) => ({ name: f, scenario: loadValidated(f, deviceScenarioSchema) }));
};

const report = (judged: readonly Judged[], out: (line: string) => void): void => {
  for (const j of judged) {
    if ('skipped' in j.judgement) out(`${j.name}: not run on QEMU: ${j.judgement.skipped}`);
    else for (const d of j.judgement.disagreements) out(describeDisagreement(j.name, d));
  }
};

export const conformanceCommand = async (o: ConformanceOptions, out: (line: string) => void): Promise<number> => {
  const saved = o.scenarios !== undefined ? loadScenarios(o.scenarios) : [];
  let guest;
  try {
    guest = prepareGuest(o.qemu);
  } catch (e) {
    if (e instanceof QemuUnavailable) throw new UserError(e.message);
    throw e;
  }
  const started = process.hrtime.bigint();
  const oracle = qemuOracle(guest, o.jobs);
  out(`copyspec conformance: QEMU ${guest.qemuVersion}${o.bugs.length ? `, model with ${o.bugs.join(', ')}` : ''}`);
  const named = o.random !== undefined ? randomScenarios(o.seed, o.random, o.bugs) : saved;
  // Random scenarios carry the bugs in their devices already; saved ones get them added.
  const judged = await judgeNamed(named, o.random !== undefined ? [] : o.bugs, oracle);
  report(judged, out);
  const t = tally(judged.map((j) => j.judgement));
  if (o.random !== undefined && t.unexplainedScenarios > 0) {
    out(`shrinking ${Math.min(o.shrink, t.unexplainedScenarios)} of ${t.unexplainedScenarios} disagreeing scenarios…`);
    const shrunk = await shrinkDisagreements(judged, o.seed, o.bugs, oracle, { maxShrunk: o.shrink, maxRounds: o.shrinkRounds, saveDir: o.save });
    for (const s of shrunk) {
      out(`${s.from} shrunk in ${s.rounds} rounds to ${s.scenario.steps.length} steps → ${s.file} (replay: copyspec conformance --scenarios ${s.file})`);
      report([{ name: s.file, scenario: s.scenario, judgement: s.judgement }], out);
    }
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (t.skipped) out(`${t.skipped} scenario(s) not run on QEMU (see above)`);
  out(`${summaryLine(t)}; ${oracle.boots} QEMU boots, ${seconds.toFixed(0)} s`);
  return t.unexplainedScenarios > 0 ? 1 : 0;
};

const wholeNumber = (v: string | undefined, name: string, dflt: number): number => {
  if (v === undefined) return dflt;
  if (!/^\d+$/.test(v)) throw new UserError(`--${name} takes a whole number, not ${JSON.stringify(v)}`);
  return Number(v);
};

/** `copyspec conformance …` from its arguments. */
export const conformanceCli = (args: string[], out: (line: string) => void): Promise<number> => {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      scenarios: { type: 'string' },
      random: { type: 'string' },
      seed: { type: 'string' },
      bug: { type: 'string', multiple: true },
      save: { type: 'string' },
      jobs: { type: 'string' },
      shrink: { type: 'string' },
      'shrink-rounds': { type: 'string' },
      qemu: { type: 'string' },
    },
  });
  if (positionals.length) throw new UserError(`conformance takes no positional argument (got ${positionals[0]}); use --scenarios DIR`);
  if ((values.scenarios === undefined) === (values.random === undefined)) throw new UserError('conformance takes --scenarios DIR or --random N (one of them)');
  const bugs = values.bug ?? [];
  const bad = bugs.find((b) => !isDeviceBug(b));
  if (bad !== undefined) throw new UserError(`no variant ${JSON.stringify(bad)}; \`copyspec variants\` lists them`);
  return conformanceCommand(
    {
      scenarios: values.scenarios,
      random: values.random === undefined ? undefined : wholeNumber(values.random, 'random', 0),
      seed: wholeNumber(values.seed, 'seed', 1),
      bugs: bugs.filter(isDeviceBug),
      save: values.save ?? 'counterexamples/conformance',
      jobs: Math.max(1, wholeNumber(values.jobs, 'jobs', 2)),
      shrink: wholeNumber(values.shrink, 'shrink', 3),
      shrinkRounds: wholeNumber(values['shrink-rounds'], 'shrink-rounds', 30),
      qemu: values.qemu,
    },
    out,
  );
};
