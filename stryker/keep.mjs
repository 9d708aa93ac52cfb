#!/usr/bin/env node
// `node stryker/keep.mjs REPORT.json ...`: keep Stryker JSON reports in the repository, stripped to what
// stryker/report.mjs needs (per mutant: id, mutator, replacement, location, status), as
// spec/mutation/reports/<same name>.json. Stryker's own reports (stryker/reports/, git-ignored) carry the
// sources and per-test coverage and are large; these are the committed record behind REPORT.md, so a file
// run in one session still counts when another file is run in the next. Written atomically.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';

export const keepReport = (file) => {
  const r = JSON.parse(readFileSync(file, 'utf8'));
  const files = {};
  for (const [path, f] of Object.entries(r.files ?? {})) {
    files[path] = {
      language: f.language ?? 'typescript',
      mutants: f.mutants.map((m) => ({ id: m.id, mutatorName: m.mutatorName, replacement: m.replacement, location: m.location, status: m.status })),
    };
  }
  mkdirSync('spec/mutation/reports', { recursive: true });
  const out = `spec/mutation/reports/${basename(file)}`;
  writeFileSync(`${out}.tmp`, `${JSON.stringify({ schemaVersion: r.schemaVersion ?? '2', thresholds: r.thresholds ?? { high: 80, low: 60 }, files }, null, 0)}\n`);
  renameSync(`${out}.tmp`, out);
  return out;
};

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2);
  if (!args.length) {
    console.error('keep: give one or more Stryker JSON reports');
    process.exit(2);
  }
  for (const f of args) {
    try {
      console.log(`kept ${keepReport(f)}`);
    } catch (e) {
      console.error(`keep: ${f}: ${e instanceof Error ? e.message : String(e)}`);
      process.exit(2);
    }
  }
}
