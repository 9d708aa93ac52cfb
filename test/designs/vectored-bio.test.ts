// vectored-bio as posted (Keith Busch, May 2025) and vectored-bio+fix: the series' mechanisms one by
// one, each posted defect on a small stack, and the declared verdicts of both designs.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bioAddCopySrc, copyWalk, sectorAdvance } from '../../model/designs/vectored-bio/copy-bio.js';
import { bioSplitCopy } from '../../model/designs/vectored-bio/split.js';
import { blkIoctlCopyVec } from '../../model/designs/vectored-bio/ioctl.js';
import { nvmeQueueLimits, type QueueLimits } from '../../model/block/limits.js';
import { stackConfigOf } from '../../model/scenario/run-stack.js';
import { stackScenarioSchema, type StackScenarioInput } from '../../model/scenario/stack-schema.js';
import type { DesignName } from '../../model/stack/design.js';
import type { StackConfig } from '../../model/stack/state.js';
import { expectedVerdict } from '../../properties/designs.js';
import { checkStackProperty } from '../../properties/check-stack.js';
import { STACK_PROPERTIES } from '../../properties/stack/properties.js';
import { traceStack } from '../../properties/stack/trace.js';

const root = join(import.meta.dirname, '..', '..');
const POSTED = { mergeFixed: false, clampToSize: false };
const FIXED = { mergeFixed: true, clampToSize: true };
const prop = (id: string) => STACK_PROPERTIES.find((p) => p.id === id)!;
const example = (name: string, design: DesignName): StackConfig => ({
  ...stackConfigOf(stackScenarioSchema.parse(JSON.parse(readFileSync(join(root, 'examples', name), 'utf8')) as StackScenarioInput)),
  design,
});
const lim = (over: Partial<QueueLimits>): QueueLimits => ({ ...nvmeQueueLimits({ lbaBytes: 512, mdts: 0 }), ...over });

describe('bio_add_copy_src (2/5 bvec_try_merge_copy_src)', () => {
  it('as posted merges non-adjacent sources whose distance equals the new length (D1)', () => {
    expect(bioAddCopySrc([{ sector: 0, nr: 8 }], { sector: 4, nr: 4 }, POSTED)).toEqual([{ sector: 0, nr: 12 }]);
    expect(bioAddCopySrc([{ sector: 0, nr: 4 }], { sector: 8, nr: 8 }, POSTED)).toEqual([{ sector: 0, nr: 12 }]);
    // Adjacent sources of different lengths are not merged; of equal lengths they are, correctly.
    expect(bioAddCopySrc([{ sector: 0, nr: 4 }], { sector: 4, nr: 8 }, POSTED)).toHaveLength(2);
    expect(bioAddCopySrc([{ sector: 0, nr: 4 }], { sector: 4, nr: 4 }, POSTED)).toEqual([{ sector: 0, nr: 8 }]);
  });
  it('+fix merges exactly the adjacent ones', () => {
    expect(bioAddCopySrc([{ sector: 0, nr: 8 }], { sector: 4, nr: 4 }, FIXED)).toHaveLength(2);
    expect(bioAddCopySrc([{ sector: 0, nr: 4 }], { sector: 4, nr: 8 }, FIXED)).toEqual([{ sector: 0, nr: 12 }]);
  });
});

describe('the copy iterator (2/5 bvec.h)', () => {
  const AB = [{ sector: 1000, nr: 100 }, { sector: 5000, nr: 100 }];
  it('advances the source cursor across entries with the destination, and stops before a zero-length entry', () => {
    expect(sectorAdvance(AB, 128)).toEqual([{ sector: 5028, nr: 72 }]);
    expect(sectorAdvance([{ sector: 0, nr: 8 }, { sector: 16, nr: 0 }, { sector: 24, nr: 8 }], 8)).toEqual([{ sector: 16, nr: 0 }, { sector: 24, nr: 8 }]);
  });
  it('as posted yields the whole last piece past bi_size, then bi_size wraps (D2)', () => {
    expect(copyWalk(AB, 128, 128, POSTED)).toEqual({ pieces: AB, overran: true });
    expect(copyWalk(AB, 128, 128, FIXED)).toEqual({ pieces: [AB[0], { sector: 5000, nr: 28 }], overran: false });
  });
  it('yields a 0-sector piece for a zero-length entry (D4)', () => {
    expect(copyWalk([{ sector: 0, nr: 8 }, { sector: 16, nr: 0 }, { sector: 24, nr: 8 }], 16, 8, POSTED).pieces).toEqual([
      { sector: 0, nr: 8 },
      { sector: 16, nr: 0 },
      { sector: 24, nr: 8 },
    ]);
  });
});

describe('bio_split_copy (2/5 blk-merge.c)', () => {
  it('cuts at max_copy_sectors inside a source; the front keeps the shared vector, the rest is advanced', () => {
    const b = { op: 'copy' as const, bdev: 'nvme0n1', sector: 0, nr: 200, srcs: [{ sector: 1000, nr: 100 }, { sector: 5000, nr: 100 }], data: [], nowait: false, decrypt: [] };
    const pieces = bioSplitCopy(b, lim({ maxCopySectors: 128, maxCopySegmentSectors: 128, maxCopySrcSegments: 4 }), POSTED, 0, []);
    expect(pieces.map((p) => [p.sector, p.nr, p.nsegs, p.srcs])).toEqual([
      [0, 128, 2, b.srcs],
      [128, 72, 1, [{ sector: 5028, nr: 72 }]],
    ]);
  });
  it('cuts after max_copy_segments pieces, and not at a chunk boundary unless the limits carry one', () => {
    const b = { op: 'copy' as const, bdev: 'nvme0n1', sector: 14, nr: 6, srcs: [{ sector: 0, nr: 2 }, { sector: 4, nr: 2 }, { sector: 8, nr: 2 }], data: [], nowait: false, decrypt: [] };
    expect(bioSplitCopy(b, lim({ maxCopySectors: 64, maxCopySegmentSectors: 8, maxCopySrcSegments: 2 }), POSTED, 0, []).map((p) => p.nr)).toEqual([4, 2]);
    expect(bioSplitCopy(b, lim({ maxCopySectors: 64, maxCopySegmentSectors: 8, maxCopySrcSegments: 8, chunkSectors: 16 }), FIXED, 0, []).map((p) => p.nr)).toEqual([2, 4]);
  });
});

