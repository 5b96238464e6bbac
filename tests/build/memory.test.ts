// The build's collection between phases (issue #19): garbage is given back when asked, without a Node flag.
import { expect, test } from 'vitest';
import { collectGarbage } from '../../src/build/memory.ts';

test('collectGarbage collects what nothing holds any more', () => {
  collectGarbage();
  const before = process.memoryUsage().heapUsed;
  // About 100 MB of small objects, then dropped.
  let garbage: { n: number; s: string }[][] | undefined = Array.from({ length: 200 }, (_, i) => Array.from({ length: 5_000 }, (_, j) => ({ n: i * j, s: `item ${i}-${j}` })));
  expect(garbage.length).toBe(200);
  const full = process.memoryUsage().heapUsed;
  expect(full - before).toBeGreaterThan(50 * 1024 * 1024);
  garbage = undefined;
  collectGarbage();
  expect(process.memoryUsage().heapUsed - before).toBeLessThan(20 * 1024 * 1024);
  // Callable again: the flag is set once and stays.
  collectGarbage();
});
