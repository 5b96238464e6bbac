/**
 * A cold check of a region-sized data folder, run in a process of its own (issue #19).
 *
 * Checking 195,000 files for the first time leaves the process that did it holding memory it no longer uses: the
 * structured-clone buffers of 195,000 cached outcomes are freed by the garbage collector in batches, and the C
 * allocator never gives that ground back (a build at 100,000 services kept 1 GB of it, and 3.4 GB in all where
 * the live data was 1.2 GB). The site build, which lives on after validating (it renders for half an hour, then writes
 * 700,000 open-data files), therefore fills the check cache in a child process first, which returns all of it when
 * it exits, and then loads the Dataset from the warm cache. (`loop publish` uses no check cache, so it has no cold
 * check to move.) Only an optimisation: if the child
 * cannot run or fails, the caller checks the files itself, as it always did.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { LoadOptions } from './load.ts';

/** Below this many files a cold check costs too little memory to be worth a second process. */
export const COLD_CHECK_CHILD_MIN_FILES = 20_000;

const childUrl = new URL('./cold-check-child.ts', import.meta.url);

/** Whether to check in a child first: a large folder whose cache holds under half of its files. */
export function coldEnoughForChild(files: number, cached: number, minFiles: number): boolean {
  return files >= minFiles && cached < files / 2;
}

/** The options the child needs to check the same files under the same limits and fill the same cache. */
export type ChildOptions = Pick<LoadOptions, 'dataDir' | 'configPath' | 'root' | 'asOf'> & { cacheDir: string };

/** Runs the check in a child process; resolves whether it finished (then the cache is warm). */
export function checkInChild(options: ChildOptions): Promise<boolean> {
  // Under a bundler the child's module may not sit beside this one; then the caller checks in-process.
  if (childUrl.protocol !== 'file:' || !existsSync(fileURLToPath(childUrl))) return Promise.resolve(false);
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [fileURLToPath(childUrl), JSON.stringify(options)], { stdio: ['ignore', 'ignore', 'pipe'] });
    // Kept for nothing but a failure's sake: the caller then checks the files itself and reports what it finds.
    child.stderr.resume();
    child.on('error', () => resolve(false));
    child.on('exit', (code) => resolve(code === 0));
  });
}
