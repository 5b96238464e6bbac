/**
 * The open-data integration: when Astro has built the site, writes the ORUK API, the LOOP feeds, the downloads,
 * release snapshots, schemas, OpenAPI and hosting rules into dist/ from the Dataset the LOOP integration validated
 * (src/integrations/loop.ts). Thousands of JSON files are written directly, not routed through Astro pages.
 *
 * LOOP_BASE_URL (previews, tests) changes the address feeds link to, as it does for the site; LOOP_ORUK_PAGE_SIZE
 * changes the ORUK page size. A build that would change a published release snapshot fails here.
 */
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import { buildEnvironment } from '../build/context.ts';
import { defaultDataDir } from '../checks/load.ts';
import { historyFor } from '../history/index.ts';
import { publish } from '../publish/publish.ts';
import { getDataset } from '../site/dataset.ts';

export function publishFeeds(): AstroIntegration {
  return {
    name: 'loop-publish',
    hooks: {
      'astro:build:done': async ({ dir, logger }) => {
        const dataset = getDataset();
        const { baseUrl: base, orukPageSize: pageSize, netlify } = buildEnvironment();
        const config = base ? { ...dataset.config, site: { ...dataset.config.site, base_url: new URL(base).toString() } } : undefined;
        try {
          await publish(dataset, fileURLToPath(dir), {
            dataDir: defaultDataDir(),
            // The same History the pages used for per-listing history (read once per build).
            history: await historyFor(dataset),
            ...(config ? { config } : {}),
            ...(pageSize ? { orukPageSize: pageSize } : {}),
            ...(netlify ? { netlifyRules: true } : {}),
            log: (message) => (/SHALLOW|no git history|uncommitted|ignored tags|new release/.test(message) ? logger.warn(message) : logger.info(message)),
          });
        } catch (error) {
          const failure = new Error(`the open data could not be published: ${error instanceof Error ? error.message : String(error)}`);
          // The message is the whole story (which snapshot, which file); a stack trace would only distract.
          failure.stack = failure.message;
          throw failure;
        }
      },
    },
  };
}
