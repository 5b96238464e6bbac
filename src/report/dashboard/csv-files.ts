/**
 * Every CSV the dashboard publishes, as (path, text) pairs: the numbers behind each chart, the organisations and
 * duplicates tables, and every listing (by organisation). The dashboard integration writes them straight into the
 * build output when the pages are done (as the feeds are published) rather than as Astro routes.
 */
import { tableCsv } from '../charts/table.ts';
import { allCharts } from './charts.ts';
import type { DashboardContent } from './figures.ts';

export interface CsvFile {
  /** Path under the site's base, as in src/urls/site.ts ("/dashboard/data/freshness.csv"). */
  path: string;
  /** Made when asked for, one at a time. */
  text: () => string;
}

export function dashboardCsvFiles(content: DashboardContent): CsvFile[] {
  const { charts, tables } = content;
  return [...allCharts(charts).map((c) => ({ path: c.csv, text: () => tableCsv(c.table) })), ...Object.values(tables).map((t) => ({ path: t.csv, text: () => tableCsv(t.table) }))];
}
