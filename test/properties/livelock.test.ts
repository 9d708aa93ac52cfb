// A run cut by the step budget: not judged, unless its last state repeats an earlier one past the
// explorer's choices (properties/stack/livelock.ts) — then the default policy loops forever and
// LIVE-01 reports the livelock.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runStack, stackConfigOf } from '../../model/scenario/run-stack.js';
import { stackScenarioSchema } from '../../model/scenario/stack-schema.js';
import { LIVE_01 } from '../../properties/stack/properties.js';
import { traceOfRun } from '../../properties/stack/trace.js';
import type { StackState } from '../../model/stack/state.js';

const sc = stackScenarioSchema.parse(JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'examples', 'stack-dm-linear-copy.json'), 'utf8')));
const cfg = stackConfigOf(sc);

describe('a run cut by the step budget', () => {
  const run = runStack(cfg, [], { keep: true, maxSteps: 3 });

  it('is cut, neither quiescent nor stuck, and LIVE-01 does not judge it', () => {
    expect(run.cut).toBe(true);
    expect(run.actions).toHaveLength(3);
    const t = traceOfRun(cfg, run, 0);
    expect(t).toMatchObject({ cut: true, quiescent: false, stuck: false });
    expect(t.livelock).toBeUndefined();
    expect(LIVE_01.check(t)).toBeNull();
  });

  it('is not cut when the budget is not reached', () => {
    const whole = runStack(cfg, [], { keep: true });
    expect(whole.cut).toBeUndefined();
    expect(runStack(cfg, [], { maxSteps: whole.actions.length }).cut).toBeUndefined();
    expect(runStack(cfg, [], { maxSteps: whole.actions.length - 1 }).cut).toBe(true);
  });

  it('on a repeated state is a livelock, LIVE-01\'s counterexample', () => {
    // The state after step 1 again after step 4 (new objects equal in value, its step events aside): steps 2..4 repeat forever.
    const s1 = run.states[1]!;
    const again = { ...s1, bios: JSON.parse(JSON.stringify(s1.bios)) as StackState['bios'], events: [] } as StackState;
    const looped = { ...run, states: [...run.states, again], final: again };
    const t = traceOfRun(cfg, looped, 0);
    expect(t.livelock).toEqual({ from: 1, period: 3 });
    expect(t.cut).toBeUndefined();
    expect(LIVE_01.check(t)).toMatch(/^livelock: the state after step 4 is the state after step 1, so the stack repeats those 3 step\(s\) forever/);
    // A repeat among the steps the explorer chose proves nothing: the default policy did not choose them.
    expect(traceOfRun(cfg, looped, 2)).toMatchObject({ cut: true });
  });
});
