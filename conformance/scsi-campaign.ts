// A SCSI conformance campaign (`copyspec conformance --device scsi`): random scenarios from the SCSI
// property generators (properties/device/scsi/generators.ts), kept to what the targets can stand
// for; judged against LIO and scsi_debug booted in batches (scsi-boot.ts); unexplained
// disagreements shrunk in rounds of boots (shrink.ts ScenarioShrinker) and saved.

import fc from 'fast-check';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { writeAtomically } from '../cli/files.js';
import type { ScsiBug } from '../model/device/scsi/bugs.js';
import type { ScsiDeviceEntry, ScsiScenario } from '../model/scenario/scsi-schema.js';
import { scsiConfigArb, symScsiStepArb, traceSymbolicScsi, type SymScsiScenario } from '../properties/device/scsi/generators.js';
import type { Guest } from './guest.js';
import { scsiBootOnce, type ScsiTargetRun } from './scsi-boot.js';
import { compareScsiScenario, type ScsiComparison } from './scsi-compare.js';
import { scsiDivergences } from './scsi-divergences.js';
import { LIO_XCOPY_LIMITS, SDEBUG_ZONE_BYTES, scsiGuestProgram, scsiUnsupportedReason, type ScsiGuestProgram } from './scsi-guest-program.js';
import { observeScsiModel } from './scsi-model-side.js';
import { ScenarioShrinker } from './shrink.js';

export type ScsiJudgement = { readonly skipped: string } | ScsiComparison;
export type ScsiNamed = { readonly name: string; readonly scenario: ScsiScenario };
export type ScsiJudged = ScsiNamed & { readonly judgement: ScsiJudgement };

/** Runs programs on the targets, one result per program, in order. */
export type ScsiOracle = { run(programs: readonly ScsiGuestProgram[]): Promise<ScsiTargetRun[]>; readonly boots: number };

/** Programs per boot: the LIO LUs share one batch; each zoned one loads scsi_debug (~0.3 s under TCG). */
export const SCSI_PROGRAMS_PER_BOOT = 200;

export const scsiOracle = (guest: Guest): ScsiOracle => {
  let boots = 0;
  return {
    get boots() {
      return boots;
    },
    async run(programs) {
      const results: ScsiTargetRun[] = [];
      // One boot at a time: every boot is CPU-heavy without KVM.
      for (let i = 0; i < programs.length; i += SCSI_PROGRAMS_PER_BOOT) {
        const batch = programs.slice(i, i + SCSI_PROGRAMS_PER_BOOT);
        boots += 1;
        const commands = batch.reduce((n, p) => n + p.commands.length, 0);
        // ~10 s to boot, ~0.1 s a command and ~0.5 s a LU under TCG; ample slack for a loaded machine (a guest that hangs costs this much).
        results.push(...(await scsiBootOnce(guest, batch, 300_000 + 200 * commands + 2_000 * batch.length)));
      }
      return results;
    },
  };
};

/**
 * The open limit a scsi_debug LU of `zones` zones has when loaded with zone_max_open=`max`: a limit
 * of at least zones − 1 becomes (zones − 1) / 2, 0 meaning none (scsi_debug.c
 * sdebug_device_create_zones); the LU reports that limit in VPD B6h, so the model is given it.
 */
export const sdebugMaxOpen = (max: number, zones: number): number => (max >= zones - 1 ? Math.floor((zones - 1) / 2) : max);

/**
 * A generated LU as a target can stand for it: a conventional LU is an rd_mcp ramdisk of 128 blocks
 * with LIO's copy limits; a zoned one a scsi_debug LU whose zones are 1 MiB (its smallest) and whose
 * reads are unrestricted (scsi_debug checks no write pointer on reads: URSWRZ in effect) and whose
 * open limit is scsi_debug's (sdebugMaxOpen); MAXIMUM
 * TRANSFER LENGTH is not limited (neither target lets it be set).
 */
export const targetConfig = (c: ScsiDeviceEntry): ScsiDeviceEntry => {
  const base = { ...c, maxTransferLength: 0, ...(c.xcopy ? { xcopy: { ...LIO_XCOPY_LIMITS } } : {}) };
  if (!c.zoned) return { ...base, capacity: 128 };
  const zoneSize = SDEBUG_ZONE_BYTES / c.blockBytes;
  const zones = Math.min(6, Math.max(2, Math.floor(c.capacity / c.zoned.zoneSize)));
  return { ...base, capacity: zones * zoneSize, zoned: { ...c.zoned, zoneSize, urswrz: true, maxOpen: sdebugMaxOpen(c.zoned.maxOpen, zones) } };
};

export const scsiConformanceArb: fc.Arbitrary<SymScsiScenario> = fc.record({
  config: scsiConfigArb.map(targetConfig),
  steps: fc.array(
    symScsiStepArb.filter((s) => s.cmd !== 'inject'),
    { maxLength: 24, size: 'large' },
  ),
});

