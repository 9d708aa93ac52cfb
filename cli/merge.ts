// `copyspec merge FILE...`: join the `--json` outputs of `check --shard I/N` (or `explore --shard
// I/N`) runs, one file per shard, into what one run prints, with its exit status. Each file starts
// with the shard header (cli/reporters/record.ts: the selection, the shard, the cells it ran), then
// the shard's records. The shards must be 1..N of one selection of one copyspec version, each once;
// merge re-derives the cells from the selection and puts every record in its place, so the matrix,
// `--json` and every reporter come out byte for byte as from one run of the whole selection.

import { z } from 'zod';
import { DESIGN_NAMES, type DesignName } from '../model/stack/design.js';
import { STACK_BUGS } from '../model/block/bugs.js';
import { EXPLORE_CONFIGS } from '../properties/explore/configs.js';
import { ALL_PROPERTIES, planCheck, reportCheck, type Profile, type Selection } from './check.js';
import { exploreCells } from './explore.js';
import { UserError } from './errors.js';
import { jsonShapeProblem, readText, validate } from './load.js';
import { command } from './options.js';
import { REPORTERS, reportSinks, type Reporter } from './reporters/index.js';
import { cellRecordSchema, shardHeaderSchema, shardIndices, type CellRecord, type ShardHeader } from './reporters/record.js';

type Shard = { file: string; header: ShardHeader; lines: { where: string; json: unknown }[] };

const readShard = (file: string): Shard => {
  const lines = readText(file)
    .split('\n')
    .map((text, i) => ({ where: `${file}:${i + 1}`, text }))
    .filter((l) => l.text.trim() !== '');
  const parsed = lines.map(({ where, text }) => {
    let json: unknown;
    try {
      json = JSON.parse(text) as unknown;
    } catch (e) {
      throw new UserError(`${where}: not JSON: ${(e as Error).message}`);
    }
    const problem = jsonShapeProblem(text);
    if (problem !== null) throw new UserError(`${where}: ${problem}`);
    return { where, json };
  });
  const first = parsed[0];
  if (first === undefined || typeof first.json !== 'object' || first.json === null || !('format' in first.json)) {
    throw new UserError(`${file}: no shard header; merge reads the --json output of \`copyspec check --shard I/N --json\` (or explore)`);
  }
  return { file, header: validate(first.where, first.json, shardHeaderSchema), lines: parsed.slice(1) };
};

/** The shards belong together: one command, version, selection and N; shards 1..N each once. */
const checkShardSet = (shards: readonly Shard[]): ShardHeader => {
  const h0 = shards[0]!.header;
  const same = (h: ShardHeader): string => JSON.stringify([h.command, h.version, h.of, h.selection, h.cells]);
  for (const s of shards) {
    if (same(s.header) !== same(h0)) throw new UserError(`${s.file}: shard of another run than ${shards[0]!.file} (command, version, selection or shard count differ)`);
  }
  for (let i = 1; i <= h0.of; i++) {
    const with_i = shards.filter((s) => s.header.shard === i);
    if (with_i.length === 0) throw new UserError(`shard ${i}/${h0.of} is missing: merge takes the outputs of shards 1..${h0.of}`);
    if (with_i.length > 1) throw new UserError(`shard ${i}/${h0.of} is given twice (${with_i.map((s) => s.file).join(', ')})`);
  }
  for (const s of shards) {
    const expectRan = shardIndices(h0.cells, { i: s.header.shard, n: h0.of });
    if (JSON.stringify(s.header.ran) !== JSON.stringify(expectRan)) throw new UserError(`${s.file}: shard ${s.header.shard}/${h0.of} lists cells other than its share`);
  }
  return h0;
};

const checkSelection = z.strictObject({
  profile: z.enum(['ci', 'deep']),
  seed: z.number().int().min(0).max(2 ** 32 - 1),
  runs: z.number().int().min(1).nullable(),
  property: z.enum(ALL_PROPERTIES.map((p) => p.meta.id) as [string, ...string[]]).nullable(),
  design: z.enum(DESIGN_NAMES).nullable(),
  maxSteps: z.number().int().min(1).nullable(),
});

const exploreSelection = z.strictObject({
  designs: z.array(z.enum(DESIGN_NAMES)),
  configs: z.array(z.enum(EXPLORE_CONFIGS.map((c) => c.name) as [string, ...string[]])),
  depth: z.number().int().min(0),
  bugs: z.array(z.enum(Object.keys(STACK_BUGS) as [string, ...string[]])),
});

