// Malformed SCSI scenarios (issue 13 acceptance): a SCSI device scenario or a stack scenario with a
// SCSI LU that is wrong in a SCSI field is refused by `copyspec run` with one line and exit 2, never
// a stack trace. The fuzz test (fuzz.test.ts) mutates these files at random; these are the cases a
// reader would try first, each named.

import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliInProcess, root } from './helpers.js';

type Json = Record<string, unknown>;
const tmp = mkdtempSync(join(tmpdir(), 'copyspec-scsi-bad-'));
const load = (f: string): Json => JSON.parse(readFileSync(join(root, 'examples', f), 'utf8')) as Json;
const dev0 = (doc: Json): Json => (doc.devices as Json[])[0]!;
const step0 = (doc: Json): Json => (doc.steps as Json[]).find((s) => s.cmd === 'xcopy' || s.cmd === 'populate-token') ?? (doc.steps as Json[])[0]!;

/** [what is wrong, example file, how to break it] */
const CASES: [string, string, (d: Json) => void][] = [
  ['blockBytes 520', 'scsi-xcopy.json', (d) => void (dev0(d).blockBytes = 520)],
  ['capacity 0', 'scsi-xcopy.json', (d) => void (dev0(d).capacity = 0)],
  ['capacity past 2^50', 'scsi-token.json', (d) => void (dev0(d).capacity = 2 ** 51)],
  ['senseFormat "short"', 'scsi-token.json', (d) => void (dev0(d).senseFormat = 'short')],
  ['xcopy without maxSegmentDescriptors', 'scsi-xcopy.json', (d) => void delete (dev0(d).xcopy as Json).maxSegmentDescriptors],
  ['rod.rodType "forever"', 'scsi-token.json', (d) => void ((dev0(d).rod as Json).rodType = 'forever')],
  ['zoned.zoneSize 0', 'scsi-zbc.json', (d) => void ((dev0(d).zoned as Json).zoneSize = 0)],
  ['an unknown SCSI bug', 'scsi-zbc.json', (d) => void (dev0(d).bugs = ['scsi-no-such-bug'])],
  ['an unknown command', 'scsi-xcopy.json', (d) => void (step0(d).cmd = 'extended-copy-lid4')],
  ['a negative LBA', 'scsi-token.json', (d) => void (((step0(d).ranges as Json[])[0]!).lba = -1)],
  ['a step on a device that is not there', 'scsi-zbc.json', (d) => void (step0(d).dev = 'sdz')],
  ['an inquiry of page 80', 'scsi-token.json', (d) => void ((d.steps as Json[]).find((s) => s.cmd === 'inquiry')!.page = '80')],
  ['a SCSI LU in a stack with blockBytes 1000', 'stack-scsi-xcopy.json', (d) => void ((d.devices as Json[]).find((x) => x.kind === 'scsi')!.blockBytes = 1000)],
  ['a SCSI LU in a stack with an unknown SCSI bug', 'stack-scsi-token.json', (d) => void ((d.devices as Json[]).find((x) => x.kind === 'scsi')!.bugs = ['sd-nope'])],
];

describe('malformed SCSI scenarios: one line, exit 2', () => {
  it.each(CASES)('%s (%s)', async (_, file, breakIt) => {
    const doc = load(file);
    breakIt(doc);
    const f = join(tmp, `bad-${file}`);
    writeFileSync(f, JSON.stringify(doc));
    const r = await cliInProcess(['run', f]);
    expect(r.status).toBe(2);
    expect(r.stderr).toHaveLength(1);
    expect(r.stderr[0]).not.toMatch(/\n/);
    expect(r.stderr[0]).not.toMatch(/^\s+at /m);
  });
});
