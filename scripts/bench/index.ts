import type { Benchmark } from './support.ts';
import { feedsBenchmark } from './feeds.ts';
import { importBenchmark } from './import.ts';
import { messyImportBenchmark } from './messy-import.ts';
import { validateBenchmark } from './validate.ts';
import { siteBenchmark } from './site.ts';
import { widgetBenchmark } from './widget.ts';
import { dashboardBenchmark } from './dashboard.ts';
import { markdownBenchmark } from './markdown.ts';
import { edgeBenchmark } from './edge.ts';
import { orukBenchmark } from './oruk.ts';
import { relevanceBenchmark } from './relevance.ts';
import { scaleBenchmark } from './scale.ts';
import { outputsBenchmark } from './outputs.ts';
import { searchScaleBenchmark } from './search-scale.ts';
import { searchEdgeBenchmark, searchWordsBenchmark } from './search-edge.ts';

/** Every benchmark, in the order `npm run bench` runs them. */
export const BENCHMARKS: Benchmark[] = [validateBenchmark, siteBenchmark, feedsBenchmark, importBenchmark, messyImportBenchmark, widgetBenchmark, dashboardBenchmark, markdownBenchmark, edgeBenchmark, orukBenchmark, relevanceBenchmark, scaleBenchmark, outputsBenchmark, searchScaleBenchmark, searchEdgeBenchmark, searchWordsBenchmark];
