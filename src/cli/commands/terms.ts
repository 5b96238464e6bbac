import { existsSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { defaultDataDir, findConfig, resolveDataDir, validateData } from '../../checks/load.ts';
import type { Dataset, TermRecord } from '../../dataset/dataset.ts';
import { isImported } from '../../importers/sync/terms.ts';
import { today } from '../../model/clock.ts';
import { TAXONOMY_FILES, TAXONOMY_KINDS, TERM_FIELDS, type TaxonomyKind } from '../../model/vocabularies.ts';
import { UsageError, type Command } from '../command.ts';

/** One imported term that still needs mapping to a LOOP term. */
export interface UnmappedTerm {
  kind: TaxonomyKind;
  slug: string;
  name: string;
  /** The source's namespace (the part of the slug before "/"). */
  source: string;
  vocabulary?: string;
  code?: string;
  uri?: string;
  /** The file it is kept in, as shown by `loop validate`. */
  file: string;
  /** How many listings use it. */
  listings: number;
  /** What to write on the left of the mapping file's `terms:` entry. */
  key: string;
}

/** The source vocabulary, as the importer wrote it in the term's description ('From X, vocabulary "Y", code Z; …'). */
function vocabularyOf(term: TermRecord): string | undefined {
  return /vocabulary "([^"]*)"/.exec(term.description ?? '')?.[1];
}

/** The mapping key the importer looks up first for this term (terms.ts `fromMapping`). */
function mappingKey(term: TermRecord, vocabulary: string | undefined): string {
  if (term.code) return vocabulary ? `${vocabulary}:${term.code}` : term.code;
  if (term.esd?.[0]) return term.esd[0];
  if (term.uri) return term.uri;
  return vocabulary ? `${vocabulary}:${term.name}` : term.name;
}

/** Every imported term, most used first (then by kind and name), with how many listings use it. */
export function unmappedTerms(dataset: Dataset, kinds: readonly TaxonomyKind[] = TAXONOMY_KINDS): UnmappedTerm[] {
  const out: UnmappedTerm[] = [];
  for (const kind of kinds) {
    for (const term of dataset.terms(kind)) {
      if (!isImported(term) || term.slug === 'imported/uncategorised') continue;
      const vocabulary = vocabularyOf(term);
      out.push({
        kind,
        slug: term.slug,
        name: term.name,
        source: term.slug.includes('/') ? term.slug.slice(0, term.slug.indexOf('/')) : '',
        ...(vocabulary ? { vocabulary } : {}),
        ...(term.code ? { code: term.code } : {}),
        ...(term.esd?.[0] ?? term.uri ? { uri: term.esd?.[0] ?? term.uri! } : {}),
        file: term.taxonomy.file,
        listings: dataset.listingsWithTerm(kind, term.slug).length,
        key: mappingKey(term, vocabulary),
      });
    }
  }
  const order = new Map(TAXONOMY_KINDS.map((k, i) => [k, i]));
  return out.sort((a, b) => b.listings - a.listings || order.get(a.kind)! - order.get(b.kind)! || a.name.localeCompare(b.name, 'en') || (a.slug < b.slug ? -1 : 1));
}

const n = (value: number): string => value.toLocaleString('en-GB');

/** The mapping file's section for a kind: the listing field its terms belong in (categories, service_areas…). */
function sectionOf(kind: TaxonomyKind): string {
  return Object.entries(TERM_FIELDS).find(([, k]) => k === kind)?.[0] ?? kind;
}

