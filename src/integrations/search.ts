/**
 * The site's search index: every listed listing indexed with Pagefind (one purpose-made document per listing, see
 * src/site/search/document.ts), published at /pagefind/, plus the spelling vocabulary the search page uses when a
 * query finds nothing. Inactive and closed-for-good listings are left out: their pages exist for old links, but
 * search should not send people to them.
 *
 * The documents come from the Dataset, not from the rendered pages, so indexing starts as soon as the data is
 * validated and Pagefind (a separate process) builds the index while Astro renders pages; the finished bundle is
 * moved into place when the build is done.
 */
import { cpSync, existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import { Worker } from 'node:worker_threads';
import { writePagefindBundle, type IndexJob } from './pagefind-bundle.ts';
import { catalogueOf } from '../dataset/catalogue.ts';
import { getDataset } from '../site/dataset.ts';
import { searchDocument } from '../site/search/document.ts';
import { SPELLING_FILE_PATH } from '../site/search/files.ts';
import { buildVocabulary, type Vocabulary } from '../site/search/spelling.ts';
import { SynonymExpander } from '../site/search/synonyms.ts';
import { PAGEFIND_BASE, sitePath } from '../urls/site.ts';

export interface BuiltIndex {
  /** Where Pagefind wrote its bundle. */
  bundle: string;
  listings: number;
  vocabulary: Vocabulary;
  /** Whether Pagefind was driven from a worker thread. */
  worker: boolean;
}

const workerUrl = new URL('./search-worker.ts', import.meta.url);

function runInWorker(job: IndexJob): Promise<void> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(workerUrl);
    worker.once('message', (result: { ok: boolean; message?: string }) => {
      void worker.terminate();
      if (result.ok) resolve();
      else reject(new Error(result.message));
    });
    worker.once('error', reject);
    worker.postMessage(job);
  });
}

/**
 * Indexes the Dataset's listed listings and writes the Pagefind bundle to `bundleDir`. The documents are made
 * here; Pagefind is driven from a worker thread when one can be started (beside the pages being rendered).
 */
export async function buildSearchIndex(bundleDir: string): Promise<BuiltIndex> {
  const dataset = getDataset();
  const catalogue = catalogueOf(dataset);
  const expander = new SynonymExpander(dataset.synonyms.groups);
  const texts: string[] = [];
  const documents: IndexJob['documents'] = catalogue.listed.map((listing) => {
    const doc = searchDocument(dataset, catalogue, expander, listing);
    texts.push(doc.text);
    return [sitePath(dataset.config, doc.path), doc.html, listing.file];
  });
  const job: IndexJob = { documents, bundleDir };
  const inWorker = workerUrl.protocol === 'file:' && existsSync(fileURLToPath(workerUrl));
  await (inWorker ? runInWorker(job) : writePagefindBundle(job));
  return { bundle: bundleDir, listings: documents.length, vocabulary: { ...buildVocabulary(texts), synonyms: dataset.synonyms.groups }, worker: inWorker };
}

/** Puts a finished index into the built site: the bundle at /pagefind/, the vocabulary beside the site's data. */
export function publishSearchIndex(built: BuiltIndex, outDir: string): void {
  const target = join(outDir, PAGEFIND_BASE);
  rmSync(target, { recursive: true, force: true });
  mkdirSync(dirname(target), { recursive: true });
  if (built.bundle !== target) {
    try {
      renameSync(built.bundle, target);
    } catch {
      // A different file system: copy instead.
      cpSync(built.bundle, target, { recursive: true });
      rmSync(built.bundle, { recursive: true, force: true });
    }
  }
  const file = join(outDir, SPELLING_FILE_PATH);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify({ words: built.vocabulary.words, synonyms: built.vocabulary.synonyms ?? [] }));
}

export function search(): AstroIntegration {
  let scratch: string | undefined;
  let started = 0;
  let building: Promise<BuiltIndex> | undefined;
  return {
    name: 'loop-search',
    hooks: {
      'astro:config:done': ({ config }) => {
        // Not inside the output folder (Astro owns it until the build is done); .cache/ is ignored by git.
        scratch = join(fileURLToPath(config.root), '.cache', `pagefind-${process.pid}`);
      },
      // The LOOP integration (listed first) has validated the data by now.
      'astro:build:start': () => {
        if (!scratch) return;
        started = performance.now();
        building = buildSearchIndex(scratch);
        // Failures are reported when the build is done; this only stops Node calling them unhandled meanwhile.
        building.catch(() => {});
      },
      'astro:build:done': async ({ dir, logger }) => {
        const out = fileURLToPath(dir);
        started ||= performance.now();
        const built = await (building ?? buildSearchIndex(join(out, PAGEFIND_BASE)));
        publishSearchIndex(built, out);
        if (!existsSync(join(out, PAGEFIND_BASE, 'pagefind.js'))) throw new Error('the Pagefind bundle is missing from the build');
        logger.info(`indexed ${built.listings} listings for search in ${Math.round(performance.now() - started)} ms, alongside the pages${built.worker ? ' (in a worker thread)' : ''}; ${built.vocabulary.words.length} words for spelling suggestions`);
      },
    },
  };
}
