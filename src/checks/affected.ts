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
import type { Dataset, ListingRecord, LocationRecord, OrganisationRecord } from '../dataset/dataset.ts';
import type { Diagnostic } from '../dataset/diagnostic.ts';
import { placementOf } from '../model/kinds.ts';

export type Scope = { all: true; reason: string } | { all: false; changed: ReadonlySet<string>; affected: ReadonlySet<string> };

/** What a record refers to, as `kind:slug`. */
function referencesOf(record: ListingRecord | OrganisationRecord | LocationRecord, kind: 'listing' | 'organisation' | 'location'): string[] {
  if (kind === 'listing') {
    const listing = record as ListingRecord;
    const out = [`organisation:${listing.organisation}`];
    if (listing.listing === 'service') for (const at of listing.locations ?? []) out.push(`location:${at.location}`);
    return out;
  }
  if (kind === 'organisation') {
    const parent = (record as OrganisationRecord).parent_organisation;
    return parent ? [`organisation:${parent}`] : [];
  }
  const owner = (record as LocationRecord).organisation;
  return owner ? [`organisation:${owner}`] : [];
}

/**
 * `changed`: paths relative to the data folder (forward slashes) of changed, added or deleted files; `prefix` turns
 * them into the paths diagnostics show; `outside` is true when something outside data/ that validation reads
 * (loop.config.yaml) changed.
 */
export function scopeOf(dataset: Dataset | undefined, changed: readonly string[], prefix: string, outside = false): Scope {
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
