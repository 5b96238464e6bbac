// npm run generate -- --services N [--seed S] --out DIR
// Writes DIR/loop.config.yaml and DIR/data/: build it with `LOOP_DATA=DIR npm run build`.
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { generate } from './synthetic/generate.ts';

const usage = 'usage: npm run generate -- --services N [--seed S] --out DIR';
try {
  const { values } = parseArgs({ options: { services: { type: 'string' }, seed: { type: 'string', default: '1' }, out: { type: 'string' } }, strict: true });
  const services = Number(values.services);
  const seed = Number(values.seed);
  if (!values.out || !Number.isInteger(services) || services < 1 || !Number.isInteger(seed)) {
    console.error(usage);
    process.exit(2);
  }
  const started = performance.now();
  const result = generate({ services, seed, out: resolve(values.out) });
  console.log(
    `wrote ${result.files} files to ${values.out}: ${result.organisations} organisations, ${result.services} services, ${result.resources} resources, ${result.locations} locations (${Math.round(performance.now() - started)} ms)`,
  );
  console.log(`build it with: LOOP_DATA=${values.out} npm run build`);
} catch (error) {
  console.error(`${error instanceof Error ? error.message : String(error)}\n${usage}`);
  process.exit(2);
}
