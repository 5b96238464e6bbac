/**
 * The dashboard's charts, each as one object: a title, a summary sentence (the chart's text alternative), the SVG,
 * the table of numbers behind it and where its CSV is published. Pages render these; the CSV endpoints publish
 * their tables; tests check all three agree. Made from the figures once per build (see `chartsOf`).
 */
import type { Dataset } from '../../dataset/dataset.ts';
import { cellCounts, gapsOf, type Count, type Figures, type GapMatrix, type OrganisationFigures } from '../figures.ts';
import type { Freshness } from '../../model/freshness.ts';
import { barChart } from '../charts/bar.ts';
import { FRESHNESS_STYLES, SERIES } from '../charts/colours.ts';
import { columnChart } from '../charts/columns.ts';
import { heatMap } from '../charts/heatmap.ts';
import { percentages, stackedBar } from '../charts/stacked.ts';
import type { DataTable, TableRow } from '../charts/table.ts';
import { FORMAT_WORDS, plural, STATUS_WORDS } from '../../site/format/words.ts';
import { listInWords } from '../../site/format/dates.ts';
import { dashboardCsvPath, dashboardOrganisationPath, listingPath, termPath } from '../../urls/site.ts';
import type { TaxonomyKind } from '../../model/vocabularies.ts';

export interface ChartFigure {
  /** Unique in the page; also the CSV's name. */
  id: string;
  title: string;
  /** One or two sentences saying what the chart shows: its text alternative. */
  summary: string;
  /** The chart, named by `${id}-title` and described by `${id}-summary` (elements the page renders). */
  svg: string;
  table: DataTable;
  /** Path (under the site's base) of the table as CSV. */
  csv: string;
  /** Wide charts scroll sideways inside their figure rather than shrink. */
  wide?: boolean;
}

export const FRESHNESS_WORDS: Record<Freshness, string> = {
  current: 'Reviewed within policy',
  due: 'Due for review',
  overdue: 'Overdue for review',
};

const labelledBy = (id: string) => `${id}-title ${id}-summary`;

const MONTH_NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
/** "2026-10" -> "October 2026" */
export function monthInWords(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return `${MONTH_NAMES[m - 1]} ${y}`;
}

function parentName(counts: readonly Count[], dataset: Dataset, kind: TaxonomyKind, slug: string): string | undefined {
  const parent = dataset.term(kind, slug)?.parent;
  return parent ? (counts.find((c) => c.slug === parent)?.name ?? dataset.term(kind, parent)?.name) : undefined;
}

/** "A (11), then B (5) and C (5)" for the largest counts. */
function leaders(counts: readonly { name: string; count: number }[], n = 3): string {
  const top = [...counts].filter((c) => c.count > 0).sort((a, b) => b.count - a.count || a.name.localeCompare(b.name)).slice(0, n);
  if (!top.length) return '';
  const [first, ...rest] = top;
  return `${first!.name} has the most (${first!.count.toLocaleString('en-GB')})${rest.length ? `, then ${listInWords(rest.map((c) => `${c.name} (${c.count.toLocaleString('en-GB')})`))}` : ''}`;
}

function countChart(id: string, title: string, noun: readonly [string, string], counts: readonly Count[], options: { dataset: Dataset; kind?: TaxonomyKind; hierarchy?: boolean; rowHeader: string }): ChartFigure {
  const { dataset, kind } = options;
  const zero = counts.filter((c) => c.count === 0);
  const folded = options.hierarchy && counts.some((c) => c.depth > 0);
  const lead = leaders(counts);
  const summary = counts.length
    ? [
        lead ? `${lead}.` : '',
        zero.length ? `${plural(zero.length, noun[0], noun[1])} of ${counts.length.toLocaleString('en-GB')} ${zero.length === 1 ? 'has' : 'have'} no active listings.` : `Every one of the ${counts.length.toLocaleString('en-GB')} has at least one active listing.`,
        folded ? 'Broader terms include the listings of the narrower terms indented under them.' : '',
      ]
        .filter(Boolean)
        .join(' ')
    : `There are no ${noun[1]} yet.`;
  const rows: TableRow[] = counts.map((c) => {
    const parent = folded && kind ? parentName(counts, dataset, kind, c.slug) : undefined;
    return { name: c.name, ...(kind ? { href: termPath(kind, c.slug) } : {}), depth: folded ? c.depth : 0, ...(parent ? { parent } : {}), values: [c.count] };
  });
  return {
    id,
    title,
    summary,
    svg: barChart(counts.map((c) => ({ label: c.name, value: c.count, depth: folded ? c.depth : 0 })), { id, labelledBy: labelledBy(id) }),
    table: { caption: title, rowHeader: options.rowHeader, columns: ['Active listings'], rows },
    csv: dashboardCsvPath(id),
  };
}

