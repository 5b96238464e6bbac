/**
 * Source taxonomy terms to LOOP terms. In order: an explicit mapping (the import's mapping file), the same term by
 * id (LOOP's own feed), by URI (esd service/need/circumstance URIs through each LOOP term's `esd` list; SNOMED, ISO
 * and ONS URIs), by code (ONS ward codes, older codes through the leeds-wards list, ISO 639 language codes), by LOOP
 * slug, then by name or synonym.
 *
 * A term that maps to nothing is never dropped. It becomes a term of an "imported" vocabulary of the same kind, one
 * file per source vocabulary (data/taxonomies/imported-categories-<source>-<vocabulary>.yaml, split into parts when
 * large: see vocabulary-files.ts), named `<source>/<term>` and carrying the source's code, URI and vocabulary, and the
 * listing uses it. So the source's meaning stays in the data, is published in the feeds with
 * its original URI, and shows up in the import report and in review, where an editor can map it to a LOOP term.
 * A listing whose categories all fail to map also gets the fallback category, so it can be browsed.
 */
import { type Dataset, type TermRecord } from '../../dataset/dataset.ts';
import { type TaxonomyKind, TERM_FIELDS, type TermField } from '../../model/vocabularies.ts';
import { normaliseName } from '../../dataset/similarity.ts';
import { slugify } from '../../model/kinds.ts';
import { type TaxonomyTerm } from '../../model/taxonomy.ts';
import type { SourceTerm } from '../incoming.ts';
import { cut, webUrl } from '../values.ts';

export const IMPORTED_PREFIX = 'imported-';

/** New imported terms of one kind from one source vocabulary (or LOOP's shared placeholders, without a namespace). */
export interface NewTermGroup {
  kind: TaxonomyKind;
  namespace?: string;
  vocabulary?: string;
  terms: TaxonomyTerm[];
}

export const FALLBACK_CATEGORY: TaxonomyTerm = {
  slug: 'imported/uncategorised',
  name: 'Not yet categorised',
  description: 'Imported listings whose source gave no category LOOP can map. Give each a LOOP category by hand, or map the source\'s terms in the import mapping file.',
};

/**
 * Explicit mappings, by field (or kind): keys are "<vocabulary>:<code>", "<code>", a URI, or a name (matched
 * ignoring case and punctuation); values are LOOP term slugs.
 */
export type TermMapping = Partial<Record<TermField | TaxonomyKind, Record<string, string>>>;

export interface TermResolution {
  slug: string;
  how: 'mapping' | 'id' | 'uri' | 'code' | 'slug' | 'name' | 'imported' | 'fallback';
}

export interface TermResolverOptions {
  /** Namespace for imported terms (the source's key, e.g. "bristol-openplace-directory"). */
  namespace: string;
  system: string;
  mapping?: TermMapping;
  /** esd term URI to its label, from an esd list (e.g. shared/datasets/esd-lgsl-services), for naming imported terms. */
  esdLabels?: ReadonlyMap<string, string>;
  /** Older ONS codes to current ones (e.g. 2018 Leeds ward codes to 2023 ones, from the leeds-wards list). */
  codeChanges?: ReadonlyMap<string, string>;
}

function uriKey(uri: string): string {
  return uri.trim().toLowerCase().replace(/^https:/, 'http:').replace(/\/+$/, '');
}

interface KindIndex {
  byId: Map<string, string>;
  byUri: Map<string, string>;
  byCode: Map<string, string>;
  bySlug: Set<string>;
  /** Real LOOP terms first; imported ones only answer when no real term does. */
  byName: Map<string, string>;
  byImportedName: Map<string, string>;
  ambiguousNames: Set<string>;
}

function add(map: Map<string, string>, key: string | undefined, slug: string): void {
  if (key && !map.has(key)) map.set(key, slug);
}

export class TermResolver {
  private readonly options: TermResolverOptions;
  private readonly index = new Map<TaxonomyKind, KindIndex>();
  /** New imported terms by kind and source vocabulary, in the order first met. */
  private readonly added = new Map<string, NewTermGroup>();
  private readonly addedKeys = new Map<string, string>();
  private readonly dataset: Dataset;

  constructor(dataset: Dataset, options: TermResolverOptions) {
    this.dataset = dataset;
    this.options = options;
    for (const kind of Object.values(TERM_FIELDS)) this.index.set(kind, this.build(kind));
  }

