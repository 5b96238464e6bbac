/**
 * The state of the shared data, in numbers: what the dashboard draws, `loop report` prints and the co-operative's
 * monthly update quotes. Pure: the Dataset, its diagnostics and (optionally) git history in; plain figures out.
 */
import type { Diagnostic } from '../dataset/diagnostic.ts';
import { findDuplicateListings } from '../checks/rules/duplicates.ts';
import type { Dataset, EffectiveStatus, ListingRecord, OrganisationRecord } from '../dataset/dataset.ts';
import type { Freshness } from '../model/freshness.ts';
import type { FileKind } from '../model/kinds.ts';
import { RESOURCE_FORMATS, type TaxonomyKind } from '../model/vocabularies.ts';
import { areasOf, WHOLE_CITY } from '../dataset/areas.ts';
import { catalogueOf } from '../dataset/catalogue.ts';

export interface Count {
  slug: string;
  name: string;
  count: number;
  /** How many broader terms are above this one (0 for a top-level term): narrower terms are counted in theirs. */
  depth: number;
}

export interface GapMatrix {
  /**
   * Row terms (categories or audiences), in vocabulary order. A row counts listings with the term or a narrower one
   * (as the site's browse pages do), so "Food and essentials" includes "Emergency food".
   */
  rows: { slug: string; name: string; depth: number }[];
  /** Wards, in vocabulary order. */
  columns: { slug: string; name: string }[];
  /** cells[row][column]: active listings serving that ward locally (a venue there, or the ward as a service area). */
  cells: number[][];
  /**
   * Per row: active listings open to the whole city (service area `leeds`, no area and no venue, or a resource),
   * which help people in every ward. A ward with no local listing in a row is a gap only when this is 0.
   */
  cityWide: number[];
}

export interface MonthActivity {
  /** YYYY-MM */
  month: string;
  /** Listings (services and resources) first added that month. */
  added: number;
  /** Other listings changed that month (each counted once, however many commits changed it). */
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
    status: EffectiveStatus;
    reviewed: string;
    freshness: Freshness;
    due: string;
    completeness: number;
    missing: { id: string; advice: string }[];
    warnings: { rule: string; severity: 'error' | 'warning'; message: string; hint?: string; line: number }[];
  }[];
  /** Findings about the organisation's own file (data/organisations/<slug>.yaml). */
  fileWarnings: { rule: string; severity: 'error' | 'warning'; message: string; hint?: string; line: number }[];
  file: string;
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

/**
 * One change to one record file, as the dashboard counts them. `historyEvents` (src/report/history.ts) makes these
 * from the git history module's change sets; tests write them by hand.
 */
export interface HistoryEvent {
  /** The file's path at the time (data/services/...). */
  file: string;
  /** What the file holds; without it, the path says (data/services/..., data/resources/...). */
  record?: FileKind;
  /** The record's UUID when known: a listing renamed or moved is still one listing. */
  id?: string;
  /** ISO date-time with offset (the commit's). */
  date: string;
  kind: 'added' | 'changed' | 'removed';
}

/** Listed listings under each term of a kind, narrower terms folded in: the site's browse pages' own definition. */
function countBy(dataset: Dataset, kind: TaxonomyKind): Count[] {
  const catalogue = catalogueOf(dataset);
  return dataset.terms(kind).map((t) => ({ slug: t.slug, name: t.name, count: catalogue.term(kind, t.slug).listings.length, depth: catalogue.ancestors(t).length }));
}

/**
 * The wards a listing serves locally: the wards of its venues and the wards named in its service areas (through
 * `areasOf`, the site's one definition, so a ward's browse page lists the same listings the dashboard counts).
 */
export function localWards(dataset: Dataset, listing: ListingRecord): Set<string> {
  return new Set(areasOf(dataset, listing).filter((a) => a.startsWith('ward/')));
}

/** Open to the whole city: service area `leeds`, no area and no venue (a phone line, an app), or a resource. */
export function isCityWide(dataset: Dataset, listing: ListingRecord): boolean {
  return areasOf(dataset, listing).includes(WHOLE_CITY);
}

function gapMatrix(dataset: Dataset, kind: 'category' | 'audience', wardsOf: (l: ListingRecord) => Set<string>, wide: (l: ListingRecord) => boolean): GapMatrix {
  const catalogue = catalogueOf(dataset);
  const terms = dataset.terms(kind);
  const rows = terms.map((t) => ({ slug: t.slug, name: t.name, depth: catalogue.ancestors(t).length }));
  const columns = dataset.terms('area').filter((t) => t.slug.startsWith('ward/')).map((t) => ({ slug: t.slug, name: t.name }));
  const columnIndex = new Map(columns.map((c, i) => [c.slug, i]));
  const cells = rows.map(() => columns.map(() => 0));
  const cityWide = rows.map(() => 0);
  terms.forEach((term, r) => {
    for (const listing of catalogue.term(kind, term.slug).listings) {
      if (wide(listing)) cityWide[r]!++;
      for (const ward of wardsOf(listing)) {
        const c = columnIndex.get(ward);
        if (c !== undefined) cells[r]![c]!++;
      }
    }
  });
  return { rows, columns, cells, cityWide };
}

