// `copyspec/vitest`: check a copyspec stack property on a design — built in, or a design of one's
// own derived from one — inside one's own vitest suite, on @fast-check/vitest. A counterexample is
// shrunk (within SHRINK_BUDGET, as `copyspec check`), saved atomically as a counterexample file,
// and the test fails with the violation, the seed, fast-check's path and the `copyspec replay`
// command. A property whose precondition never held in any run fails too: it was not tested.
//
//   import { propertyTest } from 'copyspec/vitest';
//   import { designOf } from 'copyspec';
//   propertyTest('DATA-02', 'vectored-bio+fix', { runs: 50 });
//   propertyTest('ZONE-06', { ...designOf('vectored-bio+fix'), name: 'mine', zonePlugCopies: false });

import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from '@fast-check/vitest';
import type { RunDetails } from 'fast-check';
import { withDesigns } from '../model/designs/index.js';
import { SHRINK_BUDGET, stackScenarioOf } from '../properties/check-stack.js';
import type { StackProperty } from '../properties/property.js';
import { stackCaseArb, type StackCase } from '../properties/stack/generators.js';
import { traceStack } from '../properties/stack/trace.js';
import { replayCommandOf, resolveDesign, saveCounterexample, stackBugsOf, stackCounterexample, stackPropertyOf, type DesignChoice } from './check.js';

const DEFAULT_TIMEOUT = 600_000;

export type PropertyTestOptions = {
  /** Known-bad stack variants to run the design with (`copyspec variants`); default none. */
  readonly bugs?: readonly string[];
  /** Random cases (default 200, the ci profile's stack runs). */
  readonly runs?: number;
  /** fast-check seed (default 1, as `copyspec check`: the same verdict on every run). */
  readonly seed?: number;
  /** fast-check path of a failure printed earlier: with its seed, reruns just that case. */
  readonly path?: string;
  /** Where the counterexample file is written (default `<tmpdir>/copyspec-counterexamples`). */
  readonly save?: string;
  /** 'holds' (default): a counterexample fails the test; 'refuted': the test fails unless one is found (a known-bad variant of one's own). */
  readonly expect?: 'holds' | 'refuted';
  /** The test's title (default `<PROPERTY> on <design>[ with <variants>]`; @fast-check/vitest adds the seed). */
  readonly name?: string;
  /**
   * vitest's timeout for this test, in milliseconds (default 10 minutes: the work is bounded by the
   * run count and SHRINK_BUDGET, not the clock; vitest's 5 s default would cut a loaded machine short).
   */
  readonly timeout?: number;
};

/** Declare a vitest test: `property` (a stack property ID, or the property) holds on `design`. */
export const propertyTest = (property: string | StackProperty, design: DesignChoice, o: PropertyTestOptions = {}): void => {
  const prop = stackPropertyOf(property);
  const d = resolveDesign(design);
  const bugs = stackBugsOf(o.bugs ?? []);
  const seed = o.seed ?? 1;
  const on = `${d.name}${bugs.length ? ` with ${bugs.join(', ')}` : ''}`;
  const traceOf = (c: StackCase) => withDesigns(d.own, () => traceStack(c.cfg, c.schedule));
  /** The property's verdict on a trace; a property that throws (on a design of one's own, say) is a violation too. */
  const violationOf = (t: ReturnType<typeof traceOf>): string | null => {
    try {
      return prop.check(t);
    } catch (e) {
      return `${prop.id} threw: ${e instanceof Error ? e.message : String(e)}`;
    }
  };

  // Per run of the test: runs whose precondition held, and candidates judged since the first failure.
  let tested = 0;
  let failing = false;
  let shrinkTried = 0;
  const judge = (c: StackCase): boolean => {
    // Past the budget every candidate passes and fast-check keeps the smallest failure found so far.
    if (failing && ++shrinkTried > SHRINK_BUDGET) return true;
    const t = traceOf(c);
    const bad = violationOf(t) !== null;
    if (!failing && prop.precondition(t)) tested++;
    if (bad) failing = true;
    return !bad;
  };

  const report = (r: RunDetails<[StackCase]>): void => {
    const cut = shrinkTried > SHRINK_BUDGET;
    const wasTested = tested;
    [tested, failing, shrinkTried] = [0, false, 0];
    if (!r.failed) {
      if (o.expect === 'refuted') throw new Error(`${prop.id} holds on ${on} in ${r.numRuns} runs (seed ${r.seed}); a counterexample was expected`);
      if (wasTested === 0 && o.path === undefined) throw new Error(`${prop.id} was never put to the test on ${on}: its precondition held in none of ${r.numRuns} runs (vacuous)`);
      return;
    }
    if (r.counterexample === null) throw new Error(`${prop.id} on ${on}: fast-check failed without a counterexample (seed ${r.seed}): ${String(r.errorInstance)}`);
    if (o.expect === 'refuted') return;
    const [c] = r.counterexample;
    const t = traceOf(c);
    const violation = violationOf(t) ?? `the shrunk case no longer fails (${String(r.errorInstance)}): report this as a copyspec bug`;
    const path = r.counterexamplePath ?? '';
    const file = saveCounterexample(
      o.save ?? join(tmpdir(), 'copyspec-counterexamples'),
      stackCounterexample({ property: prop.id, design: d.name, bugs, seed: r.seed, path, violation, scenario: stackScenarioOf(c.cfg, t.schedule) }),
    );
    throw new Error(
      [
        `${prop.id} violated on ${on} after ${r.numRuns} run(s) and ${r.numShrinks} shrink(s)${cut ? ` (shrinking stopped after ${SHRINK_BUDGET} candidates)` : ''}:`,
        `  ${violation}`,
        `  seed ${r.seed}, path ${JSON.stringify(path)} (rerun just this case: { seed: ${r.seed}, path: ${JSON.stringify(path)} })`,
        `  counterexample: ${file}`,
        d.builtIn
          ? `  replay: ${replayCommandOf(file)}`
          : `  replay: in this test with { seed, path } above (\`copyspec replay\` knows only the built-in designs, not ${JSON.stringify(d.name)})`,
      ].join('\n'),
    );
  };

  const params = {
    seed,
    numRuns: o.runs ?? 200,
    ...(o.path !== undefined ? { path: o.path } : {}),
    // Only whether a counterexample exists matters: no shrinking.
    ...(o.expect === 'refuted' ? { endOnFailure: true } : {}),
    reporter: report,
  };
  test.prop([stackCaseArb(bugs, d.name)], params)(o.name ?? `${prop.id} on ${on}`, judge, o.timeout ?? DEFAULT_TIMEOUT);
};
