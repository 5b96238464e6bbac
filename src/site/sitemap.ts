/**
 * Every HTML page the site builds, for sitemap.xml. A build test checks this list against the pages actually in
 * dist/, so a new route cannot be left out. Listing pages carry their review date as lastmod.
 */
import type { Dataset } from '../dataset/dataset.ts';
import { TAXONOMY_KINDS } from '../model/vocabularies.ts';
import { LETTERS, type Catalogue } from '../dataset/catalogue.ts';
import { escapeHtml } from './format/markdown.ts';
import { BROWSE_PAGE_SIZE, NAME_LIST_PAGE_SIZE, pageCount, pageNumbers } from './pagination.ts';
import { dashboardEnabled } from '../build/context.ts';
import { SECTION_PATHS } from './open-data-files.ts';
import { absoluteUrl, aToZPath, dashboardOrganisationPath, dashboardOrganisationsPath, dashboardPath, EMBED_PAGES, listingPath, locationPath, organisationPath, pageSuffix, PAGES, termIndexPath, termPath } from '../urls/site.ts';

export interface SitemapEntry {
  path: string;
  lastmod?: string;
}

/** The most URLs one sitemap file may hold (sitemaps.org). */
export const SITEMAP_LIMIT = 50_000;

export function sitemapEntries(dataset: Dataset, catalogue: Catalogue): SitemapEntry[] {
  // The iframe page (/embed/) is for other people's pages and is not indexed; the builder and guide are site pages.
  const entries: SitemapEntry[] = [...Object.values(PAGES), ...Object.values(SECTION_PATHS), EMBED_PAGES.builder, EMBED_PAGES.guide].map((path) => ({ path }));
  for (const [first, count] of [
    [PAGES.organisations, dataset.organisations.length],
    [PAGES.locations, dataset.locations.length],
  ] as const) {
    for (const page of pageNumbers(pageCount(count, NAME_LIST_PAGE_SIZE)).slice(1)) entries.push({ path: `${first}${pageSuffix(page)}` });
  }
  for (const listing of dataset.listings) entries.push({ path: listingPath(listing), lastmod: listing.reviewed });
  for (const organisation of dataset.organisations) entries.push({ path: organisationPath(organisation) });
  for (const location of dataset.locations) entries.push({ path: locationPath(location) });
  for (const kind of TAXONOMY_KINDS) {
    entries.push({ path: termIndexPath(kind) });
    for (const term of dataset.terms(kind)) {
      for (const page of pageNumbers(pageCount(catalogue.term(kind, term.slug).listings.length))) entries.push({ path: termPath(kind, term, page) });
    }
  }
  for (const letter of LETTERS) {
    for (const page of pageNumbers(pageCount(catalogue.byLetter.get(letter)?.length ?? 0))) entries.push({ path: aToZPath(letter, page) });
  }
  if (dashboardEnabled()) {
    entries.push({ path: dashboardPath() });
    for (const page of pageNumbers(pageCount(dataset.organisations.length, BROWSE_PAGE_SIZE))) entries.push({ path: dashboardOrganisationsPath(page) });
    for (const organisation of dataset.organisations) entries.push({ path: dashboardOrganisationPath(organisation) });
  }
  return entries;
}

export function urlset(dataset: Dataset, entries: readonly SitemapEntry[]): string {
  const urls = entries.map((e) => `<url><loc>${escapeHtml(absoluteUrl(dataset.config, e.path))}</loc>${e.lastmod ? `<lastmod>${e.lastmod}</lastmod>` : ''}</url>`);
  return `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${urls.join('\n')}\n</urlset>\n`;
}

export function sitemapIndex(dataset: Dataset, parts: number): string {
  const items = Array.from({ length: parts }, (_, i) => `<sitemap><loc>${escapeHtml(absoluteUrl(dataset.config, sitemapPartPath(i + 1)))}</loc></sitemap>`);
  return `<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${items.join('\n')}\n</sitemapindex>\n`;
}

export function sitemapPartPath(n: number): string {
  return `/sitemaps/${n}.xml`;
}
