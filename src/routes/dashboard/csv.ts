/** /dashboard/data/<name>.csv: the numbers behind each dashboard chart, and its other tables, as CSV. */
import type { APIRoute, GetStaticPaths } from 'astro';
import { tableCsv } from '../../site/charts/table.ts';
import { allCharts } from '../../site/dashboard/charts.ts';
import { dashboardContent } from '../../site/dashboard/figures.ts';

const CSV_HEADERS = { 'Content-Type': 'text/csv; charset=utf-8' };

export const getStaticPaths = (async () => {
  const { charts, tables } = await dashboardContent();
  const named = [...allCharts(charts).map((c) => ({ name: c.id, table: c.table })), { name: 'organisations', table: tables.organisations.table }, { name: 'duplicates', table: tables.duplicates.table }];
  return named.map(({ name, table }) => ({ params: { name }, props: { csv: tableCsv(table) } }));
}) satisfies GetStaticPaths;

export const GET: APIRoute = ({ props }) => new Response((props as { csv: string }).csv, { headers: CSV_HEADERS });
