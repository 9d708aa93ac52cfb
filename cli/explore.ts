// `copyspec explore`: the bounded exhaustive explorer (properties/explore/) over the embedded
// configurations, per configuration × design: distinct states, transitions, depth, states/s and
// the verdicts. Exit 1 when some property is violated, 0 when none is, 2 on bad usage.

import { expectedVerdict } from '../properties/designs.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { STACK_BUGS, type StackBug } from '../model/block/bugs.js';
import { DESIGN_NAMES, type DesignName } from '../model/stack/design.js';
import { EXPLORE_CONFIGS, type ExploreConfig } from '../properties/explore/configs.js';
import { buildManifest, manifestDiff, manifestText, MANIFEST_PATH, type ExploreManifest } from '../properties/explore/manifest.js';
import { DEFAULT_DEPTH, exploreStack, type ExploreResult } from '../properties/explore/stack-explore.js';
import { probeOutputDirectory, probeOutputFile, writeAtomically } from './files.js';
import { UserError } from './errors.js';
import { command, invoke } from './options.js';
import { duration, progressReporter } from './progress.js';
import { parseShard, shardIndices, SHARD_FORMAT, type ShardHeader } from './reporters/record.js';
import { packageVersion } from './version.js';

export type ExploreCliOptions = {
  readonly designs: readonly DesignName[];
  readonly configs: readonly ExploreConfig[];
  readonly depth: number;
  readonly bugs: readonly StackBug[];
  readonly json: boolean;
  /** Write each violation's scenario to this directory. */
  readonly save: string | undefined;
  /** Run only this shard's configuration × design explorations (`--shard i/n`). */
  readonly shard?: { readonly i: number; readonly n: number } | undefined;
  /** No progress lines on stderr. */
  readonly quiet?: boolean;
};

/** One JSON record per configuration × design (`--json`). */
export const exploreRecord = (config: string, design: DesignName, bugs: readonly StackBug[], r: ExploreResult, seconds: number): Record<string, unknown> => ({
  config,
  design,
  ...(bugs.length ? { bugs } : {}),
  depthBound: r.depthBound,
  states: r.states,
  transitions: r.transitions,
  maxDepth: r.maxDepth,
  leaves: r.leaves,
  exhaustive: !r.depthCut && !r.budgetCut,
  statesPerSecond: Math.round(r.states / Math.max(seconds, 1e-6)),
  // 'declared': every violation is one the design declares (properties/designs.ts) on the specified stack.
  verdict: r.violations.length === 0 ? 'holds' : !bugs.length && r.violations.every((v) => expectedVerdict(design, v.property) === 'refuted') ? 'declared' : 'violated',
  violations: r.violations.map((v) => ({ property: v.property, violation: v.violation, depth: v.depth, schedule: v.schedule, leaf: v.leaf, scenario: v.scenario, declared: !bugs.length && expectedVerdict(design, v.property) === 'refuted' })),
});

/** Every configuration × design of a selection, in the order explore runs and prints them (shards take every Nth). */
export const exploreCells = (configs: readonly string[], designs: readonly DesignName[]): { config: string; design: DesignName }[] =>
  configs.flatMap((config) => designs.map((design) => ({ config, design })));

export const exploreCommand = (o: ExploreCliOptions, out: (line: string) => void): number => {
  let violated = 0;
  let runs = 0;
  if (o.save) probeOutputDirectory(o.save);
  const all = exploreCells(o.configs.map((c) => c.name), o.designs);
  const ran = shardIndices(all.length, o.shard);
  if (!o.json) out(`copyspec explore: ${o.configs.length} configuration(s) × ${o.designs.length} design(s), depth bound ${o.depth}${o.bugs.length ? `, variant ${o.bugs.join(' + ')}` : ''}${o.shard ? `, shard ${o.shard.i}/${o.shard.n} (${ran.length} of ${all.length} explorations)` : ''}`);
  else if (o.shard) {
    const header: ShardHeader = {
      format: SHARD_FORMAT,
      command: 'explore',
      version: packageVersion(),
      shard: o.shard.i,
      of: o.shard.n,
      selection: { designs: [...o.designs], configs: o.configs.map((c) => c.name), depth: o.depth, bugs: [...o.bugs] },
      cells: all.length,
      ran,
    };
    out(JSON.stringify(header));
  }
  const progress = progressReporter({ quiet: o.quiet ?? false });
  for (const k of ran) {
    const c = o.configs.find((x) => x.name === all[k]!.config)!;
    const design = all[k]!.design;
    const cfg = { ...c.make(design), bugs: [...o.bugs] };
    const t0 = performance.now();
    const r = exploreStack(cfg, {
      maxDepth: o.depth,
      progress: (p) => progress.tick((ms) => `copyspec explore: ${runs + 1}/${ran.length} ${c.name} × ${design}: ${p.states} states, queue ${p.queue}, depth ${p.depth}, ${p.leaves} leaves judged, ${duration(ms)} elapsed`),
    });
    const seconds = (performance.now() - t0) / 1000;
    progress.done();
    runs++;
    // A violation the design declares (properties/designs.ts) is a finding, not a failure — on the
    // specified stack; under a known-bad variant every violation counts.
    const unexpected = r.violations.filter((v) => o.bugs.length > 0 || expectedVerdict(design, v.property) !== 'refuted');
    if (unexpected.length) violated++;
    const saved = new Map<string, string>();
    if (o.save) {
      for (const v of r.violations) {
        const file = join(o.save, `explore-${c.name}-${design}-${v.property}.json`);
        writeAtomically(file, `${JSON.stringify(v.scenario, null, 1)}\n`);
        saved.set(v.property, file);
      }
    }
    if (o.json) {
      out(JSON.stringify({ ...exploreRecord(c.name, design, o.bugs, r, seconds), ...(saved.size ? { files: Object.fromEntries(saved) } : {}) }));
      continue;
    }
    const cut = r.depthCut ? ' (depth bound cut: not exhaustive)' : r.budgetCut ? ' (state budget ran out: not exhaustive)' : '';
    const rate = Math.round(r.states / Math.max(seconds, 1e-6));
    const verdict = r.violations.length ? `${r.violations.map((v) => `${v.property}${unexpected.includes(v) ? '' : ' (declared)'}`).join(', ')} violated` : 'every property holds';
    out(`${c.name.padEnd(22)} ${design.padEnd(15)} ${String(r.states).padStart(7)} states ${String(r.transitions).padStart(7)} transitions  depth ${String(r.maxDepth).padStart(3)} ${String(rate).padStart(7)} states/s  ${verdict}${cut}`);
    for (const v of r.violations) {
      const where = saved.get(v.property);
      out(`  ${v.property}: ${v.violation} — judged ${v.depth} steps from init (${v.leaf}); schedule [${v.schedule.join(',')}], then the default policy${where ? ` → ${where}` : ''}`);
    }
  }
  if (!o.json) out(violated ? `${violated} of ${runs} exploration(s) found a violation not declared by its design` : `no undeclared violation in ${runs} exploration(s)`);
  return violated ? 1 : 0;
};

