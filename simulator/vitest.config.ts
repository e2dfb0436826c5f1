import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    conditions: ['wsnoc-source'],
    // Tests run against the contracts' source, never a stale build of them.
    alias: { '@wsnoc/shared': fileURLToPath(new URL('../shared/src/index.ts', import.meta.url)) },
  },
  test: {
    include: ['src/**/*.spec.ts', 'test/**/*.spec.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // A focused test (`.only`) fails the run instead of silently skipping the rest.
    allowOnly: false,
  },
});
