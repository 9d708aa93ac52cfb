// ERR-01's own record of latent media errors (expected-status.ts LatentErrors), kept from the trace
// rather than read from the model's state, so a model that forgets to clear (or to set) an error
// disagrees with it.

import type { TraceStep } from './trace.js';

/** Blocks [from, to) a successful or partial write put new data in (NVMe Base 2.x: a rewrite reassigns them). */
const writtenBy = (st: TraceStep): readonly [number, number] | null => {
  const c = st.command;
  const cqe = st.result?.cqe;
  if (!c || !cqe) return null;
  switch (c.cmd) {
    case 'write':
      return cqe.status === 'SUCCESS' ? [c.slba, c.slba + c.nlb + 1] : null;
    case 'zone-append': {
      const alba = cqe.dw0 + cqe.dw1 * 2 ** 32;
      return cqe.status === 'SUCCESS' ? [alba, alba + c.nlb + 1] : null;
    }
    case 'copy': {
      const entries = Array.from({ length: c.nr + 1 }, (_, i) => c.ranges[i] ?? { slba: 0, nlb: 0 });
      const done = cqe.status === 'SUCCESS' ? entries.length : cqe.dw0;
      const blocks = entries.slice(0, done).reduce((n, e) => n + e.nlb + 1, 0);
      return [c.sdlba, c.sdlba + blocks];
    }
    case 'read':
    case 'zone-mgmt-send':
    case 'zone-mgmt-recv':
      return null;
  }
};

/** An injected media error marks blocks [slba, slba+nlb]; those past NSZE are ignored (NvmeFault). */
export const noteInjected = (latent: Set<number>, st: TraceStep): void => {
  const s = st.step;
  if (s.cmd !== 'inject' || s.fault !== 'media-error' || s.slba === undefined) return;
  const end = Math.min(s.slba + (s.nlb ?? 0) + 1, st.before.config.nsze);
  for (let b = s.slba; b < end; b++) latent.add(b);
};

/** Blocks the step's command wrote are clear again. */
export const noteWritten = (latent: Set<number>, st: TraceStep): void => {
  const w = writtenBy(st);
  if (w) for (const b of [...latent]) if (b >= w[0] && b < w[1]) latent.delete(b);
};
