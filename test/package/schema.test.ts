// The JSON Schemas under schema/ are what `npm run schema` generates from the zod schemas today,
// they accept every scenario and counterexample file the project ships (and refuse an unknown
// field), and `$schema` is accepted in every file copyspec reads.

import { readdirSync, readFileSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { jsonSchemas, schemaText } from '../../lib/json-schema.js';
import { deviceScenarioSchema } from '../../model/scenario/schema.js';
import { scsiScenarioSchema } from '../../model/scenario/scsi-schema.js';
import { stackScenarioSchema } from '../../model/scenario/stack-schema.js';
import { counterexampleSchema } from '../../properties/counterexample.js';
import { cli, root } from '../cli/helpers.js';

const jsonFiles = (dir: string): string[] => readdirSync(join(root, dir)).filter((f) => f.endsWith('.json')).map((f) => join(dir, f));
const read = (file: string): Record<string, unknown> => JSON.parse(readFileSync(join(root, file), 'utf8')) as Record<string, unknown>;

const SCENARIOS = [...jsonFiles('examples'), ...jsonFiles('conformance-scenarios')];
const COUNTEREXAMPLES = jsonFiles('counterexamples');

// ajv comes with the dev tooling (Stryker), not as a dependency of copyspec: without it this
// check is skipped, and the zod schemas stay the authority.
type Validate = ((data: unknown) => boolean) & { errors?: unknown };
type AjvLike = { addSchema: (s: object, key: string) => void; getSchema: (key: string) => Validate | undefined };
const ajv = await (async (): Promise<AjvLike | null> => {
  const specifier = 'ajv/dist/2020.js';
  let m: { default: { default?: new (o: object) => AjvLike } & (new (o: object) => AjvLike) };
  try {
    m = (await import(specifier)) as typeof m;
  } catch {
    return null; // not installed: skipped, said so by the test's name
  }
  const Ajv = m.default.default ?? m.default;
  const a = new Ajv({ allErrors: false });
  for (const [name, schema] of jsonSchemas()) a.addSchema(schema, name);
  return a;
})();

describe('schema/', () => {
  it('holds exactly what `npm run schema` generates (run it after changing a zod schema)', () => {
    const generated = jsonSchemas();
    expect(readdirSync(join(root, 'schema')).sort()).toEqual([...generated.keys()].sort());
    for (const [name, schema] of generated) expect(readFileSync(join(root, 'schema', name), 'utf8'), `schema/${name} is stale: npm run schema`).toBe(schemaText(schema));
  });

  it.skipIf(ajv === null)('(with ajv, from the dev tooling) accept every shipped scenario and counterexample file, and refuse an unknown field', () => {
    const scenario = ajv!.getSchema('scenario.schema.json')!;
    const counterexample = ajv!.getSchema('counterexample.schema.json')!;
    for (const f of SCENARIOS) expect(scenario(read(f)), `${f}: ${JSON.stringify(scenario.errors)}`).toBe(true);
    for (const f of COUNTEREXAMPLES) expect(counterexample(read(f)), `${f}: ${JSON.stringify(counterexample.errors)}`).toBe(true);
    expect(scenario({ ...read('examples/zns-copy-reset.json'), nsze: 8 })).toBe(false);
    expect(counterexample({ ...read(COUNTEREXAMPLES[0]!), scenario: { format: 'copyspec-scenario/1', devices: [], stepz: [] } })).toBe(false);
  });
});

describe('$schema in the files copyspec reads', () => {
  const withSchema = (x: Record<string, unknown>, name: string) => ({ $schema: `./node_modules/copyspec/schema/${name}`, ...x });

  it('is accepted by every file schema (device, SCSI and stack scenarios, counterexamples)', () => {
    const pick = (pred: (x: Record<string, unknown>) => boolean) => SCENARIOS.map(read).find(pred)!;
    expect(deviceScenarioSchema.safeParse(withSchema(pick((x) => 'steps' in x && JSON.stringify(x).includes('"nvme"')), 'device-scenario.schema.json')).success).toBe(true);
    expect(scsiScenarioSchema.safeParse(withSchema(pick((x) => JSON.stringify(x).includes('"scsi"')), 'scsi-scenario.schema.json')).success).toBe(true);
    expect(stackScenarioSchema.safeParse(withSchema(pick((x) => 'ops' in x), 'stack-scenario.schema.json')).success).toBe(true);
    expect(counterexampleSchema.safeParse(withSchema(read(COUNTEREXAMPLES[0]!), 'counterexample.schema.json')).success).toBe(true);
    // Still a string only: anything else is an error, as for every field.
    expect(deviceScenarioSchema.safeParse({ ...read('examples/zns-copy-reset.json'), $schema: 1 }).success).toBe(false);
  });

  it('is taken by `copyspec run` and `copyspec replay` (a scenario, and a counterexample whose scenario has one too)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'copyspec-schema-'));
    try {
      const scenario = join(dir, 'scenario.json');
      writeFileSync(scenario, JSON.stringify(withSchema(read('examples/stack-dm-linear-copy.json'), 'stack-scenario.schema.json')));
      const ran = cli('run', scenario);
      expect(ran.status, ran.stderr).toBe(0);
      const name = COUNTEREXAMPLES.find((f) => read(f).kind === 'stack')!;
      const cx = read(name);
      const file = join(dir, 'cx.json');
      writeFileSync(file, JSON.stringify(withSchema({ ...cx, scenario: withSchema(cx.scenario as Record<string, unknown>, 'stack-scenario.schema.json') }, 'counterexample.schema.json')));
      const replayed = cli('replay', file);
      expect(replayed.stderr).toBe('');
      expect(replayed.status).toBe(1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
