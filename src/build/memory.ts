/**
 * A full garbage collection between the build's phases, at region scale (issue #19).
 *
 * Validating 100,000 services leaves V8's heap at 2 GB, of which 0.7 GB is live (the Dataset and the findings):
 * the rest is the check's garbage, which V8 collects only when the heap next fills. Collected then, with Astro's
 * bundler, its 248,837 routes and Pagefind already running, that slack is on top of everything else: the build's
 * peak. Collected at once, the process gives 1.1 GB back before rendering starts, for about 2–8 s of one core.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** Whether a build of this many files collects between phases: a city's data does not need it. */
export const COLLECT_FROM_FILES = 20_000;

/**
 * Collects garbage now. V8 exposes its collector to a new context once `--expose-gc` is set, even after start-up,
 * so the build needs no Node flag (which `npm start` and every host's build command would have to carry).
 */
export function collectGarbage(): void {
  setFlagsFromString('--expose-gc');
  const gc: unknown = runInNewContext('gc');
  if (typeof gc === 'function') gc();
}