  private build(kind: TaxonomyKind): KindIndex {
    const idx: KindIndex = { byId: new Map(), byUri: new Map(), byCode: new Map(), bySlug: new Set(), byName: new Map(), byImportedName: new Map(), ambiguousNames: new Set() };
    const terms = this.dataset.terms(kind);
    const real = terms.filter((t) => !isImported(t));
    const imported = terms.filter((t) => isImported(t));
    for (const term of [...real, ...imported]) {
      idx.byId.set(term.id, term.slug);
      idx.bySlug.add(term.slug);
      for (const uri of term.esd ?? []) add(idx.byUri, uriKey(uri), term.slug);
      if (term.uri) add(idx.byUri, uriKey(term.uri), term.slug);
      if (term.snomed) add(idx.byCode, term.snomed, term.slug);
      if (term.code) add(idx.byCode, term.code.toLowerCase(), term.slug);
    }
    const names = new Map<string, Set<string>>();
    for (const term of real) {
      for (const name of [term.name, ...(term.synonyms ?? [])]) {
        const key = normaliseName(name);
        if (!key) continue;
        const set = names.get(key) ?? new Set();
        set.add(term.slug);
        names.set(key, set);
      }
    }
    for (const [key, slugs] of names) {
      if (slugs.size === 1) idx.byName.set(key, [...slugs][0]!);
      else idx.ambiguousNames.add(key);
    }
    for (const term of imported) add(idx.byImportedName, normaliseName(term.name), term.slug);
    return idx;
  }

  /** The LOOP slug for a source term (creating an imported term when nothing matches). */
  resolve(term: SourceTerm): TermResolution {
    return this.match(term) ?? { slug: this.importTerm(TERM_FIELDS[term.field], term), how: 'imported' };
  }

  /** The LOOP term a source term matches, if any, creating nothing. */
  match(term: SourceTerm): TermResolution | undefined {
    const kind = TERM_FIELDS[term.field];
    const idx = this.index.get(kind)!;
    const mapped = this.fromMapping(term, kind);
    if (mapped) return { slug: mapped, how: 'mapping' };
    if (term.id && idx.byId.has(term.id)) return { slug: idx.byId.get(term.id)!, how: 'id' };
    if (term.uri) {
      const hit = idx.byUri.get(uriKey(term.uri));
      if (hit) return { slug: hit, how: 'uri' };
      const code = /\b([EWSN]\d{8})\b/.exec(term.uri)?.[1];
      if (code) {
        const byCode = this.byCode(idx, code);
        if (byCode) return { slug: byCode, how: 'code' };
      }
    }
    if (term.code) {
      const byCode = this.byCode(idx, term.code);
      if (byCode) return { slug: byCode, how: 'code' };
      if (idx.bySlug.has(term.code)) return { slug: term.code, how: 'slug' };
    }
    if (term.name) {
      const key = normaliseName(term.name);
      const hit = idx.byName.get(key);
      if (hit) return { slug: hit, how: 'name' };
      if (idx.bySlug.has(slugify(term.name)) && !idx.ambiguousNames.has(key)) return { slug: slugify(term.name), how: 'slug' };
      const imported = idx.byImportedName.get(key);
      if (imported) return { slug: imported, how: 'imported' };
    }
    return undefined;
  }

  private byCode(idx: KindIndex, code: string): string | undefined {
    const lower = code.trim().toLowerCase();
    const hit = idx.byCode.get(lower);
    if (hit) return hit;
    const current = this.options.codeChanges?.get(code.trim().toUpperCase());
    return current ? idx.byCode.get(current.toLowerCase()) : undefined;
  }

  private fromMapping(term: SourceTerm, kind: TaxonomyKind): string | undefined {
    const table = { ...(this.options.mapping?.[kind] ?? {}), ...(this.options.mapping?.[term.field] ?? {}) };
    if (!Object.keys(table).length) return undefined;
    const lookup = new Map(Object.entries(table).map(([k, v]) => [k.trim().toLowerCase(), v]));
    const candidates = [
      term.vocabulary && term.code ? `${term.vocabulary}:${term.code}` : undefined,
      term.code,
      term.uri,
      term.id,
      term.vocabulary && term.name ? `${term.vocabulary}:${term.name}` : undefined,
      term.name,
    ];
    for (const c of candidates) {
      const hit = c ? lookup.get(c.trim().toLowerCase()) : undefined;
      if (hit) return hit;
    }
    if (term.name) {
      const key = normaliseName(term.name);
      for (const [k, v] of Object.entries(table)) if (normaliseName(k) === key) return v;
    }
    return undefined;
  }

