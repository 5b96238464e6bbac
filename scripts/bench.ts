// npm run bench [-- --only name[,name]] [--services N]: prints figures, targets and ratios. Speed targets live here,
// not in tests. --services sets the size of the region-scale benchmark (scale.ts).
import { parseArgs } from 'node:util';
import { BENCHMARKS } from './bench/index.ts';
import { formatFigure } from './bench/support.ts';

const { values } = parseArgs({ options: { only: { type: 'string' }, services: { type: 'string' } }, strict: true });
const services = values.services === undefined ? undefined : Number(values.services);
if (services !== undefined && !(Number.isInteger(services) && services > 0)) {
  console.error('--services takes a whole number of services');
  process.exit(2);
}
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
    for (const figure of await bench.run(services === undefined ? {} : { services })) console.log(formatFigure(figure));
  } catch (error) {
    failed = true;
    console.log(`  FAILED: ${error instanceof Error ? error.message : String(error)}`);
  }
}
process.exitCode = failed ? 1 : 0;
