// A stack run cut by the step budget (`check --max-steps N`, model/scenario/run-stack.ts MAX_STEPS)
// is no evidence: the cell is `inconclusive` — its own verdict and JSON field, a matrix line naming
// the budget, exit 3 — never holds or refuted; merge keeps it, replay of its file says so. A
// refutation found by another run still stands (LIVE-01 refutes no-flush-on-sleep under a tiny
// budget too), and a cut run on a repeated state is a livelock, LIVE-01's counterexample.

import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli, type Result } from './helpers.js';

const tmp = mkdtempSync(join(tmpdir(), 'copyspec-budget-'));
// LIVE-01 on vectored-bio+fix: its own cell and the cell of its variant no-flush-on-sleep.
const SELECTION = ['check', '--property', 'LIVE-01', '--design', 'vectored-bio+fix', '--runs', '30', '--quiet'];
const TINY = ['--max-steps', '12'];

type Rec = { variant: string | null; verdict: string; expected: string; budget?: { maxSteps: number; cutRuns: number }; counterexample: unknown; violation?: string };
const records = (r: Result): Rec[] => r.stdout.trim().split('\n').map((l) => JSON.parse(l) as Rec).filter((x) => 'verdict' in x);

describe('check --max-steps: a run cut by the step budget', () => {
  let cut: Result;
  beforeAll(() => {
    cut = cli(...SELECTION, ...TINY, '--json', '--save', join(tmp, 'cx'));
  });

  it('makes its cell inconclusive with the budget, exit 3, and keeps the variant refuted', () => {
    expect(cut.stderr).toBe('');
    expect(cut.status).toBe(3);
    const [own, variant] = records(cut);
    expect(own!.verdict).toBe('inconclusive');
    expect(own!.expected).toBe('holds');
    expect(own!.budget!.maxSteps).toBe(12);
    expect(own!.budget!.cutRuns).toBeGreaterThan(0);
    expect(own!.violation).toMatch(/cut by the step budget \(12 steps\)/);
    // A stuck run within the budget is evidence whatever the cut runs hide.
    expect(variant).toMatchObject({ variant: 'no-flush-on-sleep', verdict: 'refuted' });
  });

  it('names the budget in the matrix', () => {
    const text = cli(...SELECTION, ...TINY, '--no-save');
    expect(text.status).toBe(3);
    expect(text.stdout).toMatch(/LIVE-01 +\?inconclusive/);
    expect(text.stdout).toMatch(/LIVE-01 on vectored-bio\+fix: inconclusive \(declared holds\): \d+ of 30 run\(s\) cut by the step budget \(12 steps\)/);
    expect(text.stdout).toContain('1 cell(s) inconclusive');
  });

  it('saves the first cut run; replay cuts it at the same budget and exits 3', () => {
    const file = records(cut)[0]!.counterexample as string;
    const cx = JSON.parse(readFileSync(file, 'utf8')) as { verdict?: string; maxSteps?: number };
    expect(cx).toMatchObject({ verdict: 'inconclusive', maxSteps: 12 });
    const r = cli('replay', file);
    expect(r.status).toBe(3);
    expect(r.stdout.trim().split('\n').at(-1)).toMatch(/^inconclusive: the run was cut by its step budget of 12 steps/);
    const variantFile = records(cut)[1]!.counterexample as string;
    expect(cli('replay', variantFile).status).toBe(1);
  });

  it('shows it in the HTML report', () => {
    const out = join(tmp, 'report');
    expect(cli('report', '--counterexamples', join(tmp, 'cx'), '--out', out).status).toBe(0);
    const html = readFileSync(join(out, 'index.html'), 'utf8');
    expect(html).toContain('Inconclusive: the run is cut by its step budget of 12 steps without repeating a state');
    expect(html).toMatch(/class="warn" href="#cx-LIVE-01-vectored-bio_fix">inconclusive/);
  });

  it('reports it as a JUnit error and a GitHub warning, not a failure', () => {
    const junit = cli(...SELECTION, ...TINY, '--no-save', '--reporter', 'junit');
    expect(junit.status).toBe(3);
    expect(junit.stdout).toContain('<error message="LIVE-01 on vectored-bio+fix: inconclusive, declared holds');
    expect(junit.stdout).toContain('failures="0" errors="1"');
    const gh = cli(...SELECTION, ...TINY, '--no-save', '--reporter', 'github', '--output-file', join(tmp, 'summary.md'));
    expect(gh.stdout).toMatch(/^::warning file=.*inconclusive, declared holds/m);
    expect(gh.stdout).not.toMatch(/^::error/m);
  });

  it('merge of shards keeps it, byte for byte', () => {
    const shards = [1, 2].map((i) => cli(...SELECTION, ...TINY, '--no-save', '--json', '--shard', `${i}/2`));
    const files = shards.map((s, i) => {
      const f = join(tmp, `shard-${i + 1}.jsonl`);
      writeFileSync(f, s.stdout);
      return f;
    });
    const whole = cli(...SELECTION, ...TINY, '--no-save', '--json');
    const merged = cli('merge', '--json', ...files);
    expect(merged.stdout).toBe(whole.stdout);
    expect(merged.status).toBe(3);
  });

  it('leaves the verdicts alone under the default budget', () => {
    const r = cli(...SELECTION, '--no-save', '--json');
    expect(r.status).toBe(0);
    expect(records(r).map((x) => x.verdict)).toEqual(['holds', 'refuted']);
  });
});