function freshnessChart(id: string, title: string, counts: Record<Freshness, number>, policy: { due_after_months: number; overdue_after_months: number }, what = 'active listings'): ChartFigure {
  const order: Freshness[] = ['current', 'due', 'overdue'];
  const values = order.map((f) => counts[f]);
  const total = values.reduce((a, b) => a + b, 0);
  const shares = percentages(values);
  const summary = total
    ? `Of ${plural(total, what.replace(/s$/, ''), what)}, ${counts.current.toLocaleString('en-GB')} (${shares[0]}%) ${counts.current === 1 ? 'was' : 'were'} reviewed in the last ${policy.due_after_months} months, ${counts.due.toLocaleString('en-GB')} (${shares[1]}%) ${counts.due === 1 ? 'is' : 'are'} due for review and ${counts.overdue.toLocaleString('en-GB')} (${shares[2]}%) ${counts.overdue === 1 ? 'is' : 'are'} overdue (not reviewed for ${policy.overdue_after_months} months or more).`
    : `There are no ${what} to review.`;
  return {
    id,
    title,
    summary,
    svg: stackedBar(order.map((f) => ({ label: FRESHNESS_WORDS[f], value: counts[f], style: FRESHNESS_STYLES[f] })), { id, labelledBy: labelledBy(id) }),
    table: { caption: title, rowHeader: 'Freshness', columns: ['Listings', 'Share (%)'], rows: order.map((f, i) => ({ name: FRESHNESS_WORDS[f], values: [counts[f], shares[i]!] })) },
    csv: dashboardCsvPath(id),
  };
}

function gapChart(id: string, title: string, [rowNoun, rowNouns]: readonly [string, string], matrix: GapMatrix, dataset: Dataset, kind: TaxonomyKind): ChartFigure {
  const cells = cellCounts(matrix);
  const total = matrix.rows.length * matrix.columns.length;
  const gaps = gapsOf(matrix).sort((a, b) => b.wards.length - a.wards.length || a.name.localeCompare(b.name));
  const worst = gaps.slice(0, 3).map((g) => `${g.name} (${plural(g.wards.length, 'ward')})`);
  const summary = total
    ? `Of the ${total.toLocaleString('en-GB')} cells (${plural(matrix.rows.length, rowNoun, rowNouns)} by ${plural(matrix.columns.length, 'ward')}), ${cells.local.toLocaleString('en-GB')} have local help, ${cells.cityWideOnly.toLocaleString('en-GB')} have none locally but are covered by help open to the whole city, and ${cells.gaps.toLocaleString('en-GB')} ${cells.gaps === 1 ? 'is a gap' : 'are gaps'} (nothing local, nothing city-wide).${worst.length ? ` The most gaps: ${listInWords(worst)}.` : ''}`
    : `There are no ${rowNouns} or wards to compare.`;
  const parentOf = (slug: string) => {
    const parent = dataset.term(kind, slug)?.parent;
    return parent ? dataset.term(kind, parent)?.name : undefined;
  };
  const rows: TableRow[] = matrix.rows.map((r, i) => {
    const parent = parentOf(r.slug);
    return { name: r.name, href: termPath(kind, r.slug), depth: r.depth, ...(parent ? { parent } : {}), values: [matrix.cityWide[i]!, ...matrix.cells[i]!] };
  });
  return {
    id,
    title,
    summary,
    svg: heatMap(
      { rows: matrix.rows.map((r) => ({ label: r.name, depth: r.depth })), columns: matrix.columns.map((c) => ({ label: c.name })), cells: matrix.cells, everywhere: { label: 'City-wide', values: matrix.cityWide } },
      { id, labelledBy: labelledBy(id) },
    ),
    table: { caption: title, rowHeader: rowNoun.charAt(0).toUpperCase() + rowNoun.slice(1), columns: ['City-wide', ...matrix.columns.map((c) => c.name)], rows },
    csv: dashboardCsvPath(id),
    wide: true,
  };
}

