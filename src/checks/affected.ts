/**
 * Which findings a change can affect (issue #19, `loop validate --changed-since`): the changed files, every file
 * that references one of them (a listing of a changed or deleted organisation or venue), and every file a changed
 * file references (its organisation and venues), as reference rules join the two. The openstates pattern.
 *
 * The rules themselves still run over the whole Dataset, built from the cache of checked files (src/checks/
 * cache.ts), so the dataset-wide rules stay exact: `unique` (ids and slugs across files) and `duplicates` (pairs
 * of listings) report on one file of a pair and name the other in the message, so a finding naming a changed file
 * is kept too. Only the reporting is narrowed: findings about files the change cannot have touched are old news.
 * A change to the taxonomies, the synonyms or the configuration can affect every file, so it is a full check.
 */
import type { Diagnostic } from '../dataset/diagnostic.ts';
import { placementOf, type FileKind } from '../model/kinds.ts';
import type { FileFacts } from './facts.ts';

export type Scope = { all: true; reason: string } | { all: false; changed: ReadonlySet<string>; affected: ReadonlySet<string> };

/**
 * The part of a record the scope needs: the Dataset's records have it, and so do the stand-ins built from the check
 * cache's facts (`linkablesOf`), so `--changed-since` can work out its scope without loading every record.
 */
export interface Linkable {
  slug: string;
  file: string;
  listing?: 'service' | 'resource';
  organisation?: string | undefined;
  parent_organisation?: string | undefined;
  locations?: readonly { location: string }[] | undefined;
}

/** Records grouped and ordered as the Dataset orders them (by slug; services before resources of one slug). */
export interface LinkableRecords {
  listings: readonly Linkable[];
  organisations: readonly Linkable[];
  locations: readonly Linkable[];
}

/** What a record refers to, as `kind:slug`. */
function referencesOf(record: Linkable, kind: 'listing' | 'organisation' | 'location'): string[] {
  if (kind === 'listing') {
    const out = [`organisation:${record.organisation}`];
    if (record.listing === 'service') for (const at of record.locations ?? []) out.push(`location:${at.location}`);
    return out;
  }
  if (kind === 'organisation') {
    const parent = record.parent_organisation;
    return parent ? [`organisation:${parent}`] : [];
  }
  const owner = record.organisation;
  return owner ? [`organisation:${owner}`] : [];
}

/**
 * `changed`: paths relative to the data folder (forward slashes) of changed, added or deleted files; `prefix` turns
 * them into the paths diagnostics show; `outside` is true when something outside data/ that validation reads
 * (loop.config.yaml) changed.
 */
export function scopeOf(dataset: LinkableRecords | undefined, changed: readonly string[], prefix: string, outside = false): Scope {
  if (outside) return { all: true, reason: 'loop.config.yaml changed' };
  if (!dataset) return { all: true, reason: 'the configuration is not valid' };
  const keys = new Set<string>();
  for (const path of changed) {
    const placement = placementOf(path);
    if ('problem' in placement) continue;
    if (placement.kind === 'taxonomy' || placement.kind === 'synonyms') return { all: true, reason: `${prefix}${path} changed, and every listing can use it` };
    keys.add(`${placement.kind === 'service' || placement.kind === 'resource' ? 'listing' : placement.kind}:${placement.slug}`);
  }
  const changedFiles = new Set(changed.map((path) => `${prefix}${path}`));
  const affected = new Set(changedFiles);
  const fileOf = new Map<string, string>();
  const groups = [
    ['listing', dataset.listings],
    ['organisation', dataset.organisations],
    ['location', dataset.locations],
  ] as const;
  for (const [kind, records] of groups) for (const record of records) fileOf.set(`${kind}:${record.slug}`, record.file);
  for (const [kind, records] of groups) {
    for (const record of records) {
      const refs = referencesOf(record, kind);
      if (changedFiles.has(record.file)) {
        for (const ref of refs) {
          const file = fileOf.get(ref);
          if (file) affected.add(file);
        }
      } else if (refs.some((ref) => keys.has(ref))) affected.add(record.file);
    }
  }
  return { all: false, changed: changedFiles, affected };
}

