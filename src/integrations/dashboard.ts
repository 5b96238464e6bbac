/**
 * The data co-operative's dashboard (/dashboard/): adds its pages to the build, works out its figures and charts
 * once, when the build starts, right after the LOOP integration has validated the data (list it after loop() in
 * astro.config.mjs), and writes its CSV files when the pages are done (and serves them in `astro dev`).
 * LOOP_DASHBOARD=0 leaves the dashboard out (the benchmark compares the two builds).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import { dashboardCsvFiles } from '../report/dashboard/csv-files.ts';
import { dashboardEnabled } from '../build/context.ts';
import { dashboardContent } from '../report/dashboard/figures.ts';
import { DASHBOARD_BASE } from '../urls/site.ts';
import { historyFor } from '../history/index.ts';
import { getDataset } from '../site/dataset.ts';

/** The dashboard's pages (patterns under the site's base) and the files that make them. */
export const DASHBOARD_ROUTES: readonly { pattern: string; entrypoint: URL }[] = [
  { pattern: '/dashboard', entrypoint: new URL('../routes/dashboard/index.astro', import.meta.url) },
  { pattern: '/dashboard/organisations/[...page]', entrypoint: new URL('../routes/dashboard/organisations.astro', import.meta.url) },
  { pattern: '/dashboard/organisations/[slug]', entrypoint: new URL('../routes/dashboard/organisation.astro', import.meta.url) },
];

const CSV_TYPE = 'text/csv; charset=utf-8';

/** Writes every dashboard CSV under `outDir`; returns how many. */
export async function writeDashboardCsvs(outDir: string): Promise<number> {
  const files = dashboardCsvFiles(await dashboardContent());
  const made = new Set<string>();
  for (const file of files) {
    const full = join(outDir, file.path);
    if (!made.has(dirname(full))) {
      await mkdir(dirname(full), { recursive: true });
      made.add(dirname(full));
    }
    await writeFile(full, file.text());
  }
  return files.length;
}

export function dashboard(): AstroIntegration {
  const enabled = dashboardEnabled();
  let base = '/';
  return {
    name: 'loop-dashboard',
    hooks: {
      'astro:config:setup': ({ injectRoute }) => {
        if (!enabled) return;
        for (const route of DASHBOARD_ROUTES) injectRoute({ pattern: route.pattern, entrypoint: route.entrypoint, prerender: true });
      },
      'astro:config:done': ({ config }) => {
        base = config.base.endsWith('/') ? config.base : `${config.base}/`;
      },
      'astro:server:setup': ({ server }) => {
        if (!enabled) return;
        server.middlewares.use((req, res, next) => {
          let path = (req.url ?? '').split('?')[0]!;
          if (path.startsWith(base)) path = `/${path.slice(base.length)}`;
          if (!path.startsWith(`${DASHBOARD_BASE}/data/`)) return next();
          dashboardContent().then(
            (content) => {
              const file = dashboardCsvFiles(content).find((f) => f.path === path);
              if (!file) return next();
              res.writeHead(200, { 'Content-Type': CSV_TYPE }).end(file.text());
            },
            (error: unknown) => res.writeHead(500, { 'Content-Type': 'text/plain' }).end(String(error)),
          );
        });
      },
      'astro:build:start': async ({ logger }) => {
        if (!enabled) {
          logger.info('dashboard: left out (LOOP_DASHBOARD=0)');
          return;
        }
        // Git history is read once per build for the listing pages and the feeds too: time it apart, as it is not
        // the dashboard's own cost.
        const started = performance.now();
        await historyFor(getDataset());
        const read = performance.now();
        const { figures } = await dashboardContent();
        const done = performance.now();
        logger.info(`dashboard: figures and charts for ${figures.totals.activeListings} active listings and ${figures.organisations.length} organisations in ${Math.round(done - read)} ms${figures.activity ? ` (git history read in ${Math.round(read - started)} ms, shared)` : ' (no git history)'}`);
      },
      'astro:build:done': async ({ dir, logger }) => {
        if (!enabled) return;
        const started = performance.now();
        const written = await writeDashboardCsvs(fileURLToPath(dir));
        logger.info(`dashboard: ${written} CSV files in ${Math.round(performance.now() - started)} ms`);
      },
    },
  };
}
