import { fileURLToPath } from 'node:url';
import swc from 'unplugin-swc';
import { defineConfig } from 'vitest/config';

// SWC compiles the Nest sources so that decorator metadata (constructor injection) works in tests.
export default defineConfig({
  plugins: [
    swc.vite({
      jsc: {
        parser: { syntax: 'typescript', decorators: true },
        transform: { legacyDecorator: true, decoratorMetadata: true },
        target: 'es2023',
      },
    }),
  ],
  resolve: {
    conditions: ['wsnoc-source'],
    alias: {
      '@': fileURLToPath(new URL('./src', import.meta.url)),
      // Tests run against the contracts' source, never a stale build of them.
      '@wsnoc/shared': fileURLToPath(new URL('../shared/src/index.ts', import.meta.url)),
      '@wsnoc/simulator': fileURLToPath(new URL('../simulator/src/index.ts', import.meta.url)),
    },
  },
  test: {
    include: ['src/**/*.spec.ts', 'test/**/*.spec.ts'],
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 90_000,
    fileParallelism: false,
    // A focused test (`.only`) fails the run instead of silently skipping the rest.
    allowOnly: false,
  },
});
