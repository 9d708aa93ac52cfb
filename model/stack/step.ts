// step(state, action): one transition of the composed stack. Pure: immer's produce copies on write.
// The new state's `events` holds what this step did and nothing older: the history is the runner's
// log (model/scenario/run-stack.ts), so no step copies it.

import { castDraft, produce } from 'immer';
import { match } from 'ts-pattern';
import { nvmeExecute, nvmeInject } from '../device/nvme/execute.js';
import { flushPlug } from '../blk-mq/plug.js';
import { completeCommand } from './complete.js';
import { allocBio, mapBio, sleepInCopy, submitOp } from './submit.js';
import type { StackAction, StackState } from './state.js';
import { designOf } from './design.js';
import { retireDone } from './ops.js';
import type { NvmeCommand } from '../device/nvme/command.js';
import { isScsiDisk, sdExecCommand, sdInjected } from '../driver/scsi-complete.js';

/** One transition; done ops then leave the records a step copies (model/stack/ops.ts retireDone). */
export const stackStep = (s: StackState, a: StackAction): StackState => {
  const t = transition(s, a);
  // No op record changed: `s` was retired already, so `t` is too (and the walk over liveOps is saved).
  return t.liveOps === s.liveOps ? t : retireDone(t);
};

const transition = (s: StackState, a: StackAction): StackState =>
  match(a)
    .with({ kind: 'exec' }, ({ cmd }) => {
      const q = s.sq[cmd];
      if (!q) throw new Error(`no queued command ${cmd}`);
      // An sd disk's LU executes SCSI commands (model/driver/scsi-complete.ts).
      if (isScsiDisk(s, q.dev)) return sdExecCommand(s, cmd);
      const command = q.command as NvmeCommand;
      // The namespace reducer runs outside the draft: it is a pure function of its own.
      const res = nvmeExecute(s.ns[q.dev]!, command);
      const ops = [...new Set(q.rqs.flatMap((r) => s.rqs[r]!.bios.map((b) => s.bios[b]!.opIndex)))].sort((x, y) => x - y);
      return sleepInCopy(
        produce(s, (d) => {
          d.events = [];
          // The queue minus this command, copied from the state (a splice on the draft shifts every later entry through immer's traps).
          d.sq = castDraft([...s.sq.slice(0, cmd), ...s.sq.slice(cmd + 1)]);
          d.ns[q.dev] = castDraft(res.ns);
          d.events.push({ event: 'device-cmd', cid: q.id, dev: q.dev, command: castDraft(command), retry: q.retries, ops, requests: q.rqs.length });
          completeCommand(d, q, res);
        }),
      );
    })
    .with({ kind: 'inject' }, ({ fault }) => {
      const f = s.cfg.faults[fault];
      if (!f || s.injected[fault]) throw new Error(`fault ${fault} is not injectable`);
      const { dev, ...nf } = f;
      return produce(s, (d) => {
        d.events = [];
        if (nf.fault === 'copy-limits-zero') {
          // The disk and its partitions share one queue, hence one set of limits.
          const off = { ...s.limits[dev]!, maxCopySectors: 0 };
          for (const b of [dev, ...s.cfg.partitions.filter((p) => p.disk === dev).map((p) => p.name)]) d.limits[b] = off;
        }
        else if (isScsiDisk(s, dev)) d.lus![dev] = castDraft(sdInjected(s, dev, nf));
        else d.ns[dev] = castDraft(nvmeInject(s.ns[dev]!, nf));
        d.injected[fault] = true;
        d.events.push({ event: 'inject', dev, fault: nf.fault });
      });
    })
    .otherwise((a2) =>
      sleepInCopy(
        produce(s, (d) => {
          d.events = [];
          match(a2)
            .with({ kind: 'submit' }, () => submitOp(d))
            .with({ kind: 'finish-plug' }, () => {
              flushPlug(d, 'finish');
              const local = d.localPlug;
              d.plugged = false;
              d.localPlug = false;
              if (local) designOf(d.cfg.design).afterLocalPlug?.(d);
            })
            .with({ kind: 'map' }, ({ bio }) => mapBio(d, bio))
            .with({ kind: 'alloc' }, ({ bio }) => allocBio(d, bio, false))
            .with({ kind: 'tag-fail' }, ({ bio }) => allocBio(d, bio, true))
            .exhaustive();
        }),
      ),
    );
