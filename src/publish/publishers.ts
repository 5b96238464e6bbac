/**
 * The list of LOOP's open-data outputs, like the list of rules: each publisher names what it owns in the output
 * folder (written whole into a staging folder and moved into place when the publish is complete, so nothing stale
 * survives; publish.ts, staging.ts) and writes its files through the run. A new output
 * (say an iCalendar of sessions) is one module with a writer and one entry here.
 *
 * Outputs run in this order. Some depend on it: the ORUK API and the feeds free their cached records once
 * written; the manifest hashes everything written before it, and the hosting rules cover every file, so both
 * come last.
 */
import { DOWNLOADS_BASE, FEEDS_BASE, OPENAPI_PATH, ORUK_BASE, SCHEMAS_BASE } from '../urls/site.ts';
import { deterministicZipAsync, downloadContents, ZIP_NAME } from './bulk/downloads.ts';
import { changeEntries } from './changes.ts';
import { fileOf, prettyJson, type OutputFiles, type PublishContext } from './context.ts';
import { cloudflareFiles, PageLayouts, queryIndexFiles } from './edge.ts';
import { feedEntries, forgetListingItems } from './feeds.ts';
import { hostingFiles } from './hosting.ts';
import { manifestFile, type FileFacts } from './manifest.ts';
import { openApiDocument } from './openapi.ts';
import { DEFAULT_ORUK_PAGE_SIZE, forgetFullServices, orukApiEntries } from './oruk-api.ts';
import { schemaFiles } from './schemas.ts';
import { versionFiles, type VersionsResult } from './versions.ts';

/** What a publisher works with during one publish. */
export interface PublishRun {
  ctx: PublishContext;
  /** Items per ORUK page, when not the default. */
  orukPageSize?: number;
  /** Whether to write the ORUK API's `.html` copies for hosts without rewrites (PublishOptions.orukHtmlCopies). */
  orukHtmlCopies?: boolean;
  /** Whether `_redirects` adds Netlify's query rules (PublishOptions.netlifyRules). */
  netlifyRules?: boolean;
  lockPath: string;
  configPath: string;
  /** Writes (and hashes) files, paths relative to the output folder, each after `prefix`. */
  write(files: Iterable<[string, string | Uint8Array]>, prefix?: string): Promise<void>;
  /** Resolves once everything handed to write() is on disk and in `written`. */
  settled(): Promise<void>;
  /** Every file written so far: path -> hash and size. */
  written: ReadonlyMap<string, FileFacts>;
  /** The releases, once the versions publisher has run (publish() records new ones in the lock). */
  versions?: VersionsResult;
}

export interface Publisher {
  /** Its name in logs and in the benchmark's phases. */
  name: string;
  /** Site paths it owns in the output folder: each is replaced whole once every publisher has written (staging.ts). */
  owns: readonly string[];
  /**
   * Work that may start before any output is written and run alongside the others (the zip is compressed in
   * worker threads while the API and feeds are written); returns what `write` then needs.
   */
  start?(run: PublishRun): unknown;
  write(run: PublishRun, started: unknown): Promise<void>;
}

interface Downloads {
  files: OutputFiles;
  zip: Promise<Uint8Array>;
}

export const PUBLISHERS: readonly Publisher[] = [
  {
    name: 'oruk',
    owns: [ORUK_BASE],
    async write(run) {
      const entries = orukApiEntries(run.ctx, { ...(run.orukPageSize !== undefined ? { pageSize: run.orukPageSize } : {}), ...(run.orukHtmlCopies !== undefined ? { htmlCopies: run.orukHtmlCopies } : {}) });
      // The edge layer's index is made from the full services, before they are let go, and from the page files'
      // text as it is written (where each item lies in it).
      const layouts = run.ctx.config.edge ? new PageLayouts() : undefined;
      await run.write(layouts ? layouts.watch(entries) : entries);
      if (layouts) await run.write(queryIndexFiles(run.ctx, run.orukPageSize ?? DEFAULT_ORUK_PAGE_SIZE, layouts.all()));
      forgetFullServices(run.ctx);
    },
  },
  {
    name: 'feeds',
    owns: [FEEDS_BASE],
    async write(run) {
      await run.write(feedEntries(run.ctx));
      forgetListingItems(run.ctx);
    },
  },
  { name: 'changes', owns: [], write: (run) => run.write(changeEntries(run.ctx)) },
  {
    name: 'zip',
    owns: [DOWNLOADS_BASE],
    start(run): Downloads {
      const files = downloadContents(run.ctx);
      const zip = deterministicZipAsync(files, run.ctx.build.generatedAt);
      // Awaited by write(); when an earlier publisher fails it is never awaited, and must not crash the process.
      zip.catch(() => {});
      return { files, zip };
    },
    async write(run, started) {
      const { files, zip } = started as Downloads;
      await run.write(files, `${fileOf(DOWNLOADS_BASE)}/`);
      await run.write(new Map([[ZIP_NAME, await zip]]), `${fileOf(DOWNLOADS_BASE)}/`);
    },
  },
  {
    name: 'versions',
    owns: [],
    async write(run) {
      run.versions = await versionFiles(run.ctx, { lockPath: run.lockPath, configPath: run.configPath });
      await run.write(run.versions.files);
    },
  },
  {
    name: 'schemas',
    owns: [SCHEMAS_BASE, OPENAPI_PATH],
    async write(run) {
      await run.write(schemaFiles(run.ctx));
      await run.write(new Map([[fileOf(OPENAPI_PATH), prettyJson(openApiDocument(run.ctx, run.orukPageSize !== undefined ? { orukPageSize: run.orukPageSize } : {}))]]));
    },
  },
  {
    // Cloudflare's query function (edge.ts); the Netlify one lives outside the output folder (publish.ts).
    name: 'edge',
    owns: ['/_worker.js', '/_routes.json'],
    async write(run) {
      if (run.ctx.config.edge === 'cloudflare') await run.write(await cloudflareFiles());
    },
  },
  {
    name: 'manifest',
    owns: [],
    async write(run) {
      await run.settled();
      await run.write(manifestFile(run.ctx, run.written));
    },
  },
  {
    name: 'hosting',
    owns: ['/_headers', '/_redirects'],
    async write(run) {
      await run.settled();
      await run.write(hostingFiles(run.ctx, run.written.keys(), { netlify: run.netlifyRules ?? false }));
    },
  },
];
