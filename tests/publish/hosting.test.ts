/** Hosting rules (_headers, _redirects) and the OpenAPI document. */
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Header } from '@netlify/headers-parser';
import { beforeAll, describe, expect, test } from 'vitest';
import { headersFile, redirectsFile } from '../../src/publish/hosting.ts';
import { EMBED_POLICY, PAGE_POLICY, PAGE_POLICY_META } from '../../src/urls/security-policy.ts';
import { openApiDocument } from '../../src/publish/openapi.ts';
import { schemaFiles } from '../../src/publish/schemas.ts';
import { findRedirect, parseRedirects } from '../../src/serve/rules.ts';
import { fixtureDataset, testContext } from '../support/publish.ts';
import { makeContext } from '../../src/publish/context.ts';
import { History } from '../../src/history/history.ts';
import { TEST_BUILD } from '../support/publish.ts';
import { requireShared } from '../support/shared.ts';
import { netlifyHeaders, netlifyHeadersFor } from '../support/hosts.ts';

const dataset = fixtureDataset();
const atBase = testContext(dataset); // https://loop-leeds.github.io/loop/
const atRoot = makeContext(dataset, { history: History.unavailable('test'), build: TEST_BUILD, config: { ...dataset.config, site: { ...dataset.config.site, base_url: 'https://directory.example.org/' } } });

describe('_redirects', () => {
  const rules = parseRedirects(redirectsFile(atRoot));
  const netlify = (path: string, query = '', exists = false) => findRedirect(rules, path, new URLSearchParams(query), () => exists);

  test('the ORUK API\'s own URLs reach the files', () => {
    expect(netlify('/oruk/v3')).toEqual({ to: '/oruk/v3/index.json', status: 200 });
    expect(netlify('/oruk/v3/')).toEqual({ to: '/oruk/v3/index.json', status: 200 });
    expect(netlify('/oruk/v3/services')).toEqual({ to: '/oruk/v3/services.json', status: 200 });
    expect(netlify('/oruk/v3/services/page/3')).toEqual({ to: '/oruk/v3/services/page/3.json', status: 200 });
    expect(netlify('/oruk/v3/taxonomy_terms/page/2')).toEqual({ to: '/oruk/v3/taxonomy_terms/page/2.json', status: 200 });
    expect(netlify('/oruk/v3/services/6f1c3b9e-2d4a-4c8e-9b7a-1e2f3a4b5c6d')).toEqual({ to: '/oruk/v3/services/6f1c3b9e-2d4a-4c8e-9b7a-1e2f3a4b5c6d.json', status: 200 });
    expect(netlify('/oruk/v3/organizations/x')).toEqual({ to: '/oruk/v3/organizations/x.json', status: 200 });
    expect(netlify('/feeds/v1/listings')).toBeNull();
  });

  test('a .json URL is served as it is, on hosts that apply rules even when the file exists (Cloudflare)', () => {
    expect(netlify('/oruk/v3/services/abc.json', '', true)).toBeNull();
    // Cloudflare Pages applies rules whether or not a file exists: the first match rewrites the file to itself.
    expect(netlify('/oruk/v3/services/abc.json', '', false)).toEqual({ to: '/oruk/v3/services/abc.json', status: 200 });
  });

  test('no line either host rejects: no query matching, no forced status (Cloudflare), no placeholder inside a segment (Netlify)', () => {
    const lines = redirectsFile(atRoot).split('\n').filter((l) => l && !l.startsWith('#'));
    for (const line of lines) {
      const tokens = line.split(/\s+/);
      expect(tokens.length, line).toBe(3);
      expect(tokens[2], line).toBe('200');
      expect(tokens[0], line).not.toMatch(/:[A-Za-z]\w*[^/\w]/);
    }
  });

  test('a build on Netlify adds ?page=N, forced past the .html copies, in lines only Netlify reads', () => {
    const netlifyOnly = parseRedirects(redirectsFile(atRoot, { netlify: true }));
    const onNetlify = (path: string, query: string, exists: boolean) => findRedirect(netlifyOnly, path, new URLSearchParams(query), () => exists);
    expect(onNetlify('/oruk/v3/services', 'page=3', true)).toEqual({ to: '/oruk/v3/services/page/3.json', status: 200 });
    expect(onNetlify('/oruk/v3/organizations', 'page=2', true)).toEqual({ to: '/oruk/v3/organizations/page/2.json', status: 200 });
    expect(onNetlify('/oruk/v3/services', '', false)).toEqual({ to: '/oruk/v3/services.json', status: 200 });
    expect(redirectsFile(atRoot).split('\n').filter((l) => !l.startsWith('#'))).not.toContainEqual(expect.stringContaining('page='));
  });

  test('rules are relative to dist/, whatever the site\'s base path', () => {
    expect(redirectsFile(atBase)).toBe(redirectsFile(atRoot));
    expect(redirectsFile(atBase).split('\n').filter((l) => l && !l.startsWith('#')).every((l) => l.startsWith('/oruk/v3'))).toBe(true);
  });
});