/** The concrete scenario of a symbolic one, with `bugs` named on its LU (it replays as found); a step the variant throws on ends it. */
export const concreteScsiScenario = (sym: SymScsiScenario, bugs: readonly ScsiBug[]): ScsiScenario => {
  const trace = traceSymbolicScsi(sym, bugs);
  const steps = trace.scenario.steps.slice(0, trace.threw ? trace.threw.stepNo - 1 : trace.steps.length);
  return { ...trace.scenario, devices: trace.scenario.devices.map((d) => ({ ...d, bugs: [...bugs] })), steps };
};

/** Random run `i` of `seed` is named `random:S/i` (its fast-check replay path is `i`). */
export const randomScsiScenarios = (seed: number, runs: number, bugs: readonly ScsiBug[]): ScsiNamed[] => {
  const seen: SymScsiScenario[] = [];
  fc.check(
    fc.property(scsiConformanceArb, (s) => {
      seen.push(s);
      return true;
    }),
    { seed, numRuns: runs },
  );
  return seen.map((sym, i) => ({ name: `random:${seed}/${i}`, scenario: concreteScsiScenario(sym, bugs) }));
};

export const disagreesScsi = (j: ScsiJudgement): boolean => 'disagreements' in j && j.disagreements.some((d) => d.unexplained.length > 0);

/**
 * What shrinking looks for: a disagreement on an answer the target gave. A lost step (the guest
 * failed or timed out on a loaded machine) says nothing about the candidate, so it is not one:
 * otherwise one bad boot would shrink every disagreement to a trivial scenario.
 */
const answeredDisagreement = (j: ScsiJudgement): boolean => 'disagreements' in j && j.disagreements.some((d) => d.unexplained.some((f) => f !== 'lost'));

export const judgeScsi = async (scenarios: readonly ScsiScenario[], bugs: readonly ScsiBug[], oracle: Pick<ScsiOracle, 'run'>): Promise<ScsiJudgement[]> => {
  const reasons = scenarios.map(scsiUnsupportedReason);
  const runnable = scenarios.filter((_, i) => reasons[i] === null);
  const runs = await oracle.run(runnable.map(scsiGuestProgram));
  let k = 0;
  return scenarios.map((sc, i) => {
    const why = reasons[i];
    if (why) return { skipped: why };
    return compareScsiScenario(sc, observeScsiModel(sc, bugs), runs[k++]!, scsiDivergences());
  });
};

export const judgeScsiNamed = async (named: readonly ScsiNamed[], bugs: readonly ScsiBug[], oracle: Pick<ScsiOracle, 'run'>): Promise<ScsiJudged[]> => {
  const js = await judgeScsi(
    named.map((n) => n.scenario),
    bugs,
    oracle,
  );
  return named.map((n, i) => ({ ...n, judgement: js[i]! }));
};

export type ScsiShrunk = { readonly from: string; readonly scenario: ScsiScenario; readonly judgement: ScsiJudgement; readonly file: string; readonly rounds: number };

/** Shrink the first `maxShrunk` disagreeing random scenarios together; save each to `saveDir/conformance-scsi-<seed>-<run>.json`. */
export const shrinkScsiDisagreements = async (
  judged: readonly ScsiJudged[],
  seed: number,
  bugs: readonly ScsiBug[],
  oracle: Pick<ScsiOracle, 'run'>,
  o: { readonly maxShrunk: number; readonly maxRounds: number; readonly saveDir: string },
): Promise<ScsiShrunk[]> => {
  const failing = judged.filter((j) => answeredDisagreement(j.judgement)).slice(0, o.maxShrunk);
  const space = { arb: scsiConformanceArb, concrete: (sym: SymScsiScenario) => concreteScsiScenario(sym, bugs) };
  const shrinkers = failing.map((j) => new ScenarioShrinker(seed, j.name.split('/')[1]!, space, j.scenario));
  for (let round = 0; round < o.maxRounds && shrinkers.some((s) => !s.done); round++) {
    const asked = shrinkers.map((s) => s.candidates());
    const js = await judgeScsi(asked.flat(), [], oracle);
    let k = 0;
    shrinkers.forEach((s, i) => {
      if (s.done) return;
      s.feed(asked[i]!.map(() => answeredDisagreement(js[k++]!)));
    });
  }
  shrinkers.forEach((s) => s.stop());
  const results = shrinkers.map((s) => s.result());
  const final = await judgeScsi(results, [], oracle);
  mkdirSync(o.saveDir, { recursive: true });
  return failing.map((j, i) => {
    const file = join(o.saveDir, `conformance-scsi-${seed}-${j.name.split('/')[1]}.json`);
    writeAtomically(file, `${JSON.stringify(results[i], null, 1)}\n`);
    return { from: j.name, scenario: results[i]!, judgement: final[i]!, file, rounds: shrinkers[i]!.rounds };
  });
};