function activityChart(id: string, title: string, activity: Figures['activity']): ChartFigure | null {
  if (!activity) return null;
  const shown = activity.slice(-24);
  const added = shown.reduce((a, m) => a + m.added, 0);
  const changed = shown.reduce((a, m) => a + m.changed, 0);
  const busiest = [...shown].sort((a, b) => b.added + b.changed - (a.added + a.changed) || b.month.localeCompare(a.month))[0];
  const were = (n: number, noun: string) => `${n.toLocaleString('en-GB')} ${noun}${n === 1 ? ' was' : 's were'}`;
  const summary = shown.length
    ? `${shown.length === 1 ? `In ${monthInWords(shown[0]!.month)}` : `From ${monthInWords(shown[0]!.month)} to ${monthInWords(shown[shown.length - 1]!.month)}`}, ${were(added, 'listing')} added and ${were(changed, 'other listing')} changed.${busiest && busiest.added + busiest.changed > 0 ? ` The busiest month was ${monthInWords(busiest.month)} (${busiest.added.toLocaleString('en-GB')} added, ${busiest.changed.toLocaleString('en-GB')} changed).` : ''}`
    : 'No listing has been added or changed in the history available.';
  return {
    id,
    title,
    summary,
    svg: columnChart(
      shown.map((m) => ({ month: m.month, values: [m.added, m.changed] })),
      [{ label: 'Added', style: SERIES[0]! }, { label: 'Changed', style: SERIES[1]! }],
      { id, labelledBy: labelledBy(id) },
    ),
    table: { caption: title, rowHeader: 'Month', columns: ['Added', 'Changed'], rows: activity.map((m) => ({ name: m.month, values: [m.added, m.changed] })) },
    csv: dashboardCsvPath(id),
    wide: shown.length > 12,
  };
}

function rulesChart(id: string, title: string, figures: Figures, describe: (rule: string) => string | undefined): ChartFigure {
  const rules = figures.diagnosticsByRule;
  const warnings = rules.reduce((a, r) => a + r.warnings, 0);
  const errors = rules.reduce((a, r) => a + r.errors, 0);
  const ranked = [...rules].sort((a, b) => b.warnings + b.errors - (a.warnings + a.errors) || a.rule.localeCompare(b.rule)).slice(0, 3);
  const summary = rules.length
    ? `${plural(warnings, 'warning')} and ${plural(errors, 'error')} from ${plural(rules.length, 'rule')}. Most come from ${ranked.map((r) => `${r.rule} (${(r.warnings + r.errors).toLocaleString('en-GB')})`).reduce((out, item, i, all) => (i === 0 ? item : `${out}${i === 1 ? ', then ' : i === all.length - 1 ? ' and ' : ', '}${item}`), '')}.`
    : 'The validator found nothing to warn about.';
  return {
    id,
    title,
    summary,
    svg: barChart(rules.map((r) => ({ label: r.rule, value: r.warnings + r.errors })), { id, labelledBy: labelledBy(id), style: SERIES[3]! }),
    table: { caption: title, rowHeader: 'Rule', columns: ['What it checks', 'Errors', 'Warnings'], rows: rules.map((r) => ({ name: r.rule, values: [describe(r.rule) ?? '', r.errors, r.warnings] })) },
    csv: dashboardCsvPath(id),
  };
}

export interface DashboardCharts {
  freshness: ChartFigure;
  categories: ChartFigure;
  needs: ChartFigure;
  audiences: ChartFigure;
  wards: ChartFigure;
  formats: ChartFigure;
  categoryGaps: ChartFigure;
  audienceGaps: ChartFigure;
  activity: ChartFigure | null;
  rules: ChartFigure;
}

/** Tables published as CSV beside the charts: organisations, likely duplicates, and every listing. */
export interface DashboardTables {
  organisations: { table: DataTable; csv: string };
  duplicates: { table: DataTable; csv: string };
  listings: { table: DataTable; csv: string };
}

