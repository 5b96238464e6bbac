// npm run bench [-- --only name[,name]]: prints figures, targets and ratios. Speed targets live here, not in tests.
import { parseArgs } from 'node:util';
import { BENCHMARKS } from './bench/index.ts';
import { formatFigure } from './bench/support.ts';

const { values } = parseArgs({ options: { only: { type: 'string' } }, strict: true });
const wanted = values.only?.split(',');
const chosen = BENCHMARKS.filter((b) => !wanted || wanted.includes(b.name));
if (!chosen.length) {
  console.error(`no benchmark called ${values.only}; there are: ${BENCHMARKS.map((b) => b.name).join(', ')}`);
  process.exit(2);
}
let failed = false;
for (const bench of chosen) {
  console.log(`\n${bench.name}: ${bench.description}`);
  try {
    for (const figure of await bench.run()) console.log(formatFigure(figure));
  } catch (error) {
    failed = true;
    console.log(`  FAILED: ${error instanceof Error ? error.message : String(error)}`);
  }
}
process.exitCode = failed ? 1 : 0;
