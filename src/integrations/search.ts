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
import { INDEX_OPTIONS, PagefindParts, type SearchFile } from './pagefind-bundle.ts';
import { PartKey, SearchPartCache, searchCodeFingerprint } from './search-cache.ts';
import type { WorkerReply, WorkerRequest } from './search-worker.ts';
import { defaultCacheDir } from '../checks/load.ts';
import { catalogueOf } from '../dataset/catalogue.ts';
import { getDataset } from '../site/dataset.ts';
import { searchDocument } from '../site/search/document.ts';
import { SEARCH_PART_SIZE, searchPartCount, SPELLING_FILE_PATH } from '../site/search/files.ts';
import { VocabularyCounter, type Vocabulary } from '../site/search/spelling.ts';
import { SynonymExpander } from '../site/search/synonyms.ts';
import { PAGEFIND_BASE, sitePath } from '../urls/site.ts';

export interface BuiltIndex {
  /** Where Pagefind wrote its bundle. */
  bundle: string;
  listings: number;
  /** How many Pagefind indexes the bundle holds (see pagefind-bundle.ts). */
  parts: number;
  /** How many of them were copied from the last build's (search-cache.ts) instead of indexed. */
  reused: number;
  vocabulary: Vocabulary;
  /** Whether Pagefind was driven from a worker thread. */
  worker: boolean;
  /** Milliseconds from the start to the bundle written (the build may still be rendering then). */
  ms: number;
}

/** Documents made and handed to Pagefind at a time. */
const BATCH = 500;
/**
 * Documents handed over and not yet taken by Pagefind, at most: this many (about 3 kB each) are held in the
 * worker's queue. The main thread makes a part's documents without waiting for Pagefind between batches: during a
 * build it is rendering pages, and a round trip per batch through its busy event loop made the documents of 10,000
 * listings take a minute instead of seconds, with Pagefind idle meanwhile (issue #19).
 */
const AHEAD = 20_000;

const workerUrl = new URL('./search-worker.ts', import.meta.url);

/**
 * Where the documents go: Pagefind in a worker thread, or in this thread. Requests are taken in the order they are
 * made, each when the one before is done, so they can be made without waiting.
 */
interface Sink {
  add(documents: SearchFile[]): Promise<void>;
  /** At a part's start: whether the cache had the part under `key` (then it is in place). */
  reuse(key: string): Promise<boolean>;
  /** Ends the part being added (kept in the cache under `key` if given). */
  endPart(key?: string): Promise<void>;
  finish(): Promise<number>;
  abandon(): Promise<void>;
}

function threadSink(bundleDir: string, partSize: number, cacheDir: string | undefined): Sink {
  const parts = new PagefindParts(bundleDir, partSize, cacheDir);
  let queue: Promise<unknown> = Promise.resolve();
  const then = <T>(step: () => Promise<T>): Promise<T> => {
    const next = queue.then(step);
    queue = next.catch(() => {});
    return next;
  };
  return {
    add: (documents) => then(() => parts.add(documents)),
    reuse: (key) => then(() => parts.reuse(key)),
    endPart: (key) => then(() => parts.endPart(key)),
    finish: () =>
      then(async () => {
        const count = await parts.finish();
        parts.pruneCache();
        return count;
      }),
    abandon: () => parts.abandon(),
  };
}

function workerSink(bundleDir: string, partSize: number, cacheDir: string | undefined): Sink {
  const worker = new Worker(workerUrl);
  // The worker answers every request, in order (search-worker.ts).
  const waiting: { resolve(reply: WorkerReply): void; reject(error: Error): void }[] = [];
  let failed: Error | undefined;
  worker.on('message', (reply: WorkerReply) => {
    const w = waiting.shift();
    if (reply.type === 'error') w?.reject(new Error(reply.message));
    else w?.resolve(reply);
  });
  worker.on('error', (error) => {
    failed = error;
    for (const w of waiting.splice(0)) w.reject(error);
  });
  const ask = (request: WorkerRequest) =>
    new Promise<WorkerReply>((resolve, reject) => {
      if (failed) return reject(failed);
      waiting.push({ resolve, reject });
      worker.postMessage(request);
    });
  void ask({ type: 'open', bundleDir, partSize, ...(cacheDir === undefined ? {} : { cacheDir }) }).catch(() => {});
  return {
    add: async (documents) => void (await ask({ type: 'add', documents })),
    reuse: async (key) => {
      const reply = await ask({ type: 'reuse', key });
      return reply.type === 'reused' && reply.hit;
    },
    endPart: async (key) => void (await ask(key === undefined ? { type: 'end' } : { type: 'end', key })),
    finish: async () => {
      const reply = await ask({ type: 'finish' });
      void worker.terminate();
      return reply.type === 'done' ? reply.parts : 0;
    },
    abandon: async () => void (await worker.terminate()),
  };
}

export interface SearchIndexOptions {
  /** Listings per Pagefind index (tests make several parts from a small dataset). */
  partSize?: number;
  /**
   * A folder to keep each part of the index in, by a hash of its documents, and to copy an unchanged part from
   * instead of indexing it again (search-cache.ts); none: every part is indexed.
   */
  cacheDir?: string;
}

