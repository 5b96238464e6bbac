/**
 * Pagefind, given finished search documents a batch at a time: index them and write the bundle. Used in a worker or
 * in-thread (search.ts).
 *
 * Pagefind holds every page of an index in memory until it writes the index, and writing takes several times that
 * again: measured with LOOP's documents, about 21 kB per listing while adding and a peak of about 84 kB per listing
 * while writing (1 GB for 12,500 listings), so one index of a 100,000-service region would need about 10 GB
 * (upstream reports the same past ~30,000 pages). So a large dataset is indexed in parts of at most
 * `SEARCH_PART_SIZE` listings (src/site/search/files.ts), each a complete Pagefind index written and closed before
 * the next starts, and the search page merges them (Pagefind's mergeIndex). Part 0 is the bundle itself; part n is
 * in `parts/n/` inside it. A dataset within one part (Leeds) gets exactly the one index it always had.
 */
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import * as pagefind from 'pagefind';
import { searchPartPath } from '../site/search/files.ts';
import { SearchPartCache } from './search-cache.ts';

/** [url, html, source file for messages] of one document. */
export type SearchFile = [string, string, string];

/** The options every index is created with (part of the search cache's key). */
export const INDEX_OPTIONS = { forceLanguage: 'en' } as const;

/** Files in flight to Pagefind at once, to hide the round trips. */
const IN_FLIGHT = 250;

type Index = NonNullable<Awaited<ReturnType<typeof pagefind.createIndex>>['index']>;

/** Writes documents, given in the order of the parts, into one Pagefind index per `partSize` documents. */
export class PagefindParts {
  private readonly bundleDir: string;
  private readonly partSize: number;
  private readonly cache: SearchPartCache | undefined;
  private index: Index | undefined;
  private inPart = 0;
  private part = 0;

  /** `cacheDir`: where parts are kept by key (search-cache.ts), for reuse() and endPart(key). */
  constructor(bundleDir: string, partSize: number, cacheDir?: string) {
    this.bundleDir = bundleDir;
    this.partSize = partSize;
    this.cache = cacheDir === undefined ? undefined : new SearchPartCache(cacheDir);
    rmSync(bundleDir, { recursive: true, force: true });
  }

  /**
   * At the start of a part: copies the part kept under `key` into its place instead of indexing it, when the cache
   * has it whole; returns whether it did (if not, the caller adds the part's documents and ends it with the key).
   */
  async reuse(key: string): Promise<boolean> {
    if (this.inPart) await this.writePart();
    if (!this.cache?.restore(key, join(this.bundleDir, searchPartPath(this.part)))) return false;
    this.part++;
    return true;
  }

  /** Ends the current part: writes it now, and keeps it in the cache under `key` when one is given. */
  async endPart(key?: string): Promise<void> {
    await this.writePart(key);
  }

  /** Drops the cache's entries this run neither used nor wrote, beyond the few it keeps. */
  pruneCache(): void {
    this.cache?.prune();
  }

  async add(documents: readonly SearchFile[]): Promise<void> {
    for (let start = 0; start < documents.length; ) {
      if (this.inPart === this.partSize) await this.writePart();
      this.index ??= await openIndex();
      const index = this.index;
      const batch = documents.slice(start, start + Math.min(IN_FLIGHT, this.partSize - this.inPart));
      await Promise.all(
        batch.map(async ([url, content, file]) => {
          const added = await index.addHTMLFile({ url, content });
          if (added.errors.length) throw new Error(`Pagefind could not index ${file}: ${added.errors.join('; ')}`);
        }),
      );
      start += batch.length;
      this.inPart += batch.length;
    }
  }

  /** Writes the last part; returns how many parts there are. */
  async finish(): Promise<number> {
    if (this.inPart || !this.part) await this.writePart();
    return this.part;
  }

  /** Stops Pagefind without writing (after a failure). */
  async abandon(): Promise<void> {
    this.index = undefined;
    await pagefind.close();
  }

  private async writePart(key?: string): Promise<void> {
    const index = this.index ?? (await openIndex());
    this.index = undefined;
    try {
      const outputPath = join(this.bundleDir, searchPartPath(this.part));
      mkdirSync(outputPath, { recursive: true });
      const written = await index.writeFiles({ outputPath });
      if (written.errors.length) throw new Error(`Pagefind could not write its bundle: ${written.errors.join('; ')}`);
      // Part 0 is the bundle's root: the other parts' folders in it are not its own.
      if (key !== undefined) this.cache?.store(key, outputPath, this.part ? undefined : (rel) => rel.startsWith(searchPartPath(1).split('/')[0]! + '/'));
    } finally {
      await index.deleteIndex();
      // A new Pagefind process per part: the memory the last one used for writing goes back to the system.
      await pagefind.close();
    }
    this.part++;
    this.inPart = 0;
  }
}

async function openIndex(): Promise<Index> {
  // One index, in English: the pages say en-GB, and Pagefind falls back from "en-gb" to "en".
  const { index, errors } = await pagefind.createIndex({ ...INDEX_OPTIONS });
  if (!index) throw new Error(`Pagefind could not start: ${errors.join('; ')}`);
  return index;
}

/** Convenience for a whole list in one go (tests, small datasets). */
export async function writePagefindBundle(bundleDir: string, documents: readonly SearchFile[], partSize: number): Promise<number> {
  const parts = new PagefindParts(bundleDir, partSize);
  try {
    await parts.add(documents);
    return await parts.finish();
  } catch (error) {
    await parts.abandon();
    throw error;
  }
}
