// copyspec compare: metrics on small hand-made runs, the embedded workloads' shapes, every design
// completing every workload, and a deterministic report.
import { expectedVerdict } from '../../properties/designs.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { DESIGNS, DESIGN_NAMES } from '../../model/stack/design.js';
import { stackConfigOf } from '../../model/scenario/run-stack.js';
import { stackScenarioSchema } from '../../model/scenario/stack-schema.js';
import type { StackConfig } from '../../model/stack/state.js';
import { traceStack } from '../../properties/stack/trace.js';
import { DATA_02 } from '../../properties/stack/properties.js';
import { compareAll, copyMetrics, type CompareRow } from '../../properties/compare/metrics.js';
import { WORKLOADS, settleSetup, victimValidRuns, workloadConfig, workloadNamed } from '../../properties/compare/workloads.js';
import { compareCost } from '../../properties/compare/cost.js';
import { compareCli, compareMarkdown, formatBytes } from '../../cli/compare.js';
import { UserError } from '../../cli/errors.js';

const root = join(import.meta.dirname, '..', '..');
const example = (): StackConfig => stackConfigOf(stackScenarioSchema.parse(JSON.parse(readFileSync(join(root, 'examples', 'stack-dm-linear-copy.json'), 'utf8'))));
const cli = (...args: string[]): string[] => {
  const lines: string[] = [];
  expect(compareCli(args, (l) => lines.push(l))).toBe(0);
  return lines;
};

describe('copy metrics of one run', () => {
  // vectored-bio as posted stacks no copy limits on dm (it emulates): multi-bio-plug offloads through dm-linear.
  it('multi-bio-plug: the dm-linear example (4 ranges, MSRC 1) is 2 Copy commands from 4 requests, all offloaded, nothing on the bus', () => {
    const m = copyMetrics(traceStack({ ...example(), design: 'multi-bio-plug' }, []));
    expect(m).toMatchObject({ userCopies: 1, copiedBytes: 16 * 512, commands: { copy: 2, read: 0, write: 0, other: 0 }, combinedCopies: 2, busBytes: 0, offloadedBytes: 16 * 512, offloadedShare: 1, fallbacks: 0, failedCopies: 0, requests: 4, peakTags: 4, quiescent: true });
    expect(m.plugFlushes).toEqual({ finish: 1, schedule: 0, limit: 0 }); // every request waits in the plug until blk_finish_plug
  });

  it('emulation: the same copy reads 4 ranges and writes 1, moving 2× the bytes over the bus, 0% offloaded', () => {
    const m = copyMetrics(traceStack({ ...example(), design: 'emulation' }, []));
    expect(m.commands).toEqual({ copy: 0, read: 4, write: 1, other: 0 });
    expect(m.busBytes).toBe(2 * m.copiedBytes);
    expect(m.offloadedShare).toBe(0);
    expect(m.requests).toBe(5);
  });

  it('counts only what the copy ops cause: a write before the copy adds nothing', () => {
    const cfg = example();
    const withWrite: StackConfig = { ...cfg, design: 'multi-bio-plug', ops: [{ op: 'write', bdev: 'dm-0', sector: 512, nr: 8 }, ...cfg.ops] };
    const m = copyMetrics(traceStack(withWrite, []));
    expect(m.commands).toEqual({ copy: 2, read: 0, write: 0, other: 0 });
    expect(m.requests).toBe(4);
  });
});

