// `copyspec check`: every property against every design of the specified model, and each known-bad
// variant against the property that must refute it. Prints a properties × designs matrix (holds /
// refuted / n/a), the variant cells, and coverage; writes a counterexample file for every refuted
// cell; exits 1 when a verdict differs from the declared one or a property went untested.

import { probeOutputDirectory } from './files.js';
import { saveCounterexample } from './render/save.js';
import { join } from 'node:path';
import { DEVICE_PROPERTIES } from '../properties/device/properties.js';
import { STACK_PROPERTIES } from '../properties/stack/properties.js';
import { SCSI_STACK_PROPERTIES, type ScsiStackVariant } from '../properties/stack/scsi-properties.js';
import { checkScsiStackProperty } from '../properties/stack/scsi-check.js';
import { LAYER_PROPERTIES } from '../properties/stack/layer-properties.js';
import { checkDeviceProperty, type CheckParams } from '../properties/check-device.js';
import { checkLayerProperty, checkStackProperty, type StackVerdict } from '../properties/check-stack.js';
import { SCSI_PROPERTIES } from '../properties/device/scsi/properties.js';
import { checkScsiProperty } from '../properties/device/scsi/check.js';
import type { ScsiBug } from '../model/device/scsi/bugs.js';
import { COUNTEREXAMPLE_FORMAT, type Counterexample } from '../properties/counterexample.js';
import { expectedVerdict, variantDesign, DECLARED, type Expected } from '../properties/designs.js';
import { requiredBranches, type Coverage } from '../properties/stack/coverage.js';
import type { PropertyMeta } from '../properties/property.js';
import type { StackBug } from '../model/block/bugs.js';
import type { DeviceBug } from '../model/device/nvme/bugs.js';
import { DESIGN_NAMES, type DesignName } from '../model/stack/design.js';
import { UserError } from './errors.js';
import { command } from './options.js';
import { packageVersion } from './version.js';
import { duration, progressReporter } from './progress.js';
import { coverageProblems, mismatchedCells, parseShard, shardIndices, SHARD_FORMAT, type CellRecord, type CheckPlan, type CheckResults, type ShardHeader } from './reporters/record.js';
import { matrixLines } from './reporters/matrix.js';
import { REPORTERS, reportSinks, writeReports, type Reporter, type ReportSinks } from './reporters/index.js';
import { runCellsInWorkers } from './parallel/pool.js';
import { coverageLines, coverageReport } from '../properties/coverage-report.js';
import { MAX_STEPS } from '../model/scenario/run-stack.js';

export type Profile = 'ci' | 'deep';

/** Runs per cell: stack traces cost ~50× a device trace. `deep` is for long runs, not CI. */
export const PROFILE_RUNS: Readonly<Record<Profile, Readonly<Record<Kind, number>>>> = {
  ci: { device: 1000, scsi: 1000, layer: 1000, stack: 200 },
  deep: { device: 20_000, scsi: 20_000, layer: 20_000, stack: 5_000 },
};
export const DEFAULT_RUNS = PROFILE_RUNS.ci;

type Kind = 'device' | 'scsi' | 'layer' | 'stack';

export type CheckOptions = {
  seed: number;
  runs: number | undefined;
  profile: Profile;
  json: boolean;
  property: string | undefined;
  design: DesignName | undefined;
  /** Directory for counterexample files; null = do not write. */
  save: string | null;
  /** Worker threads running cells (1: this thread). */
  jobs: number;
  /** Run only this shard's cells (`--shard i/n`). */
  shard: { i: number; n: number } | undefined;
  /** No progress lines on stderr. */
  quiet: boolean;
  reporter: Reporter | undefined;
  outputFile: string | undefined;
  /** Also print the shapes each generator produced (properties/coverage-report.ts); optional for library callers. */
  coverage?: boolean;
  /** Step budget of a stack run (`--max-steps`); undefined: MAX_STEPS. */
  maxSteps?: number;
};

type Outcome = { verdict: 'holds' | 'refuted' | 'inconclusive'; runs: number; budget?: { maxSteps: number; cutRuns: number }; violation?: string; seed?: number; path?: string; counterexample?: unknown; coverage?: Coverage; interrupted?: boolean };

export type Checkable = { meta: PropertyMeta<string>; kind: Kind; run: (variant: string | null, p: CheckParams, design: DesignName) => Outcome };

