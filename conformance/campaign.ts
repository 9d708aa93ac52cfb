// A conformance campaign: saved scenarios, or random ones from a seed whose unexplained
// disagreements are shrunk (shrink.ts) — all shrinkers advance together, so one round of boots
// serves every disagreement being shrunk — and saved as scenario files that reproduce them.

import { mkdirSync } from 'node:fs';
import { writeAtomically } from '../cli/files.js';
import { join } from 'node:path';
import type { DeviceBug } from '../model/device/nvme/bugs.js';
import type { DeviceScenario } from '../model/scenario/schema.js';
import { disagrees, judge, type Judgement } from './judge.js';
import type { QemuOracle } from './oracle.js';
import { concreteScenario, generatedScenarios } from './random.js';
import { Shrinker } from './shrink.js';

export type Named = { readonly name: string; readonly scenario: DeviceScenario };
export type Judged = Named & { readonly judgement: Judgement };

export type ShrinkOptions = { readonly maxShrunk: number; readonly maxRounds: number; readonly saveDir: string };

export type Shrunk = { readonly from: string; readonly scenario: DeviceScenario; readonly judgement: Judgement; readonly file: string; readonly rounds: number };


export const judgeNamed = async (named: readonly Named[], bugs: readonly DeviceBug[], oracle: Pick<QemuOracle, 'run' | 'version'>): Promise<Judged[]> => {
  const js = await judge(
    named.map((n) => n.scenario),
    bugs,
    oracle,
  );
  return named.map((n, i) => ({ ...n, judgement: js[i]! }));
};

/** Random run `i` of `seed` is named `random:S/i` (its fast-check replay path is `i`). */
export const randomScenarios = (seed: number, runs: number, bugs: readonly DeviceBug[]): Named[] =>
  generatedScenarios(seed, runs).map((sym, i) => ({ name: `random:${seed}/${i}`, scenario: concreteScenario(sym, bugs) }));

/**
 * Shrink the first `maxShrunk` random scenarios that disagree, together, and save each result to
 * `saveDir/conformance-<seed>-<run>.json`. Scenario files carry `bugs`, so they replay as found.
 */
export const shrinkDisagreements = async (
  judged: readonly Judged[],
  seed: number,
  bugs: readonly DeviceBug[],
  oracle: Pick<QemuOracle, 'run' | 'version'>,
  o: ShrinkOptions,
): Promise<Shrunk[]> => {
  const failing = judged.filter((j) => disagrees(j.judgement)).slice(0, o.maxShrunk);
  const shrinkers = failing.map((j) => new Shrinker(seed, j.name.split('/')[1]!, bugs, j.scenario));
  for (let round = 0; round < o.maxRounds && shrinkers.some((s) => !s.done); round++) {
    const asked = shrinkers.map((s) => s.candidates());
    const js = await judge(asked.flat(), [], oracle);
    let k = 0;
    shrinkers.forEach((s, i) => {
      if (s.done) return;
      s.feed(asked[i]!.map(() => disagrees(js[k++]!)));
    });
  }
  shrinkers.forEach((s) => s.stop());
  const results = shrinkers.map((s) => s.result());
  const final = await judge(results, [], oracle);
  mkdirSync(o.saveDir, { recursive: true });
  return failing.map((j, i) => {
    const file = join(o.saveDir, `conformance-${seed}-${j.name.split('/')[1]}.json`);
    writeAtomically(file, `${JSON.stringify(results[i], null, 1)}\n`);
    return { from: j.name, scenario: results[i]!, judgement: final[i]!, file, rounds: shrinkers[i]!.rounds };
  });
};
