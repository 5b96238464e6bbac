/**
 * The state of the shared data, in numbers: what the dashboard draws, `loop report` prints and the co-operative's
 * monthly update quotes. Pure: the Dataset, its diagnostics and (optionally) git history in; plain figures out.
 */
import type { Diagnostic } from '../checks/diagnostic.ts';
import { findDuplicateListings } from '../checks/rules/duplicates.ts';
import type { Dataset, ListingRecord } from '../dataset/dataset.ts';
import type { Freshness } from '../model/freshness.ts';
import type { TaxonomyKind } from '../model/taxonomy.ts';

export interface Count {
  slug: string;
  name: string;
  count: number;
}

export interface GapMatrix {
  /** Row terms (categories or audiences), in vocabulary order. */
  rows: { slug: string; name: string }[];
  /** Wards, in vocabulary order. */
  columns: { slug: string; name: string }[];
  /** cells[row][column]: active listings serving that ward locally (a venue there, or the ward as a service area). */
  cells: number[][];
  /** Per row: active listings available city-wide (service area `leeds`, or online/phone with no area limits). */
  cityWide: number[];
}

export interface MonthActivity {
  /** YYYY-MM */
  month: string;
  added: number;
  changed: number;
}

export interface OrganisationFigures {
  slug: string;
  name: string;
  listings: number;
  active: number;
  freshness: Record<Freshness, number>;
  /** Mean completeness of active listings, 0-100 (null when it has none). */
  completeness: number | null;
  warnings: number;
  errors: number;
  items: {
    slug: string;
    name: string;
    file: string;
    listing: 'service' | 'resource';
    status: string;
    reviewed: string;
    freshness: Freshness;
    due: string;
    completeness: number;
    missing: { id: string; advice: string }[];
    warnings: { rule: string; message: string; line: number }[];
  }[];
  /** What to do next, most useful first. */
  nextSteps: string[];
}

export interface Figures {
  asOf: string;
  exampleData: boolean;
  totals: { organisations: number; services: number; resources: number; locations: number; activeListings: number; inactiveListings: number; contributingOrganisations: number };
  freshness: Record<Freshness, number>;
  byCategory: Count[];
  byNeed: Count[];
  byAudience: Count[];
  byWard: Count[];
  byFormat: Count[];
  categoryByWard: GapMatrix;
  audienceByWard: GapMatrix;
  /** Wards with no local listing at all. */
  wardsWithoutLocalListings: { slug: string; name: string }[];
  duplicates: { first: string; second: string; reason: string; value: string }[];
  diagnosticsByRule: { rule: string; errors: number; warnings: number }[];
  activity: MonthActivity[] | null;
  organisations: OrganisationFigures[];
}

/** Per-file history events the dashboard needs; produced by the git history module. */
export interface HistoryEvent {
  file: string;
  /** ISO date-time */
  date: string;
  kind: 'added' | 'changed' | 'removed';
}

function countBy(dataset: Dataset, kind: TaxonomyKind, active: readonly ListingRecord[]): Count[] {
  const activeSet = new Set(active);
  return dataset.terms(kind).map((t) => ({ slug: t.slug, name: t.name, count: dataset.listingsWithTerm(kind, t.slug).filter((l) => activeSet.has(l)).length }));
}

/** The wards a listing serves locally: the wards of its venues and the wards named in its service areas. */
export function localWards(dataset: Dataset, listing: ListingRecord): Set<string> {
  const wards = new Set<string>();
  if (listing.listing === 'service') {
    for (const at of listing.locations ?? []) {
      const ward = dataset.location(at.location)?.ward;
      if (ward) wards.add(ward);
    }
    for (const area of listing.service_areas ?? []) if (area.startsWith('ward/')) wards.add(area);
  }
  return wards;
}

export function isCityWide(listing: ListingRecord): boolean {
  if (listing.listing === 'resource') return true;
  if (listing.service_areas?.includes('leeds')) return true;
  const remote = (listing.delivery ?? []).some((d) => d === 'online' || d === 'phone');
  return remote && !listing.service_areas?.length && !listing.locations?.length;
}

function gapMatrix(dataset: Dataset, kind: 'category' | 'audience', active: readonly ListingRecord[]): GapMatrix {
  const rows = dataset.terms(kind).map((t) => ({ slug: t.slug, name: t.name }));
  const columns = dataset.terms('area').filter((t) => t.slug.startsWith('ward/')).map((t) => ({ slug: t.slug, name: t.name }));
  const rowIndex = new Map(rows.map((r, i) => [r.slug, i]));
  const columnIndex = new Map(columns.map((c, i) => [c.slug, i]));
  const cells = rows.map(() => columns.map(() => 0));
  const cityWide = rows.map(() => 0);
  const field = kind === 'category' ? 'categories' : 'audiences';
  for (const listing of active) {
    const wards = localWards(dataset, listing);
    const wide = isCityWide(listing);
    for (const term of new Set(listing[field] ?? [])) {
      const r = rowIndex.get(term);
      if (r === undefined) continue;
      if (wide) cityWide[r]!++;
      for (const ward of wards) {
        const c = columnIndex.get(ward);
        if (c !== undefined) cells[r]![c]!++;
      }
    }
  }
  return { rows, columns, cells, cityWide };
}