const deviceOutcome = (v: ReturnType<typeof checkDeviceProperty> | ReturnType<typeof checkScsiProperty>): Outcome =>
  v.verdict === 'holds' ? v : { verdict: 'refuted', runs: v.runs, violation: v.violation, seed: v.seed, path: v.path, counterexample: v.scenario };

/** A stack cell cut by the step budget: inconclusive, with the budget and the first cut run as its file. */
const stackOutcome = (v: StackVerdict): Outcome =>
  v.verdict === 'inconclusive'
    ? { verdict: 'inconclusive', runs: v.runs, budget: { maxSteps: v.maxSteps, cutRuns: v.cutRuns }, violation: inconclusiveText(v.cutRuns, v.runs, v.maxSteps), seed: v.seed, path: v.path, counterexample: v.counterexample, ...(v.coverage ? { coverage: v.coverage } : {}) }
    : v;

/** What an inconclusive cell says, in the matrix and its file. */
export const inconclusiveText = (cutRuns: number, runs: number, maxSteps: number): string =>
  `${cutRuns} of ${runs} run(s) cut by the step budget (${maxSteps} steps) without repeating a state: not judged (a livelock or a longer run; raise --max-steps)`;

/** Every property copyspec checks, in catalogue order. */
export const ALL_PROPERTIES: readonly Checkable[] = [
  ...DEVICE_PROPERTIES.map((p): Checkable => ({ meta: p, kind: 'device', run: (v, o) => deviceOutcome(checkDeviceProperty(p, v ? [v as DeviceBug] : [], o)) })),
  ...SCSI_PROPERTIES.map((p): Checkable => ({ meta: p, kind: 'scsi', run: (v, o) => deviceOutcome(checkScsiProperty(p, v ? [v as ScsiBug] : [], o)) })),
  ...LAYER_PROPERTIES.map((p): Checkable => ({ meta: p, kind: 'layer', run: (v, o) => checkLayerProperty(p, v ? [v as StackBug] : [], o) })),
  ...STACK_PROPERTIES.map((p): Checkable => ({ meta: p, kind: 'stack', run: (v, o, d) => stackOutcome(checkStackProperty(p, v ? [v as StackBug] : [], o, d)) })),
  // Over SCSI stacks (sd disks, issue 13): a cell per design like any stack property.
  ...SCSI_STACK_PROPERTIES.map((p): Checkable => ({ meta: p, kind: 'stack', run: (v, o, d) => stackOutcome(checkScsiStackProperty(p, v as ScsiStackVariant | null, o, d)) })),
];

export type Cell = { prop: Checkable; design: DesignName | null; variant: string | null; expected: Expected };

/** The cells to run: device and layer properties once (no design changes them); stack properties per design. */
const cellsOf = (props: readonly Checkable[], designs: readonly DesignName[]): Cell[] => {
  const cells: Cell[] = [];
  for (const prop of props) {
    if (prop.kind === 'stack') for (const d of designs) cells.push({ prop, design: d, variant: null, expected: expectedVerdict(d, prop.meta.id) });
    else cells.push({ prop, design: null, variant: null, expected: 'holds' });
    for (const v of prop.meta.refutes) {
      const d = prop.kind === 'stack' ? variantDesign(v as StackBug | ScsiBug) : null;
      if (d === null || designs.includes(d)) cells.push({ prop, design: d, variant: v, expected: 'refuted' });
    }
  }
  return cells;
};

/** What to check, as the command line says it (a shard header carries it for merge). */
export type Selection = {
  readonly profile: Profile;
  readonly seed: number;
  readonly runs: number | undefined;
  readonly property: string | undefined;
  readonly design: DesignName | undefined;
  /** Step budget of a stack run (`--max-steps`; undefined: MAX_STEPS). Optional for library callers. */
  readonly maxSteps?: number | undefined;
};

