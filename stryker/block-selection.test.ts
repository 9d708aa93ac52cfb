// The fast test selection for mutation testing of model/block (npm run mutation -- block): the hand
// examples of model/block and the composed stack's examples, every layer property at MUTATION_RUNS
// runs (default 200) and its known-bad variants refuted at the ci profile's runs, then the stack
// properties that judge split, limits and partitions at MUTATION_STACK_RUNS runs (default 60) on the
// specified stack, and the model/block variants refuted through the stack. Cheap tests first:
// Stryker's vitest runner stops at the first failing test. Not part of `npm test` (vitest.config.ts
// includes test/ only): test/properties/stack-properties.test.ts makes the same assertions at the ci
// profile. One file, for the reason given in stryker/device-selection.test.ts.
import { describe, expect, it } from 'vitest';
import { DEFAULT_RUNS } from '../cli/check.js';
import fc from 'fast-check';
import type { StackBug } from '../model/block/bugs.js';
import type { DesignName } from '../model/stack/design.js';
import { checkLayerProperty } from '../properties/check-stack.js';
import type { StackProperty } from '../properties/property.js';
import { stackCaseArb } from '../properties/stack/generators.js';
import { traceStack } from '../properties/stack/trace.js';
import { variantDesign } from '../properties/designs.js';
import { LAYER_PROPERTIES } from '../properties/stack/layer-properties.js';
import { STACK_PROPERTIES } from '../properties/stack/properties.js';
import '../test/model/block/block-examples.test.js';
import '../test/model/stack/stack.test.js';

const runs = Number(process.env.MUTATION_RUNS ?? 200);
const stackRuns = Number(process.env.MUTATION_STACK_RUNS ?? 60);
const seed = 1;

describe('layer properties hold', () => {
  it.each(LAYER_PROPERTIES.map((p) => [p.id, p] as const))('%s', (_id, p) => {
    const v = checkLayerProperty(p, [], { seed, runs });
    expect(v.verdict === 'refuted' ? v.violation : 'holds').toBe('holds');
  });
});

describe('layer properties refute their known-bad variants', () => {
  it.each(LAYER_PROPERTIES.flatMap((p) => p.refutes.map((b) => [`${p.id} ${b}`, p, b] as const)))('%s', (_name, p, bug) => {
    expect(checkLayerProperty(p, [bug], { seed, runs: DEFAULT_RUNS.layer }).verdict).toBe('refuted');
  });
});

// The stack properties whose verdict depends on model/block: content (split pieces, partition and dm
// remaps), device limits, the books; judged together on one set of traces (a trace is the costly
// part), and the variants that live in model/block, refuted without shrinking (only the verdict matters).
const STACK_IDS = ['MODEL-02', 'LIMIT-03', 'DATA-02', 'CMPL-01', 'CMPL-02'];
const BLOCK_VARIANTS: readonly StackBug[] = ['split-ignores-src-segments', 'split-ignores-chunk', 'split-drops-tail'];
const selected = STACK_PROPERTIES.filter((p) => STACK_IDS.includes(p.id));

/** The first violation any of `props` finds within `numRuns` cases, or null. */
const violation = (props: readonly StackProperty[], bugs: readonly StackBug[], design: DesignName, numRuns: number): string | null => {
  let found: string | null = null;
  fc.check(
    fc.property(stackCaseArb(bugs, design), (c) => {
      const t = traceStack(c.cfg, c.schedule);
      for (const p of props) {
        const v = p.check(t);
        if (v !== null) found = `${p.id}: ${v}`;
      }
      return found === null;
    }),
    { seed, numRuns, endOnFailure: true },
  );
  return found;
};

describe('stack', () => {
  it(`${STACK_IDS.join(', ')} hold on the specified stack`, () => expect(violation(selected, [], 'vectored-bio+fix', stackRuns)).toBe(null));
  it.each(BLOCK_VARIANTS.map((b) => [b]))('refutes %s', (bug) => {
    expect(violation(STACK_PROPERTIES.filter((p) => p.refutes.includes(bug)), [bug], variantDesign(bug), DEFAULT_RUNS.stack)).not.toBe(null);
  });
});
