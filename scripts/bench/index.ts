import type { Benchmark } from './support.ts';
import { validateBenchmark } from './validate.ts';
import { widgetBenchmark } from './widget.ts';

/** Every benchmark, in the order `npm run bench` runs them. */
export const BENCHMARKS: Benchmark[] = [validateBenchmark, widgetBenchmark];
