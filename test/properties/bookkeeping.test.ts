// Issue 11: bookkeeping invariants, each with the known-bad variant it refutes.
import { describe, expect, it } from 'vitest';
import { checkStackProperty } from '../../properties/check-stack.js';
import { MODEL_02, ZONE_06 } from '../../properties/stack/properties.js';

describe('bookkeeping invariants', () => {
  it('ZONE-06 (host write pointer = device write pointer) refutes zwplug-merge-no-advance and holds on emulation', () => {
    expect(checkStackProperty(ZONE_06, ['zwplug-merge-no-advance'], { seed: 1, runs: 200 }, 'emulation').verdict).toBe('refuted');
    expect(checkStackProperty(ZONE_06, [], { seed: 1, runs: 200 }, 'emulation').verdict).toBe('holds');
  });
  it('MODEL-02 (a request is as long as its bios) refutes merge-forgets-length', () => {
    expect(checkStackProperty(MODEL_02, ['merge-forgets-length'], { seed: 1, runs: 200 }, 'emulation').verdict).toBe('refuted');
  });
});
