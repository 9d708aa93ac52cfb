import { defineConfig } from 'vitest/config';

// `npm test` builds dist/ once before vitest starts (package.json "test"); no test builds, so
// workers never write dist/ while others read it. Tests assert behaviour, not time: the limits
// below only stop a hang, and are generous for a 2-core machine busy with other work.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Property runs are CPU-bound; two workers match the 2-core CI machine.
    maxWorkers: 2,
    testTimeout: 900_000,
    hookTimeout: 900_000,
    teardownTimeout: 60_000,
  },
});
