import type { Rule } from '../rule.ts';

export const uniqueRule: Rule = {
  id: 'unique',
  description: 'Every id is used by one file only; listing slugs and taxonomy term slugs are unique.',
  check({ dataset, report }) {
    const ids = new Map<string, string>();
    const records = [...dataset.organisations, ...dataset.listings, ...dataset.locations, ...dataset.taxonomies].sort((a, b) => (a.file < b.file ? -1 : 1));
    for (const record of records) {
      const first = ids.get(record.id);
      if (first) report(record.file, ['id'], `this id is already used by ${first}`, { hint: 'every file needs its own id: `npx loop new` makes a fresh one' });
      else ids.set(record.id, record.file);
    }
    const listingSlugs = new Map<string, string>();
    for (const listing of [...dataset.services, ...dataset.resources]) {
      const first = listingSlugs.get(listing.slug);
      if (first) report(listing.file, [], `a service and a resource cannot share the name "${listing.slug}" (see ${first})`, { hint: 'rename one of the files' });
      else listingSlugs.set(listing.slug, listing.file);
    }
    const terms = new Map<string, string>();
    for (const taxonomy of dataset.taxonomies) {
      taxonomy.terms.forEach((term, i) => {
        const key = `${taxonomy.kind}:${term.slug}`;
        const first = terms.get(key);
        if (first) report(taxonomy.file, ['terms', i, 'slug'], `the ${taxonomy.kind} term "${term.slug}" is already defined in ${first}`);
        else terms.set(key, taxonomy.file);
      });
    }
  },
};
