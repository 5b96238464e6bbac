/**
 * Issue: `LOOP_DATA=<dir> npm run build` on 1,000 and 10,000 synthetic services: time and peak memory, and the ratio
 * to a bare Astro build of as many trivial pages (same astro binary, one dynamic route). Target: 10,000 services
 * built, indexed and searchable in under 90 s, at most 2.5 times the bare build. Then, in Chromium, a search over
 * the 10,000-service build: first results in under 300 ms, under 300 kB transferred.
 *
 * The bare build makes as many pages as the LOOP build did (its pages, counted from its output), which is the fair
 * comparison: a LOOP build of 10,000 services also makes organisation, venue, browse and A–Z pages. The ratio to a
 * bare build of one page per service is printed as well, for information.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { measure, repoRoot, syntheticDataset, workDir, type Benchmark, type Figure, type RunResult } from './support.ts';
import { startStaticServer } from '../../src/serve/server.ts';
import { CHROMIUM, CHROMIUM_ARGS } from '../../tests/support/browser.ts';

const ASTRO = join(repoRoot, 'node_modules', 'astro', 'bin', 'astro.mjs');
const AS_OF = '2026-11-24';

function countHtml(dir: string): number {
  return readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile() && e.name.endsWith('.html')).length;
}

/** A throwaway Astro project with one dynamic route making `pages` trivial pages. */
function bareProject(pages: number): string {
  const root = join(workDir, `bare-${pages}`);
  mkdirSync(join(root, 'src', 'pages'), { recursive: true });
  writeFileSync(join(root, 'astro.config.mjs'), "import { defineConfig } from 'astro/config';\nexport default defineConfig({ output: 'static', build: { format: 'directory' } });\n");
  writeFileSync(
    join(root, 'src', 'pages', '[n].astro'),
    `---\nexport function getStaticPaths() {\n  return Array.from({ length: ${pages} }, (_, i) => ({ params: { n: String(i) } }));\n}\nconst { n } = Astro.params;\n---\n<html lang="en"><head><title>Page {n}</title></head><body><h1>Page {n}</h1></body></html>\n`,
  );
  return root;
}

export async function bareBuild(pages: number): Promise<number> {
  return (await bareBuildRun(pages)).ms;
}

/** The bare build's whole run: wall and CPU time, peak memory. */
export async function bareBuildRun(pages: number): Promise<RunResult> {
  const root = bareProject(pages);
  rmSync(join(root, 'dist'), { recursive: true, force: true });
  const run = await measure(process.execPath, [ASTRO, 'build', '--root', root], { env: { ASTRO_TELEMETRY_DISABLED: '1' } });
  if (run.code !== 0) throw new Error(`the bare Astro build of ${pages} pages failed:\n${run.output.slice(-2000)}`);
  return run;
}

async function siteBuild(services: number): Promise<{ outDir: string; figures: Figure[]; ms: number; pages: number }> {
  const data = syntheticDataset(services);
  const outDir = join(workDir, `site-${services}`);
  rmSync(outDir, { recursive: true, force: true });
  // What `LOOP_DATA=<dir> npm run build` runs (npm itself left out of the timing), into its own folder.
  const run = await measure(process.execPath, [ASTRO, 'build', '--outDir', outDir], {
    env: { LOOP_DATA: data, LOOP_AS_OF: AS_OF, ASTRO_TELEMETRY_DISABLED: '1' },
  });
  if (run.code !== 0) throw new Error(`the site build of ${services} services failed:\n${run.output.slice(-3000)}`);
  if (!existsSync(join(outDir, 'pagefind', 'pagefind.js'))) throw new Error('the build has no search index');
  const pages = countHtml(outDir);
  const label = services.toLocaleString('en-GB');
  return {
    outDir,
    ms: run.ms,
    pages,
    figures: [
      { name: `site build, ${label} services: pages written`, value: pages, unit: '' },
      { name: `site build, ${label} services: time (validate, pages, index)`, value: run.ms, unit: 'ms', ...(services === 10_000 ? { target: { max: 90_000 } } : {}) },
      { name: `site build, ${label} services: peak memory`, value: run.peakBytes, unit: 'bytes' },
    ],
  };
}

