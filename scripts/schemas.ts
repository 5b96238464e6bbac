// Writes schemas/*.schema.json and the web form's generated files (public/admin/config.yml and index.html) from the
// zod model and loop.config.yaml. Run after changing src/model or loop.config.yaml: `npm run schemas`.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { generateSchemaFiles } from '../src/model/json-schema.ts';
import { adminFiles } from '../src/cms/page.ts';
import { findConfig, loadConfig } from '../src/checks/load.ts';

const root = join(import.meta.dirname, '..');
const out = join(root, 'schemas');
mkdirSync(out, { recursive: true });
for (const [name, text] of generateSchemaFiles()) {
  writeFileSync(join(out, name), text);
  console.log(`wrote schemas/${name}`);
}

const { config, diagnostics } = loadConfig(findConfig(join(root, 'data'), root), root);
if (!config) {
  for (const d of diagnostics) console.error(`${d.file}:${d.line}:${d.column}  ${d.message}`);
  process.exit(1);
}
for (const [path, text] of adminFiles(config)) {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), text);
  console.log(`wrote ${path}`);
}
