import { describe, expect, it } from 'vitest';
import { STACK_SHAPES, shapeDistribution } from '../../properties/stack/shapes.js';

describe('stack generator shapes (issue 11)', () => {
  it('the ci profile\'s 200 cases per cell produce every listed shape', () => {
    const d = shapeDistribution(200, 1);
    for (const s of STACK_SHAPES) expect(d[s], s).toBeGreaterThan(0);
  });
});
