/**
 * The search page's word index (src/site/search/words.ts): the edge's word index over the listed listings, with
 * their result cards, as static files, for a region's build without an edge host. The words are the ones the edge
 * indexes for the same services (edge.ts, `serviceWords`: read from the full services, as the edge's are), so a
 * search finds through either what it finds through the other, among the listings the site lists.
 */
import { createHash } from 'node:crypto';
import { catalogueOf } from '../dataset/catalogue.ts';
import { buildWordIndex, stamped, WORD_SHARD_BYTES } from '../edge/word-index.ts';
import { searchMeta } from '../site/search/document.ts';
import { searchPartCount } from '../site/search/files.ts';
import { CARDS_PER_FILE, SEARCH_WORDS_BASE, SEARCH_WORDS_FORMAT, searchCardsFile, searchWordsFile, searchWordsPath, type SearchCard, type SearchWordsHead } from '../site/search/words.ts';
import { listingPath, sitePath } from '../urls/site.ts';
import { fileOf, json, type PublishContext } from './context.ts';
import { serviceWords } from './edge.ts';
import { fullServices } from './oruk-api.ts';

/** Whether this build writes the search page's word index: as the search page asks for it (search.astro). */
export function writesSearchWords(ctx: PublishContext): boolean {
  return searchWordsPath(ctx.config.edge, searchPartCount(catalogueOf(ctx.dataset).listed.length)) !== undefined;
}

/** The files, head last (a reader that finds the head finds every file it lists). */
export function* searchWordFiles(ctx: PublishContext, options: { wordShardBytes?: number; cardsPerFile?: number } = {}): Generator<[string, string]> {
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

  const position = new Map(listed.map((listing, i) => [listing.id, i]));
  const texts = new Array<string>(listed.length).fill('');
  const names = new Array<string>(listed.length).fill('');
  let found = 0;
  for (const service of fullServices(ctx)) {
    const at = position.get(typeof service.id === 'string' ? service.id : '');
    if (at === undefined) continue;
    const words = serviceWords(service);
    texts[at] = words.s;
    names[at] = words.t;
    found++;
  }
  // Every listed listing is a service of the ORUK API (resources included): one missing would be unfindable.
  if (found !== listed.length) throw new Error(`the search word index found ${found} of the ${listed.length} listed listings among the ORUK services`);
  const words = buildWordIndex(texts, names, options.wordShardBytes ?? WORD_SHARD_BYTES);
  for (const [n, body] of words.suffixes.entries()) yield [file(searchWordsFile('suffixes', n)), stamped(build, body)];
  for (const [n, body] of words.postings.entries()) yield [file(searchWordsFile('postings', n)), stamped(build, body)];
  const head: SearchWordsHead = { format: SEARCH_WORDS_FORMAT, build, count: listed.length, cardsPerFile, words: words.info };
  yield [file('head.json'), json(head)];
}
