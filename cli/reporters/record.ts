// One checked cell as `copyspec check --json` prints it (one JSON object a line), and the shard
// header line `check --shard i/n --json` prints first. Every report (the matrix, JUnit, KTAP,
// GitHub) is made from these records, so `copyspec merge` rebuilds from shard outputs exactly what
// one run prints. Validated with zod when merge reads them.

import { z } from 'zod';
import { DESIGN_NAMES, type DesignName } from '../../model/stack/design.js';
import type { Coverage } from '../../properties/stack/coverage.js';
import type { Expected } from '../../properties/designs.js';
import { UserError } from '../errors.js';

const expected = z.enum(['holds', 'refuted', 'n/a']);
const count = z.number().int().min(0);

const coverageSchema = z.strictObject({
  actions: z.record(z.string(), count),
  branches: z.record(z.string(), count),
  preconditionHeld: count,
  runs: count,
});

export const cellRecordSchema = z.strictObject({
  design: z.union([z.enum(DESIGN_NAMES), z.literal('*')]),
  property: z.string(),
  variant: z.string().nullable(),
  /** As declared, or `inconclusive`: a run was cut by the step budget and none refuted (never a different verdict). */
  verdict: z.union([expected, z.literal('inconclusive')]),
  expected,
  runs: count.optional(),
  /** The counterexample file written, or (with --no-save) the counterexample itself, or null. */
  counterexample: z.unknown(),
  violation: z.string().optional(),
  coverage: coverageSchema.optional(),
  why: z.string().optional(),
  /** Shrinking used up its count budget: the counterexample is only partly shrunk. */
  interrupted: z.literal(true).optional(),
  /** An inconclusive cell: the step budget of a stack run, and how many runs it cut. */
  budget: z.strictObject({ maxSteps: count.min(1), cutRuns: count.min(1) }).optional(),
});

/** The fields in the order `check --json` prints them (merge re-prints parsed records in this order). */
export type CellRecord = {
  design: DesignName | '*';
  property: string;
  variant: string | null;
  verdict: Expected | 'inconclusive';
  expected: Expected;
  runs?: number;
  counterexample: unknown;
  violation?: string;
  coverage?: Coverage;
  why?: string;
  interrupted?: true;
  budget?: { maxSteps: number; cutRuns: number };
};

export const SHARD_FORMAT = 'copyspec-shard/1';

/**
 * The first line of `--shard i/n --json` output: what was selected (merge re-derives the cells and
 * checks that the shards belong together), which shard this is, and the cells it ran, by index
 * into the selection's cells.
 */
export const shardHeaderSchema = z.strictObject({
  format: z.literal(SHARD_FORMAT),
  command: z.enum(['check', 'explore']),
  version: z.string(),
  shard: z.number().int().min(1),
  of: z.number().int().min(1),
  /** The selection, as the command line gave it (null: not given). */
  selection: z.record(z.string(), z.union([z.string(), z.number(), z.array(z.string()), z.null()])),
  cells: z.number().int().min(0),
  ran: z.array(z.number().int().min(0)),
});
export type ShardHeader = z.output<typeof shardHeaderSchema>;

/** Shard `i` of `n` (1-based) runs the cells whose index is i−1 modulo n: deterministic, and stack cells (the costly ones) are spread. */
export const shardIndices = (cells: number, shard: { i: number; n: number } | undefined): number[] =>
  Array.from({ length: cells }, (_, k) => k).filter((k) => shard === undefined || k % shard.n === shard.i - 1);

/** `--shard i/n`: 1 ≤ i ≤ n ≤ 1000. */
export const parseShard = (text: string | undefined): { i: number; n: number } | undefined => {
  if (text === undefined) return undefined;
  const m = /^(\d{1,4})\/(\d{1,4})$/.exec(text);
  const i = Number(m?.[1]);
  const n = Number(m?.[2]);
  if (!m || !(i >= 1 && i <= n && n <= 1000)) throw new UserError(`--shard takes I/N, a shard I of N with 1 ≤ I ≤ N ≤ 1000, not ${JSON.stringify(text)}`);
  return { i, n };
};

