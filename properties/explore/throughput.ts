// Throughput of the exhaustive explorer for `npm run bench`: every embedded configuration under
// every design, properties judged. The clock is the caller's (`now`, in milliseconds; bench passes
// CPU time, as the machines are shared): the explorer itself never reads it, so its results stay
// deterministic.

import { DESIGN_NAMES } from '../../model/stack/design.js';
import { EXPLORE_CONFIGS } from './configs.js';
import type { StackProperty } from '../property.js';
import { exploreStack } from './stack-explore.js';

export type ExploreThroughput = {
  /** Configuration × design explorations run. */
  readonly runs: number;
  readonly states: number;
  readonly transitions: number;
  readonly leaves: number;
  readonly seconds: number;
  readonly statesPerSecond: number;
};

/** A configuration's family: the first word of its name (nvme, zns, dm). */
export const familyOf = (config: string): string => config.split('-')[0]!;

/**
 * The whole embedded set, and the same figures per configuration family. `properties` as
 * exploreStack's (default: every stack property; `[]` measures the search alone).
 */
export const exploreStatesPerSecond = (now: () => number, properties?: readonly StackProperty[]): ExploreThroughput & { readonly families: Readonly<Record<string, ExploreThroughput>> } => {
  const acc = new Map<string, { runs: number; states: number; transitions: number; leaves: number; ms: number }>();
  const add = (family: string, r: { states: number; transitions: number; leaves: number }, ms: number): void => {
    const a = acc.get(family) ?? { runs: 0, states: 0, transitions: 0, leaves: 0, ms: 0 };
    acc.set(family, { runs: a.runs + 1, states: a.states + r.states, transitions: a.transitions + r.transitions, leaves: a.leaves + r.leaves, ms: a.ms + ms });
  };
  for (const c of EXPLORE_CONFIGS) {
    for (const d of DESIGN_NAMES) {
      const t = now();
      const r = exploreStack(c.make(d), properties ? { properties } : {});
      const ms = now() - t;
      add(familyOf(c.name), r, ms);
      add('', r, ms);
    }
  }
  const figures = (a: { runs: number; states: number; transitions: number; leaves: number; ms: number }): ExploreThroughput => ({
    runs: a.runs,
    states: a.states,
    transitions: a.transitions,
    leaves: a.leaves,
    seconds: a.ms / 1000,
    statesPerSecond: a.states / Math.max(a.ms / 1000, 1e-9),
  });
  const families = Object.fromEntries([...acc].filter(([f]) => f !== '').map(([f, a]) => [f, figures(a)]));
  return { ...figures(acc.get('')!), families };
};
