import { describe, expect, it } from 'vitest';
import { coverageReport, missingShapes, NVME_SHAPES, SCSI_SHAPES } from '../../properties/coverage-report.js';
import { ALL_STACK_SHAPES } from '../../properties/stack/shapes.js';
import { PROFILE_RUNS } from '../../cli/check.js';
import { cli, requireBuilt } from '../cli/helpers.js';

// Sampling and tracing 200 stack cases and 2×1,000 device scenarios: minutes on a loaded machine.
const SLOW = 20 * 60_000;

describe('generator shapes (issue 11)', () => {
  it('the ci profile at seed 1 produces every listed shape of every generator', () => {
    const r = coverageReport(1, { stack: PROFILE_RUNS.ci.stack, nvme: PROFILE_RUNS.ci.device, scsi: PROFILE_RUNS.ci.scsi });
    expect(missingShapes(r)).toEqual([]);
    expect(Object.keys(r.stack)).toEqual([...ALL_STACK_SHAPES]);
    expect(Object.keys(r.nvme)).toEqual([...NVME_SHAPES]);
    expect(Object.keys(r.scsi)).toEqual([...SCSI_SHAPES]);
  }, SLOW);

  it('check --coverage: a table after the matrix, one {"shapes"} line with --json, the same for a seed', () => {
    requireBuilt(['cli', 'properties']);
    const args = ['check', '--property', 'ZONE-06', '--design', 'emulation', '--runs', '3', '--no-save', '--quiet', '--coverage'];
    const table = cli(...args);
    // The exit status is the check's (3 runs leave branches unreached: 1); the report adds none.
    expect([0, 1]).toContain(table.status);
    expect(table.stdout).toContain('generator coverage');
    for (const g of ['stack generator', 'NVMe device generator', 'SCSI device generator']) expect(table.stdout).toContain(g);
    const json = cli(...args, '--json');
    const line = json.stdout.trim().split('\n').at(-1)!;
    const shapes = (JSON.parse(line) as { shapes: { seed: number; runs: { stack: number }; stack: Record<string, number> } }).shapes;
    expect(shapes.seed).toBe(1);
    expect(shapes.runs.stack).toBe(3);
    expect(Object.keys(shapes.stack)).toEqual([...ALL_STACK_SHAPES]);
    expect(cli(...args, '--json').stdout).toBe(json.stdout);
  }, SLOW);

  it('check --coverage refuses a shard (exit 2)', () => {
    const r = cli('check', '--coverage', '--shard', '1/2', '--no-save', '--quiet');
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });
});