  private importTerm(kind: TaxonomyKind, term: SourceTerm): string {
    const esdLabel = term.uri ? this.options.esdLabels?.get(uriKey(term.uri)) : undefined;
    const name = cut(term.name ?? esdLabel ?? term.code ?? term.uri ?? 'unnamed term', 120);
    const identity = `${kind}|${term.vocabulary ?? ''}|${term.code ?? ''}|${term.uri ?? ''}|${normaliseName(name)}`;
    const known = this.addedKeys.get(identity);
    if (known) return known;
    const idx = this.index.get(kind)!;
    const base = `${slugify(this.options.namespace).slice(0, 40).replace(/-+$/, '') || 'source'}/${slugify(name).slice(0, 60).replace(/-+$/, '') || slugify(term.code ?? '') || 'term'}`;
    let slug = base;
    for (let n = 2; idx.bySlug.has(slug); n++) slug = `${base}-${n}`;
    const esd = term.uri && /^https?:\/\/id\.esd\.org\.uk\/(service|need|circumstance)\/\d+$/i.test(term.uri.trim()) ? `http://${term.uri.trim().replace(/^https?:\/\//i, '')}` : undefined;
    // Through the same check as every web address (percent-encoded where a URI cannot hold a character), so an
    // imported term never makes a vocabulary file fail `loop validate` or a published feed its `uri` format.
    const uri = !esd && term.uri && /^https?:\/\//i.test(term.uri.trim()) ? webUrl(term.uri.trim()) : undefined;
    const from = [`From ${this.options.system}`, term.vocabulary ? `vocabulary "${cut(term.vocabulary, 80)}"` : undefined, term.code ? `code ${cut(term.code, 40)}` : undefined]
      .filter(Boolean)
      .join(', ');
    const created: TaxonomyTerm = {
      slug,
      name,
      description: `${from}; not yet mapped to a LOOP ${kind}.`,
      ...(term.code && term.code.length <= 40 ? { code: term.code } : {}),
      ...(esd ? { esd: [esd] } : {}),
      ...(uri ? { uri } : {}),
    };
    idx.bySlug.add(slug);
    idx.byImportedName.set(normaliseName(name), slug);
    this.addedKeys.set(identity, slug);
    this.groupOf(kind, term.vocabulary).terms.push(created);
    return slug;
  }

  /** The fallback category: the configured one, or "imported/uncategorised" (created when first needed). */
  fallbackCategory(configured?: string): string {
    if (configured) return configured;
    const idx = this.index.get('category')!;
    if (!idx.bySlug.has(FALLBACK_CATEGORY.slug)) {
      idx.bySlug.add(FALLBACK_CATEGORY.slug);
      // LOOP's own placeholder, not the source's: it goes in the shared imported-categories.yaml.
      this.groupOf('category', undefined, true).terms.unshift(FALLBACK_CATEGORY);
    }
    return FALLBACK_CATEGORY.slug;
  }

  /** Whether a slug is a real LOOP term (not an imported placeholder). */
  isLoopTerm(kind: TaxonomyKind, slug: string): boolean {
    const term = this.dataset.term(kind, slug);
    return term !== undefined && !isImported(term);
  }

  private groupOf(kind: TaxonomyKind, vocabulary: string | undefined, shared = false): NewTermGroup {
    const key = `${kind}|${shared ? '' : this.options.namespace}|${vocabulary ?? ''}`;
    let group = this.added.get(key);
    if (!group) {
      group = { kind, ...(shared ? {} : { namespace: this.options.namespace }), ...(vocabulary ? { vocabulary } : {}), terms: [] };
      this.added.set(key, group);
    }
    return group;
  }

  /** New imported terms by kind, in the order first met. */
  newTerms(): Map<TaxonomyKind, TaxonomyTerm[]> {
    const out = new Map<TaxonomyKind, TaxonomyTerm[]>();
    for (const group of this.added.values()) out.set(group.kind, [...(out.get(group.kind) ?? []), ...group.terms]);
    return out;
  }

  /** New imported terms grouped by the file family they go in: kind, source and source vocabulary. */
  newTermGroups(): NewTermGroup[] {
    return [...this.added.values()].filter((g) => g.terms.length > 0);
  }
}

export function isImported(term: TermRecord): boolean {
  return term.taxonomy.file.split('/').at(-1)!.startsWith(IMPORTED_PREFIX);
}
