// What a stack trace exercised: the action kinds taken and the interesting branches reached. The
// checker sums these over a property's runs and fails a cell whose precondition never held or a
// design whose listed branches were never reached (a `checkCoverage` fast-check lacks): a property
// that was never put to the test has not held, it has been vacuous.

import type { StackTrace } from './trace.js';
import { opsOf } from '../../model/stack/ops.js';

export const BRANCHES = ['split', 'plug-auto-flush', 'tag-failure', 'fallback', 'partial-failure', 'zoned-write', 'combined-command'] as const;
export type Branch = (typeof BRANCHES)[number];

export const branchesOf = (t: StackTrace): Set<Branch> => {
  const out = new Set<Branch>();
  const nvme = new Set(t.cfg.devices.map((d) => d.name));
  const zoned = new Set(t.cfg.devices.filter((d) => d.zoned).map((d) => d.name));
  if (t.actions.some((a) => a.kind === 'tag-fail')) out.add('tag-failure');
  if (opsOf(t.final).some((o) => o.emulated)) out.add('fallback'); // a copy done by read + write
  for (const s of t.states) {
    for (const key in s.bios) {
      const b = s.bios[Number(key)]!;
      if (b.stage === 'parent' && nvme.has(b.bdev)) out.add('split'); // split to the disk's limits
      if (b.stage === 'wait-tag') out.add('tag-failure');
    }
  }
  for (const e of t.events) {
    if (e.event === 'plug-flush' && e.reason === 'limit') out.add('plug-auto-flush');
    if (e.event === 'fallback') out.add('fallback');
    if (e.event === 'device-done' && e.cmd === 'copy' && e.status !== 'SUCCESS' && e.dw0 > 0) out.add('partial-failure');
    if (e.event === 'device-cmd' && zoned.has(e.dev) && (e.command.cmd === 'write' || e.command.cmd === 'copy')) out.add('zoned-write');
    if (e.event === 'device-cmd' && e.requests > 1) out.add('combined-command'); // multi-bio-plug's batch combine
  }
  return out;
};

export type Coverage = { actions: Record<string, number>; branches: Record<string, number>; preconditionHeld: number; runs: number };

export const emptyCoverage = (): Coverage => ({ actions: {}, branches: {}, preconditionHeld: 0, runs: 0 });

export const addCoverage = (c: Coverage, t: StackTrace, precondition: boolean): void => {
  c.runs++;
  if (precondition) c.preconditionHeld++;
  for (const a of t.actions) c.actions[a.kind] = (c.actions[a.kind] ?? 0) + 1;
  for (const b of branchesOf(t)) c.branches[b] = (c.branches[b] ?? 0) + 1;
};

/**
 * Branches a design must reach in the ci profile. A partial Copy failure (Dword 0 > 0) needs a
 * multi-entry command: the norm for vectored-bio and copy-ctx; two-bio sends one range per
 * command, and multi-bio-plug's combined commands rarely meet a fault in random runs (its Dword 0
 * attribution is ERR-03's, on the driver function), so neither is required there. The token RFC
 * as posted never falls back (its BLKCOPY caller reports the error), so no fallback is required of it.
 */
export const requiredBranches = (design: string): readonly Branch[] =>
  BRANCHES.filter((b) =>
    b === 'partial-failure'
      ? design === 'vectored-bio' || design === 'copy-ctx+fix' // copy-ctx as posted sends one Source Range per Copy (D5)
      : b === 'combined-command'
        ? design === 'multi-bio-plug'
        : b === 'fallback'
          ? design !== 'copy-ctx' && design !== 'copy-ctx+fix' && design !== 'token' && design !== 'token+fix' // blkdev_copy_offload has no fallback (07/12's splice is the caller's); the RFC leaves it to the caller
          : true,
  );
