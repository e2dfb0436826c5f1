import { defineConfig } from 'vitest/config';
import base from './vitest.config.js';

// Soaks: long scenario tests run by hand (`pnpm --filter @wsnoc/server soak`), never part of `pnpm test`.
// The base config, with only the soaks included (mergeConfig would add to the include list, not replace it).
export default defineConfig({
  ...base,
  test: { ...base.test, include: ['test/soak/**/*.soak.ts'], testTimeout: 1_800_000 },
});
