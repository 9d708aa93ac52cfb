// `npm run bench`: figures, not assertions. Runs/s of the device property checker, the cost of the
// model against the naive reference on the same workloads, and cost at 2^12 vs 2^40 blocks.

import fc from 'fast-check';
import { performance } from 'node:perf_hooks';
import { DEVICE_PROPERTIES } from '../properties/device/properties.js';
import { checkDeviceProperty } from '../properties/check-device.js';
import { symScenarioArb, traceSymbolic } from '../properties/device/generators.js';
import { runDeviceScenario } from '../model/scenario/run-device.js';
import { deviceScenarioSchema } from '../model/scenario/schema.js';
import { referenceCopy, referenceInit, referenceWrite } from '../model/reference/reference.js';
import { runKeys } from '../model/content/token.js';

const time = (f: () => void): number => {
  const t = performance.now();
  f();
  return (performance.now() - t) / 1000;
};

const RUNS = 2000;
console.log(`device property checker, ${RUNS} runs, seed 1 (specified model):`);
for (const p of DEVICE_PROPERTIES) {
  const s = time(() => checkDeviceProperty(p, [], { seed: 1, runs: RUNS }));
  console.log(`  ${p.id.padEnd(9)} ${(RUNS / s).toFixed(0).padStart(7)} runs/s`);
}

// Model vs naive reference on the same generated workloads (all steps, model incl. its checks).
const samples = fc.sample(symScenarioArb, { numRuns: 500, seed: 2 });
const traces = samples.map((s) => traceSymbolic(s, []));
const tModel = time(() => samples.forEach((s) => traceSymbolic(s, [])));
const tRef = time(() => {
  for (const t of traces) {
    const k = t.scenario.devices[0]!.lbaBytes / 512;
    let ref = referenceInit([{ name: 'nvme0n1', size: t.scenario.devices[0]!.nsze * k, initial: 'orig' }]);
    for (const st of t.steps) {
      const c = st.command;
      if (st.result?.cqe.status !== 'SUCCESS' || !c) continue;
      if (c.cmd === 'write') ref = referenceWrite(ref, 'nvme0n1', c.slba * k, runKeys(c.data));
      if (c.cmd === 'copy') ref = referenceCopy(ref, 'nvme0n1', c.sdlba * k, c.ranges.map((r) => ({ sector: r.slba * k, nr: (r.nlb + 1) * k })));
    }
  }
});
const steps = traces.reduce((n, t) => n + t.steps.length, 0);
console.log(`model vs naive reference, ${samples.length} workloads, ${steps} steps: model ${(steps / tModel).toFixed(0)} steps/s, reference ${(steps / tRef).toFixed(0)} steps/s, ratio ${(tModel / tRef).toFixed(2)}`);

// Cost vs device size: the same 200-step write/copy/read workload on 2^12 and 2^40 blocks.
const workload = (nsze: number) =>
  deviceScenarioSchema.parse({
    format: 'copyspec-scenario/1',
    devices: [{ name: 'n', kind: 'nvme', lbaBytes: 4096, nsze, copy: { mssrl: 64, mcl: 256, msrc: 7 } }],
    steps: Array.from({ length: 200 }, (_, i) =>
      i % 3 === 0
        ? { dev: 'n', cmd: 'write', slba: (i * 37) % 4000, nlb: 15 }
        : i % 3 === 1
          ? { dev: 'n', cmd: 'copy', sdlba: nsze - 64 - (i % 50), ranges: [{ slba: (i * 11) % 4000, nlb: 7 }, { slba: (i * 13) % 4000, nlb: 7 }] }
          : { dev: 'n', cmd: 'read', slba: (i * 7) % 4000, nlb: 31 },
    ),
  });
for (const exp of [12, 40]) {
  const sc = workload(2 ** exp);
  const reps = 50;
  const s = time(() => {
    for (let r = 0; r < reps; r++) runDeviceScenario(sc);
  });
  console.log(`2^${exp}-block namespace: ${((reps * 200) / s).toFixed(0)} steps/s`);
}

