// npm run widget [-- --out DIR] [--site URL] [--release]: builds the <loop-widget> bundles, prints their sizes and
// hashes, writes /widget/v1/ into DIR (default dist/), and with --release records the build as the release of
// WIDGET_VERSION in widget-releases/ (commit it). The site build does the same writing through
// src/integrations/widget.ts; this is for working on the widget without building the whole site.
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { siteAddress } from '../src/build/context.ts';
import { findConfig, defaultDataDir, loadConfig } from '../src/checks/load.ts';
import { GZIP_BUDGET_BYTES, ReleaseError, buildWidget, release, writeWidget } from '../src/widget/build.ts';

const { values } = parseArgs({ options: { out: { type: 'string', default: 'dist' }, site: { type: 'string' }, release: { type: 'boolean', default: false } }, strict: true });
const root = process.cwd();
const { config } = loadConfig(findConfig(defaultDataDir(root), root));
const site = new URL(values.site ?? siteAddress(config?.site.base_url ?? 'http://localhost:4321/')).href.replace(/\/?$/, '/');

let build = await buildWidget(root);
for (const file of build.current.files) {
  console.log(`${file.name.padEnd(18)} ${String(file.size).padStart(7)} bytes  ${String(file.gzipSize).padStart(6)} gzipped  ${file.integrity}`);
}
const classic = build.current.files[0]!;
if (classic.gzipSize > GZIP_BUDGET_BYTES) {
  console.error(`loop-widget.js is ${classic.gzipSize} bytes gzipped, over the ${GZIP_BUDGET_BYTES}-byte budget`);
  process.exitCode = 1;
}
if (values.release) {
  try {
    console.log(release(root, build));
    build = await buildWidget(root);
  } catch (error) {
    if (!(error instanceof ReleaseError)) throw error;
    console.error(error.message);
    process.exit(1);
  }
} else if (!build.released) {
  console.warn(`the source is not release ${build.current.version}: bump WIDGET_VERSION in src/widget/version.ts if ${build.current.version} is released, then run npm run widget -- --release`);
}
const written = writeWidget(resolve(root, values.out), build, (path) => new URL(path.slice(1), site).href);
console.log(`wrote ${written.length} files under ${values.out}/widget/v1/ for ${site}`);
