/**
 * Prints the plain `N passed, N failed` line that .ci/run ends with (CI reads this line, not Vitest's summary).
 * Skipped tests are reported on their own line so a skip is never mistaken for a pass, and conformance suites that
 * skipped because ../shared is missing (requireShared marks them) are named on one line. Both come before the
 * `N passed, N failed` line, which .ci/run takes as the last line of that shape.
 */
import type { Reporter, TestModule } from 'vitest/node';

export default class SummaryReporter implements Reporter {
  onTestRunEnd(modules: ReadonlyArray<TestModule>, errors: ReadonlyArray<unknown>): void {
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    const sharedMissing = new Set<string>();
    for (const module of modules) {
      for (const test of module.children.allTests()) {
        const state = test.result().state;
        if (state === 'passed') passed++;
        else if (state === 'failed') failed++;
        else skipped++;
        const suite = test.meta().sharedMissing;
        if (suite) sharedMissing.add(suite);
      }
      // A file that failed to load has no tests but is a failure.
      if (module.state() === 'failed' && [...module.children.allTests()].length === 0) failed++;
    }
    failed += errors.length;
    if (skipped) process.stdout.write(`${skipped} skipped\n`);
    if (sharedMissing.size) {
      process.stdout.write(`Skipped: conformance suites (${[...sharedMissing].sort().join('; ')}) because ../shared is missing (put it beside the checkout or set LOOP_REFERENCE_DIR)\n`);
    }
    process.stdout.write(`${passed} passed, ${failed} failed\n`);
  }
}