describe('the embedded workloads', () => {
  it('ZNS GC victims are ~30% valid, in runs of 1–4 blocks, and the copies fit the open zone', () => {
    for (const z of [1, 2, 3]) {
      const runs = victimValidRuns(z, z);
      const blocks = runs.reduce((n, r) => n + r.nr / 8, 0);
      expect(blocks / 768).toBeGreaterThan(0.25);
      expect(blocks / 768).toBeLessThan(0.35);
      expect(runs.every((r) => r.nr >= 8 && r.nr <= 32 && r.sector % 8 === 0)).toBe(true);
    }
    const dsts = workloadNamed('zns-gc')!.config.ops.flatMap((o) => (o.op === 'copy' ? [o.dst] : []));
    expect(dsts).toHaveLength(3);
    // Back to back from the open zone's write pointer (zone 5, 16 blocks in), within its ZCAP of 768 blocks.
    const zone = 5 * 1024 * 8;
    expect(dsts[0]!.sector).toBe(zone + 16 * 8);
    dsts.slice(1).forEach((d, i) => expect(d.sector).toBe(dsts[i]!.sector + dsts[i]!.nr));
    expect(dsts[2]!.sector + dsts[2]!.nr - zone).toBeLessThanOrEqual(768 * 8);
  });

  it('settles the setup first: without it a GC copy races the write of its own sources (DATA-02)', () => {
    const cfg = workloadConfig(workloadNamed('zns-gc')!, 'vectored-bio+fix');
    expect(DATA_02.check(traceStack(cfg, []))).toMatch(/holds unwritten/);
    expect(DATA_02.check(traceStack(cfg, settleSetup(cfg)))).toBeNull();
  });

  it('names are unique', () => {
    expect(new Set(WORKLOADS.map((w) => w.name)).size).toBe(WORKLOADS.length);
  });
});

describe('every design on every workload', () => {
  let rows: CompareRow[];
  beforeAll(() => {
    rows = compareAll();
  });

  it('completes (quiescent), no copy fails, and every stack property holds but declared failures', () => {
    expect(rows).toHaveLength(WORKLOADS.length * DESIGN_NAMES.length);
    for (const r of rows) {
      const violated = Object.entries(r.properties).filter(([, v]) => v.verdict === 'violated');
      const undeclared = violated.filter(([id]) => expectedVerdict(r.design, id) !== 'refuted').map(([id, v]) => `${id}: ${v.violation}`);
      expect({ cell: `${r.design} × ${r.workload}`, undeclared }).toEqual({ cell: `${r.design} × ${r.workload}`, undeclared: [] });
      // A declared failure makes copies fail; so does a design without a fallback (copy-ctx:
      // blkdev_copy_offload refuses with -EOPNOTSUPP and has none); nothing else may. A design
      // declared to hang (LIVE-01) does not quiesce.
      const failed = violated.length || !DESIGNS[r.design].fallsBack(-95) ? 0 : r.metrics.failedCopies;
      const quiescent = r.metrics.quiescent || expectedVerdict(r.design, 'LIVE-01') === 'refuted';
      expect({ cell: `${r.design} × ${r.workload}`, quiescent, failed }).toEqual({ cell: `${r.design} × ${r.workload}`, quiescent: true, failed: 0 });
    }
    // The declared finding shows on the GC workload: victims of ~97 ranges, chunks of several
    // sources, one copy_ctx_count reference per COPY_SRC bio → the GC copies never complete.
    expect(rows.find((r) => r.workload === 'zns-gc' && r.design === 'copy-ctx')!.properties['LIVE-01']!.verdict).toBe('violated');
  });

  it('offloads everything or nothing as each design should, and emulation moves 2× the bytes', () => {
    const cell = (w: string, d: string): CompareRow => rows.find((r) => r.workload === w && r.design === d)!;
    for (const d of ['vectored-bio+fix', 'multi-bio-plug', 'copy-ctx', 'two-bio']) {
      // copy-ctx (LIMIT-03) and two-bio (CMPL-02) fail their GC copies: declared findings.
      if (d !== 'copy-ctx' && d !== 'two-bio') expect(cell('zns-gc', d).metrics.offloadedShare).toBe(1);
      expect(cell('no-copy-support', d).metrics.offloadedShare).toBe(0);
      // copy-ctx: no fallback; vectored-bio's blkdev_copy_range picks emulation up front on a bdev without copy limits.
      expect(cell('dm-stripe', d).metrics.fallbacks).toBe(d === 'copy-ctx' || d === 'vectored-bio+fix' ? 0 : 1);
    }
    for (const w of WORKLOADS) {
      const m = cell(w.name, 'emulation').metrics;
      expect(m.busBytes).toBe(2 * m.copiedBytes);
      expect(m.offloadedShare).toBe(0);
    }
    // MSRC 7: a 97-range victim takes ⌈97/8⌉ Copy commands with one vectored bio.
    expect(cell('zns-gc', 'vectored-bio+fix').metrics.commands.copy).toBe(37);
    // The driver combines plugged per-range requests when the plug is flushed in one batch…
    expect(cell('lfs-gc-conventional', 'multi-bio-plug').metrics.combinedCopies).toBeGreaterThan(0);
    // …but not when the task sleeps for a tag: schedule() flushes through queue_rq, not queue_rqs
    // (blk_mq_flush_plug_list, from_schedule), and not behind a zone write plug (one write in flight).
    expect(cell('lfs-gc-32-tags', 'multi-bio-plug').metrics.combinedCopies).toBe(0);
    expect(cell('lfs-gc-32-tags', 'multi-bio-plug').metrics.plugFlushes.schedule).toBeGreaterThan(0);
    expect(cell('zns-gc', 'multi-bio-plug').metrics).toMatchObject({ combinedCopies: 0, peakTags: 1 });
  });

  it('renders deterministically: the Markdown of a second run is the same', () => {
    const again = compareAll(WORKLOADS.filter((w) => w.name !== 'zns-gc' && w.name !== 'zns-gc-single-range'));
    const md = (rs: readonly CompareRow[]): string => compareMarkdown(rs).join('\n');
    expect(md(again)).toBe(md(rows.filter((r) => again.some((a) => a.workload === r.workload))));
    const table = compareMarkdown(rows);
    expect(table.filter((l) => l.startsWith('### ')).map((l) => l.slice(4))).toEqual(WORKLOADS.map((w) => w.name));
    expect(table.filter((l) => l.startsWith('| ') && !l.startsWith('| design'))).toHaveLength(rows.length);
  });
});

