/** The parts of a sitemap too big for one file (only built past 50,000 pages). */
import type { GetStaticPaths } from 'astro';
import { catalogueOf } from '../../dataset/catalogue.ts';
import { getDataset } from '../../site/dataset.ts';
import { SITEMAP_LIMIT, sitemapEntries, urlset } from '../../site/sitemap.ts';

export const getStaticPaths: GetStaticPaths = () => {
  const dataset = getDataset();
  const entries = sitemapEntries(dataset, catalogueOf(dataset));
  if (entries.length <= SITEMAP_LIMIT) return [];
  return Array.from({ length: Math.ceil(entries.length / SITEMAP_LIMIT) }, (_, i) => ({
    params: { n: String(i + 1) },
    props: { entries: entries.slice(i * SITEMAP_LIMIT, (i + 1) * SITEMAP_LIMIT) },
  }));
};

export function GET({ props }: { props: { entries: ReturnType<typeof sitemapEntries> } }): Response {
  return new Response(urlset(getDataset(), props.entries), { headers: { 'Content-Type': 'application/xml' } });
}
