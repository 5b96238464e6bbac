/**
 * The search page's word index (words.ts): the edge's word index over the listed listings, with their result cards,
 * as static files, for a region's build without an edge host. The words are the ones the edge indexes for the same
 * services (src/publish/service-words.ts, `serviceWords`, from the full services), so a search finds through either
 * what it finds through the other, among the listings the site lists. An output of the site build, added to the
 * publish's own (src/integrations/publish-options.ts): the cards are Pagefind's result data, which only the site knows.
 */
import { createHash } from 'node:crypto';
import { catalogueOf } from '../../dataset/catalogue.ts';
import { stamped, WORD_SHARD_BYTES } from '../../edge/word-index.ts';
import { fileOf, json, type PublishContext } from '../../publish/context.ts';
import { fullServiceTexts } from '../../publish/oruk-api.ts';
import type { Publisher } from '../../publish/publishers.ts';
import { startWordIndex } from '../../publish/search-words.ts';
import { searchWordIndex, type WordIndexBodies } from '../../publish/service-words.ts';
import { listingPath, sitePath } from '../../urls/site.ts';
import { searchMeta } from './document.ts';
import { searchPartCount } from './files.ts';
import { CARDS_PER_FILE, SEARCH_WORDS_BASE, SEARCH_WORDS_FORMAT, searchCardsFile, searchWordsFile, searchWordsPath, type SearchCard, type SearchWordsHead } from './words.ts';

/** Whether this build writes the search page's word index: as the search page asks for it (search.astro). */
export function writesSearchWords(ctx: PublishContext): boolean {
  return searchWordsPath(ctx.config.edge, searchPartCount(catalogueOf(ctx.dataset).listed.length)) !== undefined;
}

/** Starts making the word index in a worker (src/publish/search-words.ts), once services.ndjson is written. */
export function startSearchWords(ctx: PublishContext, options: { wordShardBytes?: number } = {}): Promise<WordIndexBodies> | undefined {
  return startWordIndex(ctx, catalogueOf(ctx.dataset).listed.map((l) => l.id), options.wordShardBytes ?? WORD_SHARD_BYTES);
}

/**
 * The files, head last (a reader that finds the head finds every file it lists): the cards, then the word index,
 * `made` by startSearchWords or else made here, in this thread, with the same code.
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

/**
 * The publisher: started once the zip's start has written services.ndjson (the publish runs the site's outputs after
 * its own starts), made in a worker from it while the publish's own outputs are written.
 */
export const searchWordsPublisher: Publisher = {
  name: 'search-words',
  owns: [SEARCH_WORDS_BASE],
  start: (run) => ({ made: writesSearchWords(run.ctx) ? startSearchWords(run.ctx) : undefined }),
  async write(run, started) {
    if (!writesSearchWords(run.ctx)) return;
    await run.write(searchWordFiles(run.ctx, await (started as { made?: Promise<WordIndexBodies> }).made));
  },
};
