/**
 * Every parameter of the ORUK 3.0 / HSDS 3.0 list endpoints either takes effect or is refused plainly: 400 for what
 * is not a parameter of the endpoint or a bad value, 501 for a parameter of the specification this layer cannot
 * answer. Nothing is ignored.
 */
import { describe, expect, test } from 'vitest';
import { dateTime, isProblem, parseListQuery, type ListQuery, type ParameterProblem } from '../../src/edge/parameters.ts';
import type { OrukEndpoint } from '../../src/urls/site.ts';

const UUID = '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';

function parse(query: string, endpoint: OrukEndpoint = 'services', max = 100): ListQuery | ParameterProblem {
  return parseListQuery(endpoint, new URLSearchParams(query), max);
}

function problemOf(query: string, endpoint: OrukEndpoint = 'services'): ParameterProblem {
  const result = parse(query, endpoint);
  if (!isProblem(result)) throw new Error(`${query} was accepted: ${JSON.stringify(result)}`);
  return result;
}

describe('accepted values', () => {
  test.each<[string, ListQuery]>([
    ['', {}],
    ['page=3', { page: 3 }],
    ['per_page=100', { per_page: 100 }],
    ['search=Carers%27+Caf%C3%A9', { search: ['carers', 'cafe'] }],
    ['text=Drop-in', { search: ['drop', 'in'] }],
    ['search=', {}],
    ['search=%20%21%21', {}],
    [`taxonomy_term_id=${UUID.toUpperCase()}`, { taxonomy_term_id: UUID }],
    [`taxonomy_id=${UUID}`, { taxonomy_id: UUID }],
    [`organization_id=${UUID}`, { organization_id: UUID }],
    ['modified_after=2026-01-31', { modified_after: Date.UTC(2026, 0, 31) }],
    ['modified_after=2026-01-31T09:30:00%2B01:00', { modified_after: Date.UTC(2026, 0, 31, 8, 30) }],
    ['minimum_age=18', { minimum_age: 18 }],
    ['maximum_age=2.5', { maximum_age: 2.5 }],
    ['format=json', {}],
  ])('%s', (query, expected) => {
    expect(parse(query)).toEqual(expected);
  });

  test('each endpoint takes what ORUK 3.0 or HSDS 3.0 gives it', () => {
    expect(parse(`taxonomy_id=${UUID}`, 'taxonomy_terms')).toEqual({ taxonomy_id: UUID });
    expect(parse('search=leeds&page=2', 'organizations')).toEqual({ search: ['leeds'], page: 2 });
    expect(parse(`taxonomy_term_id=${UUID}&minimum_age=5`, 'service_at_locations')).toEqual({ taxonomy_term_id: UUID, minimum_age: 5 });
    expect(problemOf(`organization_id=${UUID}`, 'taxonomies').status).toBe(400);
    expect(problemOf('minimum_age=5', 'organizations').status).toBe(400);
  });
});

describe('refused with 400', () => {
  test.each([
    ['page=0', 'page'],
    ['page=-1', 'page'],
    ['page=1.5', 'page'],
    ['page=', 'page'],
    ['page=1e3', 'page'],
    ['page=9999999999', 'page'],
    ['per_page=101', 'per_page'],
    ['per_page=0', 'per_page'],
    ['per_page=ten', 'per_page'],
    ['taxonomy_term_id=carers', 'taxonomy_term_id'],
    [`taxonomy_id=${UUID},${UUID}`, 'taxonomy_id'],
    ['organization_id=', 'organization_id'],
    ['modified_after=yesterday', 'modified_after'],
    ['modified_after=2026-02-30', 'modified_after'],
    ['modified_after=2026-01-31T09:30:00', 'modified_after'],
    ['modified_after=2026-13-01', 'modified_after'],
    ['minimum_age=-1', 'minimum_age'],
    ['minimum_age=200', 'minimum_age'],
    ['maximum_age=eighteen', 'maximum_age'],
    ['page=1&page=2', 'page'],
    ['search=a&text=b', 'text'],
    ['colour=blue', 'colour'],
    ['postcode=LS1', 'postcode'],
    ['Page=2', 'Page'],
  ])('%s', (query, parameter) => {
    const problem = problemOf(query);
    expect(problem).toMatchObject({ status: 400, parameter });
    expect(problem.message.length).toBeGreaterThan(10);
  });
});