/** The properties, designs and cells a selection runs, in the order every report lists them. */
export const planCheck = (sel: Selection, shard?: { i: number; n: number }): CheckPlan & { readonly checkables: readonly Checkable[]; readonly cellsToRun: readonly Cell[] } => {
  const props = sel.property ? ALL_PROPERTIES.filter((p) => p.meta.id === sel.property) : ALL_PROPERTIES;
  if (props.length === 0) throw new UserError(`no property ${sel.property}; known: ${ALL_PROPERTIES.map((p) => p.meta.id).join(', ')}`);
  const designs = sel.design ? [sel.design] : [...DESIGN_NAMES];
  const cells = cellsOf(props, designs);
  const flag = (name: string, v: string | number | undefined, dflt?: string | number): string => (v === undefined || v === dflt ? '' : ` --${name} ${v}`);
  return {
    profile: sel.profile,
    seed: sel.seed,
    runsText: `${sel.runs ?? `${PROFILE_RUNS[sel.profile].device} device/layer, ${PROFILE_RUNS[sel.profile].stack} stack`}`,
    property: sel.property,
    designs,
    properties: props.map((p) => p.meta.id),
    cells: cells.map((c) => ({ property: c.prop.meta.id, kind: c.prop.kind, design: c.design, variant: c.variant, expected: c.expected })),
    shard,
    rerun: (c) => `copyspec check --property ${c.property}${flag('design', c.design ?? undefined)}${flag('profile', sel.profile, 'ci')}${flag('seed', sel.seed)}${flag('runs', sel.runs)}${flag('max-steps', sel.maxSteps)}`,
    checkables: props,
    cellsToRun: cells,
  };
};

/** Run one cell: its verdict, or null for a cell declared n/a. Pure in (cell, selection): the same on any thread. */
export const runCell = (cell: Cell, sel: Selection): Outcome | null =>
  cell.expected === 'n/a' ? null : cell.prop.run(cell.variant, { seed: sel.seed, runs: sel.runs ?? PROFILE_RUNS[sel.profile][cell.prop.kind], ...(sel.maxSteps !== undefined ? { maxSteps: sel.maxSteps } : {}) }, cell.design ?? 'vectored-bio');

export type { Outcome };

const counterexampleFile = (save: string, cell: Cell): string => join(save, `${cell.prop.meta.id}-${cell.variant ?? cell.design ?? 'spec'}.json`);

/** The counterexample file for a refuted cell, or the first cut run of an inconclusive one. */
const counterexampleOf = (cell: Cell, v: Outcome, seed: number, maxSteps: number | undefined): Counterexample => {
  const cx: Counterexample = {
    format: COUNTEREXAMPLE_FORMAT,
    kind: cell.prop.kind,
    property: cell.prop.meta.id,
    design: cell.design,
    variant: cell.variant,
    seed,
    path: v.path ?? '',
    violation: v.violation ?? '',
    ...(cell.prop.kind === 'layer' ? { input: v.counterexample } : { scenario: v.counterexample }),
    // The budget the run was judged with, so replay cuts it where check did.
    ...(cell.prop.kind === 'stack' && maxSteps !== undefined ? { maxSteps } : {}),
    ...(v.verdict === 'inconclusive' ? { verdict: 'inconclusive' as const } : {}),
  };
  return cx;
};

/** A cell's `--json` line (fields in this order). */
const recordOf = (c: Cell, v: Outcome | null, file: string | undefined): CellRecord => ({
  design: c.design ?? '*',
  property: c.prop.meta.id,
  variant: c.variant,
  verdict: v?.verdict ?? 'n/a',
  expected: c.expected,
  // Runs fast-check made: for a refuted cell, the run that found the first counterexample.
  ...(v ? { runs: v.runs } : {}),
  counterexample: file ?? (v?.verdict === 'refuted' || v?.verdict === 'inconclusive' ? v.counterexample : null),
  ...(v?.violation ? { violation: v.violation } : {}),
  ...(v?.coverage && c.variant === null ? { coverage: v.coverage } : {}),
  ...(c.expected !== 'holds' && c.design && !c.variant ? { why: DECLARED[c.design][c.prop.meta.id]?.why } : {}),
  ...(v?.interrupted ? { interrupted: true as const } : {}),
  ...(v?.budget ? { budget: v.budget } : {}),
});

/** The first line of a shard's --json output (cli/reporters/record.ts). */
const shardHeaderOf = (sel: Selection, shard: { i: number; n: number }, cells: number, ran: readonly number[]): ShardHeader => ({
  format: SHARD_FORMAT,
  command: 'check',
  version: packageVersion(),
  shard: shard.i,
  of: shard.n,
  selection: { profile: sel.profile, seed: sel.seed, runs: sel.runs ?? null, property: sel.property ?? null, design: sel.design ?? null, maxSteps: sel.maxSteps ?? null },
  cells,
  ran: [...ran],
});

