/**
 * The file kinds in data/ and where each lives. The folder decides the kind, so a contributor never has to say
 * what a file is, and CODEOWNERS can give an organisation its own folders.
 */
import type { z } from 'zod';
import { locationSchema } from './location.ts';
import { organisationSchema } from './organisation.ts';
import { resourceSchema } from './resource.ts';
import { serviceSchema } from './service.ts';
import { synonymsSchema, taxonomySchema } from './taxonomy.ts';

export const FILE_KINDS = ['organisation', 'service', 'resource', 'location', 'taxonomy', 'synonyms'] as const;
export type FileKind = (typeof FILE_KINDS)[number];

export const SCHEMAS = {
  organisation: organisationSchema,
  service: serviceSchema,
  resource: resourceSchema,
  location: locationSchema,
  taxonomy: taxonomySchema,
  synonyms: synonymsSchema,
} satisfies Record<FileKind, z.ZodType>;

export const FOLDERS: Record<FileKind, string> = {
  organisation: 'organisations',
  service: 'services',
  resource: 'resources',
  location: 'locations',
  taxonomy: 'taxonomies',
  synonyms: '',
};

export type Placement = { kind: FileKind; slug: string; owner?: string } | { problem: string };

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/**
 * Works out a file's kind and slug from its path relative to data/ (forward slashes).
 * services/<organisation>/<name>.yaml -> service "<organisation>/<name>".
 */
export function placementOf(relPath: string): Placement {
  const parts = relPath.split('/');
  const fileName = parts.at(-1)!;
  const stem = fileName.replace(/\.ya?ml$/, '');
  if (relPath === 'synonyms.yaml') return { kind: 'synonyms', slug: 'synonyms' };
  if (!SLUG.test(stem)) {
    return { problem: `file names must be lower-case words joined by hyphens (e.g. "carers-drop-in.yaml"), not "${fileName}"` };
  }
  const [folder] = parts;
  const flat: Partial<Record<string, FileKind>> = { organisations: 'organisation', locations: 'location', taxonomies: 'taxonomy' };
  const nested: Partial<Record<string, FileKind>> = { services: 'service', resources: 'resource' };
  const flatKind = flat[folder!];
  if (flatKind) {
    if (parts.length !== 2) return { problem: `${folder}/ files go directly in data/${folder}/, not in sub-folders` };
    return { kind: flatKind, slug: stem };
  }
  const nestedKind = nested[folder!];
  if (nestedKind) {
    if (parts.length !== 3) {
      return { problem: `${folder}/ files go in a folder named after their organisation: data/${folder}/<organisation>/${fileName}` };
    }
    const owner = parts[1]!;
    if (!SLUG.test(owner)) return { problem: `"${owner}" is not an organisation file name` };
    return { kind: nestedKind, slug: `${owner}/${stem}`, owner };
  }
  return {
    problem: `LOOP does not know what goes in "${parts.slice(0, -1).join('/') || '.'}": listings live in organisations/, services/<organisation>/, resources/<organisation>/, locations/ or taxonomies/`,
  };
}

/**
 * A name reduced to plain lower-case ASCII words: accents and apostrophes dropped, "&" read as "and", every other
 * run of punctuation or space as `separator`. Slugs and the duplicate finder's name matching both start here.
 */
export function foldName(name: string, separator: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/['’]/g, '')
    .replace(/[^a-z0-9]+/g, separator);
}

/** A file name from a name: "The Carers' Café (Leeds)" -> "the-carers-cafe-leeds". */
export function slugify(name: string): string {
  return foldName(name, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80)
    .replace(/-+$/, '');
}
