/** robots.txt: everything may be indexed; the sitemap lists every page. */
import { getDataset } from '../site/dataset.ts';
import { absoluteUrl } from '../urls/site.ts';

export function GET(): Response {
  const { config } = getDataset();
  return new Response(`User-agent: *\nAllow: /\n\nSitemap: ${absoluteUrl(config, '/sitemap.xml')}\n`, { headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
}
