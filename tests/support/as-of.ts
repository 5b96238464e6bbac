/**
 * The one date the whole suite runs on. vitest.config.ts puts it in $LOOP_AS_OF for every test (and so every `loop`
 * command and site build the tests start), so no test depends on the day it runs; tests that state a date use it.
 * Kept free of imports so the Vitest config can read it.
 */
export const AS_OF = '2026-11-24';
