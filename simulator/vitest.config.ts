import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { conditions: ['wsnoc-source'] },
  test: {
    include: ['src/**/*.spec.ts', 'test/**/*.spec.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
