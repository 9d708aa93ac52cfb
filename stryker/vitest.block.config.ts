// Vitest configuration for mutating model/block: stryker/block-selection.test.ts.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // One file: it imports the model/block examples and the stack examples (see device-selection).
    include: ['stryker/block-selection.test.ts'],
    maxWorkers: 1,
    testTimeout: 300_000,
  },
});