export function dashboardCharts(figures: Figures, dataset: Dataset, describeRule: (rule: string) => string | undefined): DashboardCharts {
  const policy = dataset.config.review;
  return {
    freshness: freshnessChart('freshness', 'Listings by freshness', figures.freshness, policy),
    categories: countChart('categories', 'Listings by type of help', ['type of help', 'types of help'], figures.byCategory, { dataset, kind: 'category', hierarchy: true, rowHeader: 'Type of help' }),
    needs: countChart('needs', 'Listings by need', ['need', 'needs'], figures.byNeed, { dataset, kind: 'need', hierarchy: true, rowHeader: 'Need' }),
    audiences: countChart('audiences', 'Listings by who they are for', ['audience', 'audiences'], figures.byAudience, { dataset, kind: 'audience', hierarchy: true, rowHeader: 'Audience' }),
    wards: countChart('wards', 'Local listings by ward', ['ward', 'wards'], figures.byWard, { dataset, kind: 'area', rowHeader: 'Ward' }),
    formats: countChart('formats', 'Self-help resources by format', ['format', 'formats'], figures.byFormat.map((f) => ({ ...f, name: FORMAT_WORDS[f.slug as keyof typeof FORMAT_WORDS] ?? f.name })), { dataset, rowHeader: 'Format' }),
    categoryGaps: gapChart('category-gaps', 'Types of help by ward', ['type of help', 'types of help'], figures.categoryByWard, dataset, 'category'),
    audienceGaps: gapChart('audience-gaps', 'Who help is for, by ward', ['audience', 'audiences'], figures.audienceByWard, dataset, 'audience'),
    activity: activityChart('activity', 'Listings added and changed per month', figures.activity),
    rules: rulesChart('rules', 'Validation findings by rule', figures, describeRule),
  };
}

export function dashboardTables(figures: Figures, dataset: Dataset): DashboardTables {
  const listing = (slug: string) => dataset.listing(slug);
  return {
    organisations: {
      table: {
        caption: 'Organisations: their listings, freshness, completeness and warnings',
        rowHeader: 'Organisation',
        columns: ['Listings', 'Active', 'Reviewed within policy', 'Due for review', 'Overdue', 'Average completeness (%)', 'Warnings'],
        rows: figures.organisations.map((o) => ({
          name: o.name,
          href: dashboardOrganisationPath(o.slug),
          values: [o.listings, o.active, o.freshness.current, o.freshness.due, o.freshness.overdue, o.completeness ?? '', o.warnings],
        })),
      },
      csv: dashboardCsvPath('organisations'),
    },
    duplicates: {
      table: {
        caption: 'Likely duplicate listings',
        rowHeader: 'Listing',
        columns: ['Looks like', 'Because of the same', 'Value'],
        rows: figures.duplicates.map((d) => {
          const second = listing(d.second);
          const first = listing(d.first);
          return { name: second?.name ?? d.second, ...(second ? { href: listingPath(second) } : {}), values: [first?.name ?? d.first, DUPLICATE_REASONS[d.reason] ?? d.reason, d.value] };
        }),
      },
      csv: dashboardCsvPath('duplicates'),
    },
    listings: {
      table: {
        caption: 'Every listing: freshness, completeness and warnings, by organisation',
        rowHeader: 'Listing',
        columns: ['Organisation', ...LISTING_COLUMNS],
        rows: figures.organisations.flatMap((o) => listingRows(o).map((r) => ({ ...r, values: [o.name, ...r.values] }))),
      },
      csv: LISTINGS_CSV,
    },
  };
}

/**
 * Every organisation's listings are in one CSV, not one file each: at 3,000 organisations, 3,000 small files cost
 * the build more than all the dashboard's pages' rendering (on an ordinary disk each new file is a fraction of a
 * millisecond of system time), for something a spreadsheet filter does. Each organisation's page lists its own.
 */
export const LISTINGS_CSV = dashboardCsvPath('listings');
const LISTING_COLUMNS = ['Type', 'Status', 'Last reviewed', 'Freshness', 'Review due', 'Completeness (%)', 'Missing', 'Warnings'];

export const DUPLICATE_REASONS: Record<string, string> = { 'name-and-postcode': 'name and postcode', 'name-in-organisation': 'name and description in one organisation', phone: 'phone number', url: 'web address' };

/** An organisation's listings, least complete first (what to improve first), as rows of the listings table. */
function byCompleteness(org: OrganisationFigures): OrganisationFigures['items'] {
  return [...org.items].sort((a, b) => a.completeness - b.completeness || a.name.localeCompare(b.name, 'en-GB'));
}

function listingRows(org: OrganisationFigures): TableRow[] {
  return byCompleteness(org).map((i) => ({
    name: i.name,
    href: listingPath(i),
    values: [i.listing === 'service' ? 'Service' : 'Self-help resource', STATUS_WORDS[i.status], i.reviewed, FRESHNESS_WORDS[i.freshness], i.due, i.completeness, i.missing.map((m) => m.id).join('; '), i.warnings.length],
  }));
}

export function allCharts(charts: DashboardCharts): ChartFigure[] {
  return Object.values(charts).filter((c): c is ChartFigure => c !== null);
}