/** The findings within a scope: about an affected file, or naming a changed one, or not about a data file at all. */
export function withinScope(diagnostics: readonly Diagnostic[], scope: Scope, prefix: string): Diagnostic[] {
  if (scope.all) return [...diagnostics];
  const changed = [...scope.changed];
  return diagnostics.filter(
    (d) => scope.affected.has(d.file) || !d.file.startsWith(prefix) || d.file === prefix || changed.some((file) => d.message.includes(file)),
  );
}

/** One file as the check cache's index describes it (src/checks/cache.ts). */
export interface FileSummary {
  /** The path diagnostics show. */
  file: string;
  kind?: FileKind;
  slug?: string;
  /** Whether its record is in the Dataset. */
  valid: boolean;
  facts?: FileFacts;
}

const bySlug = (a: Linkable, b: Linkable) => (a.slug < b.slug ? -1 : a.slug > b.slug ? 1 : 0);

/** Stand-ins for the valid records, in the Dataset's order, from the files' facts. */
export function linkablesOf(files: readonly FileSummary[]): LinkableRecords {
  const services: Linkable[] = [];
  const resources: Linkable[] = [];
  const organisations: Linkable[] = [];
  const locations: Linkable[] = [];
  for (const f of files) {
    if (!f.valid || f.slug === undefined) continue;
    const base = { slug: f.slug, file: f.file };
    const owner = f.facts?.organisation;
    if (f.kind === 'service') services.push({ ...base, listing: 'service', organisation: owner, locations: (f.facts?.locations ?? []).map((location) => ({ location })) });
    else if (f.kind === 'resource') resources.push({ ...base, listing: 'resource', organisation: owner });
    else if (f.kind === 'organisation') organisations.push({ ...base, parent_organisation: owner });
    else if (f.kind === 'location') locations.push({ ...base, organisation: owner });
  }
  // As Dataset does: each kind sorted, then the listings together (a stable sort keeps services first on a tie).
  services.sort(bySlug);
  resources.sort(bySlug);
  return { listings: [...services, ...resources].sort(bySlug), organisations: organisations.sort(bySlug), locations: locations.sort(bySlug) };
}

/**
 * The files whose records the rules need so that every finding within `scope` comes out exactly as a full check
 * gives it, when only these records are loaded:
 * - the affected files themselves;
 * - every file sharing an id, a listing slug or a duplicates key (name, phone, web address, source record) with a
 *   valid affected file: `unique` and `duplicates` pair records by exactly these, and report on one file of a pair
 *   while naming the other (the pair's other file is kept, and so is whichever came first);
 * - the organisations and venues all of those refer to (reference checks, and the duplicates rule's postcodes and
 *   organisation names);
 * - every taxonomy and the synonyms (a change to them is a full check anyway, and references need every term).
 * Rules that look at one record (freshness, end dates, reachability, completeness…) need only it and what it
 * refers to. The `references` rule's suggestions ("did you mean…") come from every slug, given to it apart.
 */
export function filesNeeded(files: readonly FileSummary[], scope: Extract<Scope, { all: false }>): Set<string> {
  const needed = new Set<string>();
  // The keys of the affected files first (a handful), then one pass over every file asking whether it shares one:
  // no index of every file's keys is built (at region scale that was most of the command's time).
  const wanted = new Set<string>();
  for (const f of files) {
    if (!scope.affected.has(f.file)) continue;
    needed.add(f.file);
    if (!f.valid) continue;
    if (f.facts?.id !== undefined) wanted.add(`id:${f.facts.id}`);
    if (f.kind === 'service' || f.kind === 'resource') {
      wanted.add(`listing:${f.slug}`);
      for (const key of f.facts?.keys ?? []) wanted.add(key);
    }
  }
  const shares = (f: FileSummary): boolean => {
    if (!f.valid) return false;
    if (f.facts?.id !== undefined && wanted.has(`id:${f.facts.id}`)) return true;
    if (f.kind !== 'service' && f.kind !== 'resource') return false;
    if (wanted.has(`listing:${f.slug}`)) return true;
    for (const key of f.facts?.keys ?? []) if (wanted.has(key)) return true;
    return false;
  };
  const chosen: FileSummary[] = [];
  const bySlugKey = new Map<string, string>();
  for (const f of files) {
    if (f.valid && f.slug !== undefined && (f.kind === 'organisation' || f.kind === 'location')) bySlugKey.set(`${f.kind}:${f.slug}`, f.file);
    if (f.kind === 'taxonomy' || f.kind === 'synonyms') needed.add(f.file);
    if (needed.has(f.file) || shares(f)) {
      needed.add(f.file);
      chosen.push(f);
    }
  }
  for (const f of chosen) {
    if (!f.valid) continue;
    const owner = f.facts?.organisation;
    const org = owner === undefined ? undefined : bySlugKey.get(`organisation:${owner}`);
    if (org) needed.add(org);
    for (const slug of f.facts?.locations ?? []) {
      const venue = bySlugKey.get(`location:${slug}`);
      if (venue) needed.add(venue);
    }
  }
  return needed;
}

