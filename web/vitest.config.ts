import { defineConfig, mergeConfig } from 'vitest/config';
import viteConfig from './vite.config.ts';

export default mergeConfig(
  viteConfig,
  defineConfig({
    test: {
      environment: 'happy-dom',
      include: ['src/**/*.spec.{ts,tsx}'],
      setupFiles: ['src/test/setup.ts'],
      restoreMocks: true,
      unstubGlobals: true,
      // A screen's first lazy load, cold, on a CI machine shared with the other suites can take seconds.
      testTimeout: 30_000,
      // A focused test (`.only`) fails the run instead of silently skipping the rest.
      allowOnly: false,
    },
  }),
);
