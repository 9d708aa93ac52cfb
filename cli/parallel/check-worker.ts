// A `check --jobs N` worker thread (cli/parallel/pool.ts): plans the same cells from the same
// selection, then runs the cells it is sent, one at a time, and replies with each outcome.

import { parentPort, workerData } from 'node:worker_threads';
import { planCheck, runCell, type Selection } from '../check.js';
import type { WorkerReply } from './pool.js';

const sel = workerData as Selection;
const cells = planCheck(sel).cellsToRun;
const port = parentPort!;

port.on('message', (k: number) => {
  let reply: WorkerReply;
  try {
    reply = { k, outcome: runCell(cells[k]!, sel) };
  } catch (e) {
    reply = { k, error: e instanceof Error ? e.message : String(e) };
  }
  port.postMessage(reply);
});
