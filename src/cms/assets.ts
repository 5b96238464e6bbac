/**
 * The web form's scripts, for the build (src/integrations/cms.ts), `npm run cms` and the browser test: Decap CMS
 * copied from the npm package (never a CDN), and LOOP's own admin script (src/cms/admin.ts) bundled by esbuild.
 */
import { copyFileSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { build } from 'esbuild';

const require = createRequire(import.meta.url);

/** Decap's prebuilt bundle and the chunks it loads on demand (code-editor modes, an image encoder). */
export const DECAP_DIST = join(dirname(require.resolve('decap-cms/package.json')), 'dist');
export const DECAP_SCRIPT = 'decap-cms.js';
export const ADMIN_SCRIPT = 'loop-cms.js';

/** Files to publish from Decap's dist/: its bundle, lazily loaded chunks, their wasm and the licence notice. */
export function decapFiles(): string[] {
  return readdirSync(DECAP_DIST).filter(
    (name) => name === DECAP_SCRIPT || name === `${DECAP_SCRIPT}.LICENSE.txt` || /^\d+\.decap-cms\.js$/.test(name) || name.endsWith('.wasm'),
  );
}

let bundled: Promise<string> | undefined;

/** src/cms/admin.ts and what it imports (the model, the YAML format, the checks), as one browser script. */
export function adminScript(): Promise<string> {
  bundled ??= build({
    entryPoints: [join(import.meta.dirname, 'admin.ts')],
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: ['es2022'],
    minify: true,
    legalComments: 'eof',
    write: false,
    logLevel: 'silent',
  }).then((result) => result.outputFiles[0]!.text);
  return bundled;
}

/** Writes every script the admin page loads into `dir` (e.g. dist/admin/); returns the file names. */
export async function writeAdminAssets(dir: string): Promise<string[]> {
  mkdirSync(dir, { recursive: true });
  const files = decapFiles();
  for (const name of files) copyFileSync(join(DECAP_DIST, name), join(dir, name));
  writeFileSync(join(dir, ADMIN_SCRIPT), await adminScript());
  return [...files, ADMIN_SCRIPT];
}