/** "2026-10" -> "2026-11" */
function nextMonth(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
}

/**
 * Listings added and changed per month, each listing counted once a month (added wins over changed), every month
 * from the first to the last present (quiet months are zeros, not missing: a chart must not skip them).
 */
export function activityByMonth(events: readonly HistoryEvent[]): MonthActivity[] {
  const added = new Map<string, Set<string>>();
  const changed = new Map<string, Set<string>>();
  for (const e of events) {
    const listing = e.record ? e.record === 'service' || e.record === 'resource' : /^data\/(services|resources)\//.test(e.file);
    if (!listing || e.kind === 'removed') continue;
    const month = e.date.slice(0, 7);
    const key = e.id ?? e.file;
    const into = e.kind === 'added' ? added : changed;
    let set = into.get(month);
    if (!set) into.set(month, (set = new Set()));
    set.add(key);
  }
  const months = [...new Set([...added.keys(), ...changed.keys()])].sort();
  if (!months.length) return [];
  const out: MonthActivity[] = [];
  for (let month = months[0]!; month <= months[months.length - 1]!; month = nextMonth(month)) {
    const fresh = added.get(month) ?? new Set<string>();
    const edits = [...(changed.get(month) ?? [])].filter((k) => !fresh.has(k));
    out.push({ month, added: fresh.size, changed: edits.length });
  }
  return out;
}

/** Where a row of a gap matrix has no help: wards with no local listing, when nothing is open city-wide either. */
export function gapsOf(matrix: GapMatrix): { slug: string; name: string; wards: { slug: string; name: string }[] }[] {
  return matrix.rows
    .map((row, i) => ({ ...row, wards: matrix.columns.filter((_c, j) => matrix.cells[i]![j] === 0), cityWide: matrix.cityWide[i]! }))
    .filter((g) => g.cityWide === 0 && g.wards.length > 0)
    .map(({ slug, name, wards }) => ({ slug, name, wards }));
}

/** Counts of the three kinds of cell: local help, none local but open city-wide, and none at all (a gap). */
export function cellCounts(matrix: GapMatrix): { local: number; cityWideOnly: number; gaps: number } {
  let local = 0;
  let cityWideOnly = 0;
  let gaps = 0;
  matrix.cells.forEach((row, i) => {
    for (const n of row) {
      if (n > 0) local++;
      else if (matrix.cityWide[i]! > 0) cityWideOnly++;
      else gaps++;
    }
  });
  return { local, cityWideOnly, gaps };
}

const finding = (d: Diagnostic) => ({ rule: d.rule, severity: d.severity, message: d.message, ...(d.hint ? { hint: d.hint } : {}), line: d.line });

/** Diagnostics counted by rule, and listed by file. */
function diagnosticsIndex(diagnostics: readonly Diagnostic[]): { byRule: Map<string, { rule: string; errors: number; warnings: number }>; byFile: Map<string, Diagnostic[]> } {
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
  return { byRule, byFile };
}

/** A listing's local wards and whether it is city-wide, each worked out once per listing (not once per term it carries). */
function wardLookups(dataset: Dataset): { wardsOf: (l: ListingRecord) => Set<string>; wide: (l: ListingRecord) => boolean } {
  const wardCache = new Map<ListingRecord, Set<string>>();
  const wideCache = new Map<ListingRecord, boolean>();
  const wardsOf = (l: ListingRecord) => {
    let wards = wardCache.get(l);
    if (!wards) wardCache.set(l, (wards = localWards(dataset, l)));
    return wards;
  };
  const wide = (l: ListingRecord) => {
    let w = wideCache.get(l);
    if (w === undefined) wideCache.set(l, (w = isCityWide(dataset, l)));
    return w;
  };
  return { wardsOf, wide };
}

