import { type ListingRecord } from '../../dataset/dataset.ts';
import { TAXONOMY_FILES, type TaxonomyKind, TERM_FIELDS, type TermField } from '../../model/vocabularies.ts';
import type { PathSegment } from '../../dataset/source.ts';
import type { Rule, RuleContext } from '../rule.ts';
import { closest } from '../suggest.ts';

function checkTerm(ctx: RuleContext, file: string, path: readonly PathSegment[], kind: TaxonomyKind, ref: string): void {
  // A broken taxonomy file would make every reference to it look dangling: its own errors are enough.
  if (ctx.dataset.term(kind, ref) || ctx.invalid.kinds.has('taxonomy')) return;
  const candidates = ctx.dataset.terms(kind).map((t) => t.slug);
  const suggestion = closest(ref, candidates);
  ctx.report(file, path, `"${ref}" is not a ${kind} in data/taxonomies/${suggestion ? ` (did you mean "${suggestion}"?)` : ''}`, suggestion ? {} : {
    hint: `add it to a taxonomy file of kind "${kind}" (e.g. data/taxonomies/${TAXONOMY_FILES[kind]}.yaml), or pick an existing one`,
  });
}

function checkListing(ctx: RuleContext, listing: ListingRecord): void {
  const { dataset, invalid, report } = ctx;
  if (!dataset.organisation(listing.organisation) && !invalid.slugs.has(`organisation:${listing.organisation}`)) {
    const suggestion = closest(listing.organisation, ctx.slugs?.organisations ?? dataset.organisations.map((o) => o.slug));
    report(listing.file, ['organisation'], `there is no organisation "${listing.organisation}" in data/organisations/${suggestion ? ` (did you mean "${suggestion}"?)` : ''}`);
  }
  const owner = listing.slug.split('/')[0];
  if (owner !== listing.organisation) {
    report(listing.file, ['organisation'], `this file is in the folder of "${owner}" but says it is run by "${listing.organisation}"`, {
      hint: `move it to data/${listing.listing}s/${listing.organisation}/ so the right people can approve changes to it`,
    });
  }
  for (const [field, kind] of Object.entries(TERM_FIELDS) as [TermField, TaxonomyKind][]) {
    const refs = (listing as Partial<Record<TermField, string[]>>)[field];
    refs?.forEach((ref, i) => checkTerm(ctx, listing.file, [field, i], kind, ref));
  }
  if (listing.listing === 'service') {
    listing.locations?.forEach((at, i) => {
      if (!dataset.location(at.location) && !invalid.slugs.has(`location:${at.location}`)) {
        const suggestion = closest(at.location, ctx.slugs?.locations ?? dataset.locations.map((l) => l.slug));
        report(listing.file, ['locations', i, 'location'], `there is no location "${at.location}" in data/locations/${suggestion ? ` (did you mean "${suggestion}"?)` : ''}`);
      }
    });
  }
}

/**
 * Phone lines appear in many places (contacts, venues, referral routes): find every one with languages. Walks every
 * record, so the path is one array pushed and popped as it goes, copied only for a finding (issue #19).
 */
function checkPhoneLanguages(ctx: RuleContext, file: string, value: unknown, path: PathSegment[] = []): void {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      if (item === null || typeof item !== 'object') continue;
      path.push(i);
      checkPhoneLanguages(ctx, file, item, path);
      path.pop();
    }
    return;
  }
  if (value === null || typeof value !== 'object') return;
  const record = value as Record<string, unknown>;
  if (typeof record.number === 'string' && Array.isArray(record.languages)) {
    record.languages.forEach((code, k) => {
      if (typeof code === 'string') checkTerm(ctx, file, [...path, 'languages', k], 'language', code);
    });
  }
  for (const key in record) {
    const child = record[key];
    if (key !== 'languages' && child !== null && typeof child === 'object') {
      path.push(key);
      checkPhoneLanguages(ctx, file, child, path);
      path.pop();
    }
  }
}

export const referencesRule: Rule = {
  id: 'references',
  description: 'References resolve: organisations, locations, taxonomy terms, areas, languages and parent organisations exist.',
  check(ctx) {
    const { dataset, invalid, report } = ctx;
    for (const listing of dataset.listings) checkListing(ctx, listing);
    for (const record of [...dataset.organisations, ...dataset.listings, ...dataset.locations]) checkPhoneLanguages(ctx, record.file, record);
    for (const org of dataset.organisations) {
      if (org.parent_organisation) {
        if (org.parent_organisation === org.slug) report(org.file, ['parent_organisation'], 'an organisation cannot be its own parent');
        else if (!dataset.organisation(org.parent_organisation) && !invalid.slugs.has(`organisation:${org.parent_organisation}`)) {
          report(org.file, ['parent_organisation'], `there is no organisation "${org.parent_organisation}" in data/organisations/`);
        }
      }
    }
    for (const location of dataset.locations) {
      if (location.ward) checkTerm(ctx, location.file, ['ward'], 'area', location.ward);
      if (location.organisation && !dataset.organisation(location.organisation) && !invalid.slugs.has(`organisation:${location.organisation}`)) {
        report(location.file, ['organisation'], `there is no organisation "${location.organisation}" in data/organisations/`);
      }
    }
    for (const taxonomy of dataset.taxonomies) {
      taxonomy.terms.forEach((term, i) => {
        if (term.parent && !dataset.term(taxonomy.kind, term.parent)) {
          report(taxonomy.file, ['terms', i, 'parent'], `the parent "${term.parent}" is not a ${taxonomy.kind} term`);
        }
        if (term.parent === term.slug) report(taxonomy.file, ['terms', i, 'parent'], 'a term cannot be its own parent');
      });
    }
  },
};
