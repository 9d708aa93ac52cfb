#!/usr/bin/env node
// `npm run mutation [-- device|block ...] [-- --files a.ts,b.ts] [-- --survivors]`: run StrykerJS on each
// scope (default: device), one source file at a time (a report per file in
// stryker/reports/<folder>--<file>.json, e.g. device-nvme--zone.json, so an interrupted run keeps what it
// finished), at concurrency 1 (MUTATION_CONCURRENCY to change), each kept (stripped) in spec/mutation/reports/;
// then write spec/mutation/REPORT.md from the kept reports and spec/mutation/triage.json.
// --survivors: mutate only the lines where the file's report has survivors (after a test was added), into
// <folder>--<file>.rerun.json; stryker/report.mjs lets a rerun's verdict replace the earlier one per mutant.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { keepReport } from './keep.mjs';

const FOLDERS = { device: 'model/device/nvme', block: 'model/block', scsi: 'model/device/scsi' };
// Report names carry the folder (model/device/nvme → device-nvme--zone.json), so reports of several folders
// (e.g. model/device/scsi, run elsewhere) sit side by side and stryker/report.mjs merges them by file path.
const reportPrefix = (folder) => folder.replace(/^model\//, '').replaceAll('/', '-');
const args = process.argv.slice(2);
const only = args.includes('--files') ? args[args.indexOf('--files') + 1].split(',') : null;
const survivorsOnly = args.includes('--survivors');
const scopes = args.filter((a, i) => !a.startsWith('--') && args[i - 1] !== '--files');

/**
 * `path:L-L` for each line with a Survived or NoCoverage mutant in the kept report `name` (or, for a file
 * last run in session 5, in spec/mutation/reports/0-legacy.json), or null without either.
 */
const survivorLines = (name, path) => {
  const kept = [`spec/mutation/reports/${name}.json`, 'spec/mutation/reports/0-legacy.json'].find((f) => existsSync(f) && JSON.parse(readFileSync(f, 'utf8')).files[path]);
  if (!kept) return null;
  const mutants = JSON.parse(readFileSync(kept, 'utf8')).files[path].mutants;
  const lines = new Set(mutants.filter((m) => m.status === 'Survived' || m.status === 'NoCoverage').map((m) => m.location.start.line));
  return [...lines].sort((a, b) => a - b).map((l) => `${path}:${l}-${l}`);
};

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
    const name = `${reportPrefix(FOLDERS[scope])}--${f.replaceAll('/', '_').replace(/\.ts$/, '')}`;
    let mutate = path;
    if (survivorsOnly) {
      const lines = survivorLines(name, path);
      if (!lines) {
        console.error(`mutation: --survivors needs spec/mutation/reports/${name}.json; run ${f} first`);
        process.exit(2);
      }
      if (!lines.length) continue;
      mutate = lines.join(',');
    }
    const env = { ...process.env, MUTATION_SCOPE: scope, MUTATION_FILES: mutate, MUTATION_REPORT: survivorsOnly ? `${name}.rerun` : name };
    // A scope may carry its own config (stryker/stryker.<scope>.config.mjs, built on the shared one).
    const config = existsSync(`stryker/stryker.${scope}.config.mjs`) ? `stryker/stryker.${scope}.config.mjs` : 'stryker/stryker.config.mjs';
    const r = spawnSync('npx', ['stryker', 'run', config], { stdio: 'inherit', env });
    if (r.status !== 0) {
      console.error(`mutation: stryker failed on ${path} (exit ${r.status})`);
      process.exit(2);
    }
    // The committed record (spec/mutation/reports/): what REPORT.md is built from, in later sessions too.
    keepReport(`stryker/reports/${env.MUTATION_REPORT}.json`);
  }
}
const r = spawnSync('node', ['stryker/report.mjs'], { stdio: 'inherit' });
process.exit(r.status ?? 2);
