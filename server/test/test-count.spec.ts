// The closing count line of `pnpm test` must show a broken setup as a failure. The counting is fed the
// real JSON that vitest and Playwright write for fixture suites that break in each way we know of, so a
// reporter upgrade that changes the format fails here rather than turning a red run green.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { countPlaywrightReport, countVitestReport } from '../../scripts/test-count.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const VITEST_FIXTURES = path.join(ROOT, 'server', 'test', 'fixtures', 'test-count');
const PLAYWRIGHT_FIXTURES = path.join(ROOT, 'e2e', 'fixtures', 'test-count');

const scratchDirs: string[] = [];
function scratch(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'wsnoc-test-count-'));
  scratchDirs.push(dir);
  return dir;
}

/** The nested runner sees none of this run's vitest or CI variables, only what the fixture needs. */
function fixtureEnv(extra: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH, HOME: process.env.HOME, FORCE_COLOR: '0', ...extra };
}

function runVitest(env: NodeJS.ProcessEnv = {}): unknown {
  const dir = scratch();
  const report = path.join(dir, 'report.json');
  const cli = path.join(
    path.dirname(createRequire(import.meta.url).resolve('vitest/package.json')),
    'vitest.mjs',
  );
  const run = spawnSync(
    process.execPath,
    [cli, 'run', '--config', 'vitest.config.ts', '--reporter=json', `--outputFile.json=${report}`],
    { cwd: VITEST_FIXTURES, env: fixtureEnv({ FIXTURE_SCRATCH_DIR: dir, ...env }), encoding: 'utf8' },
  );
  // Every fixture run fails; a zero exit would mean the fixtures stopped breaking.
  expect(run.status, run.stderr).toBe(1);
  return JSON.parse(readFileSync(report, 'utf8'));
}

function runPlaywright(env: NodeJS.ProcessEnv = {}): unknown {
  const dir = scratch();
  const e2eRequire = createRequire(path.join(ROOT, 'e2e', 'package.json'));
  const cli = path.join(path.dirname(e2eRequire.resolve('@playwright/test/package.json')), 'cli.js');
  const run = spawnSync(process.execPath, [cli, 'test', '--config', 'playwright.config.ts'], {
    cwd: PLAYWRIGHT_FIXTURES,
    env: fixtureEnv({ FIXTURE_SCRATCH_DIR: dir, ...env }),
    encoding: 'utf8',
  });
  expect(run.status, run.stderr).toBe(1);
  return JSON.parse(readFileSync(path.join(dir, 'report.json'), 'utf8'));
}

afterEach(() => {
  for (const dir of scratchDirs.splice(0)) {
    rmSync(dir, { recursive: true, force: true });
  }
});

describe('countVitestReport', () => {
  it('counts tests under a throwing beforeAll, a throwing import and a throwing afterAll as failed', () => {
    const counts = countVitestReport(runVitest());
    // Passed: the healthy file's test, the broken-setup file's neighbour, the broken-teardown file's test.
    // Failed: the two tests under the broken beforeAll, the file that failed to import, the teardown.
    // Skipped: only the deliberate skip and the todo of the healthy file.
    expect(counts).toEqual({ passed: 3, failed: 4, skipped: 2 });
  });

  it('counts a global setup that throws as a failure', () => {
    expect(countVitestReport(runVitest({ FIXTURE_GLOBAL_SETUP_FAILS: '1' }))).toEqual({
      passed: 0,
      failed: 1,
      skipped: 0,
    });
  });
});

describe('countPlaywrightReport', () => {
  it('counts a test that did not run after a throwing beforeAll as failed, not skipped', () => {
    expect(countPlaywrightReport(runPlaywright())).toEqual({ passed: 1, failed: 2, skipped: 1 });
  });

  it('counts a global setup that throws as a failure', () => {
    expect(countPlaywrightReport(runPlaywright({ FIXTURE_GLOBAL_SETUP_FAILS: '1' }))).toEqual({
      passed: 0,
      failed: 1,
      skipped: 0,
    });
  });
});
