// @ts-check
import { defineConfig } from 'astro/config';
import { defaultDataDir, findConfig, loadConfig } from './src/checks/load.ts';
import { loop } from './src/integrations/loop.ts';
import { publishFeeds } from './src/integrations/publish.ts';
import { cms } from './src/integrations/cms.ts';
import { search } from './src/integrations/search.ts';
import { widget } from './src/integrations/widget.ts';
import { dashboard } from './src/integrations/dashboard.ts';
import { siteAddress } from './src/build/context.ts';

// The site's public address comes from loop.config.yaml (read by the one loader), so feeds, sitemaps and
// canonical links agree. LOOP_BASE_URL overrides it for previews and tests.
const { config } = loadConfig(findConfig(defaultDataDir()));
const base = new URL(siteAddress(config?.site.base_url ?? 'http://localhost:4321/'));

export default defineConfig({
  site: base.origin,
  base: base.pathname,
  output: 'static',
  trailingSlash: 'ignore',
  // Scripts and styles always as files, never inlined into pages: the Content-Security-Policy
  // (src/urls/security-policy.ts) then allows 'self' only, with no 'unsafe-inline'.
  // Four pages at a time: while one page is written to disk the next is rendered. Rendering is one thread, and at
  // region scale it sat idle for a fifth of the time waiting on writes (issue #19: 116 s of 510 at 100,000
  // services); at 10,000 services, rendering took 41-44 s instead of 45-49 s, with the same CPU time.
  build: { format: 'directory', inlineStylesheets: 'never', concurrency: 4 },
  // loop() validates and shares the Dataset first; search() indexes it while pages render; widget() writes the
  // embeddable widget and then publishFeeds() the open data (ORUK API, feeds, downloads) into dist/ when the site
  // is built, each staged and moved into place whole, the widget first so that the hosting rules (moved in last)
  // never describe a widget that is not there; dashboard() works out the data dashboard's figures once, after loop().
  integrations: [loop(), search(), cms(), widget(), publishFeeds(), dashboard()],
  // Per checkout, not node_modules/.vite: worktrees share node_modules and must not share build caches.
  vite: { cacheDir: '.cache/vite', build: { assetsInlineLimit: 0 } },
});
