import type { Reporter, SerializedError, TestModule, TestRunEndReason } from "vitest/node";

/** The one plain line CI reads (.ci/run greps it): "N passed, N failed". */
export function totalsLine(passed: number, failed: number): string {
  return `${passed} passed, ${failed} failed`;
}

/**
 * Failures in a file: each failed test, plus each file or suite with errors of its own — a failed
 * import, a failed beforeAll/afterAll — whose tests were skipped or had already passed.
 */
function countFailures(module: TestModule): { passed: number; failed: number } {
  let passed = 0;
  let failed = 0;
  for (const test of module.children.allTests()) {
    const state = test.result().state;
    if (state === "passed") passed++;
    else if (state === "failed") failed++;
  }
  for (const suite of [module, ...module.children.allSuites()]) if (suite.errors().length > 0) failed++;
  // Whatever else vitest holds against the file still makes it a failure.
  if (!module.ok() && failed === 0) failed = 1;
  return { passed, failed };
}

/** Prints the totals: a run that did not pass never reads "0 failed". */
export default class TotalsReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<SerializedError>, reason: TestRunEndReason) {
    let passed = 0;
    let failed = unhandledErrors.length;
    for (const module of testModules) {
      const counts = countFailures(module);
      passed += counts.passed;
      failed += counts.failed;
    }
    // Interrupted, or failed before any file ran (a global setup error).
    if (reason !== "passed" && failed === 0) failed = 1;
    console.log(`\n${totalsLine(passed, failed)}`);
  }
}
