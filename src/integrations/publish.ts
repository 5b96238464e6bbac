/**
 * The open-data integration: writes the ORUK API, the LOOP feeds, the downloads, release snapshots, schemas, OpenAPI
 * and hosting rules into dist/ from the Dataset the LOOP integration validated (src/integrations/loop.ts). Thousands
 * of JSON files are written directly, not routed through Astro pages.
 *
 * The files need only the Dataset, not the rendered pages, so they are written in a worker thread while Astro renders
 * (issue #19), into a scratch folder outside dist/ (Astro empties dist/ after the build starts); when the site is
 * built they are moved into place through the same all-or-nothing staging as `loop publish`, with the open-data
 * index pages Astro rendered (/downloads/, /feeds/v1/, /schemas/v1/) given each file's size. Without a worker (the
 * source is bundled, past PUBLISH_WORKER_MAX_LISTINGS, or LOOP_PUBLISH_WORKER=0), it all happens when the site is
 * built, as before.
 *
 * LOOP_BASE_URL (previews, tests) changes the address feeds link to, as it does for the site; LOOP_ORUK_PAGE_SIZE
 * changes the ORUK page size. A build that would change a published release snapshot fails here.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { AstroIntegration, AstroIntegrationLogger } from 'astro';
import { finishPublish, publish, type PreparedPublish } from '../publish/publish.ts';
import { removeAbandoned } from '../publish/staging.ts';
import { getDataset } from '../site/dataset.ts';
import { publishOptions } from './publish-options.ts';
import type { PublishWorkerData, PublishWorkerReply } from './publish-worker.ts';

const workerUrl = new URL('./publish-worker.ts', import.meta.url);

const SCRATCH_PREFIX = 'publish-';

/** A build killed while publishing leaves its scratch folder (a gigabyte at 10,000 services): removed next time. */
function removeAbandonedScratch(cache: string): void {
  removeAbandoned(cache, (name) => (name.startsWith(SCRATCH_PREFIX) ? Number(name.slice(SCRATCH_PREFIX.length)) : undefined));
}

/**
 * Past this many listings the open data is written after rendering, not beside it: the worker holds a second
 * Dataset (about 0.5 GB per 10,000 services), and at region scale memory (the 4 GB target) matters more than the
 * minute the overlap saves (docs/scale.md, "Where the build's time goes").
 */
export const PUBLISH_WORKER_MAX_LISTINGS = 25_000;

/** Whether the build writes the open data in a worker while Astro renders: LOOP_PUBLISH_WORKER=0 never, =1 always, unset up to the limit. */
export function publishInWorker(setting: string | undefined, listings: number): boolean {
  if (setting === '0') return false;
  if (setting === '1') return true;
  return listings <= PUBLISH_WORKER_MAX_LISTINGS;
}

const WARNINGS = /SHALLOW|no git history|uncommitted|ignored tags|new release/;

function logTo(logger: AstroIntegrationLogger): (message: string) => void {
  return (message) => (WARNINGS.test(message) ? logger.warn(message) : logger.info(message));
}

/** Starts writing the open data into `scratch` in a worker thread; resolves with what finishPublish() needs. */
function prepareInWorker(scratch: string, log: (message: string) => void): Promise<PreparedPublish> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(workerUrl, { workerData: { scratch } satisfies PublishWorkerData });
    let settled = false;
    worker.on('message', (reply: PublishWorkerReply) => {
      if (reply.type === 'log') return log(reply.message);
      settled = true;
      if (reply.type === 'done') resolve(reply.prepared);
      else reject(new Error(reply.message));
      void worker.terminate();
    });
    worker.on('error', (error) => {
      settled = true;
      reject(error);
    });
    worker.on('exit', (code) => {
      if (!settled) reject(new Error(`the publishing thread stopped (exit code ${code})`));
    });
  });
}

function failed(error: unknown): Error {
  const failure = new Error(`the open data could not be published: ${error instanceof Error ? error.message : String(error)}`);
  // The message is the whole story (which snapshot, which file); a stack trace would only distract.
  failure.stack = failure.message;
  return failure;
}

export function publishFeeds(): AstroIntegration {
  let scratch: string | undefined;
  let preparing: Promise<PreparedPublish> | undefined;
  const held: string[] = [];
  return {
    name: 'loop-publish',
    hooks: {
      'astro:config:done': ({ config }) => {
        // Not inside the output folder (Astro owns it until the build is done); .cache/ is ignored by git.
        const cache = join(fileURLToPath(config.root), '.cache');
        scratch = join(cache, `${SCRATCH_PREFIX}${process.pid}`);
        removeAbandonedScratch(cache);
      },
      // The LOOP integration (listed first) has validated the data, and filled the check cache the worker reads.
      'astro:build:start': () => {
        if (!publishInWorker(process.env['LOOP_PUBLISH_WORKER'], getDataset().listings.length)) return;
        if (!scratch || workerUrl.protocol !== 'file:' || !existsSync(fileURLToPath(workerUrl))) return;
        // Its messages are told when the site is built, where they always were, not amid Astro's list of pages.
        preparing = prepareInWorker(scratch, (message) => void held.push(message));
        // Failures are reported when the build is done; this only stops Node calling them unhandled meanwhile.
        preparing.catch(() => {});
      },
      'astro:build:done': async ({ dir, logger }) => {
        const log = logTo(logger);
        try {
          if (preparing) {
            const prepared = await preparing.finally(() => held.splice(0).forEach(log));
            await finishPublish(prepared, fileURLToPath(dir), { log });
          }
          else {
            const dataset = getDataset();
            await publish(dataset, fileURLToPath(dir), await publishOptions(dataset, log));
          }
        } catch (error) {
          throw failed(error);
        }
      },
    },
  };
}
