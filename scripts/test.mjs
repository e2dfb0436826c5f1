#!/usr/bin/env node
// `pnpm test`: every check CI makes, in one command. Builds, lints, typechecks, then runs every test
// suite (unit and integration with vitest, journeys with Playwright) and prints one closing count line.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { countPlaywrightReport, countVitestReport } from './test-count.mjs';

const root = path.dirname(path.dirname(new URL(import.meta.url).pathname));
const reports = mkdtempSync(path.join(tmpdir(), 'wsnoc-test-'));
const only = process.argv.slice(2);
const totals = { passed: 0, failed: 0, skipped: 0 };
const failures = [];

function step(name, command, args, cwd = root, extraEnv = {}) {
  if (only.length && !only.includes(name)) {
    return true;
  }
  process.stdout.write(`\n▶ ${name}: ${command} ${args.join(' ')}\n`);
  const result = spawnSync(command, args, {
    cwd,
    stdio: 'inherit',
    env: { ...process.env, FORCE_COLOR: '0', ...extraEnv },
  });
  if (result.status !== 0) {
    failures.push(name);
    return false;
  }
  return true;
}

/**
 * Adds one step's report to the totals. A missing or unreadable report is one failure, and so is a step
 * that failed while its report shows no failure (a crash, a failed global setup the report missed).
 */
function count(file, countReport, stepOk) {
  let counts;
  try {
    counts = countReport(JSON.parse(readFileSync(file, 'utf8')));
  } catch {
    counts = { passed: 0, failed: 1, skipped: 0 };
  }
  if (!stepOk && counts.failed === 0) {
    counts.failed = 1;
  }
  totals.passed += counts.passed;
  totals.failed += counts.failed;
  totals.skipped += counts.skipped;
}

// The production compose file must stay valid; checked with whichever compose the machine has.
const compose = ['docker compose', 'docker-compose'].find(
  (cmd) => spawnSync('sh', ['-c', `${cmd} version`], { stdio: 'ignore' }).status === 0,
);
if (compose) {
  step('compose', 'sh', ['-c', `${compose} -f docker/compose.yml config -q`]);
} else {
  process.stdout.write('\n▶ compose: no docker compose on this machine, docker/compose.yml not checked\n');
}

const built = step('build', 'pnpm', ['-r', '--workspace-concurrency=1', 'run', 'build']);
step('lint', 'pnpm', ['exec', 'eslint', '.', '--max-warnings=0']);
step('format', 'pnpm', ['exec', 'prettier', '--check', '.']);
step('typecheck', 'pnpm', ['-r', 'run', 'typecheck']);

for (const pkg of ['shared', 'simulator', 'server', 'web']) {
  const out = path.join(reports, `${pkg}.json`);
  const ok = step(
    pkg,
    'pnpm',
    ['exec', 'vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${out}`],
    path.join(root, pkg),
  );
  if (!only.length || only.includes(pkg)) {
    count(out, countVitestReport, ok);
  }
}

if (built) {
  const out = path.join(reports, 'e2e.json');
  const ok = step('e2e', 'pnpm', ['exec', 'playwright', 'test'], path.join(root, 'e2e'), {
    PLAYWRIGHT_JSON_OUTPUT_NAME: out,
  });
  if (!only.length || only.includes('e2e')) {
    count(out, countPlaywrightReport, ok);
  }
} else {
  failures.push('e2e (skipped: build failed)');
}

rmSync(reports, { recursive: true, force: true });
if (failures.length) {
  process.stdout.write(`\nfailed steps: ${failures.join(', ')}\n`);
}
process.stdout.write(
  `\ntests: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped\n`,
);
process.exit(failures.length ? 1 : 0);