describe('_headers', () => {
  const published = ['downloads/loop-data.zip', 'downloads/hsds/services.csv', 'downloads/services.ndjson', 'downloads/archive/2026.11.1/loop-data.zip', 'oruk/v3/index.json'];
  // Read by Netlify's own parser (the one its build runs), not LOOP's: what a host sees is what is checked.
  let rules: Header[] = [];
  beforeAll(async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'loop-headers-')), '_headers');
    writeFileSync(file, headersFile(atRoot, published));
    const parsed = await netlifyHeaders(file);
    expect(parsed.errors).toEqual([]);
    rules = parsed.rules;
  });
  const matching = (path: string) => rules.filter((r) => r.forRegExp.test(path));
  const headers = (path: string) => netlifyHeadersFor(rules, path);

  test('Netlify\'s parser reads every rule, with no error', () => {
    expect(rules.length).toBeGreaterThan(5);
  });

  test('CORS on every feed and download, JSON types on the ORUK API (also extensionless), caching', () => {
    expect(headers('/oruk/v3/services')).toMatchObject({ 'Access-Control-Allow-Origin': '*', 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'public, max-age=300', 'X-Content-Type-Options': 'nosniff' });
    expect(headers('/feeds/v1/changes.atom')).toMatchObject({ 'Access-Control-Allow-Origin': '*', 'Content-Type': 'application/atom+xml; charset=utf-8' });
    expect(headers('/downloads/services.ndjson')).toMatchObject({ 'Access-Control-Allow-Origin': '*', 'Content-Type': 'application/x-ndjson; charset=utf-8', 'Cache-Control': 'public, max-age=300' });
    expect(headers('/downloads/archive/2026.11.1/loop-data.zip')).toMatchObject({ 'Access-Control-Allow-Origin': '*', 'X-Content-Type-Options': 'nosniff', 'Cache-Control': 'public, max-age=31536000, immutable' });
    expect(headers('/widget/v1/loop-widget.js')).toMatchObject({ 'Access-Control-Allow-Origin': '*' });
    expect(headers('/services/x/')['Access-Control-Allow-Origin']).toBeUndefined();
  });

  const PAGES = ['/', '/index.html', '/404.html', '/search/', '/near-me/', '/services/org/x/', '/resources/org/x/', '/organisations/', '/locations/x/', '/categories/carers-support/', '/for/young-people/', '/areas/ward/armley/', '/languages/ur/', '/a-z/c/', '/open-data/', '/accessibility/', '/dashboard/', '/embed/builder/', '/embed/guide/'];
  const FEEDS = ['/oruk/v3/services', '/oruk/v3/x.json', '/feeds/v1/listings.json', '/feeds/v1/changes.atom', '/downloads/loop-data.zip', '/downloads/archive/2026.11.1/loop-data.zip', '/schemas/v1/a.schema.json', '/openapi.json', '/widget/v1/loop-widget.js', '/site/spelling.json'];

  test('pages: a Content-Security-Policy that refuses framing, Referrer-Policy and nosniff', () => {
    for (const path of PAGES) {
      expect(headers(path), path).toMatchObject({ 'Content-Security-Policy': PAGE_POLICY, 'Referrer-Policy': 'strict-origin-when-cross-origin', 'X-Content-Type-Options': 'nosniff' });
    }
    expect(PAGE_POLICY).toMatch(/(^|; )frame-ancestors 'none'(;|$)/);
  });
  test('the embed page, alone, may be framed by any site', () => {
    for (const path of ['/embed/', '/embed/index.html']) expect(headers(path), path).toMatchObject({ 'Content-Security-Policy': EMBED_POLICY, 'Referrer-Policy': 'strict-origin-when-cross-origin', 'X-Content-Type-Options': 'nosniff' });
    expect(EMBED_POLICY).toMatch(/(^|; )frame-ancestors \*(;|$)/);
    expect(EMBED_POLICY.replace("frame-ancestors *", "frame-ancestors 'none'")).toBe(PAGE_POLICY);
  });
  // /feeds/v1/, /downloads/ and /schemas/v1/ are also pages (their index.html), so their files carry the page policy.
  const LISTED = new Set(['/feeds/v1/listings.json', '/feeds/v1/changes.atom', '/downloads/loop-data.zip', '/downloads/archive/2026.11.1/loop-data.zip', '/schemas/v1/a.schema.json']);
  test('the API, the widget and the site data: nosniff, Referrer-Policy, and a policy that runs nothing if rendered', () => {
    for (const path of FEEDS.filter((p) => !LISTED.has(p))) expect(headers(path), path).toMatchObject({ 'Content-Security-Policy': "default-src 'none'; frame-ancestors 'none'", 'Referrer-Policy': 'strict-origin-when-cross-origin', 'X-Content-Type-Options': 'nosniff' });
  });
  test('the open-data folders, which are also pages: the page policy (nothing inline, not framable), nosniff and Referrer-Policy', () => {
    for (const path of [...LISTED, '/feeds/v1/', '/downloads/', '/schemas/v1/']) expect(headers(path), path).toMatchObject({ 'Content-Security-Policy': PAGE_POLICY, 'Referrer-Policy': 'strict-origin-when-cross-origin', 'X-Content-Type-Options': 'nosniff' });
  });
  test('the page policy: only this site, Pagefind\'s WebAssembly and the postcode lookup; nothing inline, no eval, no loopback', () => {
    const directives = new Map(PAGE_POLICY.split('; ').map((d) => { const [name, ...values] = d.split(' '); return [name!, values] as const; }));
    expect(directives.size).toBe(PAGE_POLICY.split('; ').length);
    expect(directives.get('default-src')).toEqual(["'self'"]);
    expect(directives.get('script-src')).toEqual(["'self'", "'wasm-unsafe-eval'"]);
    expect(directives.get('style-src')).toEqual(["'self'"]);
    expect(directives.get('connect-src')).toEqual(["'self'", 'https://api.postcodes.io']);
    expect(directives.get('object-src')).toEqual(["'none'"]);
    expect(PAGE_POLICY).not.toMatch(/unsafe-inline|'unsafe-eval'|localhost|127\.0\.0\.1|\[::1\]|http:/);
    expect(PAGE_POLICY_META).toBe(PAGE_POLICY.replace("; frame-ancestors 'none'", ''));
    expect(PAGE_POLICY_META).not.toContain('frame-ancestors');
  });

  test('no two matching rules set the same header', () => {
    for (const path of ['/oruk/v3/x.json', '/feeds/v1/changes.atom', '/downloads/loop-data.zip', '/downloads/hsds/services.csv', '/downloads/archive/2026.11.1/loop-data.zip', '/openapi.json', '/schemas/v1/a.schema.json', ...PAGES, ...FEEDS, '/embed/', '/embed/index.html', '/pagefind/pagefind.js', '/_astro/x.js']) {
      const names = matching(path).flatMap((r) => Object.keys(r.values).map((k) => k.toLowerCase()));
      expect(names.length, path).toBe(new Set(names).size);
    }
  });
});

