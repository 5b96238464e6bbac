/**
 * Every vocabulary a published record can point at, as HSDS taxonomies: the ones in data/taxonomies/ (categories,
 * needs, areas...) plus LOOP's built-in lists that live in the model as enums (listing type, kind, delivery,
 * referral route, resource format and platforms, venue accessibility features) and the free tags in use.
 *
 * Built-in vocabularies get UUIDv5 ids from their name in LOOP's namespace, and their terms ids under the
 * vocabulary's id, exactly like data taxonomies' terms (`nestedId(taxonomy.id, 'term', slug)`), so ids are the same
 * in every build and every LOOP deployment.
 */
import type { Dataset, TermRecord } from '../dataset/dataset.ts';
import { nestedId, uuidv5 } from '../model/ids.ts';
import { DELIVERY, DELIVERY_WORDS, REFERRAL_ROUTES, RESOURCE_FORMATS, type TaxonomyKind } from '../model/vocabularies.ts';

/** One vocabulary, whether from data/taxonomies/ or built in. */
export interface Vocabulary {
  id: string;
  /** Machine name: the taxonomy kind for data vocabularies, `loop-…` for built-in ones. */
  key: string;
  name: string;
  description: string;
  uri?: string;
  version?: string;
  /** For data vocabularies, the kind listings refer to it by. */
  kind?: TaxonomyKind;
  terms: VocabularyTerm[];
}

export interface VocabularyTerm {
  id: string;
  slug: string;
  name: string;
  description?: string;
  /** The code published as HSDS taxonomy_term.code. */
  code: string;
  parentId?: string;
  /** External URI (esd, ONS, SNOMED CT...) published as term_uri. */
  uri?: string;
  /** For data terms, every esd URI it maps to (term_uri carries the first). */
  esd?: string[];
  vocabulary: Vocabulary;
}

interface BuiltIn {
  key: string;
  name: string;
  description: string;
  terms: readonly (readonly [slug: string, name: string, description: string])[];
}

const FORMAT_WORDS: Record<(typeof RESOURCE_FORMATS)[number], string> = {
  leaflet: 'A leaflet or printed guide, often also a PDF.',
  app: 'A phone or tablet app.',
  video: 'A video or series of videos.',
  course: 'A course, online or in person, over several sessions.',
  website: 'A website with information or tools.',
  audio: 'Audio: a podcast, recording or talking guide.',
  book: 'A book, including self-help books on prescription.',
  toolkit: 'A set of worksheets, tools or activities.',
};

const ROUTE_WORDS: Record<(typeof REFERRAL_ROUTES)[number], [string, string]> = {
  'self-referral': ['Self-referral', 'You can contact the service yourself.'],
  'professional-referral': ['Professional referral', 'A professional (GP, social worker, support worker...) needs to refer you.'],
  'self-or-professional-referral': ['Self or professional referral', 'Contact the service yourself, or ask a professional to refer you.'],
  none: ['No referral needed', 'Just turn up: no referral or appointment needed.'],
};

/** Sentences for each referral route, used where a listing gives the route without describing the steps. */
export const REFERRAL_ROUTE_TEXT: Record<(typeof REFERRAL_ROUTES)[number], string> = Object.fromEntries(
  Object.entries(ROUTE_WORDS).map(([k, [, text]]) => [k, text]),
) as Record<(typeof REFERRAL_ROUTES)[number], string>;

export const ACCESSIBILITY_FEATURES = ['step_free_access', 'accessible_toilet', 'hearing_loop', 'accessible_parking', 'changing_places'] as const;
export type AccessibilityFeature = (typeof ACCESSIBILITY_FEATURES)[number];

const BUILT_IN: BuiltIn[] = [
  {
    key: 'loop-listing-types',
    name: 'LOOP listing types',
    description: 'Whether a listing is a service (something you go to, call or join) or a self-help resource (a leaflet, app, video, course or website).',
    terms: [
      ['service', 'Service', 'A service, activity, club or group.'],
      ['resource', 'Self-help resource', 'Self-management material: a leaflet, app, video, course or website.'],
    ],
  },
  {
    key: 'loop-service-kinds',
    name: 'LOOP service kinds',
    description: 'What sort of thing a service is.',
    terms: [
      ['service', 'Service', 'A service run by staff or volunteers.'],
      ['activity', 'Activity', 'An activity or class.'],
      ['club', 'Club', 'A club people join.'],
      ['group', 'Group', 'A group, such as a peer support group or drop-in.'],
    ],
  },
  {
    key: 'loop-delivery',
    name: 'LOOP delivery methods',
    description: 'How a service is delivered.',
    terms: DELIVERY.map((d) => [d, DELIVERY_WORDS[d].name, DELIVERY_WORDS[d].description] as const),
  },
  {
    key: 'loop-referral-routes',
    name: 'LOOP referral routes',
    description: 'How people get the service.',
    terms: REFERRAL_ROUTES.map((r) => [r, ...ROUTE_WORDS[r]] as const),
  },
  {
    key: 'loop-resource-formats',
    name: 'LOOP resource formats',
    description: 'What form a self-help resource takes.',
    terms: RESOURCE_FORMATS.map((f) => [f, f[0]!.toUpperCase() + f.slice(1), FORMAT_WORDS[f]] as const),
  },
  {
    key: 'loop-resource-platforms',
    name: 'LOOP resource platforms',
    description: 'Where an app or resource can be used.',
    terms: [
      ['web', 'Web', 'In a web browser.'],
      ['ios', 'iPhone and iPad', 'Apple iOS and iPadOS.'],
      ['android', 'Android', 'Android phones and tablets.'],
      ['print', 'Print', 'On paper.'],
    ],
  },
  {
    key: 'loop-accessibility',
    name: 'LOOP venue accessibility features',
    description: 'Accessibility features of a venue. On an attribute, the value "true" or "false" says whether the venue has it.',
    terms: [
      ['step_free_access', 'Step-free access', 'Step-free access to the entrance and the rooms used.'],
      ['accessible_toilet', 'Accessible toilet', 'A wheelchair-accessible toilet.'],
      ['hearing_loop', 'Hearing loop', 'An induction (hearing) loop.'],
      ['accessible_parking', 'Accessible parking', 'Blue badge or accessible parking on site.'],
      ['changing_places', 'Changing Places toilet', 'A Changing Places toilet, with a hoist and adult-sized changing bench.'],
    ],
  },
];

