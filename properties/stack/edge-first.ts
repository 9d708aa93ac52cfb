// A deterministic prefix of edge cases (issue 10: verdicts that do not depend on the seed). The
// first runs of a stack check take each edge of STACK_EDGES in turn, the rest of each case random;
// then the random runs follow. A weighting alone makes a missing edge improbable, never impossible;
// the prefix makes every edge certain in every seed. fast-check hands a property the run's index
// (`generate(mrng, runId)`), not an arbitrary, so the prefix is a property: run i < prefix.length
// draws from prefix[i], and each value remembers which arbitrary drew it so that it shrinks there.
// A counterexample's fast-check path replays too: the runner passes the same run index again.

import fc from 'fast-check';
import type { StackBug } from '../../model/block/bugs.js';
import type { DesignName } from '../../model/stack/design.js';
import { STACK_EDGES, stackCaseArb, stackEdgeCaseArb, type StackCase } from './generators.js';

/** Rounds of the edge prefix: every edge is drawn this many times before the random runs. */
export const EDGE_ROUNDS = 2;

type Tagged = { readonly from: number; readonly context: unknown };

/** `fc.property(arb, pred)`, except that run i < prefix.length draws its value from prefix[i]. */
export const prefixedProperty = <T>(prefix: readonly fc.Arbitrary<T>[], arb: fc.Arbitrary<T>, pred: (t: T) => boolean): fc.IRawProperty<[T], false> => {
  const props = [...prefix, arb].map((a) => fc.property(a, pred));
  const main = props[prefix.length]!;
  const tag = (from: number, v: fc.Value<[T]>): fc.Value<[T]> => new fc.Value(v.value_, { from, context: v.context } satisfies Tagged);
  return {
    isAsync: () => false,
    generate: (mrng, runId) => {
      const from = runId !== undefined && runId < prefix.length ? runId : prefix.length;
      return tag(from, props[from]!.generate(mrng, runId));
    },
    shrink: (v) => {
      const t = v.context as Tagged | undefined;
      if (t === undefined) return main.shrink(v); // a value given without context (fast-check `examples`)
      return props[t.from]!.shrink(new fc.Value(v.value_, t.context)).map((w) => tag(t.from, w));
    },
    run: (v) => main.run(v),
    runBeforeEach: () => main.runBeforeEach(),
    runAfterEach: () => main.runAfterEach(),
  };
};

/** The arbitraries of the edge prefix, edge after edge, EDGE_ROUNDS times. */
export const edgePrefix = (bugs: readonly StackBug[], design: DesignName): fc.Arbitrary<StackCase>[] =>
  Array.from({ length: EDGE_ROUNDS }, () => STACK_EDGES.map((e) => stackEdgeCaseArb(bugs, design, e))).flat();

/** The stack check's property: the edge prefix, then stackCaseArb's random cases. */
export const stackCaseProperty = (bugs: readonly StackBug[], design: DesignName, pred: (c: StackCase) => boolean): fc.IRawProperty<[StackCase], false> =>
  prefixedProperty(edgePrefix(bugs, design), stackCaseArb(bugs, design), pred);
