/**
 * LOOP's vocabularies as plain data, without zod: the taxonomy kinds and the listing fields that draw on them, and
 * the built-in enumerations (delivery, referral routes, resource formats) with the words people read for them.
 * The model's schemas, the Dataset, the outputs, the site and the importers all take them from here, so a value
 * or its label is defined once; being zod-free, browser code may import it too.
 */

/**
 * What a vocabulary is used for. A listing field names the vocabulary kind it draws from, so `categories:` can only
 * hold category terms, `service_areas:` only area terms, and so on.
 */
export const TAXONOMY_KINDS = ['category', 'need', 'circumstance', 'condition', 'audience', 'area', 'language'] as const;
export type TaxonomyKind = (typeof TAXONOMY_KINDS)[number];

/**
 * Each vocabulary's plural: the listing field that draws on it (`categories:`) and its taxonomy file
 * (data/taxonomies/categories.yaml). The validator's hints, the web form and the importers all name files by it.
 */
export const TAXONOMY_FILES: Record<TaxonomyKind, string> = {
  category: 'categories',
  need: 'needs',
  circumstance: 'circumstances',
  condition: 'conditions',
  audience: 'audiences',
  area: 'areas',
  language: 'languages',
};

/** The listing fields that hold taxonomy references, and the vocabulary kind each draws from. */
export const TERM_FIELDS = {
  categories: 'category',
  needs: 'need',
  circumstances: 'circumstance',
  conditions: 'condition',
  audiences: 'audience',
  service_areas: 'area',
  languages: 'language',
} as const satisfies Record<string, TaxonomyKind>;
export type TermField = keyof typeof TERM_FIELDS;

export const DELIVERY = ['in-person', 'online', 'phone', 'home-visit'] as const;
export const REFERRAL_ROUTES = ['self-referral', 'professional-referral', 'self-or-professional-referral', 'none'] as const;

export const RESOURCE_FORMATS = ['leaflet', 'app', 'video', 'course', 'website', 'audio', 'book', 'toolkit'] as const;

/** Each delivery method in words: its name (the site's label, the HSDS term's name) and a sentence (the term's description). */
export const DELIVERY_WORDS: Record<(typeof DELIVERY)[number], { name: string; description: string }> = {
  'in-person': { name: 'In person', description: 'Face to face, at a venue.' },
  online: { name: 'Online', description: 'Online: video calls, chat or a website.' },
  phone: { name: 'By phone', description: 'Over the phone.' },
  'home-visit': { name: 'Home visits', description: 'Someone visits you at home.' },
};