/** One organisation's dashboard: its listings' freshness, completeness and findings, and what to do next. */
function organisationFigures(dataset: Dataset, org: OrganisationRecord, byFile: ReadonlyMap<string, Diagnostic[]>): OrganisationFigures {
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
      warnings: found.map(finding),
    };
  });
  const activeItems = items.filter((i) => i.status === 'active' || i.status === 'temporarily closed');
  const counts: Record<Freshness, number> = { current: 0, due: 0, overdue: 0 };
  for (const i of activeItems) counts[i.freshness]++;
  const orgDiagnostics = [...(byFile.get(org.file) ?? []), ...listings.flatMap((l) => byFile.get(l.file) ?? [])];
  const nextSteps = nextStepsFor(org, listings.length, activeItems, orgDiagnostics);
  return {
    slug: org.slug,
    name: org.name,
    file: org.file,
    fileWarnings: (byFile.get(org.file) ?? []).map(finding),
    listings: listings.length,
    active: activeItems.length,
    freshness: counts,
    completeness: activeItems.length ? Math.round(activeItems.reduce((n, i) => n + i.completeness, 0) / activeItems.length) : null,
    warnings: orgDiagnostics.filter((d) => d.severity === 'warning').length,
    errors: orgDiagnostics.filter((d) => d.severity === 'error').length,
    items,
    nextSteps,
  };
}

type ItemFigures = OrganisationFigures['items'][number];

/** What an organisation should do next, most pressing first. */
function nextStepsFor(org: OrganisationRecord, listings: number, activeItems: readonly ItemFigures[], orgDiagnostics: readonly Diagnostic[]): string[] {
  const nextSteps: string[] = [];
  const overdue = activeItems.filter((i) => i.freshness === 'overdue');
  const due = activeItems.filter((i) => i.freshness === 'due');
  if (orgDiagnostics.some((d) => d.severity === 'error')) nextSteps.push('Fix the errors in your listings: they stop changes being published.');
  if (overdue.length) nextSteps.push(`Review ${overdue.length} overdue listing${overdue.length === 1 ? '' : 's'}: ${overdue.map((i) => i.name).join(', ')}.`);
  if (due.length) nextSteps.push(`Review ${due.length} listing${due.length === 1 ? '' : 's'} due soon: ${due.map((i) => i.name).join(', ')}.`);
  const weakest = [...activeItems].sort((a, b) => a.completeness - b.completeness)[0];
  if (weakest && weakest.missing.length) nextSteps.push(`Improve "${weakest.name}" (${weakest.completeness}% complete): ${weakest.missing[0]!.advice}`);
  if (!(org.maintainers ?? []).length) nextSteps.push('Add maintainers (GitHub accounts) so your organisation can approve changes to its own listings.');
  if (listings === 0) nextSteps.push('Add your first listing with the web form at /admin.');
  return nextSteps;
}

export function computeFigures(dataset: Dataset, diagnostics: readonly Diagnostic[], history?: readonly HistoryEvent[]): Figures {
  const active = dataset.listings.filter((l) => dataset.isActive(l));
  const freshness: Record<Freshness, number> = { current: 0, due: 0, overdue: 0 };
  for (const l of active) freshness[dataset.freshnessOf(l).freshness]++;

  const { byRule, byFile } = diagnosticsIndex(diagnostics);

  const { wardsOf, wide } = wardLookups(dataset);
  const categoryByWard = gapMatrix(dataset, 'category', wardsOf, wide);
  const wardIndex = new Map(categoryByWard.columns.map((c, j) => [c.slug, j]));
  const wardTotals = categoryByWard.columns.map(() => 0);
  for (const l of active) for (const ward of wardsOf(l)) {
    const j = wardIndex.get(ward);
    if (j !== undefined) wardTotals[j]!++;
  }

  const organisations = dataset.organisations.map((org) => organisationFigures(dataset, org, byFile));

  // Every format the model knows, so "no videos" shows as a zero rather than as nothing.
  const formats = new Map<string, number>(RESOURCE_FORMATS.map((f) => [f, 0]));
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
    byCategory: countBy(dataset, 'category'),
    byNeed: countBy(dataset, 'need'),
    byAudience: countBy(dataset, 'audience'),
    byWard: categoryByWard.columns.map((c, j) => ({ ...c, count: wardTotals[j]!, depth: 0 })),
    byFormat: [...formats.entries()].map(([slug, count]) => ({ slug, name: slug, count, depth: 0 })),
    categoryByWard,
    audienceByWard: gapMatrix(dataset, 'audience', wardsOf, wide),
    wardsWithoutLocalListings: categoryByWard.columns.filter((_c, j) => wardTotals[j] === 0),
    duplicates: findDuplicateListings(dataset).map((d) => ({ first: d.first.slug, second: d.second.slug, reason: d.reason, value: d.value })),
    diagnosticsByRule: [...byRule.values()].sort((a, b) => a.rule.localeCompare(b.rule)),
    activity: history ? activityByMonth(history) : null,
    organisations,
  };
}
