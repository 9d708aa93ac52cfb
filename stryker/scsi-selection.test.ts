// The fast test selection for mutation testing of model/device/scsi (npm run mutation -- scsi): the
// SCSI hand examples (imported: their model calls run inside `it` blocks), every SCSI property on
// each examples/scsi-*.json scenario, every SCSI property on the specified LU at MUTATION_RUNS runs
// (default 50), then every SCSI known-bad variant refuted within 300 runs, without shrinking (seed 1
// needs at most 141, ERR-04 scsi-rewrite-keeps-media-error; a budget under the ci profile's 1000
// keeps a mutant that blunts a variant from running into Stryker's timeout). Not part of `npm test`
// (vitest.config.ts includes test/ only): test/properties/scsi/scsi-properties.test.ts makes the
// same assertions at the ci profile.
import { readFileSync, readdirSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ScsiBug } from '../model/device/scsi/bugs.js';
import { scsiScenarioSchema } from '../model/scenario/scsi-schema.js';
import { symScsiScenarioArb, traceSymbolicScsi } from '../properties/device/scsi/generators.js';
import { SCSI_PROPERTIES } from '../properties/device/scsi/properties.js';
import { traceScsiScenario, type ScsiProperty } from '../properties/device/scsi/trace.js';
import '../test/model/device/scsi/execute-edges.test.js';
import '../test/model/device/scsi/execute-variant.test.js';
import '../test/model/device/scsi/lu.test.js';
import '../test/model/device/scsi/lu-init.test.js';
import '../test/model/device/scsi/lu-media.test.js';
import '../test/model/device/scsi/media.test.js';
import '../test/model/device/scsi/reported.test.js';
import '../test/model/device/scsi/scenario.test.js';
import '../test/model/device/scsi/sense.test.js';
import '../test/model/device/scsi/token-results.test.js';
import '../test/model/device/scsi/token.test.js';
import '../test/model/device/scsi/vpd-page-codes.test.js';
import '../test/model/device/scsi/xcopy-limits.test.js';
import '../test/model/device/scsi/zone-out.test.js';

const runs = Number(process.env.MUTATION_RUNS ?? 50);

const holds = (prop: ScsiProperty, bugs: readonly ScsiBug[], numRuns: number): boolean =>
  !fc.check(fc.property(symScsiScenarioArb, (sym) => prop.check(traceSymbolicScsi(sym, bugs)) === null), { seed: 1, numRuns, endOnFailure: true }).failed;

const EXAMPLES = readdirSync('examples').filter((f) => /^scsi-.*\.json$/.test(f)).sort();

describe('every SCSI property holds on the SCSI examples', () => {
  it.each(EXAMPLES)('%s', (f) => {
    const trace = traceScsiScenario(scsiScenarioSchema.parse(JSON.parse(readFileSync(`examples/${f}`, 'utf8'))));
    expect(trace.threw).toBeUndefined();
    expect(SCSI_PROPERTIES.map((p) => [p.id, p.check(trace)])).toEqual(SCSI_PROPERTIES.map((p) => [p.id, null]));
  });
});

describe('holds on the specified SCSI logical unit', () => {
  it.each(SCSI_PROPERTIES.map((p) => [p.id, p] as const))('%s', (_id, prop) => expect(holds(prop, [], runs)).toBe(true));
});

describe('refutes its SCSI known-bad variants', () => {
  it.each(SCSI_PROPERTIES.flatMap((p) => p.refutes.map((b) => [`${p.id} ${b}`, p, b] as const)))('%s', (_name, prop, bug) => expect(holds(prop, [bug], 300)).toBe(false));
});
