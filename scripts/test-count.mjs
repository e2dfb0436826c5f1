// Turns the reporters' JSON into the closing count line of `pnpm test`. A broken setup must show up as a
// failure there: a vitest beforeAll that throws marks its tests "skipped", a module that throws on import
// or an afterAll that throws fails its file with no failed test, and a failed global setup (vitest or
// Playwright) leaves an empty report. Counted naively, all of these read as a green run.

/**
 * Counts one vitest JSON report (`--reporter=json`).
 *
 * vitest 4 writes a testResult per file with `status` "failed" and a `message` for a failure outside any
 * test, and marks every test below a failed beforeAll "skipped", exactly as it marks `.skip`. The JSON
 * cannot tell the two apart, so in a failed file every test that did not run counts as failed (over-
 * reporting a red run, never hiding one), and a failed file counts at least one failure.
 */
export function countVitestReport(report) {
  const counts = { passed: 0, failed: 0, skipped: 0 };
  for (const file of report.testResults ?? []) {
    const tests = file.assertionResults ?? [];
    const passed = tests.filter((t) => t.status === 'passed').length;
    const failed = tests.filter((t) => t.status === 'failed').length;
    const notRun = tests.length - passed - failed;
    counts.passed += passed;
    if (file.status === 'failed') {
      counts.failed += Math.max(1, failed + notRun);
    } else {
      counts.failed += failed;
      counts.skipped += notRun;
    }
  }
  // A global setup that throws, or an error vitest caught outside every file, fails the run with no file
  // to show for it.
  if (report.success === false && counts.failed === 0) {
    counts.failed = 1;
  }
  return counts;
}

/**
 * Counts one Playwright JSON report.
 *
 * Playwright fails the first test of a suite whose beforeAll threw and reports the rest "skipped" with an
 * expected status of "passed" ("did not run"); a real skip expects "skipped". Errors outside every test
 * (global setup or teardown, a `.only` under forbidOnly, a broken config) are in the top-level `errors`.
 */
export function countPlaywrightReport(report) {
  const counts = { passed: 0, failed: 0, skipped: 0 };
  const visit = (suite) => {
    for (const spec of suite.specs ?? []) {
      for (const test of spec.tests ?? []) {
        if (test.status === 'expected' || test.status === 'flaky') {
          counts.passed += 1;
        } else if (test.status === 'skipped' && test.expectedStatus === 'skipped') {
          counts.skipped += 1;
        } else {
          counts.failed += 1;
        }
      }
    }
    for (const child of suite.suites ?? []) {
      visit(child);
    }
  };
  for (const suite of report.suites ?? []) {
    visit(suite);
  }
  counts.failed += (report.errors ?? []).length;
  return counts;
}