describe('copyspec compare (command line)', () => {
  it('--workload and --design narrow the report; --json gives one object per cell', () => {
    const md = cli('--workload', 'no-copy-support', '--design', 'two-bio');
    expect(md[0]).toBe('### no-copy-support');
    expect(md.filter((l) => l.startsWith('| two-bio |'))).toHaveLength(1);
    const json = cli('--json', '--workload', 'dm-linear-2ns').map((l) => JSON.parse(l) as { design: string; workload: string; commands: { copy: number }; properties: Record<string, string> });
    expect(json.map((r) => r.design)).toEqual([...DESIGN_NAMES]);
    // Every property holds but a declared failure (copy-ctx as posted hangs here: LIVE-01; vectored-bio as posted: DATA-02, D3).
    expect(json.every((r) => r.workload === 'dm-linear-2ns' && Object.entries(r.properties).every(([id, v]) => v === 'holds' || expectedVerdict(r.design as (typeof DESIGN_NAMES)[number], id) === 'refuted'))).toBe(true);
    expect(json.find((r) => r.design === 'multi-bio-plug')!.commands.copy).toBe(8);
    expect(cli('--json', '--workload', 'dm-linear-2ns')).toEqual(json.map((r) => JSON.stringify(r)));
  });

  it.each([
    [['--workload', 'nope'], /no workload "nope"; known: zns-gc/],
    [['--design', 'nope'], /no design "nope"; known: vectored-bio/],
    [['extra.json'], /compare takes no file/],
  ])('rejects %j with one line', (args, message) => {
    expect(() => compareCli(args, () => undefined)).toThrow(UserError);
    expect(() => compareCli(args, () => undefined)).toThrow(message);
  });

  it('formats bytes in binary units', () => {
    expect([0, 512, 1536, 8 * 1024 * 1024, 3_000_000].map(formatBytes)).toEqual(['0 B', '512 B', '1.5 KiB', '8 MiB', '2.9 MiB']);
  });
});

describe('cost against the reference (bench)', () => {
  it('times each design and the reference on a workload', () => {
    let t = 0;
    const rows = compareCost([workloadNamed('no-copy-support')!], ['vectored-bio'], () => t++);
    expect(rows).toEqual([{ workload: 'no-copy-support', design: 'vectored-bio', steps: expect.any(Number), stackMs: 1, referenceMs: 1 }]);
  });
});
