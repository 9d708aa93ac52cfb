// `check --jobs N`: cells run in N worker threads (node:worker_threads) over the built dist/. Cells
// are independent (each a fast-check run from the cell's own seed), so a cell's verdict is the same
// on any thread; the results are handed back in cell order whatever order the workers finish in,
// so the output and the files written are those of `--jobs 1`. Only this thread writes files.
//
// Cells are handed out longest first, by a deterministic estimate of their cost (check.ts costOf:
// runs × the kind's cost per run): in catalogue order the costly stack cells come last, and one of
// them started last leaves the other worker idle for its whole length. Longest-processing-time first
// keeps that tail to the cheapest cells (Graham's LPT bound: at most 4/3 of the optimum).

import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { UserError } from '../errors.js';
import type { Outcome, Selection } from '../check.js';

/** What a worker sends back for cell `k`: its outcome, or the message of what it threw. */
export type WorkerReply = { readonly k: number; readonly outcome?: Outcome | null; readonly error?: string };

/** The worker script: beside this file in dist/, or in dist/ when this file runs from source (vitest). */
const workerScript = (): URL => {
  for (const rel of ['./check-worker.js', '../../dist/cli/parallel/check-worker.js']) {
    const u = new URL(rel, import.meta.url);
    if (existsSync(fileURLToPath(u))) return u;
  }
  throw new UserError('--jobs runs cells on the built copyspec: run `npm run build` first');
};

/**
 * Run the cells `indices` of the selection's plan on `jobs` workers, the costliest (`cost(k)`) first;
 * `arrived(k)` is called as each result comes in, `finish(k, outcome)` in the order of `indices`, on
 * this thread. Rejects on the first failure (a worker that threw or died, or `finish` throwing),
 * after stopping every worker.
 */
export const runCellsInWorkers = (
  sel: Selection,
  indices: readonly number[],
  jobs: number,
  finish: (k: number, v: Outcome | null) => void,
  cost: (k: number) => number = () => 0,
  arrived: (k: number) => void = () => {},
): Promise<void> =>
  new Promise((resolve, reject) => {
    // Stable: equal estimates keep cell order.
    const handOut = [...indices].sort((a, b) => cost(b) - cost(a));
    const script = workerScript();
    const workers: Worker[] = [];
    const got = new Map<number, Outcome | null>();
    let handed = 0; // indices handed to a worker
    let next = 0; // indices finished, in order
    let over = false;
    const stop = (e?: unknown): void => {
      if (over) return;
      over = true;
      for (const w of workers) void w.terminate();
      if (e === undefined) resolve();
      else reject(e);
    };
    const feed = (w: Worker): void => {
      if (handed < handOut.length) w.postMessage(handOut[handed++]);
    };
    for (let j = 0; j < Math.min(jobs, indices.length); j++) {
      const w = new Worker(script, { workerData: sel });
      workers.push(w);
      w.on('message', (m: WorkerReply) => {
        if (over) return;
        if (m.error !== undefined) return stop(new Error(m.error));
        got.set(m.k, m.outcome ?? null);
        feed(w);
        try {
          arrived(m.k);
          while (next < indices.length && got.has(indices[next]!)) {
            const k = indices[next++]!;
            const v = got.get(k)!;
            got.delete(k);
            finish(k, v);
          }
        } catch (e) {
          return stop(e);
        }
        if (next === indices.length) stop();
      });
      w.on('error', (e) => stop(e));
      w.on('exit', (code) => {
        if (!over) stop(new Error(`a check worker exited (status ${code}) before its cells were done`));
      });
      feed(w);
    }
  });