/** One cell of the plan: what runs, and the verdict declared for it. */
export type PlannedCell = { readonly property: string; readonly kind: string; readonly design: DesignName | null; readonly variant: string | null; readonly expected: Expected };

/** What `check` was asked to run, as the reports need it (check makes it; merge re-derives it from the shard header). */
export type CheckPlan = {
  readonly profile: string;
  readonly seed: number;
  /** `--runs N`, or the profile's runs as the matrix header says them. */
  readonly runsText: string;
  /** Only this property (then no branch coverage across properties is required). */
  readonly property: string | undefined;
  readonly designs: readonly DesignName[];
  /** Property IDs in catalogue order. */
  readonly properties: readonly string[];
  readonly cells: readonly PlannedCell[];
  /** The shard this run is (a shard's report covers only the cells it ran). */
  readonly shard: { readonly i: number; readonly n: number } | undefined;
  /** The command line that re-runs one cell (for the replay hint of a cell without a counterexample file). */
  readonly rerun: (c: PlannedCell) => string;
};

/** A plan's cells with their records: undefined for a cell another shard runs. */
export type CheckResults = readonly (CellRecord | undefined)[];

/**
 * Coverage: a cell whose property's precondition never held was vacuous; across the whole
 * selection (not per shard, not with --property) every design must reach its required branches.
 * Returns the problems and the branch counts summed per design, in cell order.
 */
export const coverageProblems = (plan: CheckPlan, recs: CheckResults, required: (d: DesignName) => readonly string[]): { problems: string[]; byDesign: Map<DesignName, Record<string, number>> } => {
  const problems: string[] = [];
  const byDesign = new Map<DesignName, Record<string, number>>();
  plan.cells.forEach((c, k) => {
    const v = recs[k];
    if (!v?.coverage || c.variant !== null || c.design === null) return;
    // An inconclusive cell already says it judged too little; coverage counts only the runs it judged.
    if (v.coverage.preconditionHeld === 0 && v.verdict !== 'inconclusive') problems.push(`${c.property} on ${c.design}: its precondition never held in ${v.coverage.runs} runs (vacuous)`);
    const acc = byDesign.get(c.design) ?? {};
    for (const [b, n] of Object.entries(v.coverage.branches)) acc[b] = (acc[b] ?? 0) + n;
    byDesign.set(c.design, acc);
  });
  if (!plan.property && !plan.shard) {
    for (const [d, acc] of byDesign) for (const b of required(d)) if (!acc[b]) problems.push(`${d}: branch ${b} was never reached`);
  }
  return { problems, byDesign };
};

/** Cells whose verdict differs from the declared one (cells not run here, and inconclusive cells, count as neither). */
export const mismatchedCells = (plan: CheckPlan, recs: CheckResults): number[] =>
  plan.cells.flatMap((c, k) => (differs(c, recs[k]) ? [k] : []));

/** A verdict other than the declared one: an inconclusive cell is no verdict at all. */
export const differs = (c: PlannedCell, r: CellRecord | undefined): boolean => r !== undefined && r.verdict !== 'inconclusive' && r.verdict !== c.expected;

/** How a reader reproduces a cell: replay its counterexample file, or re-run the cell. */
export const replayCommand = (plan: CheckPlan, c: PlannedCell, r: CellRecord | undefined): string =>
  typeof r?.counterexample === 'string' ? `copyspec replay ${r.counterexample}` : plan.rerun(c);

/** `DATA-02 on two-bio`, `CMPL-02 variant driver-rejects-merged-copy on two-bio`, `LIMIT-01 on the model`. */
export const cellName = (c: PlannedCell): string => `${c.property}${c.variant ? ` variant ${c.variant}` : ''} on ${c.design ?? 'the model'}`;
