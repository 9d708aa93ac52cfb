// `npm run bench`: figures, not assertions. Runs/s of the device and stack property checkers (per
// design), the cost of the model and of the full stack against the naive reference on the same
// workloads, and cost at 2^12 vs 2^40 blocks / sectors.

import fc from 'fast-check';
import { performance } from 'node:perf_hooks';
import { DEVICE_PROPERTIES } from '../properties/device/properties.js';
import { checkDeviceProperty } from '../properties/check-device.js';
import { symScenarioArb, traceSymbolic } from '../properties/device/generators.js';
import { runDeviceScenario } from '../model/scenario/run-device.js';
import { deviceScenarioSchema } from '../model/scenario/schema.js';
import { referenceCopy, referenceInit, referenceWrite } from '../model/reference/reference.js';
import { runKeys } from '../model/content/token.js';
import { DESIGN_NAMES } from '../model/stack/design.js';
import { shapeDistribution } from '../properties/stack/shapes.js';
import type { HostOp, StackConfig } from '../model/stack/state.js';
import { runStack } from '../model/scenario/run-stack.js';
import { checkStackProperty } from '../properties/check-stack.js';
import { DATA_02 } from '../properties/stack/properties.js';
import { compareCost } from '../properties/compare/cost.js';
import { exploreStatesPerSecond } from '../properties/explore/throughput.js';
import { printLinearRuns } from './linear.js';
import { printJobsSpeedup } from './jobs.js';

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


// The stack: property checker runs/s per design (DATA-02: every trace is judged against the reference).
console.log('stack property checker (DATA-02), 200 runs, seed 1, per design:');
for (const d of DESIGN_NAMES) {
  const s = time(() => checkStackProperty(DATA_02, [], { seed: 1, runs: 200 }, d));
  console.log(`  ${d.padEnd(15)} ${(200 / s).toFixed(0).padStart(6)} runs/s`);
}

// The stack at 2^12 vs 2^40 sectors: the same GC-like workload (20 copies of 4 ranges each, 20 writes).
const stackAt = (sectors: number): StackConfig => ({
  design: 'vectored-bio',
  devices: [{ name: 'n', lbaBytes: 4096, nsze: sectors / 8, mdts: 5, copy: { mssrl: 64, mcl: 256, msrc: 7, formats: [0] }, bugs: [] }],
  dm: [],
  partitions: [],
  tags: 64,
  plug: true,
  nowait: false,
  faults: [],
  bugs: [],
  ops: Array.from({ length: 40 }, (_, i): HostOp =>
    i % 2 === 0
      ? { op: 'copy', bdev: 'n', dst: { sector: sectors - 4096 + i * 64, nr: 32 }, src: [0, 1, 2, 3].map((j) => ({ sector: (i * 256 + j * 64) % 2048, nr: 8 })) }
      : { op: 'write', bdev: 'n', sector: 2048 + i * 16, nr: 8 },
  ),
});
for (const exp of [12, 40]) {
  const cfg = stackAt(2 ** exp);
  const reps = 20;
  let steps = 0;
  const s = time(() => {
    for (let r = 0; r < reps; r++) steps += runStack(cfg).actions.length;
  });
  console.log(`stack on a 2^${exp}-sector namespace: ${(steps / s).toFixed(0)} steps/s (${steps / reps} steps a run)`);
}

// Issue 11: what the stack generator produces, over the 200 cases of one ci-profile cell.
const shapes = shapeDistribution(200, 1);
console.log('stack generator shapes (200 cases, seed 1):');
for (const [shape, n] of Object.entries(shapes)) console.log(`  ${shape.padEnd(36)} ${String(n).padStart(4)}  (${((100 * n) / 200).toFixed(0)}%)`);

console.log('full stack vs naive reference on the embedded workloads (copyspec compare):');
for (const r of compareCost()) console.log(`  ${r.workload.padEnd(20)} ${r.design.padEnd(15)} ${String(r.steps).padStart(5)} steps  stack ${r.stackMs.toFixed(1)} ms  reference ${r.referenceMs.toFixed(1)} ms  ×${(r.stackMs / r.referenceMs).toFixed(2)}`);

// Issue 10 item 4: distinct states per CPU-second of one core (CPU time: the machines are shared),
// against the issue's figure (~2,100 states/s before the history went into the state key) and
// main's before the structural state numbers (4,366 states/s, 110 runs, 21,670 states). The search
// alone (no property judged) shows what the model's own steps leave: each distinct (state, action)
// is stepped once (properties/explore/memo.ts), so that part is the model's cost, not the explorer's.
const EXPLORE_ISSUE_RATE = 2_100;
const EXPLORE_MAIN_RATE = 4_366;
const cpuMs = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const ex = exploreStatesPerSecond(cpuMs);
const ratios = (r: number): string => `×${(r / EXPLORE_ISSUE_RATE).toFixed(1)} the issue's ${EXPLORE_ISSUE_RATE}, ×${(r / EXPLORE_MAIN_RATE).toFixed(2)} the ${EXPLORE_MAIN_RATE} before`;
console.log(`exhaustive explorer: ${ex.runs} config × design runs, ${ex.states} states, ${ex.transitions} transitions, ${ex.leaves} leaves judged in ${ex.seconds.toFixed(2)} CPU-s: ${ex.statesPerSecond.toFixed(0)} states/CPU-s (${ratios(ex.statesPerSecond)})`);
for (const [family, f] of Object.entries(ex.families)) console.log(`  ${family.padEnd(5)} ${String(f.runs).padStart(3)} runs ${String(f.states).padStart(6)} states ${f.seconds.toFixed(2).padStart(6)} CPU-s ${f.statesPerSecond.toFixed(0).padStart(6)} states/CPU-s`);
const bare = exploreStatesPerSecond(cpuMs, []);
console.log(`  the search alone (no property judged): ${bare.seconds.toFixed(2)} CPU-s, ${bare.statesPerSecond.toFixed(0)} states/CPU-s; judging the ${ex.leaves} leaves took the other ${Math.max(0, ex.seconds - bare.seconds).toFixed(2)} CPU-s`);

printLinearRuns();
// Issue 10 item 5: the speed-up of `check --jobs 2` (bench/jobs.ts: the schedule from CPU time, and the wall clock).
printJobsSpeedup();
