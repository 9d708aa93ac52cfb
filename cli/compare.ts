// `copyspec compare`: the copy designs side by side on the embedded workloads
// (properties/compare/workloads.ts). Markdown tables on stdout, one per workload with the designs
// as rows; `--json` one JSON line per design × workload. Always exit 0 (the verdicts are findings
// to read, not a gate: `copyspec check` is the gate); 2 on bad usage.

import { DESIGN_NAMES, type DesignName } from '../model/stack/design.js';
import { compareAll, type CompareRow } from '../properties/compare/metrics.js';
import { WORKLOADS } from '../properties/compare/workloads.js';
import { command, invoke } from './options.js';

/** 1536 → "1.5 KiB": binary units, at most one decimal. */
export const formatBytes = (n: number): string => {
  const units = ['B', 'KiB', 'MiB', 'GiB'];
  let u = 0;
  let v = n;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${u === 0 ? v : Number(v.toFixed(1))} ${units[u]}`;
};

/** At most two decimals, no trailing zeros. */
const num = (x: number): string => String(Number(x.toFixed(2)));

/** A count with its value per user copy: "37 (12.33)". */
const perCopy = (n: number, copies: number): string => (n === 0 ? '0' : `${n} (${num(copies ? n / copies : 0)})`);

/** One JSON record per row: the metrics flat, per-copy figures, property verdicts. */
export const compareRecord = (r: CompareRow): Record<string, unknown> => {
  const m = r.metrics;
  const per = (n: number): number => (m.userCopies ? Number((n / m.userCopies).toFixed(4)) : 0);
  const props = Object.entries(r.properties);
  return {
    workload: r.workload,
    design: r.design,
    ...m,
    commandsPerCopy: { copy: per(m.commands.copy), read: per(m.commands.read), write: per(m.commands.write), other: per(m.commands.other) },
    properties: Object.fromEntries(props.map(([id, v]) => [id, v.verdict])),
    untested: props.filter(([, v]) => !v.tested).map(([id]) => id),
    violations: Object.fromEntries(props.flatMap(([id, v]) => (v.violation ? [[id, v.violation]] : []))),
  };
};

const HEADER = ['design', 'Copy cmds (/copy)', 'Reads (/copy)', 'Writes (/copy)', 'host bus', 'offloaded', 'fallbacks', 'requests', 'peak tags', 'plug flushes finish/schedule/limit', 'properties'];

/** The Markdown report: per workload a heading, its shape and source, a table, then any violations. */
export const compareMarkdown = (rows: readonly CompareRow[]): string[] => {
  const out: string[] = [];
  for (const w of WORKLOADS) {
    const mine = rows.filter((r) => r.workload === w.name);
    if (mine.length === 0) continue;
    const m0 = mine[0]!.metrics;
    if (out.length) out.push('');
    out.push(`### ${w.name}`, '', `${w.title}.`, `Shape: ${w.source}.`, `${m0.userCopies} user cop${m0.userCopies === 1 ? 'y' : 'ies'}, ${formatBytes(m0.copiedBytes)} to copy.`, '');
    out.push(`| ${HEADER.join(' | ')} |`, `|${HEADER.map((_, i) => (i === 0 ? '---' : i === HEADER.length - 1 ? '---' : '---:')).join('|')}|`);
    const notes: string[] = [];
    for (const r of mine) {
      const m = r.metrics;
      const violated = Object.entries(r.properties).filter(([, v]) => v.verdict === 'violated');
      for (const [id, v] of violated) notes.push(`- \`${r.design}\` violates ${id}: ${v.violation}`);
      if (!m.quiescent) notes.push(`- \`${r.design}\` did not complete: the run stopped after ${m.steps} steps with work in flight`);
      const props = violated.length ? `violated: ${violated.map(([id]) => id).join(', ')}` : `all ${Object.keys(r.properties).length} hold`;
      const f = m.plugFlushes;
      out.push(
        `| ${[
          r.design,
          perCopy(m.commands.copy, m.userCopies) + (m.combinedCopies ? `, ${m.combinedCopies} combined` : ''),
          perCopy(m.commands.read, m.userCopies),
          perCopy(m.commands.write, m.userCopies),
          formatBytes(m.busBytes),
          `${num(m.offloadedShare * 100)}%`,
          String(m.fallbacks),
          String(m.requests),
          String(m.peakTags),
          `${f.finish}/${f.schedule}/${f.limit}`,
          props,
        ].join(' | ')} |`,
      );
    }
    if (notes.length) out.push('', ...notes);
  }
  return out;
};

export const COMPARE = command({
  name: 'compare',
  noOperandHint: 'use --workload NAME',
  summary: 'the copy designs side by side on embedded workloads: one Markdown table per workload (device commands per user copy, host-bus bytes, share offloaded, fallbacks, requests, peak tags, plug flushes, property verdicts); always exit 0',
  options: {
    workload: { type: 'string', arg: 'NAME', choices: { noun: 'workload', values: WORKLOADS.map((w) => w.name) }, help: 'only this workload' },
    design: { type: 'string', arg: 'D', choices: { noun: 'design', values: DESIGN_NAMES }, help: 'only this design' },
    json: { type: 'flag', help: 'one JSON object per design × workload' },
  },
  run: (o, _, out) => {
    const workloads = o.workload === undefined ? WORKLOADS : WORKLOADS.filter((w) => w.name === o.workload);
    const rows = compareAll(workloads, o.design === undefined ? DESIGN_NAMES : [o.design as DesignName]);
    if (o.json) for (const r of rows) out(JSON.stringify(compareRecord(r)));
    else for (const line of compareMarkdown(rows)) out(line);
    return 0;
  },
});

export const compareCli = (args: readonly string[], out: (line: string) => void): number => invoke(COMPARE, args, out);
