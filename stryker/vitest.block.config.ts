// Vitest configuration for mutating model/block: the stack and layer properties and the stack examples.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/properties/stack-properties.test.ts', 'test/model/stack/**/*.test.ts'],
    maxWorkers: 1,
    testTimeout: 300_000,
  },
});
