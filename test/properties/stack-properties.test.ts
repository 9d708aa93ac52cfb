// Checking power: every stack and layer property holds on the specified stack and refutes each
// known-bad variant it declares, at the default (ci) number of runs.

import { describe, expect, it } from 'vitest';
import { LAYER_PROPERTIES } from '../../properties/stack/layer-properties.js';
import { STACK_PROPERTIES } from '../../properties/stack/properties.js';
import { checkLayerProperty, checkStackProperty } from '../../properties/check-stack.js';
import { DEFAULT_RUNS } from '../../cli/check.js';
import { variantDesign } from '../../properties/designs.js';

const seed = 1;

describe.each(STACK_PROPERTIES.map((p) => [p.id, p] as const))('%s', (_, p) => {
  it('holds on the specified stack', () => {
    // The design the variants run on (vectored-bio as posted refutes four properties by itself).
    const v = checkStackProperty(p, [], { seed, runs: DEFAULT_RUNS.stack }, 'vectored-bio+fix');
    expect(v.verdict === 'refuted' ? v.violation : 'holds').toBe('holds');
  });
  it.each(p.refutes.map((b) => [b]))('refutes %s', (bug) => {
    expect(checkStackProperty(p, [bug], { seed, runs: DEFAULT_RUNS.stack }, variantDesign(bug)).verdict).toBe('refuted');
  });
});

describe.each(LAYER_PROPERTIES.map((p) => [p.id, p] as const))('%s', (_, p) => {
  it('holds on the specified layer', () => {
    expect(checkLayerProperty(p, [], { seed, runs: DEFAULT_RUNS.layer }).verdict).toBe('holds');
  });
  it.each(p.refutes.map((b) => [b]))('refutes %s', (bug) => {
    expect(checkLayerProperty(p, [bug], { seed, runs: DEFAULT_RUNS.layer }).verdict).toBe('refuted');
  });
});
