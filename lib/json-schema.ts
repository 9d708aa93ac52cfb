// JSON Schemas (draft 2020-12) of the files copyspec reads, generated from the zod schemas that
// validate them (z.toJSONSchema), so an editor can check a scenario or counterexample file as it is
// written: point the file's `$schema` at schema/<name>.schema.json. The zod schemas stay the
// authority: cross-field rules (superRefine: a device named twice, zone capacity ≤ zone size, a
// partition inside its disk…) are not expressible here and are checked only by copyspec itself.
// Written under schema/ by `npm run schema` (lib/write-schemas.ts); a test keeps them current.

import { z } from 'zod';
import { deviceScenarioSchema } from '../model/scenario/schema.js';
import { scsiScenarioSchema } from '../model/scenario/scsi-schema.js';
import { stackScenarioSchema } from '../model/scenario/stack-schema.js';
import { counterexampleSchema, LAYER_INPUT_SCHEMAS } from '../properties/counterexample.js';

type JsonSchema = Record<string, unknown>;

/** A file's schema as its readers take it: defaulted fields are optional (zod's input side). */
const generate = (schema: z.ZodType, title: string, description: string): JsonSchema => {
  const { $schema, ...rest } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' });
  return { $schema, title, description, ...rest };
};

const SCENARIO_DOC = 'README "Scenario files"';

/** Every schema file, by file name under schema/, in a fixed order. */
export const jsonSchemas = (): ReadonlyMap<string, JsonSchema> => {
  const files = new Map<string, JsonSchema>();
  files.set('device-scenario.schema.json', generate(deviceScenarioSchema, 'copyspec device scenario (NVMe)', `copyspec-scenario/1 with NVMe devices and steps: \`copyspec run\` (${SCENARIO_DOC}).`));
  files.set('scsi-scenario.schema.json', generate(scsiScenarioSchema, 'copyspec device scenario (SCSI)', `copyspec-scenario/1 with SCSI logical units and steps: \`copyspec run\` (${SCENARIO_DOC}, "SCSI devices").`));
  files.set('stack-scenario.schema.json', generate(stackScenarioSchema, 'copyspec stack scenario', `copyspec-scenario/1 with host ops through the block layer under a design: \`copyspec run\` (${SCENARIO_DOC}, "The stack").`));
  files.set('scenario.schema.json', {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    title: 'copyspec scenario',
    description: `Any copyspec-scenario/1 file: a device scenario (NVMe or SCSI, with steps) or a stack scenario (with ops) (${SCENARIO_DOC}).`,
    anyOf: [{ $ref: 'device-scenario.schema.json' }, { $ref: 'scsi-scenario.schema.json' }, { $ref: 'stack-scenario.schema.json' }],
  });
  const cx = generate(counterexampleSchema, 'copyspec counterexample', 'copyspec-counterexample/1: what `copyspec check` writes for a refuted cell and `copyspec replay` reads (README "Replay a counterexample").');
  const props = cx.properties as Record<string, JsonSchema>;
  // The embedded scenario and layer input are validated by their own schemas (z.unknown() in zod).
  props.scenario = { description: 'device, scsi and stack counterexamples: a scenario file\'s content', $ref: 'scenario.schema.json' };
  props.input = {
    description: 'layer counterexamples: the layer function\'s input, by property',
    anyOf: Object.entries(LAYER_INPUT_SCHEMAS).map(([id, s]) => {
      const { $schema: _drop, ...rest } = z.toJSONSchema(s, { io: 'input', unrepresentable: 'any' });
      return { title: id, ...rest };
    }),
  };
  files.set('counterexample.schema.json', cx);
  return files;
};

/** The text of one schema file as written (two-space JSON, final newline). */
export const schemaText = (schema: JsonSchema): string => `${JSON.stringify(schema, null, 2)}\n`;