describe('OpenAPI 3.1 document', () => {
  const doc = openApiDocument(atBase) as { openapi: string; info: Record<string, unknown>; servers: { url: string }[]; paths: Record<string, Record<string, { operationId?: string; responses?: Record<string, unknown> }>>; components: Record<string, Record<string, unknown>> };
  const refs = (value: unknown): string[] => (Array.isArray(value) ? value.flatMap(refs) : value && typeof value === 'object' ? Object.entries(value).flatMap(([k, v]) => (k === '$ref' ? [v as string] : refs(v))) : []);

  test('is an OpenAPI 3.1 document with a server, info and a GET for each path', () => {
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.info).toMatchObject({ title: 'LOOP open data API', license: { name: 'Open Government Licence v3.0' } });
    expect(doc.servers).toEqual([{ url: 'https://loop-leeds.github.io/loop', description: 'The published site' }]);
    const ids: string[] = [];
    for (const [path, item] of Object.entries(doc.paths)) {
      expect(path.startsWith('/')).toBe(true);
      expect(item.get?.responses?.['200'], path).toBeDefined();
      ids.push(item.get!.operationId!);
      for (const param of path.match(/\{(\w+)\}/g) ?? []) {
        const name = param.slice(1, -1);
        expect(JSON.stringify(item.parameters ?? []), path).toContain(`"name":"${name}"`);
      }
    }
    expect(new Set(ids).size).toBe(ids.length);
    for (const p of ['/oruk/v3/', '/oruk/v3/services', '/oruk/v3/services/{id}', '/oruk/v3/service_at_locations/{id}', '/oruk/v3/taxonomies', '/oruk/v3/taxonomy_terms/{id}', '/oruk/v3/organizations', '/feeds/v1/listings.json', '/feeds/v1/categories/{slug}.json', '/feeds/v1/changes.json', '/feeds/v1/history/{id}.json']) expect(doc.paths[p], p).toBeDefined();
  });

  test('declares that no authentication is needed, and no path parameter can contain "/"', () => {
    const full = doc as unknown as { security?: unknown[]; components: { parameters: Record<string, { description: string }> } };
    expect(full.security).toEqual([]);
    expect(full.components.parameters.page!.description).toMatch(/Static hosting cannot read a query/);
    let checked = 0;
    for (const [path, item] of Object.entries(doc.paths) as [string, { parameters?: { name: string; in: string; description?: string; schema: { pattern?: string; format?: string } }[] }][]) {
      const declared = (item.parameters ?? []).filter((p) => p.in === 'path');
      // Structural: every {name} in the template is declared as a path parameter, and nothing else is.
      expect(declared.map((p) => p.name).sort(), path).toEqual((path.match(/\{(\w+)\}/g) ?? []).map((m) => m.slice(1, -1)).sort());
      for (const p of declared) {
        expect(p.description ?? '', `${path} {${p.name}}`).not.toMatch(/contain[s]? (one )?"?\//);
        // One path segment: a uuid, or a pattern that rejects "/".
        if (p.schema.format !== 'uuid') {
          expect(p.schema.pattern, `${path} {${p.name}}`).toBeDefined();
          expect(new RegExp(p.schema.pattern!).test('ward/armley'), `${path} {${p.name}}`).toBe(false);
          expect(new RegExp(p.schema.pattern!).test('armley'), `${path} {${p.name}}`).toBe(true);
        }
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(10);
    expect(doc.paths['/feeds/v1/areas/{group}/{slug}.json']).toBeDefined();
  });

  test('every $ref resolves: internal components, schemas LOOP publishes, or the official ORUK/HSDS schemas', () => {
    const published = new Set([...schemaFiles(atBase).keys()].map((k) => `https://loop-leeds.github.io/loop/${k}`));
    const shared = requireShared('OpenAPI references to the official schemas');
    for (const ref of refs(doc)) {
      if (ref.startsWith('#/')) {
        const target = ref.slice(2).split('/').reduce<unknown>((node, key) => (node as Record<string, unknown>)?.[key], doc);
        expect(target, ref).toBeDefined();
      } else if (ref.startsWith('https://loop-leeds.github.io/')) {
        expect(published.has(ref), ref).toBe(true);
      } else {
        const oruk = /^https:\/\/raw\.githubusercontent\.com\/openreferral\/uk-profile\/main\/schema\/(compiled\/)?(\w+\.json)$/.exec(ref);
        const hsds = /^https:\/\/raw\.githubusercontent\.com\/openreferral\/specification\/3\.0\/schema\/(compiled\/)?(\w+\.json)$/.exec(ref);
        expect(oruk ?? hsds, ref).toBeTruthy();
        if (shared) {
          const file = oruk ? join(shared.reference, 'oruk-3.0', oruk[1] ? 'compiled' : 'schemata', oruk[2]!) : join(shared.reference, 'hsds-3.0', 'schema', hsds![1] ? 'compiled' : '', hsds![2]!);
          expect(existsSync(file), ref).toBe(true);
        }
      }
    }
  });
});
