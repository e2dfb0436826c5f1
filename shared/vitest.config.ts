import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.spec.ts'],
    // A focused test (`.only`) fails the run instead of silently skipping the rest.
    allowOnly: false,
  },
});