/**
 * Every file of a data folder by number, as `scopeOfTable` and `filesNeededTable` read them: one field at a time, so
 * a column store (the check cache's index) makes no object per file. At region scale (195,000 files) making a
 * summary, a stand-in record and a map entry per file was most of `loop validate --changed-since` (issue #19).
 * Each field is what `at(n)` gives for it.
 */
export interface FileTable<S extends FileSummary = FileSummary> {
  readonly size: number;
  /** File `n`'s summary, with everything the callers need (made on each call). */
  at(n: number): S;
  file(n: number): string;
  kind(n: number): FileKind | undefined;
  slug(n: number): string | undefined;
  valid(n: number): boolean;
  /** `facts.id`. */
  id(n: number): string | undefined;
  /** `facts.organisation`. */
  organisation(n: number): string | undefined;
  /** Whether `facts.locations` holds one of `slugs`. */
  locatedAtAny(n: number, slugs: ReadonlySet<string>): boolean;
  /** Whether `facts.keys` holds one of `keys`. */
  hasAnyKey(n: number, keys: ReadonlySet<string>): boolean;
}

const LINKABLE: ReadonlySet<FileKind | undefined> = new Set(['service', 'resource', 'organisation', 'location']);

/** The summaries of files `numbers`, in the table's path order (as `files` are given to `linkablesOf` and `filesNeeded`). */
function summariesOf<S extends FileSummary>(table: FileTable<S>, numbers: Iterable<number>): S[] {
  return [...new Set(numbers)].map((n) => table.at(n)).sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
}

/**
 * `scopeOf(linkablesOf(every file), changed, prefix)`, worked out over the few files that can be in the scope or decide
 * it: the changed files, the files referring to a changed organisation or venue, and every organisation and venue a
 * changed file refers to (all files of such a slug, so the last of them still wins as in `scopeOf`). The rest would
 * add nothing to the scope, so `scopeOf` over these gives the same answer.
 */
