/**
 * The dashboard's charts and tables, made from the hand-built dashboard fixture: every chart has a text
 * alternative (title and summary naming an SVG image), a table whose numbers are the figures, and a CSV address;
 * the summaries say the hand-checked numbers in words. Plus the URLs, the LOOP_DASHBOARD switch and which
 * organisations need attention first.
 */
import { afterEach, describe, expect, test } from 'vitest';
import { computeFigures } from '../../src/report/figures.ts';
import { rulesById } from '../../src/report/rules.ts';
import { allCharts, dashboardCharts, dashboardTables, monthInWords } from '../../src/report/dashboard/charts.ts';
import { needingAttention } from '../../src/report/dashboard/attention.ts';
import { dashboardCsvFiles } from '../../src/report/dashboard/csv-files.ts';
import { tableCsv } from '../../src/report/charts/table.ts';
import { dashboardEnabled } from '../../src/build/context.ts';
import { catalogueOf } from '../../src/dataset/catalogue.ts';
import { sitemapEntries } from '../../src/site/sitemap.ts';
import { dashboardCsvPath, dashboardOrganisationPath, dashboardOrganisationsPath, dashboardPath } from '../../src/urls/site.ts';
import { loadDashboardFixture } from '../support/dashboard.ts';

const result = loadDashboardFixture();
const dataset = result.dataset!;
const figures = computeFigures(dataset, result.diagnostics, [
  { file: 'data/services/armley-aid/food-bank.yaml', date: '2026-09-01T10:00:00+01:00', kind: 'added' },
  { file: 'data/services/armley-aid/pantry.yaml', date: '2026-11-02T10:00:00Z', kind: 'changed' },
]);
const rules = rulesById();
const charts = dashboardCharts(figures, dataset, (id) => rules.get(id));
const tables = dashboardTables(figures, dataset);

