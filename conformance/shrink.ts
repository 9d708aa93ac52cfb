// Shrinking a disagreement found on a random scenario, with fast-check's own shrinker but QEMU
// boots in batches. The disagreement predicate needs QEMU, and fast-check asks it one candidate at
// a time; a boot per candidate would be ~8 s each. So shrinking proceeds in rounds: fc.check replays
// the failing run (seed + path) and shrinks it against a cache of QEMU verdicts, treating a
// candidate not yet run as agreeing and noting it; the round's notes then run together in one
// boot (each candidate on its own namespace), their verdicts enter the cache, and the next round
// replays. When a round notes nothing, fc.check's answer is exactly what shrinking against QEMU
// one candidate at a time would give. Rounds are capped (maxRounds); at the cap the smallest
// failing candidate seen so far is the answer, still a real, reproduced disagreement.

import fc from 'fast-check';
import type { DeviceBug } from '../model/device/nvme/bugs.js';
import type { DeviceScenario } from '../model/scenario/schema.js';
import type { SymScenario } from '../properties/device/generators.js';
import { concreteScenario, conformanceScenarioArb } from './random.js';

/** Candidates one shrinker sends to a round at most. */
export const CANDIDATES_PER_ROUND = 64;

/** What a shrinker walks: the arbitrary the random scenarios came from, and how a symbolic one becomes concrete. */
export type ShrinkSpace<Sym, Sc> = { readonly arb: fc.Arbitrary<Sym>; readonly concrete: (sym: Sym) => Sc };

/** The shrinker of any device kind (NVMe: Shrinker below; SCSI: scsi-campaign.ts). */
export class ScenarioShrinker<Sym, Sc> {
  private readonly verdicts = new Map<string, boolean>();
  private readonly resolved = new Map<string, Sc>();
  private best: Sc;
  private pending: Sc[] = [];
  rounds = 0;
  done = false;

  /** `original`: the concrete scenario of run `path` from `seed`, known to disagree. */
  constructor(
    private readonly seed: number,
    private readonly path: string,
    private readonly space: ShrinkSpace<Sym, Sc>,
    original: Sc,
  ) {
    this.best = original;
    this.verdicts.set(JSON.stringify(original), true);
    this.replay();
  }

  /** The candidates the next round must run on QEMU (empty when done). */
  candidates(): readonly Sc[] {
    return this.done ? [] : this.pending;
  }

  /** Verdicts for the candidates: true = an unexplained disagreement. Then replay. */
  feed(disagrees: readonly boolean[]): void {
    this.pending.forEach((s, i) => this.verdicts.set(JSON.stringify(s), disagrees[i] ?? false));
    this.rounds += 1;
    this.replay();
  }

  /** Stop at the cap: the answer is the smallest failing candidate so far. */
  stop(): void {
    this.done = true;
  }

  result(): Sc {
    return this.best;
  }

  private replay(): void {
    const pending: Sc[] = [];
    const noted = new Set<string>();
    const r = fc.check(
      fc.property(this.space.arb, (sym) => {
        // A full round: the rest of the walk waits for the next replay (its verdicts cannot change this round's batch).
        if (pending.length >= CANDIDATES_PER_ROUND) return true;
        // Every round replays the same path: resolve each symbolic scenario against the model once.
        const symKey = JSON.stringify(sym);
        let sc = this.resolved.get(symKey);
        if (!sc) this.resolved.set(symKey, (sc = this.space.concrete(sym)));
        const key = JSON.stringify(sc);
        const known = this.verdicts.get(key);
        if (known !== undefined) return !known;
        if (!noted.has(key)) {
          noted.add(key);
          pending.push(sc);
        }
        return true;
      }),
      { seed: this.seed, path: this.path },
    );
    if (r.failed && r.counterexample) this.best = this.space.concrete(r.counterexample[0]);
    this.pending = pending;
    if (!pending.length) this.done = true;
  }
}

/** The NVMe shrinker: random.ts's scenarios, resolved against the model with `bugs`. */
export class Shrinker extends ScenarioShrinker<SymScenario, DeviceScenario> {
  constructor(seed: number, path: string, bugs: readonly DeviceBug[], original: DeviceScenario) {
    super(seed, path, { arb: conformanceScenarioArb, concrete: (sym) => concreteScenario(sym, bugs) }, original);
  }
}
