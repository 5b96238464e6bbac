/**
 * Web addresses a published feed could not carry (issue #16): a source's "{…}", "|" or "é" in a service's address
 * or a vocabulary term's URI is written percent-encoded, so the import leaves data that `loop validate` accepts and
 * that publishes as valid `uri`s.
 */
import { describe, expect, test } from 'vitest';
import { join } from 'node:path';
import { parse } from 'yaml';
import { emptyCopy, errorsOf, importJson, read, validate, write } from './support.ts';

const SERVICE = {
  id: '00000000-0000-4000-8000-000000000101',
  name: 'Find your council',
  description: 'Tells you which council covers your address.',
  url: 'https://www.gov.uk/find-local-council?postcode={postcode}',
  organization: { id: 'org-1', name: 'Council Finder', website: 'https://example.org/home|page' },
  attributes: [{ taxonomy_term: { id: 't1', name: 'Local government', term_uri: 'https://vocab.example.org/terms/{local}', taxonomy: 'Finder topics' } }],
};

describe('addresses a URI cannot hold', () => {
  test('are written percent-encoded, reported, and validate', async () => {
    const dir = emptyCopy();
    const source = write(join(dir, 'feed.json'), { total_items: 1, total_pages: 1, page_number: 1, size: 1, first_page: true, last_page: true, empty: false, contents: [SERVICE] });
    const { report } = await importJson(dir, 'oruk', source, '--system', 'Finder', '--write');
    expect(errorsOf(validate(dir))).toEqual([]);
    const service = parse(read(dir, report.created.find((c) => c.kind === 'service')!.file));
    expect(service.url).toBe('https://www.gov.uk/find-local-council?postcode=%7Bpostcode%7D');
    const org = parse(read(dir, report.created.find((c) => c.kind === 'organisation')!.file));
    expect(org.website).toBe('https://example.org/home%7Cpage');
    const vocabulary = report.vocabularies.map((v) => read(dir, v.file)).join('\n');
    expect(vocabulary).toContain('uri: https://vocab.example.org/terms/%7Blocal%7D');
    expect(report.problems.filter((p) => /written percent-encoded/.test(p.message))).toHaveLength(2);
  });
});