/**
 * CPU milliseconds a run of each kind costs, roughly: measured (`process.cpuUsage`, 100 runs of a
 * few cells of each kind, vectored-bio, seed 1) at 2.8 device, 2.7 SCSI, 0.26 layer, 14.5 stack.
 * Only an estimate — for the progress line and the order `--jobs` hands cells out in — never a verdict.
 */
const RUN_COST: Readonly<Record<Kind, number>> = { device: 2.8, scsi: 2.7, layer: 0.26, stack: 14.5 };

/** Estimated cost of a cell: its runs × its kind's cost per run (deterministic: the same on any machine). */
export const costOf = (c: Cell, sel: Selection): number => (c.expected === 'n/a' ? 0 : (sel.runs ?? PROFILE_RUNS[sel.profile][c.prop.kind]) * RUN_COST[c.prop.kind]);

export const checkCommand = (o: CheckOptions, out: (line: string) => void): number | Promise<number> => {
  const sel: Selection = { profile: o.profile, seed: o.seed, runs: o.runs, property: o.property, design: o.design, maxSteps: o.maxSteps };
  const plan = planCheck(sel, o.shard);
  const cells = plan.cellsToRun;
  const indices = shardIndices(cells.length, o.shard);
  if (o.save !== null) probeOutputDirectory(o.save); // before minutes of checking, not after
  const sinks = reportSinks(o); // probes --output-file
  const recs: (CellRecord | undefined)[] = cells.map(() => undefined);
  const total = indices.reduce((n, k) => n + costOf(cells[k]!, sel), 0);
  let doneCost = 0;
  let done = 0;
  const progress = progressReporter({ quiet: o.quiet });
  // Results are taken in cell order whatever order workers finish in: files and output are those of --jobs 1.
  const finish = (k: number, v: Outcome | null): void => {
    const cell = cells[k]!;
    let file: string | undefined;
    if ((v?.verdict === 'refuted' || v?.verdict === 'inconclusive') && o.save !== null) {
      file = counterexampleFile(o.save, cell);
      saveCounterexample(file, counterexampleOf(cell, v, o.seed, o.maxSteps)); // the file and its .mmd diagram (cli/render/save.ts)
    }
    recs[k] = recordOf(cell, v, file);
  };
  // Progress as results arrive (with --jobs, before the cells ahead of them in order are done).
  const arrived = (k: number): void => {
    done++;
    doneCost += costOf(cells[k]!, sel);
    progress.tick((ms) => `copyspec check: ${done}/${indices.length} cells, ${duration(ms)} elapsed${done < indices.length && doneCost > 0 ? `, about ${duration((ms * (total - doneCost)) / doneCost)} left` : ''}`);
  };
  const report = (): number => {
    progress.done();
    const status = reportCheck(plan, recs, o.shard ? shardHeaderOf(sel, o.shard, cells.length, indices) : undefined, o, out, sinks);
    if (o.coverage) {
      const r = coverageReport(o.seed, { stack: o.runs ?? PROFILE_RUNS[o.profile].stack, nvme: o.runs ?? PROFILE_RUNS[o.profile].device, scsi: o.runs ?? PROFILE_RUNS[o.profile].scsi });
      if (o.json) out(JSON.stringify({ shapes: r }));
      else for (const l of coverageLines(r)) out(l);
    }
    return status;
  };
  if (o.jobs <= 1 || indices.length <= 1) {
    for (const k of indices) {
      finish(k, runCell(cells[k]!, sel));
      arrived(k);
    }
    return report();
  }
  return runCellsInWorkers(sel, indices, o.jobs, finish, (k) => costOf(cells[k]!, sel), arrived).then(report);
};

/** The matrix or the JSON lines on stdout, the reporter's output, and the exit status. */
export const reportCheck = (plan: CheckPlan, recs: CheckResults, header: ShardHeader | undefined, o: { json: boolean }, out: (line: string) => void, sinks: ReportSinks): number => {
  const cov = coverageProblems(plan, recs, requiredBranches);
  const mismatches = mismatchedCells(plan, recs).length + cov.problems.length;
  const inconclusive = recs.some((r) => r?.verdict === 'inconclusive');
  if (o.json) {
    if (header) out(JSON.stringify(header));
    for (const r of recs) if (r) out(JSON.stringify(r));
    for (const p of cov.problems) out(JSON.stringify({ coverage: p }));
  } else if (!sinks.replacesMatrix) for (const l of matrixLines(plan, recs, cov, mismatches)) out(l);
  writeReports(plan, recs, cov.problems, sinks, out);
  return mismatches ? 1 : inconclusive ? EXIT_INCONCLUSIVE : 0;
};

