/**
 * The options the site build publishes with, shared by the open-data integration (publish.ts) and its worker thread
 * (publish-worker.ts), so both write the same files: the address being built for (LOOP_BASE_URL), the ORUK page size
 * (LOOP_ORUK_PAGE_SIZE), Netlify's rules, the History the pages use, and the site's own outputs published with them.
 */
import { buildEnvironment } from '../build/context.ts';
import { defaultDataDir } from '../checks/load.ts';
import type { Dataset } from '../dataset/dataset.ts';
import { historyFor } from '../history/index.ts';
import type { PublishOptions } from '../publish/publish.ts';
import { searchWordsPublisher } from '../site/search/word-files.ts';

export async function publishOptions(dataset: Dataset, log: (message: string) => void): Promise<PublishOptions> {
  const { baseUrl: base, orukPageSize: pageSize, netlify } = buildEnvironment();
  const config = base ? { ...dataset.config, site: { ...dataset.config.site, base_url: new URL(base).toString() } } : undefined;
  return {
    dataDir: defaultDataDir(),
    // The same History the pages used for per-listing history (read once per build).
    history: await historyFor(dataset),
    ...(config ? { config } : {}),
    ...(pageSize ? { orukPageSize: pageSize } : {}),
    ...(netlify ? { netlifyRules: true } : {}),
    log,
    // The site's own output beside the open data: the search page's word index, for a region without an edge host.
    publishers: [searchWordsPublisher],
  };
}