function activityByMonth(events: readonly HistoryEvent[]): MonthActivity[] {
  const months = new Map<string, MonthActivity>();
  for (const e of events) {
    if (!/^data\/(services|resources)\//.test(e.file) || e.kind === 'removed') continue;
    const month = e.date.slice(0, 7);
    const entry = months.get(month) ?? { month, added: 0, changed: 0 };
    entry[e.kind]++;
    months.set(month, entry);
  }
  return [...months.values()].sort((a, b) => a.month.localeCompare(b.month));
}

export function computeFigures(dataset: Dataset, diagnostics: readonly Diagnostic[], history?: readonly HistoryEvent[]): Figures {
  const active = dataset.listings.filter((l) => dataset.isActive(l));
  const freshness: Record<Freshness, number> = { current: 0, due: 0, overdue: 0 };
  for (const l of active) freshness[dataset.freshnessOf(l).freshness]++;

  const byRule = new Map<string, { rule: string; errors: number; warnings: number }>();
  const byFile = new Map<string, Diagnostic[]>();
  for (const d of diagnostics) {
    const entry = byRule.get(d.rule) ?? { rule: d.rule, errors: 0, warnings: 0 };
    if (d.severity === 'error') entry.errors++;
    else entry.warnings++;
    byRule.set(d.rule, entry);
    const list = byFile.get(d.file) ?? [];
    list.push(d);
    byFile.set(d.file, list);
  }

  const categoryByWard = gapMatrix(dataset, 'category', active);
  const wardTotals = categoryByWard.columns.map((_c, j) => active.filter((l) => localWards(dataset, l).has(categoryByWard.columns[j]!.slug)).length);

  const organisations: OrganisationFigures[] = dataset.organisations.map((org) => {
    const listings = dataset.listingsOf(org.slug);
    const items = listings.map((l) => {
      const f = dataset.freshnessOf(l);
      const c = dataset.completenessOf(l);
      const found = byFile.get(l.file) ?? [];
      return {
        slug: l.slug,
        name: l.name,
        file: l.file,
        listing: l.listing,
        status: dataset.statusOf(l),
        reviewed: l.reviewed,
        freshness: f.freshness,
        due: f.due,
        completeness: c.score,
        missing: c.missing,
        warnings: found.map((d) => ({ rule: d.rule, message: d.message, line: d.line })),
      };
    });
    const activeItems = items.filter((i) => i.status === 'active' || i.status === 'temporarily closed');
    const counts: Record<Freshness, number> = { current: 0, due: 0, overdue: 0 };
    for (const i of activeItems) counts[i.freshness]++;
    const orgDiagnostics = [...(byFile.get(org.file) ?? []), ...listings.flatMap((l) => byFile.get(l.file) ?? [])];
    const nextSteps: string[] = [];
    const overdue = activeItems.filter((i) => i.freshness === 'overdue');
    const due = activeItems.filter((i) => i.freshness === 'due');
    if (orgDiagnostics.some((d) => d.severity === 'error')) nextSteps.push('Fix the errors in your listings: they stop changes being published.');
    if (overdue.length) nextSteps.push(`Review ${overdue.length} overdue listing${overdue.length === 1 ? '' : 's'}: ${overdue.map((i) => i.name).join(', ')}.`);
    if (due.length) nextSteps.push(`Review ${due.length} listing${due.length === 1 ? '' : 's'} due soon: ${due.map((i) => i.name).join(', ')}.`);
    const weakest = [...activeItems].sort((a, b) => a.completeness - b.completeness)[0];
    if (weakest && weakest.missing.length) nextSteps.push(`Improve "${weakest.name}" (${weakest.completeness}% complete): ${weakest.missing[0]!.advice}`);
    if (!(org.maintainers ?? []).length) nextSteps.push('Add maintainers (GitHub accounts) so your organisation can approve changes to its own listings.');
    if (listings.length === 0) nextSteps.push('Add your first listing with the web form at /admin.');
    return {
      slug: org.slug,
      name: org.name,
      listings: listings.length,
      active: activeItems.length,
      freshness: counts,
      completeness: activeItems.length ? Math.round(activeItems.reduce((n, i) => n + i.completeness, 0) / activeItems.length) : null,
      warnings: orgDiagnostics.filter((d) => d.severity === 'warning').length,
      errors: orgDiagnostics.filter((d) => d.severity === 'error').length,
      items,
      nextSteps,
    };
  });

  const formats = new Map<string, number>();
  for (const l of active) if (l.listing === 'resource') formats.set(l.format, (formats.get(l.format) ?? 0) + 1);

  return {
    asOf: dataset.asOf,
    exampleData: dataset.config.example_data,
    totals: {
      organisations: dataset.organisations.length,
      services: dataset.services.length,
      resources: dataset.resources.length,
      locations: dataset.locations.length,
      activeListings: active.length,
      inactiveListings: dataset.listings.length - active.length,
      contributingOrganisations: new Set(active.map((l) => l.organisation)).size,
    },
    freshness,
    byCategory: countBy(dataset, 'category', active),
    byNeed: countBy(dataset, 'need', active),
    byAudience: countBy(dataset, 'audience', active),
    byWard: categoryByWard.columns.map((c, j) => ({ ...c, count: wardTotals[j]! })),
    byFormat: [...formats.entries()].sort((a, b) => a[0].localeCompare(b[0])).map(([slug, count]) => ({ slug, name: slug, count })),
    categoryByWard,
    audienceByWard: gapMatrix(dataset, 'audience', active),
    wardsWithoutLocalListings: categoryByWard.columns.filter((_c, j) => wardTotals[j] === 0),
    duplicates: findDuplicateListings(dataset).map((d) => ({ first: d.first.slug, second: d.second.slug, reason: d.reason, value: d.value })),
    diagnosticsByRule: [...byRule.values()].sort((a, b) => a.rule.localeCompare(b.rule)),
    activity: history ? activityByMonth(history) : null,
    organisations,
  };
}
