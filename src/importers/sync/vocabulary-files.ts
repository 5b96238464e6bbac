/**
 * Where imported (not yet mapped) terms are kept, so that no file ever outgrows the validator's file-size cap
 * (`limits.max_file_bytes`, 256 kB by default). Issue #16: ~1,900 unmapped terms once went into one
 * imported-categories.yaml over the cap, and every listing using them failed validation.
 *
 * - One family of files per kind, source and source vocabulary:
 *   `taxonomies/imported-<kind plural>-<source>-<vocabulary>.yaml`, then `…-2.yaml`, `…-3.yaml` as it fills. A source
 *   term with no vocabulary goes in `imported-<kind plural>-<source>.yaml`; LOOP's own placeholder category
 *   (imported/uncategorised) in the shared `imported-categories.yaml`.
 * - A file takes new terms while it stays under half the cap, which leaves room for editors to add descriptions,
 *   synonyms or esd URIs by hand; then the next part is started. Terms are only ever appended, never moved between
 *   files, so an import never rewrites what a person may have edited.
 * - Every file name starts with `imported-`, which is how LOOP tells these from its own vocabularies (`isImported`).
 */
import { Buffer } from 'node:buffer';
import { uuidv5 } from '../../model/ids.ts';
import { slugify } from '../../model/kinds.ts';
import type { TaxonomyTerm } from '../../model/taxonomy.ts';
import { TAXONOMY_FILES, type TaxonomyKind } from '../../model/vocabularies.ts';
import { cut } from '../values.ts';
import { IMPORTED_PREFIX, type NewTermGroup } from './terms.ts';
import { appendToList, newFileText, toYaml } from './yaml-writer.ts';

export interface VocabularyFilePlan {
  /** Relative to the data folder. */
  file: string;
  action: 'create' | 'update';
  before?: string;
  after: string;
  terms: TaxonomyTerm[];
}

export interface VocabularyFileOptions {
  /** The source's name, for the vocabulary's name. */
  system: string;
  /** The validator's file-size cap (loop.config.yaml `limits.max_file_bytes`). */
  maxFileBytes: number;
  /** A file's text, relative to the data folder, or undefined when there is none. */
  read: (file: string) => string | undefined;
}

function part(text: string, max: number): string {
  return slugify(text).slice(0, max).replace(/-+$/, '');
}

/** The file name stem of a family: imported-categories, imported-categories-<source>, imported-categories-<source>-<vocabulary>. */
export function familyStem(kind: TaxonomyKind, namespace?: string, vocabulary?: string): string {
  const stem = `${IMPORTED_PREFIX}${TAXONOMY_FILES[kind]}`;
  if (!namespace) return stem;
  const source = part(namespace, 40) || 'source';
  const vocab = vocabulary ? part(vocabulary, 40) : '';
  return vocab ? `${stem}-${source}-${vocab}` : `${stem}-${source}`;
}

export function partFile(stem: string, n: number): string {
  return `taxonomies/${stem}${n > 1 ? `-${n}` : ''}.yaml`;
}

function header(group: NewTermGroup, system: string, stem: string, n: number): { id: string; name: string; description: string; kind: TaxonomyKind } {
  const plural = TAXONOMY_FILES[group.kind];
  const from = group.namespace ? ` from ${system}${group.vocabulary ? `, vocabulary "${group.vocabulary}"` : ''}` : '';
  return {
    id: uuidv5(`taxonomy/${stem}${n > 1 ? `-${n}` : ''}`),
    name: cut(`Imported ${plural}${from}${n > 1 ? ` (part ${n})` : ''}, not yet mapped`, 120),
    description: `Terms from other directories' vocabularies that do not match a LOOP ${group.kind} yet. \`npx loop import\` adds to this list and never removes from it; \`npx loop terms\` lists them by use. Map a term to a LOOP ${group.kind} in the import's mapping file (see docs/importing.md) and the next import moves listings across.`,
    kind: group.kind,
  };
}

const bytes = (text: string): number => Buffer.byteLength(text, 'utf8');

/** The files a group of new terms goes in: appended to the family's last part while it has room, then new parts. */
export function planVocabularyFiles(group: NewTermGroup, options: VocabularyFileOptions): VocabularyFilePlan[] {
  const stem = familyStem(group.kind, group.namespace, group.vocabulary);
  const budget = Math.floor(options.maxFileBytes / 2);
  let n = 1;
  while (options.read(partFile(stem, n + 1)) !== undefined) n++;
  const out: VocabularyFilePlan[] = [];
  // Each term's bytes as it will sit in the file's `terms:` list (indentation included).
  const sizes = group.terms.map((t) => bytes(toYaml({ terms: [t] })) - bytes('terms:\n'));
  let next = 0;
  // Fills one file from `next` on, starting at `used` bytes. A new file takes at least one term, so it cannot stall.
  const take = (used: number, atLeastOne: boolean): TaxonomyTerm[] => {
    const start = next;
    while (next < group.terms.length) {
      const size = sizes[next]!;
      if (used + size > budget && !(atLeastOne && next === start)) break;
      used += size;
      next++;
    }
    return group.terms.slice(start, next);
  };
  const last = options.read(partFile(stem, n));
  if (last !== undefined) {
    const used = bytes(last);
    const terms = take(used, false);
    if (terms.length) {
      out.push({ file: partFile(stem, n), action: 'update', before: last, after: appendToList('taxonomy', last, 'terms', terms), terms });
    }
    n++;
  }
  while (next < group.terms.length) {
    const first = header(group, options.system, stem, n);
    const empty = newFileText('taxonomy', { ...first, terms: [] }, 'Written by `npx loop import`: terms from other directories that LOOP does not map yet (see docs/importing.md).');
    const terms = take(bytes(empty), true);
    out.push({
      file: partFile(stem, n),
      action: 'create',
      after: newFileText('taxonomy', { ...first, terms }, 'Written by `npx loop import`: terms from other directories that LOOP does not map yet (see docs/importing.md).'),
      terms,
    });
    n++;
  }
  return out;
}