/** The build's search cache: `search/` in LOOP's cache folder (none when LOOP_CACHE=0). */
export function defaultSearchCacheDir(): string | undefined {
  const dir = defaultCacheDir();
  return dir === undefined ? undefined : join(dir, 'search');
}

/**
 * Indexes the Dataset's listed listings and writes the Pagefind bundle to `bundleDir`. The documents are made
 * here, a batch at a time (never the whole dataset's at once), in the listings' name order; Pagefind is driven
 * from a worker thread when one can be started (beside the pages being rendered).
 */
export async function buildSearchIndex(bundleDir: string, options: SearchIndexOptions = {}): Promise<BuiltIndex> {
  const dataset = getDataset();
  const catalogue = catalogueOf(dataset);
  const expander = new SynonymExpander(dataset.synonyms.groups);
  const partSize = options.partSize ?? SEARCH_PART_SIZE;
  const listed = catalogue.listed;
  const partCount = searchPartCount(listed.length, partSize);
  const several = partCount > 1;
  const started = performance.now();
  const words = new VocabularyCounter();
  const inWorker = workerUrl.protocol === 'file:' && existsSync(fileURLToPath(workerUrl));
  const { cacheDir } = options;
  const sink: Sink = inWorker ? workerSink(bundleDir, partSize, cacheDir) : threadSink(bundleDir, partSize, cacheDir);
  const fingerprint = cacheDir === undefined ? '' : searchCodeFingerprint(INDEX_OPTIONS);
  // With parts from an earlier build to reuse, a part's documents are all made (and hashed) before Pagefind is
  // given any, so an unchanged part costs no indexing; a first build (an empty cache) streams them as they are made.
  const holdBack = cacheDir !== undefined && !new SearchPartCache(cacheDir).isEmpty();
  let reused = 0;
  // Handed over, not yet taken: [documents, promise]; a failure is reported when its turn comes.
  const handed: [number, Promise<void>][] = [];
  let ahead = 0;
  const hand = async (count: number, request: Promise<void>) => {
    request.catch(() => {});
    handed.push([count, request]);
    ahead += count;
    while (ahead > AHEAD) {
      const [n, oldest] = handed.shift()!;
      ahead -= n;
      await oldest;
    }
  };
  try {
    // Once the other integrations' build:start hooks have run (the open data's worker starts there).
    await new Promise<void>((resolve) => setImmediate(resolve));
    for (let part = 0; part < partCount; part++) {
      const end = Math.min(listed.length, (part + 1) * partSize);
      const key = cacheDir === undefined ? undefined : new PartKey(fingerprint, part);
      const held: SearchFile[][] = [];
      for (let start = part * partSize; start < end; start += BATCH) {
        const batch = listed.slice(start, Math.min(end, start + BATCH)).map((listing): SearchFile => {
          const doc = searchDocument(dataset, catalogue, expander, listing, several ? part : undefined);
          words.add(doc.text);
          const url = sitePath(dataset.config, doc.path);
          key?.add(url, doc.html);
          return [url, doc.html, listing.file];
        });
        if (holdBack) held.push(batch);
        else await hand(batch.length, sink.add(batch));
      }
      const digest = key?.digest();
      if (holdBack && digest !== undefined) {
        if (await sink.reuse(digest)) {
          reused++;
          continue;
        }
        for (const batch of held) await hand(batch.length, sink.add(batch));
      }
      await hand(0, sink.endPart(digest));
    }
    for (const [, request] of handed.splice(0)) await request;
    const parts = await sink.finish();
    return { bundle: bundleDir, listings: listed.length, parts, reused, vocabulary: { ...words.vocabulary(), synonyms: dataset.synonyms.groups }, worker: inWorker, ms: performance.now() - started };
  } catch (error) {
    await sink.abandon();
    throw error;
  }
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
        const cacheDir = defaultSearchCacheDir();
        building = buildSearchIndex(scratch, cacheDir === undefined ? {} : { cacheDir });
        // Failures are reported when the build is done; this only stops Node calling them unhandled meanwhile.
        building.catch(() => {});
      },
      'astro:build:done': async ({ dir, logger }) => {
        const out = fileURLToPath(dir);
        started ||= performance.now();
        const built = await (building ?? buildSearchIndex(join(out, PAGEFIND_BASE)));
        publishSearchIndex(built, out);
        if (!existsSync(join(out, PAGEFIND_BASE, 'pagefind.js'))) throw new Error('the Pagefind bundle is missing from the build');
        logger.info(`indexed ${built.listings} listings for search (${built.parts} Pagefind index${built.parts === 1 ? '' : 'es'}${built.reused ? `, ${built.reused} of them unchanged and copied from the last build` : ''}) in ${Math.round(performance.now() - started)} ms, alongside the pages${built.worker ? ' (in a worker thread)' : ''}, the index itself ready after ${Math.round(built.ms)} ms; ${built.vocabulary.words.length} words for spelling suggestions`);
      },
    },
  };
}
