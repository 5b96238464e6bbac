/**
 * Every CSV the dashboard publishes, as (path, text) pairs: the numbers behind each chart, the organisations and
 * duplicates tables, and one file per organisation with its listings. The dashboard integration writes them
 * straight into the build output when the pages are done (as the feeds are published): 3,000 organisations would
 * otherwise be 3,000 more Astro routes, each paying the page pipeline's cost for a few hundred bytes of text.
 */
import { tableCsv } from '../charts/table.ts';
import { allCharts, organisationTable } from './charts.ts';
import type { DashboardContent } from './figures.ts';
import { dashboardOrganisationCsvPath } from '../urls.ts';

export interface CsvFile {
  /** Path under the site's base, as in src/site/urls.ts ("/dashboard/data/freshness.csv"). */
  path: string;
  /** Made when asked for, so writing 3,000 files never holds them all in memory. */
  text: () => string;
}

export function dashboardCsvFiles(content: DashboardContent): CsvFile[] {
  const { charts, tables, figures } = content;
  return [
    ...allCharts(charts).map((c) => ({ path: c.csv, text: () => tableCsv(c.table) })),
    ...Object.values(tables).map((t) => ({ path: t.csv, text: () => tableCsv(t.table) })),
    ...figures.organisations.map((o) => ({ path: dashboardOrganisationCsvPath(o.slug), text: () => tableCsv(organisationTable(o)) })),
  ];
}