describe('every chart', () => {
  test('has a title, a summary, an SVG image named by both, a table and a CSV address', () => {
    const list = allCharts(charts);
    expect(list.map((c) => c.id)).toEqual(['freshness', 'categories', 'needs', 'audiences', 'wards', 'formats', 'category-gaps', 'audience-gaps', 'activity', 'rules']);
    for (const chart of list) {
      expect(chart.title.length, chart.id).toBeGreaterThan(5);
      expect(chart.summary, chart.id).toMatch(/^[A-Z0-9<=].*\.$/s);
      expect(chart.svg, chart.id).toMatch(new RegExp(`^<svg [^>]*role="img" aria-labelledby="${chart.id}-title ${chart.id}-summary"`));
      expect(chart.table.caption, chart.id).toBe(chart.title);
      expect(chart.table.rows.length, chart.id).toBeGreaterThan(0);
      expect(chart.csv).toBe(dashboardCsvPath(chart.id));
    }
  });
  test('the tables hold the figures', () => {
    expect(charts.freshness.table.rows.map((r) => [r.name, ...r.values])).toEqual([
      ['Reviewed within policy', 3, 50],
      ['Due for review', 2, 33],
      ['Overdue for review', 1, 17],
    ]);
    expect(charts.categories.table.rows.map((r) => [r.name, r.parent ?? null, r.depth, r.href, ...r.values])).toEqual([
      ['Food and essentials', null, 0, '/categories/food/', 3],
      ['Emergency food', 'Food and essentials', 1, '/categories/emergency-food/', 2],
      ['Mental health', null, 0, '/categories/mental-health/', 2],
      ['Advice <script>alert("x")</script> & "rights"', null, 0, '/categories/advice/', 1],
    ]);
    expect(charts.wards.table.rows.map((r) => [r.name, r.href, ...r.values])).toEqual([
      ['Armley', '/areas/ward/armley/', 1],
      ['Chapel Allerton', '/areas/ward/chapel-allerton/', 2],
      ['Gipton & Harehills', '/areas/ward/gipton-and-harehills/', 1],
      ['Weetwood', '/areas/ward/weetwood/', 0],
    ]);
    expect(charts.categoryGaps.table.columns).toEqual(['City-wide', 'Armley', 'Chapel Allerton', 'Gipton & Harehills', 'Weetwood']);
    expect(charts.categoryGaps.table.rows.map((r) => r.values)).toEqual([
      [1, 1, 0, 1, 0],
      [0, 1, 0, 1, 0],
      [1, 0, 1, 0, 0],
      [0, 0, 1, 0, 0],
    ]);
    expect(charts.audienceGaps.table.rows.map((r) => [r.name, ...r.values])).toEqual([
      ['Carers', 1, 0, 1, 1, 0],
      ['Young carers', 0, 0, 1, 0, 0],
      ['=HYPERLINK("https://evil.example.org","click")', 1, 0, 0, 0, 0],
    ]);
    expect(charts.activity!.table.rows.map((r) => [r.name, ...r.values])).toEqual([
      ['2026-09', 1, 0],
      ['2026-10', 0, 0],
      ['2026-11', 0, 1],
    ]);
    expect(charts.rules.table.rows.map((r) => [r.name, ...r.values])).toEqual([
      ['completeness', rules.get('completeness'), 0, 4],
      ['duplicates', rules.get('duplicates'), 0, 1],
      ['freshness', rules.get('freshness'), 0, 3],
      ['geography', rules.get('geography'), 0, 1],
    ]);
    expect(charts.formats.table.rows.map((r) => [r.name, ...r.values])[0]).toEqual(['Leaflet', 1]);
  });
  test('the summaries say the numbers in words', () => {
    expect(charts.freshness.summary).toBe('Of 6 active listings, 3 (50%) were reviewed in the last 6 months, 2 (33%) are due for review and 1 (17%) is overdue (not reviewed for 12 months or more).');
    expect(charts.categories.summary).toBe('Food and essentials has the most (3), then Emergency food (2) and Mental health (2). Every one of the 4 has at least one active listing. Broader terms include the listings of the narrower terms indented under them.');
    expect(charts.wards.summary).toBe('Chapel Allerton has the most (2), then Armley (1) and Gipton & Harehills (1). 1 ward of 4 has no active listings.');
    expect(charts.categoryGaps.summary).toBe(
      'Of the 16 cells (4 types of help by 4 wards), 6 have local help, 5 have none locally but are covered by help open to the whole city, and 5 are gaps (nothing local, nothing city-wide). The most gaps: Advice <script>alert("x")</script> & "rights" (3 wards) and Emergency food (2 wards).',
    );
    expect(charts.activity!.summary).toBe('From September 2026 to November 2026, 1 listing was added and 1 other listing was changed. The busiest month was November 2026 (0 added, 1 changed).');
    expect(charts.rules.summary).toBe('9 warnings and 0 errors from 4 rules. Most come from completeness (4), then freshness (3) and duplicates (1).');
    expect(monthInWords('2027-01')).toBe('January 2027');
  });
  test('without git history there is no activity chart (the page says why)', () => {
    expect(dashboardCharts(computeFigures(dataset, result.diagnostics), dataset, () => undefined).activity).toBeNull();
  });
  test('the organisations and duplicates tables', () => {
    expect(tables.organisations.table.rows.map((r) => [r.name, r.href, ...r.values])).toEqual([
      ['Armley Aid', '/dashboard/organisations/armley-aid/', 3, 2, 1, 1, 0, 55, 2],
      ['City Helpline', '/dashboard/organisations/city-helpline/', 3, 3, 1, 1, 1, 33, 4],
      ['<img src=x onerror=alert(1)> Trust & Co', '/dashboard/organisations/hostile-trust/', 1, 1, 1, 0, 0, 26, 2],
      ['Quiet Group', '/dashboard/organisations/quiet-group/', 0, 0, 0, 0, 0, '', 0],
    ]);
    expect(tables.duplicates.table.rows.map((r) => [r.name, r.href, ...r.values])).toEqual([
      ['Advice "drop-in" <em>now</em>', '/services/hostile-trust/advice-session/', 'City Helpline', 'phone number', '0113 496 0300'],
    ]);
  });
});

