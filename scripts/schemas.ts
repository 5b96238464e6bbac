// Writes schemas/*.schema.json from the zod model. Run after changing src/model: `npm run schemas`.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateSchemaFiles } from '../src/model/json-schema.ts';

const out = join(import.meta.dirname, '..', 'schemas');
mkdirSync(out, { recursive: true });
for (const [name, text] of generateSchemaFiles()) {
  writeFileSync(join(out, name), text);
  console.log(`wrote schemas/${name}`);
}
