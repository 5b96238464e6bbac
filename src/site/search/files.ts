/** Files the search integration writes and the search page reads. */
import { ORUK_BASE, siteDataPath } from '../../urls/site.ts';

/** The spelling vocabulary (src/site/search/spelling.ts), fetched with the first search. */
export const SPELLING_FILE_PATH = siteDataPath('spelling.json');

/**
 * Listings per Pagefind index. Pagefind needs about 84 kB of memory per listing while it writes an index (1 GB for
 * 12,500), so a region's search index is made in parts of this size, which the search page merges
 * (src/integrations/pagefind-bundle.ts). Parts follow the listings' name order, so "Name (A to Z)" is the parts'
 * own orders one after another.
 */
export const SEARCH_PART_SIZE = 10_000;

/** How many Pagefind indexes `listings` listed listings make. */
export function searchPartCount(listings: number, partSize = SEARCH_PART_SIZE): number {
  return Math.max(1, Math.ceil(listings / partSize));
}

/** Where part `part` of the search index is, relative to the bundle (part 0 is the bundle itself). */
export function searchPartPath(part: number): string {
  return part ? `parts/${part}/` : '';
}

/**
 * Where the search page asks for its first results before starting Pagefind (issue #19, docs/scale.md): the ORUK
 * `services` list, answered with `search` by the edge query layer (docs/feeds/edge.md). Only when the index is in
 * several parts (a region, where starting Pagefind costs over a megabyte) and the edge layer is on; otherwise none,
 * and the search page is exactly what it was.
 */
export function edgeSearchPath(edge: string | undefined, parts: number): string | undefined {
  return edge && parts > 1 ? `${ORUK_BASE}/services` : undefined;
}