/** `--write-manifest`: explore every configuration × design at the default depth and write the manifest. */
export const writeManifestCommand = (path: string, out: (line: string) => void): number => {
  probeOutputFile(path);
  const fresh = buildManifest();
  let before: ExploreManifest | undefined;
  try {
    before = JSON.parse(readFileSync(path, 'utf8')) as ExploreManifest;
  } catch {
    before = undefined; // no manifest yet (or unreadable): write it whole
  }
  writeAtomically(path, manifestText(fresh));
  const diff = before ? manifestDiff(before, fresh) : [];
  out(`wrote ${path}: ${Object.keys(fresh.configs).length} configurations × ${DESIGN_NAMES.length} designs${before ? `, ${diff.length} change(s)` : ''}`);
  for (const line of diff) out(`  ${line}`);
  return 0;
};

export const EXPLORE = command({
  name: 'explore',
  noOperandHint: 'use --config NAME',
  summary: 'every schedule of the small embedded configurations, breadth first: distinct states, transitions, depth, states/s and the shortest violation per property; exit 1 on a violation its design does not declare',
  options: {
    design: { type: 'string', arg: 'D', choices: { noun: 'design', values: DESIGN_NAMES }, help: 'only this design' },
    config: { type: 'string', arg: 'NAME', choices: { noun: 'configuration', values: EXPLORE_CONFIGS.map((c) => c.name) }, help: 'only this configuration' },
    depth: { type: 'int', arg: 'N', min: 0, max: 10_000, default: DEFAULT_DEPTH, help: 'depth bound' },
    bug: { type: 'string', arg: 'NAME', multiple: true, choices: { noun: 'stack variant', values: Object.keys(STACK_BUGS), hint: '`copyspec variants` lists them' }, help: 'explore this known-bad stack variant' },
    json: { type: 'flag', help: 'one JSON object per configuration × design' },
    save: { type: 'string', arg: 'DIR', help: 'write each violation as a stack scenario (`copyspec run` replays it) into DIR' },
    'write-manifest': { type: 'flag', help: `explore every configuration × design at the default depth and write ${MANIFEST_PATH}` },
    shard: { type: 'string', arg: 'I/N', help: 'explore only shard I of N (every Nth configuration × design); `copyspec merge` joins the shards\' --json outputs' },
    quiet: { type: 'flag', help: 'no progress lines on stderr' },
  },
  run: (o, _, out) => {
    if (o['write-manifest']) {
      const extra = (['design', 'config', 'bug', 'save', 'shard'] as const).find((k) => (k === 'bug' ? o.bug.length > 0 : o[k] !== undefined)) ?? (o.json ? 'json' : o.depth !== DEFAULT_DEPTH ? 'depth' : undefined);
      if (extra) throw new UserError(`--write-manifest explores every configuration and design at the default depth; drop --${extra}`);
      return writeManifestCommand(MANIFEST_PATH, out);
    }
    return exploreCommand(
      {
        designs: o.design === undefined ? DESIGN_NAMES : [o.design as DesignName],
        configs: o.config === undefined ? EXPLORE_CONFIGS : EXPLORE_CONFIGS.filter((c) => c.name === o.config),
        depth: o.depth,
        bugs: o.bug as StackBug[],
        json: o.json,
        save: o.save,
        shard: parseShard(o.shard),
        quiet: o.quiet,
      },
      out,
    );
  },
});

export const exploreCli = (args: readonly string[], out: (line: string) => void): number => invoke(EXPLORE, args, out);
