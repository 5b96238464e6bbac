/**
 * The site's search index: after Astro has written the pages, index every listed listing with Pagefind (one
 * purpose-made document per listing, see src/site/search/document.ts) and write the bundle to /pagefind/, plus
 * the spelling vocabulary the search page uses when a query finds nothing. Inactive and closed-for-good listings
 * are left out: their pages exist for old links, but search should not send people to them.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import * as pagefind from 'pagefind';
import { catalogueOf } from '../site/catalogue.ts';
import { getDataset } from '../site/dataset.ts';
import { searchDocument } from '../site/search/document.ts';
import { buildVocabulary } from '../site/search/spelling.ts';
import { SynonymExpander } from '../site/search/synonyms.ts';
import { SPELLING_FILE_PATH } from '../site/search/files.ts';
import { PAGEFIND_BASE, sitePath } from '../site/urls.ts';


const BATCH = 200;

export interface IndexSummary {
  listings: number;
  words: number;
}

/** Indexes the Dataset's listed listings into `outDir` (the built site). */
export async function writeSearchIndex(outDir: string): Promise<IndexSummary> {
  const dataset = getDataset();
  const catalogue = catalogueOf(dataset);
  const expander = new SynonymExpander(dataset.synonyms.groups);
  // One index, in English: the site's pages say en-GB, and Pagefind falls back from "en-gb" to "en".
  const { index, errors } = await pagefind.createIndex({ forceLanguage: 'en' });
  if (!index) throw new Error(`Pagefind could not start: ${errors.join('; ')}`);
  const texts: string[] = [];
  try {
    // Pagefind indexes in its own process; keeping a batch of files in flight hides the round trips.
    const listings = catalogue.listed;
    for (let start = 0; start < listings.length; start += BATCH) {
      await Promise.all(
        listings.slice(start, start + BATCH).map(async (listing) => {
          const doc = searchDocument(dataset, catalogue, expander, listing);
          texts.push(doc.text);
          const added = await index.addHTMLFile({ url: sitePath(dataset.config, doc.path), content: doc.html });
          if (added.errors.length) throw new Error(`Pagefind could not index ${listing.file}: ${added.errors.join('; ')}`);
        }),
      );
    }
    const written = await index.writeFiles({ outputPath: join(outDir, PAGEFIND_BASE) });
    if (written.errors.length) throw new Error(`Pagefind could not write its bundle: ${written.errors.join('; ')}`);
  } finally {
    await index.deleteIndex();
    await pagefind.close();
  }
  const vocabulary = buildVocabulary(texts);
  const file = join(outDir, SPELLING_FILE_PATH);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify({ words: vocabulary.words }));
  return { listings: texts.length, words: vocabulary.words.length };
}

export function search(): AstroIntegration {
  return {
    name: 'loop-search',
    hooks: {
      'astro:build:done': async ({ dir, logger }) => {
        const started = performance.now();
        const summary = await writeSearchIndex(fileURLToPath(dir));
        logger.info(`indexed ${summary.listings} listings for search in ${Math.round(performance.now() - started)} ms (${summary.words} words for spelling suggestions)`);
      },
    },
  };
}
