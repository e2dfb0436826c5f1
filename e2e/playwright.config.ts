import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS, chromiumPath } from './src/chromium.js';

// Journeys run against the real stack: the built server (serving the built web app) on a database and
// Redis prefix of their own, started by global-setup. Debian's Chromium drives them.
export default defineConfig({
  testDir: './tests',
  outputDir: './test-results',
  globalSetup: './src/global-setup.ts',
  // A focused journey (`.only`) fails the run instead of silently skipping the rest.
  forbidOnly: true,
  fullyParallel: false,
  workers: 1,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: process.env.PLAYWRIGHT_JSON_OUTPUT_NAME ? [['list'], ['json']] : [['list']],
  use: {
    baseURL: process.env.WSNOC_E2E_URL,
    viewport: { width: 1280, height: 720 },
    trace: 'retain-on-failure',
    launchOptions: { executablePath: chromiumPath(), args: CHROMIUM_ARGS },
  },
});
