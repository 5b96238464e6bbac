/**
 * The web form at /admin. Its page and config.yml are generated files in public/admin/ (so Astro serves and copies
 * them like any static file); this integration adds the scripts: Decap CMS from node_modules and LOOP's admin
 * bundle, written into the build output and served by `astro dev`.
 */
import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import { ADMIN_SCRIPT, adminScript, DECAP_DIST, decapFiles, writeAdminAssets } from '../cms/assets.ts';
import { adminFiles } from '../cms/page.ts';
import { CMS_CONFIG_PATH } from '../cms/config.ts';
import { defaultDataDir, findConfig, loadConfig } from '../checks/load.ts';

/**
 * Set by `npm run cms` (scripts/cms.ts) for the dev server it starts: the local backend's URL with this run's token.
 * The dev server then serves a page and config.yml made for it; the committed (published) ones name no local backend.
 */
export const LOCAL_BACKEND_ENV = 'LOOP_CMS_LOCAL_BACKEND';

/** The admin page and config.yml for the local backend at `url`, by file name; null when the config is invalid. */
function localAdminFiles(root: string, url: string): Map<string, string> | null {
  const { config } = loadConfig(findConfig(defaultDataDir(root), root), root);
  if (!config) return null;
  const files = new Map<string, string>();
  for (const [path, text] of adminFiles(config, { localBackendUrl: url })) files.set(path === CMS_CONFIG_PATH ? 'config.yml' : 'index.html', text);
  return files;
}

const TYPES: Record<string, string> = { '.js': 'text/javascript; charset=utf-8', '.wasm': 'application/wasm', '.txt': 'text/plain; charset=utf-8' };

export function cms(): AstroIntegration {
  let base = '/';
  let root = process.cwd();
  return {
    name: 'loop-cms',
    hooks: {
      'astro:config:done': ({ config }) => {
        base = config.base.endsWith('/') ? config.base : `${config.base}/`;
        root = fileURLToPath(config.root);
      },
      'astro:server:setup': ({ server }) => {
        const files = new Set(decapFiles());
        const localBackend = process.env[LOCAL_BACKEND_ENV];
        const local = localBackend ? localAdminFiles(root, localBackend) : null;
        server.middlewares.use((req, res, next) => {
          // Vite may or may not have taken the base off the path by the time we see it.
          let path = (req.url ?? '').split('?')[0]!;
          if (path.startsWith(base)) path = `/${path.slice(base.length)}`;
          if (!path.startsWith('/admin')) return next();
          const name = path.slice('/admin/'.length);
          if (path === '/admin') {
            res.writeHead(301, { Location: `${base}admin/` }).end();
            return;
          }
          if (local && (path === '/admin/' || name === 'index.html' || name === 'config.yml')) {
            const yaml = name === 'config.yml';
            res.writeHead(200, { 'Content-Type': yaml ? 'text/yaml; charset=utf-8' : 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
            res.end(local.get(yaml ? 'config.yml' : 'index.html'));
            return;
          }
          if (path === '/admin/' || name === 'index.html') {
            // Vite serves public/ files only by their exact name; the page is public/admin/index.html.
            res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
            createReadStream(join(root, 'public', 'admin', 'index.html')).pipe(res);
            return;
          }
          const type = TYPES[name.slice(name.lastIndexOf('.'))] ?? 'application/octet-stream';
          if (name === ADMIN_SCRIPT) {
            adminScript().then(
              (text) => res.writeHead(200, { 'Content-Type': type }).end(text),
              (error: unknown) => res.writeHead(500, { 'Content-Type': 'text/plain' }).end(String(error)),
            );
            return;
          }
          if (!files.has(name)) return next();
          res.writeHead(200, { 'Content-Type': type });
          createReadStream(join(DECAP_DIST, name)).pipe(res);
        });
      },
      'astro:build:done': async ({ dir, logger }) => {
        const out = join(fileURLToPath(dir), 'admin');
        const written = await writeAdminAssets(out);
        logger.info(`web form: ${written.length} scripts in ${out}`);
      },
    },
  };
}