export const TAGS_KEY = 'loop-tags';

function builtIn(def: BuiltIn): Vocabulary {
  const vocabulary: Vocabulary = { id: uuidv5(`vocabulary/${def.key}`), key: def.key, name: def.name, description: def.description, terms: [] };
  vocabulary.terms = def.terms.map(([slug, name, description]) => ({ id: nestedId(vocabulary.id, 'term', slug), slug, name, description, code: slug, vocabulary }));
  return vocabulary;
}

/** ONS GSS codes (E05... wards, E08... districts) have persistent URIs at statistics.data.gov.uk. */
export function onsUri(code: string | undefined): string | undefined {
  return code && /^[EWSNK]\d{8}$/.test(code) ? `http://statistics.data.gov.uk/id/statistical-geography/${code}` : undefined;
}

function termUri(term: TermRecord): string | undefined {
  if (term.esd?.length) return term.esd[0];
  if (term.uri) return term.uri;
  if (term.kind === 'area') return onsUri(term.code);
  if (term.snomed) return `http://snomed.info/id/${term.snomed}`;
  return undefined;
}

/** All vocabularies of a Dataset, data ones first (in file order), then built-in ones, then tags. */
export class Vocabularies {
  readonly all: readonly Vocabulary[];
  private readonly byKey = new Map<string, Vocabulary>();
  private readonly termById = new Map<string, VocabularyTerm>();
  private readonly dataTerms = new Map<string, VocabularyTerm>();

  constructor(dataset: Dataset) {
    const all: Vocabulary[] = [];
    for (const taxonomy of dataset.taxonomies) {
      const vocabulary: Vocabulary = {
        id: taxonomy.id,
        key: taxonomy.kind,
        kind: taxonomy.kind,
        name: taxonomy.name,
        description: taxonomy.description,
        ...(taxonomy.uri ? { uri: taxonomy.uri } : {}),
        ...(taxonomy.version ? { version: taxonomy.version } : {}),
        terms: [],
      };
      // Terms come from the Dataset, which already resolved duplicates and ids (nestedId under the taxonomy).
      for (const term of dataset.terms(taxonomy.kind)) {
        if (term.taxonomy !== taxonomy) continue;
        const parent = term.parent ? dataset.term(taxonomy.kind, term.parent) : undefined;
        const uri = termUri(term);
        const published: VocabularyTerm = {
          id: term.id,
          slug: term.slug,
          name: term.name,
          ...(term.description ? { description: term.description } : {}),
          code: term.code ?? term.slug,
          ...(parent ? { parentId: parent.id } : {}),
          ...(uri ? { uri } : {}),
          ...(term.esd?.length ? { esd: [...term.esd] } : {}),
          vocabulary,
        };
        vocabulary.terms.push(published);
        this.dataTerms.set(`${taxonomy.kind}:${term.slug}`, published);
      }
      all.push(vocabulary);
    }
    for (const def of BUILT_IN) all.push(builtIn(def));
    const tags = dataset.tags();
    if (tags.length) {
      all.push(
        builtIn({
          key: TAGS_KEY,
          name: 'LOOP tags',
          description: 'Free labels for campaigns and slices of the data, such as cost-of-living or coronavirus.',
          terms: tags.map((t) => [t, t, `Listings tagged "${t}".`] as const),
        }),
      );
    }
    this.all = all;
    for (const v of all) {
      if (!this.byKey.has(v.key)) this.byKey.set(v.key, v);
      for (const t of v.terms) this.termById.set(t.id, t);
    }
  }

  /** A data vocabulary's term by kind and slug (what listings refer to). */
  dataTerm(kind: TaxonomyKind, slug: string): VocabularyTerm | undefined {
    return this.dataTerms.get(`${kind}:${slug}`);
  }

  /** A built-in vocabulary's term, e.g. builtInTerm('loop-delivery', 'online'). */
  builtInTerm(key: string, slug: string): VocabularyTerm | undefined {
    return this.byKey.get(key)?.terms.find((t) => t.slug === slug);
  }

  vocabulary(key: string): Vocabulary | undefined {
    return this.byKey.get(key);
  }

  term(id: string): VocabularyTerm | undefined {
    return this.termById.get(id);
  }

  terms(): VocabularyTerm[] {
    return this.all.flatMap((v) => v.terms);
  }
}
