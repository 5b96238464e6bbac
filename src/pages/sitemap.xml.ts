/** /sitemap.xml: every page, or an index of /sitemaps/<n>.xml once there are more than 50,000. */
import { catalogueOf } from '../dataset/catalogue.ts';
import { getDataset } from '../site/dataset.ts';
import { SITEMAP_LIMIT, sitemapEntries, sitemapIndex, urlset } from '../site/sitemap.ts';

export function GET(): Response {
  const dataset = getDataset();
  const entries = sitemapEntries(dataset, catalogueOf(dataset));
  const body = entries.length <= SITEMAP_LIMIT ? urlset(dataset, entries) : sitemapIndex(dataset, Math.ceil(entries.length / SITEMAP_LIMIT));
  return new Response(body, { headers: { 'Content-Type': 'application/xml' } });
}
