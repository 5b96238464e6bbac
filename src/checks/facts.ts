/**
 * What the whole-dataset rules need from one file, worked out once per file content and kept in the check cache
 * (issue #19): its id, what it references, and the keys the duplicates rule pairs listings by (the normal forms of
 * its name, phone numbers and web address, and its source records). Phone numbers go through libphonenumber,
 * which was most of the duplicates rule's time at region scale; with the normal forms in the cache an unchanged
 * file costs a map lookup. `loop validate --changed-since` also finds, from these facts alone, which unchanged files
 * a change can interact with, so it loads the full records of those few only.
 *
 * Every key here must be exactly the one the rules compute (src/checks/rules/duplicates.ts, unique.ts,
 * references.ts, src/checks/affected.ts): tests/checks/changed-only.test.ts compares the reports.
 */
import type { FileKind } from '../model/kinds.ts';
import type { PathSegment } from '../dataset/source.ts';
import { normaliseName, normalisePhone, normaliseUrl } from '../dataset/similarity.ts';

export interface FileFacts {
  id?: string;
  /** A listing's organisation, a venue's organisation, an organisation's parent. */
  organisation?: string;
  /** A service's venues. */
  locations?: string[];
  /** The duplicates rule's keys: `n:` the normalised name, `p:` a phone's normal form, `u:` the web address's, `s:` a source record. */
  keys?: string[];
  /** [number as written, normal form]: the duplicates rule's phone lookups, answered without libphonenumber. */
  phones?: [string, string][];
}

interface Phone {
  number?: unknown;
}
interface Loose {
  clinically_reviewed?: { date?: unknown };
  address?: { postal_code?: unknown };
  id?: unknown;
  name?: unknown;
  url?: unknown;
  organisation?: unknown;
  parent_organisation?: unknown;
  phones?: Phone[];
  locations?: { location?: unknown; phones?: Phone[] }[];
  provenance?: { system?: unknown; id?: unknown }[];
}

const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/** The facts of one schema-checked record (`data`), as the rules will see it. */
export function factsOf(kind: FileKind, data: unknown): FileFacts {
  if (data === null || typeof data !== 'object') return {};
  const record = data as Loose;
  const facts: FileFacts = {};
  const id = text(record.id);
  if (id !== undefined) facts.id = id;
  if (kind === 'organisation') {
    const parent = text(record.parent_organisation);
    if (parent) facts.organisation = parent;
  } else if (kind === 'location') {
    const owner = text(record.organisation);
    if (owner) facts.organisation = owner;
  } else if (kind === 'service' || kind === 'resource') {
    const owner = text(record.organisation);
    if (owner !== undefined) facts.organisation = owner;
    const keys: string[] = [];
    const name = text(record.name);
    const normal = name === undefined ? '' : normaliseName(name);
    if (normal) keys.push(`n:${normal}`);
    if (kind === 'service') {
      facts.locations = (record.locations ?? []).map((at) => text(at.location)).filter((slug): slug is string => slug !== undefined);
      // The numbers the duplicates rule compares (phonesOf there): the service's own, then each venue entry's.
      const numbers = [...(record.phones ?? []), ...(record.locations ?? []).flatMap((at) => at.phones ?? [])].map((p) => text(p.number)).filter((n): n is string => n !== undefined);
      facts.phones = numbers.map((number) => [number, normalisePhone(number)]);
      for (const [, normalForm] of facts.phones) keys.push(`p:${normalForm}`);
    }
    const url = text(record.url);
    if (url) keys.push(`u:${normaliseUrl(url)}`);
    for (const p of record.provenance ?? []) keys.push(`s:${String(p.system)}|${String(p.id)}`);
    facts.keys = keys;
  }
  return facts;
}

/**
 * The paths below the top level that dataset rules report on in many files at once: the duplicates rule's phone
 * numbers and source records (a number shared across a region is reported on every listing giving it), freshness's
 * clinical review date, geography's postcode. Their positions are recorded when the file is parsed (`deepPositions`, kept in the check cache with the outcome), so reporting them
 * does not read and parse the file again: at 100,000 services that was half of a cached run (issue #19). Any other
 * path is still found by parsing the file again (`LazyLocator`), with the same answer.
 */
export function deepPathsOf(kind: FileKind, data: unknown): PathSegment[][] {
  if (data === null || typeof data !== 'object') return [];
  const record = data as Loose;
  const paths: PathSegment[][] = [];
  if (kind === 'service') {
    record.phones?.forEach((p, i) => {
      if (p.number !== undefined) paths.push(['phones', i, 'number']);
    });
    record.locations?.forEach((at, i) => {
      at.phones?.forEach((p, j) => {
        if (p.number !== undefined) paths.push(['locations', i, 'phones', j, 'number']);
      });
    });
  }
  record.provenance?.forEach((p, i) => {
    if (p.id !== undefined) paths.push(['provenance', i, 'id']);
  });
  if (record.clinically_reviewed?.date !== undefined) paths.push(['clinically_reviewed', 'date']);
  if (record.address?.postal_code !== undefined) paths.push(['address', 'postal_code']);
  return paths;
}
