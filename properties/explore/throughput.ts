// Throughput of the exhaustive explorer for `npm run bench`: every embedded configuration under
// every design, properties judged. The clock is the caller's (`now`, in milliseconds): the
// explorer itself never reads it, so its results stay deterministic.

import { DESIGN_NAMES } from '../../model/stack/design.js';
import { EXPLORE_CONFIGS } from './configs.js';
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

export const exploreStatesPerSecond = (now: () => number): ExploreThroughput => {
  let states = 0;
  let transitions = 0;
  let leaves = 0;
  let runs = 0;
  const start = now();
  for (const c of EXPLORE_CONFIGS) {
    for (const d of DESIGN_NAMES) {
      const r = exploreStack(c.make(d));
      states += r.states;
      transitions += r.transitions;
      leaves += r.leaves;
      runs++;
    }
  }
  const seconds = (now() - start) / 1000;
  return { runs, states, transitions, leaves, seconds, statesPerSecond: states / seconds };
};
