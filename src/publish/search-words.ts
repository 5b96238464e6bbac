/**
 * The search page's word index (src/site/search/words.ts): the edge's word index over the listed listings, with
 * their result cards, as static files, for a region's build without an edge host. The words are the ones the edge
 * indexes for the same services (service-words.ts, `serviceWords`, from the full services), so a search finds
 * through either what it finds through the other, among the listings the site lists.
 *
 * At 100,000 services making the index holds a few hundred MB (every listing's words, every word's postings) for
 * about ten seconds: made in the publishing thread, that raised the publish's peak memory by as much for the rest
 * of the build. So once services.ndjson is on disk (`startSearchWords`, the publisher's early start), a worker thread
 * makes it from that file while the other outputs are written, and its memory goes with the thread. Where no worker
 * can start (a bundled copy, LOOP_WORKERS=0, no services file), the publishing thread makes it, with the same code.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { catalogueOf } from '../dataset/catalogue.ts';
import { stamped, WORD_SHARD_BYTES } from '../edge/word-index.ts';
import { searchMeta } from '../site/search/document.ts';
import { searchPartCount } from '../site/search/files.ts';
import { CARDS_PER_FILE, SEARCH_WORDS_BASE, SEARCH_WORDS_FORMAT, searchCardsFile, searchWordsFile, searchWordsPath, type SearchCard, type SearchWordsHead } from '../site/search/words.ts';
import { listingPath, sitePath } from '../urls/site.ts';
import { fileOf, json, type PublishContext } from './context.ts';
import { fullServiceTexts, servicesFileOf } from './oruk-api.ts';
import { searchWordIndex, type WordIndexBodies } from './service-words.ts';

/** What the worker is given: the services file, the listed listings' ids in the index's order, the file size. */
export interface WordsJob {
  file: string;
  ids: string[];
  shardBytes: number;
}

export type WordsReply = WordIndexBodies | { failed: string };

const workerUrl = new URL('./search-words-worker.ts', import.meta.url);

function workerAvailable(): boolean {
  // Under a bundler the worker file may not sit beside this module: then the publishing thread makes the index.
  return workerUrl.protocol === 'file:' && existsSync(fileURLToPath(workerUrl)) && process.env.LOOP_WORKERS !== '0';
}

/** Whether this build writes the search page's word index: as the search page asks for it (search.astro). */
export function writesSearchWords(ctx: PublishContext): boolean {
  return searchWordsPath(ctx.config.edge, searchPartCount(catalogueOf(ctx.dataset).listed.length)) !== undefined;
}

/**
 * Starts making the word index in a worker from services.ndjson, when the file is on disk and a worker can start;
 * undefined otherwise (searchWordFiles then makes it in this thread). The promise is rejected, naming the file, if
 * the worker fails.
 */
export function startSearchWords(ctx: PublishContext, options: { wordShardBytes?: number } = {}): Promise<WordIndexBodies> | undefined {
  const file = servicesFileOf(ctx);
  if (!file || !workerAvailable()) return undefined;
  const job: WordsJob = { file, ids: catalogueOf(ctx.dataset).listed.map((l) => l.id), shardBytes: options.wordShardBytes ?? WORD_SHARD_BYTES };
  const worker = new Worker(workerUrl, { workerData: job });
  const made = new Promise<WordIndexBodies>((resolve, reject) => {
    worker.once('message', (reply: WordsReply) => ('failed' in reply ? reject(new Error(`the search word index from ${file}: ${reply.failed}`)) : resolve(reply)));
    worker.once('error', (error) => reject(new Error(`the search word index from ${file}: ${error.message}`)));
    worker.once('exit', (code) => reject(new Error(`the search word index worker stopped (exit code ${code})`)));
  });
  // Taken care of by whoever awaits it; until then an early failure is not an unhandled rejection.
  made.catch(() => {});
  return made;
}

/**
 * The files, head last (a reader that finds the head finds every file it lists): the cards, then the word index,
 * `made` by startSearchWords or else made here.
 */
export function* searchWordFiles(ctx: PublishContext, made?: WordIndexBodies, options: { wordShardBytes?: number; cardsPerFile?: number } = {}): Generator<[string, string]> {
  const { dataset, config } = ctx;
  const listed = catalogueOf(dataset).listed;
  const cardsPerFile = options.cardsPerFile ?? CARDS_PER_FILE;
  const build = createHash('sha256')
    .update(JSON.stringify([SEARCH_WORDS_FORMAT, ctx.build.datasetVersion, ctx.build.generatedAt, ctx.build.commit ?? '', listed.length, cardsPerFile]))
    .digest('hex')
    .slice(0, 32);
  const file = (name: string) => fileOf(`${SEARCH_WORDS_BASE}/${name}`);

  for (let from = 0; from < listed.length; from += cardsPerFile) {
    const cards = listed.slice(from, from + cardsPerFile).map((listing): SearchCard => ({ url: sitePath(config, listingPath(listing)), meta: searchMeta(dataset, listing) }));
    yield [file(searchCardsFile(from / cardsPerFile)), `{"build":${JSON.stringify(build)},"from":${from / cardsPerFile},"cards":${JSON.stringify(cards)}}`];
  }

  const words = made ?? searchWordIndex(fullServiceTexts(ctx), listed.map((l) => l.id), options.wordShardBytes ?? WORD_SHARD_BYTES);
  for (const [n, body] of words.suffixes.entries()) yield [file(searchWordsFile('suffixes', n)), stamped(build, body)];
  for (const [n, body] of words.postings.entries()) yield [file(searchWordsFile('postings', n)), stamped(build, body)];
  const head: SearchWordsHead = { format: SEARCH_WORDS_FORMAT, build, count: listed.length, cardsPerFile, words: words.info };
  yield [file('head.json'), json(head)];
}
