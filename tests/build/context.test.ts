import { readdirSync, readFileSync } from 'node:fs';
import { join, sep } from 'node:path';
import { expect, test } from 'vitest';
import { buildEnvironment, dashboardEnabled, siteAddress } from '../../src/build/context.ts';
import { repoRoot } from '../support/shared.ts';

test('the environment steers a build through one reading of it', () => {
  expect(buildEnvironment({})).toEqual({ dashboard: true, netlify: false });
  expect(buildEnvironment({ LOOP_BASE_URL: 'https://example.org/x/', LOOP_AS_OF: '2026-01-31', LOOP_DASHBOARD: '0', LOOP_ORUK_PAGE_SIZE: '7' })).toEqual({
    baseUrl: 'https://example.org/x/',
    asOf: '2026-01-31',
    dashboard: false,
    orukPageSize: 7,
    netlify: false,
  });
});

test('a build on Netlify (NETLIFY=true there) says so, for the _redirects only Netlify reads', () => {
  expect(buildEnvironment({ NETLIFY: 'true' }).netlify).toBe(true);
  expect(buildEnvironment({ NETLIFY: 'false' }).netlify).toBe(false);
  expect(buildEnvironment({ CF_PAGES: '1' }).netlify).toBe(false);
});

test('LOOP_BASE_URL wins over the configured address; an empty one does not count', () => {
  expect(siteAddress('https://loop.example/', { LOOP_BASE_URL: 'https://preview.example/loop/' })).toBe('https://preview.example/loop/');
  expect(siteAddress('https://loop.example/', { LOOP_BASE_URL: '' })).toBe('https://loop.example/');
  expect(siteAddress('https://loop.example/', {})).toBe('https://loop.example/');
});

test('the dashboard is on unless LOOP_DASHBOARD=0', () => {
  expect(dashboardEnabled({})).toBe(true);
  expect(dashboardEnabled({ LOOP_DASHBOARD: '1' })).toBe(true);
  expect(dashboardEnabled({ LOOP_DASHBOARD: '0' })).toBe(false);
});

test('SOURCE_DATE_EPOCH and LOOP_AS_OF are passed on as written, for the clock to check', () => {
  expect(buildEnvironment({ SOURCE_DATE_EPOCH: '1790000000', LOOP_AS_OF: '2026-02-30' })).toEqual({ sourceDateEpoch: '1790000000', asOf: '2026-02-30', dashboard: true, netlify: false });
  expect(buildEnvironment({ SOURCE_DATE_EPOCH: '', LOOP_AS_OF: '' })).toEqual({ dashboard: true, netlify: false });
});

test('no other module of src/ reads the variables this one reads', () => {
  const NAMES = 'LOOP_BASE_URL|LOOP_AS_OF|AS_OF_ENV|SOURCE_DATE_EPOCH|SOURCE_DATE_EPOCH_ENV|LOOP_DASHBOARD|LOOP_ORUK_PAGE_SIZE|NETLIFY';
  const read = new RegExp(`\\benv(?:\\.(?:${NAMES})\\b|\\[\\s*['"]?(?:${NAMES})\\b)`);
  const src = join(repoRoot, 'src');
  const files = readdirSync(src, { recursive: true, encoding: 'utf8' }).filter((f) => /\.(ts|mjs|astro)$/.test(f));
  const readers = files.filter((f) => read.test(readFileSync(join(src, f), 'utf8'))).map((f) => f.split(sep).join('/'));
  expect(readers).toEqual(['build/context.ts']);
});
