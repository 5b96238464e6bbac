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
