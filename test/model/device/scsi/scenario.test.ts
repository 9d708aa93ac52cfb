// SCSI scenario files as `copyspec run` reads them: malformed ones are one line (exit 2 through
// UserError), the SCSI variants route by name, and NVMe variants are refused on a SCSI scenario.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../../../cli/errors.js';
import { runCommand } from '../../../../cli/run.js';

const tmp = mkdtempSync(join(tmpdir(), 'copyspec-scsi-'));
const file = (body: unknown): string => {
  const p = join(tmp, 'scenario.json');
  writeFileSync(p, JSON.stringify(body));
  return p;
};
const dev = { name: 'sda', kind: 'scsi', blockBytes: 512, capacity: 64 };
const ok = { format: 'copyspec-scenario/1', devices: [dev], steps: [{ dev: 'sda', cmd: 'read16', lba: 0, blocks: 1 }] };
const runFile = (body: unknown, bugs: string[] = []): string[] => {
  const out: string[] = [];
  runCommand(file(body), bugs, (l) => out.push(l));
  return out;
};

describe('SCSI scenarios', () => {
  it('run one JSON line per step', () => {
    expect(runFile(ok).map((l) => JSON.parse(l) as unknown)).toEqual([{ step: 1, dev: 'sda', cmd: 'read16', status: 'GOOD', content: 'orig[0..0]' }]);
  });

  it.each([
    ['an unknown field', { ...ok, devices: [{ ...dev, color: 'red' }] }, /devices\[0\].*color/],
    ['a 17-bit segment length', { ...ok, devices: [{ ...dev, xcopy: { maxCscdDescriptors: 2, maxSegmentDescriptors: 1, maxDescriptorListLength: 100 } }], steps: [{ dev: 'sda', cmd: 'xcopy', cscd: [{ lu: 'sda' }], segments: [{ src: 0, dst: 0, blocks: 65536, srcLba: 0, dstLba: 1 }] }] }, /steps\[0\]\.segments\[0\]\.blocks/],
    ['an unknown command', { ...ok, steps: [{ dev: 'sda', cmd: 'copy', lba: 0 }] }, /steps\[0\]\.cmd/],
    ['a partial zone', { ...ok, devices: [{ ...dev, zoned: { zoneSize: 5 } }] }, /whole number of 5-block zones/],
    ['a media error without blocks', { ...ok, steps: [{ dev: 'sda', cmd: 'inject', fault: 'media-error', lba: 0 }] }, /needs blocks/],
    ['a default timeout above the maximum', { ...ok, devices: [{ ...dev, rod: { maxRangeDescriptors: 1, maxInactivityTimeout: 5, defaultInactivityTimeout: 6 } }] }, /DEFAULT INACTIVITY TIMEOUT/],
    ['an unknown device', { ...ok, steps: [{ dev: 'sdz', cmd: 'read16', lba: 0, blocks: 1 }] }, /no device named "sdz"/],
  ])('rejects %s with one line', (_what, body, pattern) => {
    let err: unknown;
    try {
      runFile(body);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(UserError);
    expect((err as Error).message).toMatch(pattern);
    expect((err as Error).message.split('\n')).toHaveLength(1);
  });

  it('routes SCSI variants by name and refuses NVMe ones', () => {
    const s = { ...ok, devices: [{ ...dev, capacity: 64 }], steps: [{ dev: 'sda', cmd: 'read16', lba: 64, blocks: 1 }] };
    expect(() => runFile(s, ['scsi-assert-past-capacity'])).toThrow(/assertion failed/);
    expect(() => runFile(s, ['copy-ignores-msrc'])).toThrow(UserError);
  });
});