describe('BLKCPY_VEC (4/5 blk_ioctl_copy_vec)', () => {
  it('checks alignment and each source against [dst, dst + its own length) only (D13)', () => {
    expect(blkIoctlCopyVec(8, 4, [])).toBe(-22);
    expect(blkIoctlCopyVec(8, 96, [{ sector: 100, nr: 8 }])).toBe(-22);
    expect(blkIoctlCopyVec(1, 100, [{ sector: 104, nr: 8 }])).toBe(-22);
    // The destination is 16 sectors long; the second source lies inside it and passes.
    expect(blkIoctlCopyVec(1, 100, [{ sector: 0, nr: 8 }, { sector: 110, nr: 8 }])).toBeNull();
    // No range, zero-length ranges: accepted (D9, D4).
    expect(blkIoctlCopyVec(8, 0, [])).toBeNull();
    expect(blkIoctlCopyVec(8, 0, [{ sector: 64, nr: 0 }])).toBeNull();
  });
});

describe('the posted defects on a stack (examples/vectored-bio-*.json)', () => {
  const data = prop('DATA-02');
  it.each([
    ['vectored-bio-d1-merge.json', 'D1: two sources merged into one wrong range'],
    ['vectored-bio-d3-emulation.json', 'D3: emulation writes every source at the same destination'],
    ['vectored-bio-d5-partition.json', 'D5: sources read at whole-disk sectors on a partition'],
  ])('%s refutes DATA-02 as posted and holds with +fix (%s)', (file) => {
    expect(data.check(traceStack(example(file, "vectored-bio"), []))).toMatch(/the reference holds/);
    expect(data.check(traceStack(example(file, 'vectored-bio+fix'), []))).toBeNull();
  });
  it('D2: a split inside a source makes nvme_setup_copy run past the vector (MODEL-02); +fix clamps the piece', () => {
    const t = traceStack(example('vectored-bio-d2-split.json', 'vectored-bio'), []);
    expect(t.threw?.message).toMatch(/D2/);
    const f = traceStack(example('vectored-bio-d2-split.json', 'vectored-bio+fix'), []);
    expect(f.threw).toBeUndefined();
    expect(prop('LIMIT-03').check(f)).toBeNull();
    expect(data.check(f)).toBeNull();
  });
  it('D4: a zero-length source becomes a 65536-block Source Range entry (LIMIT-03)', () => {
    const t = traceStack(example('vectored-bio-d4-zero-length.json', 'vectored-bio'), []);
    const cmd = t.events.find((e) => e.event === 'device-cmd' && e.command.cmd === 'copy');
    expect(cmd?.event === 'device-cmd' && cmd.command.cmd === 'copy' ? cmd.command.ranges.map((r) => r.nlb) : []).toEqual([7, 0xffff, 7]);
    expect(prop('LIMIT-03').check(t)).toMatch(/65536 blocks > MSSRL/);
  });
  it('D7: 128 segments on a namespace with MSRC 255 fail on the host (CMPL-02); +fix caps max_copy_segments at 128', () => {
    expect(prop('CMPL-02').check(traceStack(example('vectored-bio-d7-128-segments.json', 'vectored-bio'), []))).toMatch(/NVME_COPY_MAX_RANGES/);
    expect(prop('CMPL-02').check(traceStack(example('vectored-bio-d7-128-segments.json', 'vectored-bio+fix'), []))).toBeNull();
  });
  it('D9: no source at all reaches the device as a Copy with NR 255', () => {
    const t = traceStack(example('vectored-bio-d9-empty.json', 'vectored-bio'), []);
    const cmd = t.events.find((e) => e.event === 'device-cmd' && e.command.cmd === 'copy');
    expect(cmd?.event === 'device-cmd' && cmd.command.cmd === 'copy' ? cmd.command.nr : -1).toBe(255);
  });
});

it('the known-bad merge that skips the segment bound is refuted by LIMIT-03 on vectored-bio+fix', () => {
  expect(checkStackProperty(prop('LIMIT-03'), ['copy-merge-ignores-segments'], { seed: 1, runs: 200 }, 'vectored-bio+fix').verdict).toBe('refuted');
});

describe.each(['vectored-bio', 'vectored-bio+fix'] as const)('design %s', (design) => {
  it.each(STACK_PROPERTIES.map((p) => [p.id, p] as const))('%s as declared', (_, p) => {
    const want = expectedVerdict(design, p.id);
    if (want === 'n/a') return;
    const v = checkStackProperty(p, [], { seed: 1, runs: want === 'refuted' ? 200 : 40 }, design);
    expect(v.verdict === 'refuted' ? `refuted: ${v.violation}` : 'holds').toEqual(want === 'holds' ? 'holds' : expect.stringMatching(/^refuted/));
  });
});
