// Types for test-count.mjs, so the TypeScript specs that test it stay strict.
export interface TestCounts {
  passed: number;
  failed: number;
  skipped: number;
}

export function countVitestReport(report: unknown): TestCounts;
export function countPlaywrightReport(report: unknown): TestCounts;
