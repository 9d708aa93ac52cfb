// Batched shrinking gives what fast-check's one-candidate-at-a-time shrinking gives, in few rounds.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { concreteScenario, conformanceScenarioArb, generatedScenarios } from '../../conformance/random.js';
import { Shrinker } from '../../conformance/shrink.js';
import type { DeviceScenario } from '../../model/scenario/schema.js';

/** A stand-in for "QEMU disagrees": a multi-range Copy onto a zoned namespace. */
const disagrees = (s: DeviceScenario): boolean => s.devices[0]!.zoned !== undefined && s.steps.some((st) => st.cmd === 'copy' && st.ranges.length > 1);

describe('Shrinker', () => {
  const seed = 7;
  const syms = generatedScenarios(seed, 100);
  const run = syms.findIndex((s) => disagrees(concreteScenario(s, [])));

  it('finds a disagreeing run to shrink', () => expect(run).toBeGreaterThanOrEqual(0));

  it('reaches the counterexample sequential shrinking reaches, in batched rounds', () => {
    const sequential = fc.check(fc.property(conformanceScenarioArb, (sym) => !disagrees(concreteScenario(sym, []))), { seed, path: String(run) });
    const s = new Shrinker(seed, String(run), [], concreteScenario(syms[run]!, []));
    let asked = 0;
    while (!s.done) {
      const batch = s.candidates();
      asked += batch.length;
      s.feed(batch.map(disagrees));
    }
    expect(s.result()).toEqual(concreteScenario(sequential.counterexample![0], []));
    expect(s.result().steps).toHaveLength(1);
    expect(disagrees(s.result())).toBe(true);
    // Each round is one QEMU boot: far fewer rounds than candidates.
    expect(s.rounds).toBeLessThan(asked);
  });

  it('stops at a cap with the smallest disagreeing scenario seen', () => {
    const s = new Shrinker(seed, String(run), [], concreteScenario(syms[run]!, []));
    s.feed(s.candidates().map(disagrees));
    s.stop();
    expect(s.candidates()).toEqual([]);
    expect(disagrees(s.result())).toBe(true);
  });
});