/** An explore record: the fields merge places it by; the rest is printed as it came. */
const exploreRecordSchema = z.looseObject({ config: z.string(), design: z.enum(DESIGN_NAMES), verdict: z.enum(['holds', 'declared', 'violated']) });

export type MergeOptions = { json: boolean; reporter: Reporter | undefined; outputFile: string | undefined };

export const mergeCommand = (files: readonly string[], o: MergeOptions, out: (line: string) => void): number => {
  const shards = files.map(readShard);
  const h = checkShardSet(shards);
  if (h.command === 'explore') {
    if (o.reporter !== undefined) throw new UserError('--reporter is for check shards; explore shards merge into --json lines');
    const sel = validate(`${shards[0]!.file}:1: selection`, h.selection, exploreSelection);
    const order = exploreCells(sel.configs, sel.designs as DesignName[]);
    const recs: (Record<string, unknown> | undefined)[] = order.map(() => undefined);
    for (const s of shards) {
      if (s.lines.length !== s.header.ran.length) throw new UserError(`${s.file}: ${s.lines.length} records for the ${s.header.ran.length} explorations its header lists`);
      s.lines.forEach((l, j) => {
        const r = validate(l.where, l.json, exploreRecordSchema);
        const k = s.header.ran[j]!;
        if (order[k]!.config !== r.config || order[k]!.design !== r.design) throw new UserError(`${l.where}: ${r.config} × ${r.design} where exploration ${k} (${order[k]!.config} × ${order[k]!.design}) belongs`);
        recs[k] = l.json as Record<string, unknown>; // as the shard printed it (zod's output may order keys otherwise)
      });
    }
    for (const r of recs) out(JSON.stringify(r));
    return recs.some((r) => r!.verdict === 'violated') ? 1 : 0;
  }
  const raw = validate(`${shards[0]!.file}:1: selection`, h.selection, checkSelection);
  const sel: Selection = { profile: raw.profile as Profile, seed: raw.seed, runs: raw.runs ?? undefined, property: raw.property ?? undefined, design: raw.design ?? undefined, maxSteps: raw.maxSteps ?? undefined };
  const plan = planCheck(sel);
  if (plan.cells.length !== h.cells) throw new UserError(`${shards[0]!.file}: ${h.cells} cells in the shard header, ${plan.cells.length} in this copyspec's plan of that selection`);
  const sinks = reportSinks(o);
  const recs: (CellRecord | undefined)[] = plan.cells.map(() => undefined);
  for (const s of shards) {
    // A shard's own coverage lines judge only its cells: merge judges coverage over all of them.
    const cellLines = s.lines.filter((l) => !(typeof l.json === 'object' && l.json !== null && Object.keys(l.json).length === 1 && 'coverage' in l.json));
    if (cellLines.length !== s.header.ran.length) throw new UserError(`${s.file}: ${cellLines.length} cell records for the ${s.header.ran.length} cells its header lists`);
    cellLines.forEach((l, j) => {
      const r = validate(l.where, l.json, cellRecordSchema) as CellRecord;
      const k = s.header.ran[j]!;
      const c = plan.cells[k]!;
      if (r.property !== c.property || r.design !== (c.design ?? '*') || r.variant !== c.variant || r.expected !== c.expected) {
        throw new UserError(`${l.where}: ${r.property} ${r.variant ?? ''} on ${r.design} where cell ${k} (${c.property} ${c.variant ?? ''} on ${c.design ?? '*'}) belongs`);
      }
      recs[k] = l.json as CellRecord; // validated; kept as printed, key order included
    });
  }
  return reportCheck(plan, recs, undefined, o, out, sinks);
};

export const MERGE = command({
  name: 'merge',
  operand: { name: 'FILE', help: 'the --json output of one shard (`check --shard I/N --json` or `explore --shard I/N --json`); give every shard', many: true },
  summary: 'joins the --json outputs of sharded check (or explore) runs into the matrix, --json lines and exit status of one run',
  about: ['Shards 1..N of one selection, each once, from the same copyspec version; any order.'],
  options: {
    json: { type: 'flag', help: 'one JSON object per cell, as `check --json` prints them (explore shards always merge to JSON lines)' },
    reporter: { type: 'string', arg: 'R', choices: { noun: 'reporter', values: REPORTERS }, help: 'also report as JUnit XML, KTAP or GitHub annotations, as `check --reporter` does' },
    'output-file': { type: 'string', arg: 'F', help: 'where the --reporter output goes (written whole)' },
  },
  run: (o, _, out, files) => mergeCommand(files, { json: o.json, reporter: o.reporter as Reporter | undefined, outputFile: o['output-file'] }, out),
});
