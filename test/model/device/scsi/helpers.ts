// Run a SCSI scenario on one LU named sda (512-byte blocks, 256 blocks unless overridden): the records
// `copyspec run` prints, one per step.
import { runScsiScenario, type ScsiStepRecord } from '../../../../model/scenario/run-scsi.js';
import { scsiScenarioSchema, type ScsiScenarioInput } from '../../../../model/scenario/scsi-schema.js';

export type Dev = ScsiScenarioInput['devices'][number];
type Step = ScsiScenarioInput['steps'][number];
/** A step without its device (distributes over the step union). */
type WithoutDev<T> = T extends unknown ? Omit<T, 'dev'> : never;
export type Cmd = WithoutDev<Step>;

export const run = (dev: Partial<Dev>, steps: Cmd[]): ScsiStepRecord[] =>
  runScsiScenario(scsiScenarioSchema.parse({
    format: 'copyspec-scenario/1',
    devices: [{ name: 'sda', kind: 'scsi', blockBytes: 512, capacity: 256, ...dev }],
    steps: steps.map((s) => ({ dev: 'sda', ...s })),
  })).records;

/** `key asc/ascq` of a record, or GOOD. */
export const sense = (r: ScsiStepRecord): string => (r.status === 'GOOD' ? 'GOOD' : `${r.key} ${r.asc}/${r.ascq}`);
