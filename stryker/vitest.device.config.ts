// Vitest configuration for mutating model/device: stryker/device-selection.test.ts.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // One file: it imports the hand examples, the reference test and the recorded QEMU comparisons.
    include: ['stryker/device-selection.test.ts'],
    maxWorkers: 1,
    testTimeout: 120_000,
  },
});