function textReport(terms: UnmappedTerm[], dataset: Dataset, limit: number): string {
  if (!terms.length) return 'Every imported term is mapped: no listing uses a term LOOP does not know.';
  const byKind = new Map<TaxonomyKind, UnmappedTerm[]>();
  for (const t of terms) byKind.set(t.kind, [...(byKind.get(t.kind) ?? []), t]);
  const listings = new Set<string>();
  for (const t of terms) for (const l of dataset.listingsWithTerm(t.kind, t.slug)) listings.add(l.file);
  const out = [
    `${n(terms.length)} imported term${terms.length === 1 ? ' needs' : 's need'} mapping to LOOP terms (${[...byKind].map(([k, list]) => `${TAXONOMY_FILES[k]} ${n(list.length)}`).join(', ')}); ${n(listings.size)} listing${listings.size === 1 ? ' uses' : 's use'} at least one.`,
  ];
  for (const [kind, list] of byKind) {
    const files = new Set(list.map((t) => t.file));
    out.push('', `${TAXONOMY_FILES[kind]}: ${n(list.length)} term${list.length === 1 ? '' : 's'} in ${n(files.size)} file${files.size === 1 ? '' : 's'}`);
    out.push(`  ${'listings'.padStart(8)}  term  →  mapping key`);
    for (const t of list.slice(0, limit)) out.push(`  ${n(t.listings).padStart(8)}  ${t.name} (${t.slug})  →  ${JSON.stringify(t.key)}`);
    if (list.length > limit) out.push(`  … and ${n(list.length - limit)} more (--all lists every one, --format mapping writes a mapping file to fill in)`);
    const unused = list.filter((t) => t.listings === 0).length;
    if (unused) out.push(`  ${n(unused)} no longer used by any listing: remove them from their file by hand when you like.`);
  }
  out.push(
    '',
    'To map a term, give its key a LOOP term slug in the import\'s mapping file and import again; its listings move to the LOOP term:',
    '  terms:',
    `    ${sectionOf(terms[0]!.kind)}:`,
    `      ${JSON.stringify(terms[0]!.key)}: <a slug from data/taxonomies/${TAXONOMY_FILES[terms[0]!.kind]}.yaml>`,
    'A LOOP term carries its LGA/esd URIs in `esd:`; add an esd URI there and every source term with that URI maps by itself. See docs/importing.md.',
  );
  return out.join('\n');
}

/** A mapping file's `terms:` section with every term to fill in, most used first. */
function mappingSkeleton(terms: UnmappedTerm[]): string {
  const out = ['# Give each key a LOOP term slug (or delete the line), then pass this file to `npx loop import --mapping`.', 'terms:'];
  for (const kind of TAXONOMY_KINDS) {
    const list = terms.filter((t) => t.kind === kind);
    if (!list.length) continue;
    out.push(`  ${sectionOf(kind)}:`);
    for (const t of list) out.push(`    ${JSON.stringify(t.key)}: ""  # ${t.listings} listing${t.listings === 1 ? '' : 's'}: ${t.name.replace(/\s+/g, ' ')}`);
  }
  return out.join('\n');
}

export const termsCommand: Command = {
  name: 'terms',
  summary: 'List imported terms that need mapping to LOOP terms, most used first',
  usage: `npx loop terms [--unmapped] [--data DIR] [--kind ${TAXONOMY_KINDS.join('|')}] [--all | --limit N] [--format text|json|mapping] [--as-of YYYY-MM-DD]
--format mapping prints a mapping file's terms: section to fill in. Exit 0 (1 if the data folder cannot be read).`,
  async run(args, io) {
    const { values } = parseArgs({
      args,
      options: {
        unmapped: { type: 'boolean', default: true },
        data: { type: 'string' },
        kind: { type: 'string' },
        all: { type: 'boolean', default: false },
        limit: { type: 'string' },
        format: { type: 'string', default: 'text' },
        'as-of': { type: 'string' },
      },
      strict: true,
    });
    if (!['text', 'json', 'mapping'].includes(values.format)) throw new UsageError('--format must be text, json or mapping');
    const kind = values.kind?.replace(/s$/, '').replace(/ie$/, 'y');
    if (values.kind && !TAXONOMY_KINDS.includes(kind as TaxonomyKind)) throw new UsageError(`--kind must be one of ${TAXONOMY_KINDS.join(', ')}`);
    const limit = values.all ? Number.POSITIVE_INFINITY : values.limit ? Number(values.limit) : 20;
    if (!Number.isInteger(limit) && limit !== Number.POSITIVE_INFINITY) throw new UsageError('--limit must be a whole number');
    const dataDir = values.data ? resolveDataDir(resolve(io.cwd, values.data)) : defaultDataDir(io.cwd);
    if (!existsSync(dataDir)) throw new UsageError(`no data folder at ${relative(io.cwd, dataDir) || '.'}`);
    const result = await validateData({ dataDir, root: io.cwd, configPath: findConfig(dataDir, io.cwd), asOf: today({ asOf: values['as-of'] }) });
    if (!result.dataset) {
      io.stderr(`loop terms: cannot read the data folder: ${result.diagnostics.find((d) => d.severity === 'error')?.message ?? 'unknown error'}`);
      return 1;
    }
    const terms = unmappedTerms(result.dataset, kind ? [kind as TaxonomyKind] : TAXONOMY_KINDS);
    if (values.format === 'json') io.stdout(JSON.stringify({ total: terms.length, terms }, null, 2));
    else if (values.format === 'mapping') io.stdout(mappingSkeleton(terms));
    else io.stdout(textReport(terms, result.dataset, limit));
    return 0;
  },
};
