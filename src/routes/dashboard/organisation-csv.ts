/** /dashboard/data/organisations/<slug>.csv: one organisation's listings, as its dashboard page's table. */
import type { APIRoute, GetStaticPaths } from 'astro';
import { tableCsv } from '../../site/charts/table.ts';
import { organisationTable } from '../../site/dashboard/charts.ts';
import { dashboardFigures } from '../../site/dashboard/figures.ts';

export const getStaticPaths = (async () => {
  const figures = await dashboardFigures();
  return figures.organisations.map((organisation) => ({ params: { slug: organisation.slug }, props: { organisation } }));
}) satisfies GetStaticPaths;

export const GET: APIRoute = ({ props }) =>
  new Response(tableCsv(organisationTable((props as { organisation: Parameters<typeof organisationTable>[0] }).organisation)), { headers: { 'Content-Type': 'text/csv; charset=utf-8' } });
