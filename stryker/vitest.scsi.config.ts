// Vitest configuration for mutating model/device/scsi: stryker/scsi-selection.test.ts.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // One file: it imports the SCSI hand examples (one test file per run, spec/mutation/README.md).
    include: ['stryker/scsi-selection.test.ts'],
    maxWorkers: 1,
    testTimeout: 120_000,
  },
});