/** The exit status of a check, merge or replay whose only problem is a run cut by the step budget (cli/app.ts lists it). */
export const EXIT_INCONCLUSIVE = 3;

/** fast-check seeds are 32-bit (it takes a seed modulo 2^32): a larger one would silently alias. */
export const SEED = { type: 'int', arg: 'S', min: 0, max: 2 ** 32 - 1, default: 1, help: 'fast-check seed; the same seed prints the same output' } as const;

export const CHECK = command({
  name: 'check',
  noOperandHint: 'use --property ID',
  summary: 'the properties × designs matrix and every known-bad variant, with coverage guards; a counterexample file per refuted cell; exit 1 when a verdict differs from the declared one or a property or branch went untested',
  about: ['Profiles: ci (1000 runs per device/layer property, 200 per stack cell), deep (20000 / 5000).'],
  options: {
    design: { type: 'string', arg: 'D', choices: { noun: 'design', values: DESIGN_NAMES }, help: 'only this design' },
    property: { type: 'string', arg: 'ID', choices: { noun: 'property', values: ALL_PROPERTIES.map((p) => p.meta.id) }, help: 'only this property (and its known-bad variants)' },
    profile: { type: 'string', arg: 'P', choices: { noun: 'profile', values: ['ci', 'deep'] }, default: 'ci', help: 'runs per cell' },
    seed: SEED,
    runs: { type: 'int', arg: 'N', min: 1, max: 10_000_000, help: 'runs per cell, overriding the profile' },
    'max-steps': { type: 'int', arg: 'N', min: 1, max: 10_000_000, help: `steps a stack run may take (default ${MAX_STEPS}); a cell with a run cut there and none refuted is inconclusive (exit 3) unless the cut run repeats a state (a livelock: LIVE-01)` },
    json: { type: 'flag', help: 'one JSON object per cell instead of the matrix' },
    save: { type: 'string', arg: 'DIR', help: 'where counterexample files go (default counterexamples)' },
    'no-save': { type: 'flag', help: 'write no counterexample file' },
    jobs: { type: 'int', arg: 'N', min: 1, max: 256, default: 1, help: 'cells run in N worker threads at once; output and files are those of --jobs 1' },
    shard: { type: 'string', arg: 'I/N', help: 'run only shard I of N (every Nth cell); `copyspec merge` joins the shards\' --json outputs into one run\'s' },
    reporter: { type: 'string', arg: 'R', choices: { noun: 'reporter', values: REPORTERS }, help: 'also report as JUnit XML, KTAP, or GitHub annotations plus a Markdown matrix (to --output-file, $GITHUB_STEP_SUMMARY for github); junit/ktap without --output-file print instead of the matrix' },
    'output-file': { type: 'string', arg: 'F', help: 'where the --reporter output goes (written whole)' },
    quiet: { type: 'flag', help: 'no progress lines on stderr' },
    coverage: { type: 'flag', help: 'also print the shapes each generator (stack, NVMe, SCSI) produced for this seed and run count: a table, or one {"shapes": …} line with --json' },
  },
  run: (o, _, out) => {
    if (o['no-save'] && o.save !== undefined) throw new UserError('check takes --save DIR or --no-save, not both');
    if (o.coverage && o.shard !== undefined) throw new UserError('check --coverage reports a whole run, not a shard');
    return checkCommand(
      {
        seed: o.seed,
        runs: o.runs,
        profile: o.profile as Profile,
        json: o.json,
        property: o.property,
        design: o.design as DesignName | undefined,
        save: o['no-save'] ? null : (o.save ?? 'counterexamples'),
        jobs: o.jobs,
        shard: parseShard(o.shard),
        quiet: o.quiet,
        reporter: o.reporter as Reporter | undefined,
        outputFile: o['output-file'],
        coverage: o.coverage,
        ...(o['max-steps'] !== undefined ? { maxSteps: o['max-steps'] } : {}),
      },
      out,
    );
  },
});
