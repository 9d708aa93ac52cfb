// `copyspec conformance`: the NVMe model against QEMU's NVMe emulation (conformance/), or with
// `--device scsi` the SCSI model against the Linux SCSI targets in the same guest (LIO and
// scsi_debug: conformance/scsi-*.ts). Parse the options, run the campaign, report. Exit 0 when every
// disagreement is explained by a known divergence, 1 otherwise, 2 on bad usage or when QEMU is unavailable.

import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { DEVICE_BUGS, type DeviceBug } from '../model/device/nvme/bugs.js';
import { isScsiBug, SCSI_BUGS, type ScsiBug } from '../model/device/scsi/bugs.js';
import { isScsiScenario, scsiScenarioSchema, type ScsiScenario } from '../model/scenario/scsi-schema.js';
import { judgeScsiNamed, randomScsiScenarios, scsiOracle, shrinkScsiDisagreements, type ScsiJudged, type ScsiNamed } from '../conformance/scsi-campaign.js';
import { describeScsiDisagreement } from '../conformance/scsi-report.js';
import { SDEBUG_OOPS } from '../conformance/scsi-guest-program.js';
import { readJsonFile, validate } from './load.js';
import { deviceScenarioSchema } from '../model/scenario/schema.js';
import { judgeNamed, randomScenarios, shrinkDisagreements, type Judged, type Named } from '../conformance/campaign.js';
import { prepareGuest, QemuUnavailable } from '../conformance/guest.js';
import { qemuOracle } from '../conformance/oracle.js';
import { describeDisagreement, summaryLine, tally } from '../conformance/report.js';
import { UserError } from './errors.js';
import { loadValidated } from './load.js';
import { probeOutputDirectory } from './files.js';
import { command, invoke } from './options.js';
import { SEED } from './check.js';

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

export type ScsiConformanceOptions = Omit<ConformanceOptions, 'bugs' | 'jobs'> & { readonly bugs: readonly ScsiBug[] };