describe('refused with 501: in the specification, not answerable from static files', () => {
  test.each<[string, OrukEndpoint]>([
    ['day=MO', 'services'],
    ['start_time=09:00', 'services'],
    ['end_time=17:00', 'service_at_locations'],
    ['full=true', 'services'],
    ['minimal=true', 'services'],
    ['full_service=true', 'organizations'],
    ['top_only=true', 'taxonomy_terms'],
    ['parent_id=x', 'taxonomy_terms'],
    ['format=ndjson', 'services'],
  ])('%s on /%s', (query, endpoint) => {
    const problem = problemOf(query, endpoint);
    expect(problem.status).toBe(501);
    expect(problem.message).toMatch(/not available|opening times|list form/);
  });
});

describe('postcode and proximity (service_at_locations)', () => {
  const sal = (query: string) => parseListQuery('service_at_locations', new URLSearchParams(query), 100);
  test('a postcode in any spacing and case, or a district, is normalised; proximity is metres', () => {
    expect(sal('postcode=ls73hb')).toEqual({ postcode: 'LS7 3HB' });
    expect(sal('postcode=LS7%20%203HB&proximity=1500.5')).toEqual({ postcode: 'LS7 3HB', proximity: 1500.5 });
    expect(sal('proximity=0&postcode=LS7')).toEqual({ postcode: 'LS7', proximity: 0 });
  });
  test.each([
    ['postcode=LS7 3', 'postcode'],
    ['postcode=12345', 'postcode'],
    ['proximity=1000', 'proximity'],
    ['postcode=LS7&proximity=-1', 'proximity'],
    ['postcode=LS7&proximity=2km', 'proximity'],
    ['postcode=LS7&proximity=99999999', 'proximity'],
  ])('%s: 400', (query, parameter) => {
    expect(sal(query)).toMatchObject({ status: 400, parameter });
  });
  test('not a parameter of /services (ORUK 3.0 gives it to service_at_locations)', () => {
    expect(problemOf('postcode=LS7 3HB', 'services')).toMatchObject({ status: 400, parameter: 'postcode' });
  });
});

describe('hostile input', () => {
  test('names that are object keys elsewhere are just unknown parameters', () => {
    for (const name of ['__proto__', 'constructor', 'toString', 'hasOwnProperty']) expect(problemOf(`${name}=1`)).toMatchObject({ status: 400, parameter: name });
  });

  test('a value is quoted short and printable in the message', () => {
    const problem = problemOf(`taxonomy_term_id=${encodeURIComponent('<script>alert(1)</script>\u0000\u202e'.repeat(10))}`);
    expect(problem.message).not.toMatch(/[\u0000\u202e]/);
    expect(problem.message.length).toBeLessThan(200);
  });

  test('a search too long, or of too many words, is refused rather than run', () => {
    expect(problemOf(`search=${'a'.repeat(201)}`)).toMatchObject({ status: 400, parameter: 'search' });
    expect(problemOf(`search=${Array.from({ length: 21 }, (_, i) => `w${i}`).join('+')}`)).toMatchObject({ status: 400 });
  });

  test('markup in a search is only words', () => {
    expect(parse('search=%3Cscript%3Ealert(1)%3C%2Fscript%3E')).toEqual({ search: ['script', 'alert', '1', 'script'] });
  });

  test('too many parameters', () => {
    expect(problemOf(Array.from({ length: 21 }, (_, i) => `p${i}=1`).join('&'))).toMatchObject({ status: 400 });
  });
});

describe('dateTime', () => {
  test.each<[string, number | undefined]>([
    ['2026-11-20T10:00:00Z', Date.UTC(2026, 10, 20, 10)],
    ['2026-11-20T10:00:00.5z', Date.UTC(2026, 10, 20, 10, 0, 0, 500)],
    ['2026-11-20T10:00:00-05:30', Date.UTC(2026, 10, 20, 15, 30)],
    ['2024-02-29', Date.UTC(2024, 1, 29)],
    ['2025-02-29', undefined],
    ['2026-11-20T24:00:00Z', undefined],
    ['2026-11-20T10:00:00+25:00', undefined],
    ['20261120', undefined],
    [' 2026-11-20', undefined],
  ])('%s', (value, expected) => {
    expect(dateTime(value)).toBe(expected);
  });
});
