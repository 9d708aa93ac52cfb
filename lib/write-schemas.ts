// `npm run schema`: write the JSON Schemas of copyspec's files to schema/ (or the directory given),
// each atomically; prints one line per file. test/package/schema.test.ts fails when they are stale.

import { join } from 'node:path';
import { probeOutputDirectory, writeAtomically } from '../cli/files.js';
import { UserError } from '../cli/errors.js';
import { jsonSchemas, schemaText } from './json-schema.js';

const dir = process.argv[2] ?? 'schema';
try {
  probeOutputDirectory(dir);
  for (const [name, schema] of jsonSchemas()) {
    writeAtomically(join(dir, name), schemaText(schema));
    process.stdout.write(`${join(dir, name)}\n`);
  }
} catch (e) {
  if (!(e instanceof UserError)) throw e;
  process.stderr.write(`copyspec schema: ${e.message}\n`);
  process.exitCode = 2;
}