describe('the CSV files', () => {
  test('one per chart and per table, each the CSV of its table, at unique paths', () => {
    const files = dashboardCsvFiles({ figures, charts, tables });
    expect(files.map((f) => f.path)).toEqual([...allCharts(charts).map((c) => c.csv), '/dashboard/data/organisations.csv', '/dashboard/data/duplicates.csv', '/dashboard/data/listings.csv']);
    expect(new Set(files.map((f) => f.path)).size).toBe(files.length);
    expect(files[0]!.text()).toBe(tableCsv(charts.freshness.table));
  });
  test('every listing, by organisation, least complete first within each', () => {
    const all = tables.listings.table;
    expect(all.caption).toBe('Every listing: freshness, completeness and warnings, by organisation');
    expect(all.columns).toEqual(['Organisation', 'Type', 'Status', 'Last reviewed', 'Freshness', 'Review due', 'Completeness (%)', 'Missing', 'Warnings']);
    expect(all.rows.filter((r) => r.values[0] === 'City Helpline').map((r) => [r.name, r.href, ...r.values.slice(1)])).toEqual([
      ['Young Carers Club', '/services/city-helpline/young-carers-club/', 'Service', 'Open', '2026-09-01', 'Reviewed within policy', '2027-03-01', 21, 'description; contact; when; cost; access; area; needs; languages; accessibility', 1],
      ['Eating Well on a Budget', '/resources/city-helpline/food-leaflet/', 'Self-help resource', 'Open', '2026-05-01', 'Due for review', '2026-11-01', 30, 'description; needs; languages; cost; accessibility', 2],
      ['City Helpline', '/services/city-helpline/helpline/', 'Service', 'Open', '2025-10-01', 'Overdue for review', '2026-04-01', 47, 'description; when; cost; access; languages; accessibility', 1],
    ]);
    expect(all.rows.map((r) => r.values[0])).toEqual(['Armley Aid', 'Armley Aid', 'Armley Aid', 'City Helpline', 'City Helpline', 'City Helpline', '<img src=x onerror=alert(1)> Trust & Co']);
    expect(all.rows.filter((r) => r.values[0] === 'Armley Aid').map((r) => [r.name, r.values[2]])).toEqual([
      ['Old Wellbeing Club', 'No longer running'],
      ['Harehills Pantry', 'Open'],
      ['Armley Food Bank', 'Open'],
    ]);
    expect(tables.listings.csv).toBe('/dashboard/data/listings.csv');
  });
});

describe('organisations', () => {
  test('who needs attention first: overdue, then due, then least complete, then warnings', () => {
    expect(needingAttention(figures, 40).map((o) => o.slug)).toEqual(['city-helpline', 'armley-aid', 'hostile-trust']);
    expect(needingAttention(figures, 40, 1).map((o) => o.slug)).toEqual(['city-helpline']);
  });
});

describe('addresses and the switch', () => {
  const saved = process.env.LOOP_DASHBOARD;
  afterEach(() => {
    if (saved === undefined) delete process.env.LOOP_DASHBOARD;
    else process.env.LOOP_DASHBOARD = saved;
  });
  test('dashboard URLs', () => {
    expect(dashboardPath()).toBe('/dashboard/');
    expect(dashboardOrganisationsPath()).toBe('/dashboard/organisations/');
    expect(dashboardOrganisationsPath(3)).toBe('/dashboard/organisations/page/3/');
    expect(dashboardOrganisationPath('armley-aid')).toBe('/dashboard/organisations/armley-aid/');
    expect(dashboardOrganisationPath(dataset.organisation('armley-aid')!)).toBe('/dashboard/organisations/armley-aid/');
    expect(dashboardCsvPath('category-gaps')).toBe('/dashboard/data/category-gaps.csv');
  });
  test('LOOP_DASHBOARD=0 leaves the dashboard out of the build and the sitemap', () => {
    expect(dashboardEnabled({})).toBe(true);
    expect(dashboardEnabled({ LOOP_DASHBOARD: '1' })).toBe(true);
    expect(dashboardEnabled({ LOOP_DASHBOARD: '0' })).toBe(false);
    delete process.env.LOOP_DASHBOARD;
    const on = sitemapEntries(dataset, catalogueOf(dataset)).map((e) => e.path).filter((p) => p.startsWith('/dashboard/'));
    expect(on).toEqual(['/dashboard/', '/dashboard/organisations/', ...dataset.organisations.map((o) => `/dashboard/organisations/${o.slug}/`)]);
    process.env.LOOP_DASHBOARD = '0';
    expect(sitemapEntries(dataset, catalogueOf(dataset)).filter((e) => e.path.startsWith('/dashboard/'))).toEqual([]);
  });
});
