#!/usr/bin/env node
// `npm run mutation [-- device|block ...] [-- --files a.ts,b.ts]`: run StrykerJS on each scope (default:
// device), one source file at a time (a report per file in stryker/reports/<scope>--<file>.json, so
// an interrupted run keeps what it finished), at concurrency 1 (MUTATION_CONCURRENCY to change);
// then write spec/mutation/REPORT.md from the reports and spec/mutation/triage.json.
import { existsSync, readdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

const FOLDERS = { device: 'model/device/nvme', block: 'model/block', scsi: 'model/device/scsi' };
const args = process.argv.slice(2);
const only = args.includes('--files') ? args[args.indexOf('--files') + 1].split(',') : null;
const scopes = args.filter((a, i) => a !== '--files' && args[i - 1] !== '--files');
for (const scope of scopes.length ? scopes : ['device']) {
  if (!FOLDERS[scope]) {
    console.error(`mutation: no scope ${scope}; use ${Object.keys(FOLDERS).join(' or ')}`);
    process.exit(2);
  }
  const files = readdirSync(FOLDERS[scope], { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts') && (!only || only.includes(f)))
    .sort();
  for (const f of files) {
    const path = `${FOLDERS[scope]}/${f}`;
    const env = { ...process.env, MUTATION_SCOPE: scope, MUTATION_FILES: path, MUTATION_REPORT: `${scope}--${f.replaceAll('/', '_').replace(/\.ts$/, '')}` };
    // A scope may carry its own config (stryker/stryker.<scope>.config.mjs, built on the shared one).
    const config = existsSync(`stryker/stryker.${scope}.config.mjs`) ? `stryker/stryker.${scope}.config.mjs` : 'stryker/stryker.config.mjs';
    const r = spawnSync('npx', ['stryker', 'run', config], { stdio: 'inherit', env });
    if (r.status !== 0) {
      console.error(`mutation: stryker failed on ${path} (exit ${r.status})`);
      process.exit(2);
    }
  }
}
const r = spawnSync('node', ['stryker/report.mjs'], { stdio: 'inherit' });
process.exit(r.status ?? 2);
