/**
 * The dashboard's figures for the build, computed once per build (not once per page) from the Dataset and the
 * validator's findings that src/site/dataset.ts holds, and kept beside them. The dashboard integration computes
 * them when the build starts (and logs how long that took); pages and CSV endpoints then read the same object.
 */
import type { Dataset } from '../../dataset/dataset.ts';
import { computeFigures, type Figures, type HistoryEvent } from '../../report/figures.ts';
import { rulesById } from '../../report/rules.ts';
import { getDataset, getDiagnostics } from '../dataset.ts';
import { dashboardCharts, dashboardTables, type DashboardCharts, type DashboardTables } from './charts.ts';

const KEY = Symbol.for('loop.dashboard.figures');
type Holder = { [KEY]?: { dataset: Dataset; figures: Promise<Figures> } };

/** Git history as the dashboard counts it, or undefined when the build has none to give. */
async function historyEventsOf(_dataset: Dataset): Promise<readonly HistoryEvent[] | undefined> {
  return undefined;
}

/** The figures for the build's Dataset (computed on first use, then shared). */
export function dashboardFigures(): Promise<Figures> {
  const dataset = getDataset();
  const holder = globalThis as Holder;
  const held = holder[KEY];
  if (held && held.dataset === dataset) return held.figures;
  const figures = historyEventsOf(dataset).then((history) => computeFigures(dataset, getDiagnostics(), history));
  holder[KEY] = { dataset, figures };
  return figures;
}

const charts = new WeakMap<Figures, { charts: DashboardCharts; tables: DashboardTables }>();

/** The charts and tables made from the figures, once per build (the page and every CSV endpoint share them). */
export async function dashboardContent(): Promise<{ figures: Figures; charts: DashboardCharts; tables: DashboardTables }> {
  const figures = await dashboardFigures();
  let made = charts.get(figures);
  if (!made) {
    const dataset = getDataset();
    const rules = rulesById();
    made = { charts: dashboardCharts(figures, dataset, (id) => rules.get(id)), tables: dashboardTables(figures, dataset) };
    charts.set(figures, made);
  }
  return { figures, ...made };
}
