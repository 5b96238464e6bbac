/**
 * The dashboard for the build, worked out once per build (not once per page): the figures, from the Dataset and the
 * validator's findings that src/site/dataset.ts holds, and the charts and tables made from them. Kept on
 * globalThis beside the Dataset, because the dashboard integration (which computes them when the build starts and
 * logs how long that took) and the pages are loaded as separate module graphs.
 */
import type { Dataset } from '../../dataset/dataset.ts';
import { historyFor } from '../../history/index.ts';
import { computeFigures, type Figures, type HistoryEvent } from '../figures.ts';
import { historyEvents } from '../history.ts';
import { rulesById } from '../rules.ts';
import { getDataset, getDiagnostics } from '../../site/dataset.ts';
import { compareNames } from '../../dataset/catalogue.ts';
import { dashboardCharts, dashboardTables, type DashboardCharts, type DashboardTables } from './charts.ts';

export interface DashboardContent {
  figures: Figures;
  charts: DashboardCharts;
  tables: DashboardTables;
}

const KEY = Symbol.for('loop.dashboard');
type Holder = { [KEY]?: { dataset: Dataset; content: Promise<DashboardContent> } };

/** Git history as the dashboard counts it (read once per build, shared with the feeds and listing pages). */
async function historyEventsOf(dataset: Dataset): Promise<readonly HistoryEvent[] | undefined> {
  return historyEvents(await historyFor(dataset));
}

/** The figures, charts and tables for the build's Dataset (made on first use, then shared). */
export function dashboardContent(): Promise<DashboardContent> {
  const dataset = getDataset();
  const holder = globalThis as Holder;
  const held = holder[KEY];
  if (held && held.dataset === dataset) return held.content;
  const content = historyEventsOf(dataset).then((history) => {
    const figures = computeFigures(dataset, getDiagnostics(), history);
    const rules = rulesById();
    return { figures, charts: dashboardCharts(figures, dataset, (id) => rules.get(id)), tables: dashboardTables(figures, dataset) };
  });
  holder[KEY] = { dataset, content };
  return content;
}

/** Just the figures (the per-organisation pages need no more). */
export async function dashboardFigures(): Promise<Figures> {
  return (await dashboardContent()).figures;
}

const ORDER_BY_NAME = new WeakMap<Figures, readonly number[]>();

/**
 * The organisations' indexes in the figures (which are by slug) in name order, worked out once: each of the
 * dashboard's organisation pages shows a slice, and sorting them all per page made those pages quadratic (30,000
 * organisations at region scale, 600 pages).
 */
export function organisationsByName(figures: Figures): readonly number[] {
  let order = ORDER_BY_NAME.get(figures);
  if (!order) {
    const { organisations } = figures;
    order = organisations.map((_, i) => i).sort((a, b) => compareNames(organisations[a]!, organisations[b]!));
    ORDER_BY_NAME.set(figures, order);
  }
  return order;
}
