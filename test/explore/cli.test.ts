// `copyspec explore` as the library call main.ts makes: output lines, exit codes, usage errors.

import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exploreCli } from '../../cli/explore.js';
import { UserError } from '../../cli/errors.js';
import { stackScenarioSchema } from '../../model/scenario/stack-schema.js';

const run = (...args: string[]): { code: number; lines: string[] } => {
  const lines: string[] = [];
  const code = exploreCli(args, (l) => lines.push(l));
  return { code, lines };
};

describe('copyspec explore', () => {
  it('prints one line per configuration × design and exits 0 when every property holds', () => {
    const { code, lines } = run('--config', 'nvme-tags1', '--design', 'vectored-bio');
    expect(code).toBe(0);
    expect(lines).toHaveLength(3);
    expect(lines[1]).toMatch(/^nvme-tags1 +vectored-bio +\d+ states +\d+ transitions +depth +\d+ +\d+ states\/s +every property holds$/);
    expect(lines[2]).toBe('no undeclared violation in 1 exploration(s)');
  });

  it('exits 1 on a violation, with the property, the path and a scenario file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'copyspec-explore-'));
    const { code, lines } = run('--config', 'nvme-tags1', '--design', 'two-bio', '--bug', 'no-flush-on-sleep', '--save', dir);
    expect(code).toBe(1);
    expect(lines[1]).toMatch(/LIVE-01 violated$/);
    expect(lines[2]).toMatch(/^ {2}LIVE-01: stuck after \d+ steps.* → .*explore-nvme-tags1-two-bio-LIVE-01\.json$/);
    expect(readdirSync(dir)).toEqual(['explore-nvme-tags1-two-bio-LIVE-01.json']);
    const sc = stackScenarioSchema.parse(JSON.parse(readFileSync(join(dir, 'explore-nvme-tags1-two-bio-LIVE-01.json'), 'utf8')));
    expect(sc).toMatchObject({ design: 'two-bio', stackBugs: ['no-flush-on-sleep'], tags: 1 });
  });

  it('--json: one object per configuration × design', () => {
    const { code, lines } = run('--config', 'nvme-nowait', '--json');
    expect(code).toBe(0);
    const recs = lines.map((l) => JSON.parse(l) as { config: string; design: string; verdict: string; exhaustive: boolean; states: number });
    expect(recs.map((r) => r.design)).toEqual(['vectored-bio', 'vectored-bio+fix', 'multi-bio-plug', 'copy-ctx', 'copy-ctx+fix', 'two-bio', 'two-bio+fix', 'token', 'token+fix', 'emulation']);
    // A posted design's declared failure shows here as 'declared'; every other cell holds.
    for (const r of recs) expect(r).toMatchObject({ config: 'nvme-nowait', verdict: expect.stringMatching(/^(holds|declared)$/), exhaustive: true });
  });

  it('says when the depth bound cut the search', () => {
    const { lines } = run('--config', 'nvme-tags1', '--design', 'token', '--depth', '5');
    expect(lines[1]).toMatch(/depth {3}5 .*\(depth bound cut: not exhaustive\)$/);
  });

  it.each([
    [['--design', 'nope'], /no design "nope"; known: vectored-bio/],
    [['--config', 'nope'], /no configuration "nope"; known: nvme-tags1/],
    [['--depth', '1.5'], /--depth takes a whole number/],
    [['--bug', 'nope'], /no stack variant "nope"/],
    [['file.json'], /explore takes no file/],
    [['--write-manifest', '--design', 'token'], /drop --design/],
  ])('%j is bad usage', (args, message) => {
    expect(() => run(...args)).toThrow(UserError);
    expect(() => run(...args)).toThrow(message);
  });
});