/** Bytes as a compressing host sends them: text gzipped, Pagefind's own (already compressed) files as they are. */
function wireBytes(body: Buffer, contentType: string): number {
  return /text\/|javascript|json|xml|svg/.test(contentType) ? gzipSync(body).length : body.length;
}

export async function searchInBrowser(outDir: string): Promise<Figure[]> {
  const { chromium } = await import('playwright-core');
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing (apt-get install -y chromium)`);
  const config = readFileSync(join(syntheticDataset(10_000), 'loop.config.yaml'), 'utf8');
  const base = new URL(/base_url:\s*(\S+)/.exec(config)?.[1] ?? 'http://localhost/').pathname;
  const server = await startStaticServer({ root: outDir, port: 0, base });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
  try {
    const page = await browser.newPage();
    let bytes = 0;
    let searchBytes = 0;
    let counting = false;
    page.on('response', async (response) => {
      try {
        const body = await response.body();
        const n = wireBytes(body, response.headers()['content-type'] ?? '');
        bytes += n;
        if (counting) searchBytes += n;
      } catch {
        // redirects have no body
      }
    });
    await page.goto(`${server.url}${base}search/`, { waitUntil: 'networkidle' });
    // The page loads Pagefind as it opens; the query is what a person types next (a word in many listings).
    counting = true;
    const ms = await page.evaluate(
      () =>
        new Promise<number>((resolve) => {
          const list = document.querySelector('#results')!;
          const input = document.querySelector<HTMLInputElement>('#q')!;
          const form = document.querySelector<HTMLFormElement>('#search-form')!;
          let started = 0;
          new MutationObserver(() => {
            if (list.children.length) resolve(performance.now() - started);
          }).observe(list, { childList: true });
          input.value = 'support group';
          started = performance.now();
          form.requestSubmit();
        }),
    );
    await page.waitForLoadState('networkidle');
    const results = await page.locator('#results li').count();
    if (!results) throw new Error('the search found nothing');
    return [
      { name: 'search, 10,000 services: query to first results shown', value: ms, unit: 'ms', target: { max: 300 } },
      { name: 'search, 10,000 services: transferred for the query', value: searchBytes / 1024, unit: 'kB' },
      { name: 'search, 10,000 services: transferred in all (page + search)', value: bytes / 1024, unit: 'kB', target: { max: 300 } },
    ];
  } finally {
    await browser.close();
    await server.close();
  }
}

export const siteBenchmark: Benchmark = {
  name: 'site',
  description: 'the site from 1,000 and 10,000 synthetic services vs a bare Astro build of as many trivial pages; search over 10,000 in Chromium',
  async run() {
    const figures: Figure[] = [];
    let last: { outDir: string } | undefined;
    for (const services of [1_000, 10_000]) {
      const site = await siteBuild(services);
      const bare = await bareBuild(site.pages);
      const barePerService = services === 10_000 ? await bareBuild(services) : undefined;
      const label = services.toLocaleString('en-GB');
      figures.push(
        ...site.figures,
        { name: `bare Astro build, ${site.pages.toLocaleString('en-GB')} trivial pages`, value: bare, unit: 'ms' },
        { name: `ratio site / bare (same number of pages), ${label}`, value: site.ms / bare, unit: 'ratio', ...(services === 10_000 ? { target: { max: 2.5 } } : {}) },
      );
      if (barePerService !== undefined) {
        figures.push(
          { name: `bare Astro build, ${label} trivial pages (one per service)`, value: barePerService, unit: 'ms' },
          { name: `ratio site / bare (one page per service), for information`, value: site.ms / barePerService, unit: 'ratio' },
        );
      }
      last = site;
    }
    figures.push(...(await searchInBrowser(last!.outDir)));
    return figures;
  },
};
