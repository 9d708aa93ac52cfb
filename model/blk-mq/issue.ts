// Handing requests to the driver (queue_rq / queue_rqs): each request becomes one NVMe command in
// its device's submission queue (drivers/nvme/host/pci.c nvme_queue_rq → nvme_prep_rq →
// nvme_setup_cmd). The designs of issue 5 add combining several copy requests into one command.

import { castDraft } from 'immer';
import type { Run } from '../content/token.js';
import { nvmeSetupCmd } from '../driver/nvme.js';
import { limitsOf, newId, type D } from '../stack/draft.js';

/** The bio shape a request stands for: its bios back to back (the merged request). */
export const requestData = (d: D, rq: number): Run[] => d.rqs[rq]!.bios.flatMap((b) => [...d.bios[b]!.data]);

export const issueRequests = (d: D, rqs: readonly number[]): void => {
  for (const id of rqs) {
    const rq = d.rqs[id]!;
    const cfg = d.ns[rq.dev]!.config;
    const command = nvmeSetupCmd(cfg, limitsOf(d, rq.dev), {
      id,
      op: rq.op,
      bdev: rq.dev,
      sector: rq.sector,
      nr: rq.nr,
      srcs: rq.srcs,
      data: rq.op === 'write' ? requestData(d, id) : [],
      nowait: false,
      decrypt: [],
    });
    d.sq.push(castDraft({ id: newId(d), dev: rq.dev, rqs: [id], command, retries: 0 }));
  }
};
