#!/usr/bin/env node
// Entry point of the `copyspec` command: the CLI is compiled to dist/ by `npm install` (prepare).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const main = new URL('../dist/cli/main.js', import.meta.url);
if (!existsSync(fileURLToPath(main))) {
  process.stderr.write('copyspec: not built yet; run `npm install` (or `npm run build`) in the copyspec checkout\n');
  process.exit(2);
}
await import(main.href);
