import { expect, test } from 'vitest';
import { buildEnvironment, dashboardEnabled, siteAddress } from '../../src/build/context.ts';

test('the environment steers a build through one reading of it', () => {
  expect(buildEnvironment({})).toEqual({ dashboard: true });
  expect(buildEnvironment({ LOOP_BASE_URL: 'https://example.org/x/', LOOP_AS_OF: '2026-01-31', LOOP_DASHBOARD: '0', LOOP_ORUK_PAGE_SIZE: '7' })).toEqual({
    baseUrl: 'https://example.org/x/',
    asOf: '2026-01-31',
    dashboard: false,
    orukPageSize: 7,
  });
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