export function scopeOfTable(table: FileTable, changed: readonly string[], prefix: string): Scope {
  const changedFiles = new Set(changed.map((path) => `${prefix}${path}`));
  // The organisations and venues whose files changed: a file referring to one is in the scope.
  const changedOrganisations = new Set<string>();
  const changedVenues = new Set<string>();
  for (const path of changed) {
    const placement = placementOf(path);
    if ('problem' in placement) continue;
    if (placement.kind === 'organisation') changedOrganisations.add(placement.slug);
    else if (placement.kind === 'location') changedVenues.add(placement.slug);
  }
  const linkable = (n: number) => table.valid(n) && table.slug(n) !== undefined && LINKABLE.has(table.kind(n));
  // What referencesOf says for the record of file n, asked only whether it meets the changed slugs.
  const refersToChanged = (n: number): boolean => {
    const kind = table.kind(n);
    const owner = table.organisation(n);
    // A listing's reference is there even when it names no organisation ("organisation:undefined").
    if (kind === 'service' || kind === 'resource') return changedOrganisations.has(String(owner)) || (changedVenues.size > 0 && table.locatedAtAny(n, changedVenues));
    return owner ? changedOrganisations.has(owner) : false;
  };
  const chosen: number[] = [];
  const referencedOrganisations = new Set<string>();
  const referencedVenues = new Set<string>();
  for (let n = 0; n < table.size; n++) {
    if (!linkable(n)) continue;
    if (changedFiles.has(table.file(n))) {
      chosen.push(n);
      const record = table.at(n);
      const owner = record.facts?.organisation;
      if (record.kind === 'service' || record.kind === 'resource') referencedOrganisations.add(String(owner));
      else if (owner) referencedOrganisations.add(owner);
      if (record.kind === 'service') for (const venue of record.facts?.locations ?? []) referencedVenues.add(venue);
    } else if (refersToChanged(n)) chosen.push(n);
  }
  if (referencedOrganisations.size > 0 || referencedVenues.size > 0) {
    for (let n = 0; n < table.size; n++) {
      const kind = table.kind(n);
      if ((kind === 'organisation' && referencedOrganisations.has(table.slug(n)!)) || (kind === 'location' && referencedVenues.has(table.slug(n)!))) {
        if (linkable(n)) chosen.push(n);
      }
    }
  }
  return scopeOf(linkablesOf(summariesOf(table, chosen)), changed, prefix);
}

/**
 * `filesNeeded(every file, scope)`, worked out over the few files that can be needed: the affected files, every
 * taxonomy and the synonyms, the files sharing an id, a listing slug or a duplicates key with a valid affected file,
 * and every organisation and venue file of a slug those refer to (all of a slug, so the last still wins). The rest
 * are neither needed nor looked up, so `filesNeeded` over these gives the same answer.
 */
export function filesNeededTable<S extends FileSummary>(table: FileTable<S>, scope: Extract<Scope, { all: false }>): { needed: Set<string>; files: S[] } {
  const chosen: number[] = [];
  const wantedIds = new Set<string>();
  const wantedSlugs = new Set<string>();
  const wantedKeys = new Set<string>();
  for (let n = 0; n < table.size; n++) {
    const kind = table.kind(n);
    const affected = scope.affected.has(table.file(n));
    if (affected || kind === 'taxonomy' || kind === 'synonyms') chosen.push(n);
    if (affected) {
      // As filesNeeded gathers its `wanted` keys.
      const f = table.at(n);
      if (!f.valid) continue;
      if (f.facts?.id !== undefined) wantedIds.add(f.facts.id);
      if (f.kind === 'service' || f.kind === 'resource') {
        wantedSlugs.add(String(f.slug));
        for (const key of f.facts?.keys ?? []) wantedKeys.add(key);
      }
    }
  }
  const sharers = new Set(chosen);
  for (let n = 0; n < table.size; n++) {
    if (sharers.has(n) || !table.valid(n)) continue;
    const id = table.id(n);
    const kind = table.kind(n);
    const listing = kind === 'service' || kind === 'resource';
    if ((id !== undefined && wantedIds.has(id)) || (listing && (wantedSlugs.has(String(table.slug(n))) || table.hasAnyKey(n, wantedKeys)))) {
      chosen.push(n);
      sharers.add(n);
    }
  }
  // The organisations and venues the chosen files refer to (filesNeeded looks them up by slug).
  const organisations = new Set<string>();
  const venues = new Set<string>();
  for (const n of chosen) {
    if (!table.valid(n)) continue;
    const f = table.at(n);
    if (f.facts?.organisation !== undefined) organisations.add(f.facts.organisation);
    for (const venue of f.facts?.locations ?? []) venues.add(venue);
  }
  if (organisations.size > 0 || venues.size > 0) {
    for (let n = 0; n < table.size; n++) {
      const kind = table.kind(n);
      const slug = table.slug(n);
      if (slug === undefined || !table.valid(n)) continue;
      if ((kind === 'organisation' && organisations.has(slug)) || (kind === 'location' && venues.has(slug))) chosen.push(n);
    }
  }
  const files = summariesOf(table, chosen);
  return { needed: filesNeeded(files, scope), files };
}
