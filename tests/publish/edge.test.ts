/**
 * The edge query layer is off by default and then publishes nothing, while GET / and openapi.json say plainly that
 * parameters are not applied; turned on, it publishes the host's function (self-contained: no imports, nothing a
 * host would have to resolve) and the index, and says what the list endpoints answer. Turned off again, what it
 * published goes.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { QUERY_PATHS } from '../../src/edge/respond.ts';
import { configSchema } from '../../src/model/config.ts';
import { NETLIFY_FUNCTION } from '../../src/publish/edge.ts';
import { publishExample } from '../edge/support.ts';

const json = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown> & { info: { description: string }; paths: Record<string, { get: { parameters: { name?: string; $ref?: string }[] } }> };
const EDGE_FILES = ['_worker.js', '_routes.json', 'oruk/v3/query-index.json', 'oruk/v3/query-index/services/0.json', 'oruk/v3/query-index/services/layout/1.json', 'oruk/v3/query-index/services/words/s0.json', 'oruk/v3/query-index/services/words/p0.json', 'oruk/v3/query-index/organizations.json', 'oruk/v3/query-index/postcodes.json'];

/** A bundle that a host runs as it is: an ES module with a default export and no import of anything. */
function selfContained(code: string): void {
  expect(code).toMatch(/^export \{|export default|export \{[^}]*as default/m);
  expect(code).not.toMatch(/^\s*import\s|\brequire\(|from\s+["']node:/m);
}

describe('the edge query layer, published', () => {
  test('off by default: no function, no index, and GET / and openapi.json say filters are not applied', async () => {
    expect(configSchema.shape.edge.safeParse(undefined).success).toBe(true);
    const { dir, out } = await publishExample(undefined, 10);
    for (const file of EDGE_FILES) expect(existsSync(join(out, file)), file).toBe(false);
    expect(existsSync(join(dir, NETLIFY_FUNCTION))).toBe(false);
    expect(json(join(out, 'oruk/v3/index.json')).description).toMatch(/Search and filter parameters .* are not applied/);
    const openapi = json(join(out, 'openapi.json'));
    expect(openapi.info.description).toMatch(/are not applied/);
    expect(openapi.paths['/oruk/v3/services']!.get.parameters).toEqual([{ $ref: '#/components/parameters/page' }]);
  }, 60_000);

  test('cloudflare: _worker.js, _routes.json for the list URLs only, the index, and the API says what it answers', async () => {
    const { dir, out } = await publishExample('cloudflare', 10);
    selfContained(readFileSync(join(out, '_worker.js'), 'utf8'));
    expect(JSON.parse(readFileSync(join(out, '_routes.json'), 'utf8'))).toMatchObject({ version: 1, include: [...QUERY_PATHS], exclude: [] });
    expect(JSON.parse(readFileSync(join(out, 'oruk/v3/query-index.json'), 'utf8'))).toMatchObject({ format: 'loop-oruk-query-index/5', page_size: 10 });
    expect(existsSync(join(dir, NETLIFY_FUNCTION))).toBe(false);
    expect(json(join(out, 'oruk/v3/index.json')).description).toMatch(/answer search, taxonomy_term_id.*Cloudflare Pages.*501/);
    const openapi = json(join(out, 'openapi.json'));
    expect(openapi.info.description).not.toMatch(/are not applied/);
    expect(openapi.paths['/oruk/v3/services']!.get.parameters.map((p) => p.name ?? p.$ref)).toEqual([
      '#/components/parameters/page', 'per_page', 'format', 'search', 'text', 'taxonomy_term_id', 'taxonomy_id', 'organization_id', 'modified_after', 'minimum_age', 'maximum_age',
    ]);
    expect(openapi.paths['/oruk/v3/service_at_locations']!.get.parameters.map((p) => p.name ?? p.$ref)).toEqual(expect.arrayContaining(['postcode', 'proximity']));
    // Turned off again: the worker and its routes go with the next publish.
    await publishExample(undefined, 10, dir);
    for (const file of EDGE_FILES) expect(existsSync(join(out, file)), file).toBe(false);
  }, 60_000);

  test('netlify: the function in the project folder with its paths, nothing extra in the published folder', async () => {
    const { dir, out } = await publishExample('netlify', 10);
    const code = readFileSync(join(dir, NETLIFY_FUNCTION), 'utf8');
    selfContained(code);
    expect(code).toMatch(/\bconfig\b/);
    expect(existsSync(join(out, '_worker.js'))).toBe(false);
    expect(existsSync(join(out, 'oruk/v3/query-index.json'))).toBe(true);
    expect(json(join(out, 'oruk/v3/index.json')).description).toMatch(/Netlify/);
    await publishExample(undefined, 10, dir);
    expect(existsSync(join(dir, NETLIFY_FUNCTION))).toBe(false);
  }, 60_000);

  test('the config takes cloudflare or netlify, nothing else', () => {
    expect(configSchema.shape.edge.safeParse('cloudflare').success).toBe(true);
    expect(configSchema.shape.edge.safeParse('netlify').success).toBe(true);
    expect(configSchema.shape.edge.safeParse('vercel').success).toBe(false);
    expect(configSchema.shape.edge.safeParse(true).success).toBe(false);
  });
});