/** Every *.json below `path` (or `path` itself), sorted. */
const scenarioFiles = (path: string): string[] => {
  let files: string[];
  try {
    files = statSync(path).isDirectory() ? readdirSync(path, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.json')).sort().map((f) => join(path, f)) : [path];
  } catch {
    throw new UserError(`${path}: no such file or directory`);
  }
  if (!files.length) throw new UserError(`${path}: no .json scenario files`);
  return files;
};

/** Every *.json below `path` (or `path` itself), sorted, validated. */
const loadScenarios = (path: string): Named[] => scenarioFiles(path).map((f) => ({ name: f, scenario: loadValidated(f, deviceScenarioSchema) }));

/** The SCSI scenarios below `path`; a file that is not a SCSI scenario is bad input. */
const loadScsiScenarios = (path: string): ScsiNamed[] =>
  scenarioFiles(path).map((f) => {
    const json = readJsonFile(f);
    if (!isScsiScenario(json)) throw new UserError(`${f}: not a SCSI scenario (no device of kind "scsi"); --device scsi runs SCSI scenarios`);
    return { name: f, scenario: validate(f, json, scsiScenarioSchema) };
  });

const preparedGuest = (qemu: string | undefined): ReturnType<typeof prepareGuest> => {
  try {
    return prepareGuest(qemu);
  } catch (e) {
    if (e instanceof QemuUnavailable) throw new UserError(e.message);
    throw e;
  }
};

const scsiTarget = (sc: ScsiScenario): string => (sc.devices[0]?.zoned ? 'scsi_debug' : 'LIO');

const reportScsi = (judged: readonly ScsiJudged[], out: (line: string) => void): void => {
  for (const j of judged) {
    if ('skipped' in j.judgement) out(`${j.name}: not run on a target: ${j.judgement.skipped}`);
    else for (const d of j.judgement.disagreements) out(describeScsiDisagreement(j.name, scsiTarget(j.scenario), d));
  }
};

/** `copyspec conformance --device scsi`: the SCSI model against LIO (conventional LUs) and scsi_debug (zoned LUs). */
export const scsiConformanceCommand = async (o: ScsiConformanceOptions, out: (line: string) => void): Promise<number> => {
  const saved = o.scenarios !== undefined ? loadScsiScenarios(o.scenarios) : [];
  if (o.random !== undefined) probeOutputDirectory(o.save);
  const guest = preparedGuest(o.qemu);
  const started = process.hrtime.bigint();
  const oracle = scsiOracle(guest);
  out(`copyspec conformance --device scsi: LIO and scsi_debug in a Linux guest under QEMU ${guest.qemuVersion}${o.bugs.length ? `, model with ${o.bugs.join(', ')}` : ''}`);
  const named = o.random !== undefined ? randomScsiScenarios(o.seed, o.random, o.bugs) : saved;
  const judged = await judgeScsiNamed(named, o.random !== undefined ? [] : o.bugs, oracle);
  reportScsi(judged, out);
  const t = tally(judged.map((j) => j.judgement));
  if (o.random !== undefined && t.unexplainedScenarios > 0) {
    out(`shrinking ${Math.min(o.shrink, t.unexplainedScenarios)} of ${t.unexplainedScenarios} disagreeing scenarios…`);
    const shrunk = await shrinkScsiDisagreements(judged, o.seed, o.bugs, oracle, { maxShrunk: o.shrink, maxRounds: o.shrinkRounds, saveDir: o.save });
    for (const s of shrunk) {
      out(`${s.from} shrunk in ${s.rounds} rounds to ${s.scenario.steps.length} steps → ${s.file} (replay: copyspec conformance --device scsi --scenarios ${s.file})`);
      reportScsi([{ name: s.file, scenario: s.scenario, judgement: s.judgement }], out);
    }
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const notSent = judged.reduce((n, j) => n + ('notSent' in j.judgement ? (j.judgement.notSent ?? 0) : 0), 0);
  if (notSent) out(`${notSent} step(s) not sent: ${SDEBUG_OOPS}`);
  if (t.skipped) out(`${t.skipped} scenario(s) not run on a target (see above)`);
  out(`${summaryLine(t)}; ${oracle.boots} QEMU boots, ${seconds.toFixed(0)} s`);
  return t.unexplainedScenarios > 0 ? 1 : 0;
};

const report = (judged: readonly Judged[], out: (line: string) => void): void => {
  for (const j of judged) {
    if ('skipped' in j.judgement) out(`${j.name}: not run on QEMU: ${j.judgement.skipped}`);
    else for (const d of j.judgement.disagreements) out(describeDisagreement(j.name, d));
  }
};

export const conformanceCommand = async (o: ConformanceOptions, out: (line: string) => void): Promise<number> => {
  const saved = o.scenarios !== undefined ? loadScenarios(o.scenarios) : [];
  if (o.random !== undefined) probeOutputDirectory(o.save); // shrunk disagreements go there
  const guest = preparedGuest(o.qemu);
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

export const CONFORMANCE = command({
  name: 'conformance',
  noOperandHint: 'use --scenarios DIR',
  summary: "the NVMe model against QEMU's NVMe emulation (--device scsi: the SCSI model against LIO and scsi_debug in the guest), step by step: saved scenarios (--scenarios) or random ones (--random, shrunk when they disagree); exit 1 on a disagreement no known divergence explains, 2 when QEMU is unavailable",
  options: {
    scenarios: { type: 'string', arg: 'DIR', help: 'run the device scenarios in this directory (or this one file)' },
    random: { type: 'int', arg: 'N', min: 1, max: 100_000, help: 'run N random scenarios' },
    seed: SEED,
    device: { type: 'string', arg: 'KIND', default: 'nvme', choices: { noun: 'device kind', values: ['nvme', 'scsi'] }, help: 'nvme: against QEMU\'s NVMe controller; scsi: against LIO and scsi_debug in the guest' },
    bug: { type: 'string', arg: 'NAME', multiple: true, choices: { noun: 'variant', values: [...Object.keys(DEVICE_BUGS), ...Object.keys(SCSI_BUGS)], hint: '`copyspec variants` lists the device variants' }, help: 'run the model with this known-bad device variant' },
    save: { type: 'string', arg: 'DIR', default: 'counterexamples/conformance', help: 'where shrunk disagreements go' },
    jobs: { type: 'int', arg: 'J', min: 1, max: 64, default: 2, help: 'QEMU guests in parallel' },
    shrink: { type: 'int', arg: 'N', min: 0, max: 1000, default: 3, help: 'shrink at most N disagreeing scenarios' },
    'shrink-rounds': { type: 'int', arg: 'N', min: 0, max: 10_000, default: 30, help: 'QEMU rounds per shrink' },
    qemu: { type: 'string', arg: 'PATH', help: 'the QEMU binary (default: $COPYSPEC_QEMU, then qemu-system-x86_64 on PATH)' },
  },
  run: (o, _, out) => {
    if ((o.scenarios === undefined) === (o.random === undefined)) throw new UserError('conformance takes --scenarios DIR or --random N (one of them)');
    const bugs = o.bug as string[];
    const wrong = bugs.find((b) => isScsiBug(b) !== (o.device === 'scsi'));
    if (wrong) throw new UserError(`--bug ${wrong} is not a ${o.device === 'scsi' ? 'SCSI' : 'NVMe'} variant (\`copyspec variants\` lists them)`);
    if (o.device === 'scsi') {
      return scsiConformanceCommand({ scenarios: o.scenarios, random: o.random, seed: o.seed, bugs: bugs as ScsiBug[], save: o.save, shrink: o.shrink, shrinkRounds: o['shrink-rounds'], qemu: o.qemu }, out);
    }
    return conformanceCommand(
      { scenarios: o.scenarios, random: o.random, seed: o.seed, bugs: o.bug as DeviceBug[], save: o.save, jobs: o.jobs, shrink: o.shrink, shrinkRounds: o['shrink-rounds'], qemu: o.qemu },
      out,
    );
  },
});

/** `copyspec conformance …` from its arguments (bad usage throws at once, before any promise). */
export const conformanceCli = (args: readonly string[], out: (line: string) => void): number | Promise<number> => invoke(CONFORMANCE, args, out);
