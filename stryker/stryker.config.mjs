// StrykerJS 9.6 (engines: Node >= 20) with the vitest runner, one scope at a time:
// MUTATION_SCOPE=device|block|scsi picks the folder to mutate and its fast test selection
// (stryker/vitest.<scope>.config.ts). MUTATION_FILES narrows it further (comma-separated globs) and
// MUTATION_REPORT names the JSON report (stryker/mutation.mjs runs one file at a time).
// Sandboxes go to stryker/.tmp, JSON reports to stryker/reports (both git-ignored);
// stryker/report.mjs turns the reports into spec/mutation/REPORT.md.
const scope = process.env.MUTATION_SCOPE ?? 'device';
const folders = { device: ['model/device/**/*.ts'], block: ['model/block/**/*.ts'], scsi: ['model/device/scsi/**/*.ts'] };
if (!folders[scope]) throw new Error(`MUTATION_SCOPE must be one of ${Object.keys(folders).join(', ')}`);

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  plugins: ['@stryker-mutator/vitest-runner'],
  vitest: { configFile: `stryker/vitest.${scope}.config.ts` },
  mutate: process.env.MUTATION_FILES ? process.env.MUTATION_FILES.split(',') : folders[scope],
  // 'perTest': each mutant runs only the tests that executed it in the dry run (the imported examples are
  // ordinary `it` blocks of the selection file, so they count; checked: spec/mutation/README.md).
  // MUTATION_COVERAGE=all makes every mutant run the whole selection (slower; for cross-checks).
  coverageAnalysis: process.env.MUTATION_COVERAGE ?? 'perTest',
  // Module-level tables (status codes, variant descriptions) are data, not behaviour.
  ignoreStatic: true,
  concurrency: Number(process.env.MUTATION_CONCURRENCY ?? 1),
  // Generous: on shared, loaded cores a 4 s margin timed out mutants that only ran slowly (zone.ts:46
  // `length >= 0`, equivalent, reported Timeout); real infinite loops are caught by Stryker's hit limit.
  timeoutMS: 20000,
  timeoutFactor: 2,
  reporters: ['clear-text', 'json', 'progress-append-only'],
  jsonReporter: { fileName: `stryker/reports/${process.env.MUTATION_REPORT ?? scope}.json` },
  tempDirName: 'stryker/.tmp',
  cleanTempDir: 'always',
  ignorePatterns: ['dist', '.cache', 'bench', 'counterexamples', 'stryker/reports', 'stryker/.tmp', 'spec'],
};
