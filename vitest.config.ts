import { defineConfig } from 'vitest/config';
import { AS_OF } from './tests/support/as-of.ts';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'tests/**/*.test.ts', 'scripts/**/*.test.ts'],
    exclude: ['node_modules', 'dist', '.astro'],
    // Builds and browsers are slow on 2-core machines; a hung test still fails.
    testTimeout: 60_000,
    hookTimeout: 300_000,
    pool: 'forks',
    // One fixed "today" for every test and every command or build they start: the suite passes on any date, in
    // any time zone (src/model/clock.ts reads it; tests/model/clock.test.ts keeps the rest of src/ off the clock).
    env: { LOOP_AS_OF: AS_OF },
    // Wait for conditions, not for time: a busy machine may take seconds to show what a fast one shows at once.
    expect: { poll: { timeout: 30_000 } },
    reporters: ['default', './tests/support/summary-reporter.ts'],
  },
});
