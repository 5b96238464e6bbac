/**
 * The data co-operative's dashboard (/dashboard/): adds its pages and CSV files to the build and works out its
 * figures once, when the build starts, right after the LOOP integration has validated the data (list it after
 * loop() in astro.config.mjs). LOOP_DASHBOARD=0 leaves the dashboard out (the benchmark compares the two builds).
 */
import type { AstroIntegration } from 'astro';
import { dashboardEnabled } from '../site/dashboard/enabled.ts';
import { dashboardFigures } from '../site/dashboard/figures.ts';

/** The dashboard's routes (patterns under the site's base) and the files that make them. */
export const DASHBOARD_ROUTES: readonly { pattern: string; entrypoint: URL }[] = [
  { pattern: '/dashboard', entrypoint: new URL('../routes/dashboard/index.astro', import.meta.url) },
  { pattern: '/dashboard/organisations/[...page]', entrypoint: new URL('../routes/dashboard/organisations.astro', import.meta.url) },
  { pattern: '/dashboard/organisations/[slug]', entrypoint: new URL('../routes/dashboard/organisation.astro', import.meta.url) },
  { pattern: '/dashboard/data/[name].csv', entrypoint: new URL('../routes/dashboard/csv.ts', import.meta.url) },
  { pattern: '/dashboard/data/organisations/[slug].csv', entrypoint: new URL('../routes/dashboard/organisation-csv.ts', import.meta.url) },
];

export function dashboard(): AstroIntegration {
  const enabled = dashboardEnabled();
  return {
    name: 'loop-dashboard',
    hooks: {
      'astro:config:setup': ({ injectRoute }) => {
        if (!enabled) return;
        for (const route of DASHBOARD_ROUTES) injectRoute({ pattern: route.pattern, entrypoint: route.entrypoint, prerender: true });
      },
      'astro:build:start': async ({ logger }) => {
        if (!enabled) {
          logger.info('dashboard: left out (LOOP_DASHBOARD=0)');
          return;
        }
        const started = performance.now();
        const figures = await dashboardFigures();
        logger.info(`dashboard: figures for ${figures.totals.activeListings} active listings and ${figures.organisations.length} organisations in ${Math.round(performance.now() - started)} ms${figures.activity ? '' : ' (no git history)'}`);
      },
    },
  };
}
