// `loop validate --changed-since` works out its scope and the files the rules need over a table of files read one
// field at a time (issue #19: no object per file at region scale). `scopeOfTable` and `filesNeededTable` must give
// exactly what `scopeOf` and `filesNeeded` give over every file's summary: compared here on random folders with the
// awkward cases planted (slugs shared by a service and a resource, two files of one organisation's or venue's slug,
// invalid files, listings naming no organisation, shared ids and duplicates keys, changed and deleted files).
import { describe, expect, test } from 'vitest';
import { filesNeeded, filesNeededTable, linkablesOf, scopeOf, scopeOfTable, type FileSummary, type FileTable } from '../../src/checks/affected.ts';
import type { FileFacts } from '../../src/checks/facts.ts';
import type { FileKind } from '../../src/model/kinds.ts';

/** A small seeded generator (mulberry32), so a failure can be replayed. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Summary = FileSummary & { rel: string };

/** A table over plain summaries: each field read from `at(n)`, as the check cache's index answers them. */
function tableOf(files: readonly Summary[]): FileTable<Summary> {
  return {
    size: files.length,
    at: (n) => files[n]!,
    file: (n) => files[n]!.file,
    kind: (n) => files[n]!.kind,
    slug: (n) => files[n]!.slug,
    valid: (n) => files[n]!.valid,
    id: (n) => files[n]!.facts?.id,
    organisation: (n) => files[n]!.facts?.organisation,
    locatedAtAny: (n, slugs) => files[n]!.kind === 'service' && (files[n]!.facts?.locations ?? []).some((slug) => slugs.has(slug)),
    hasAnyKey: (n, keys) => (files[n]!.kind === 'service' || files[n]!.kind === 'resource') && (files[n]!.facts?.keys ?? []).some((key) => keys.has(key)),
  };
}

const PREFIX = 'data/';

/** A random folder: organisations, venues, services and resources referring to them, taxonomies; a few files broken. */
function folder(seed: number): { files: Summary[]; paths: string[] } {
  const next = random(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!;
  const orgs = Array.from({ length: 4 + Math.floor(next() * 6) }, (_, i) => `org-${i}`);
  const venues = Array.from({ length: 3 + Math.floor(next() * 6) }, (_, i) => `venue-${i}`);
  const keys = ['n:drop in', 'n:carers', 'p:+441134960000', 'p:+441134960001', 'u:example.org/a', 's:civicrm|12'];
  const ids = Array.from({ length: 12 }, (_, i) => `id-${i}`);
  const files: Summary[] = [];
  const add = (rel: string, kind: FileKind, slug: string, facts: FileFacts) => {
    // One file per path, as in a folder.
    if (files.some((f) => f.rel === rel)) return;
    const valid = next() > 0.08;
    files.push({ rel, file: `${PREFIX}${rel}`, kind, slug, valid, facts });
  };
  for (const org of orgs) add(`organisations/${org}.yaml`, 'organisation', org, { id: pick(ids), ...(next() < 0.3 ? { organisation: pick(orgs) } : {}) });
  // A second file of an organisation's slug (as a broken folder can have): the last one wins in both functions.
  add(`organisations/z/${orgs[0]}.yaml`, 'organisation', orgs[0]!, { id: pick(ids) });
  for (const venue of venues) add(`locations/${venue}.yaml`, 'location', venue, { id: pick(ids), ...(next() < 0.7 ? { organisation: pick(orgs) } : {}) });
  add(`locations/z/${venues[1]}.yaml`, 'location', venues[1]!, { id: pick(ids), organisation: pick(orgs) });
  for (let i = 0; i < 40; i++) {
    const org = pick(orgs);
    const kind: FileKind = next() < 0.75 ? 'service' : 'resource';
    // Now and then a resource sharing a service's slug, and a listing naming no organisation.
    const stem = next() < 0.15 ? 'shared' : `listing-${i}`;
    const facts: FileFacts = {
      id: pick(ids),
      ...(next() < 0.9 ? { organisation: next() < 0.9 ? org : 'no-such-org' } : {}),
      keys: Array.from({ length: Math.floor(next() * 3) }, () => pick(keys)),
      ...(kind === 'service' ? { locations: Array.from({ length: Math.floor(next() * 3) }, () => (next() < 0.9 ? pick(venues) : 'no-such-venue')) } : {}),
    };
    add(`${kind}s/${org}/${stem}.yaml`, kind, `${org}/${stem}`, facts);
  }
  add('taxonomies/needs.yaml', 'taxonomy', 'needs', { id: pick(ids) });
  add('synonyms.yaml', 'synonyms', 'synonyms', {});
  // A file that failed before it had a kind.
  files.push({ rel: 'services/broken.yaml', file: `${PREFIX}services/broken.yaml`, valid: false });
  // Listed in path order, as the loader lists them, then shuffled for the table (which need not be in order).
  files.sort((a, b) => (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0));
  const paths = [...files.map((f) => f.rel), 'organisations/deleted.yaml', 'locations/deleted.yaml', 'services/org-1/deleted.yaml'];
  return { files, paths };
}

function shuffled<T>(list: readonly T[], next: () => number): T[] {
  const out = [...list];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

describe('the changed-only scope over a table of files', () => {
  test('scopeOfTable and filesNeededTable equal scopeOf and filesNeeded over every file', () => {
    let narrowed = 0;
    for (let seed = 1; seed <= 1000; seed++) {
      const { files, paths } = folder(seed);
      const next = random(seed * 7919);
      // One to four changed paths; never a taxonomy or the synonyms (those are a full check in both).
      const changed = shuffled(paths.filter((path) => !path.startsWith('taxonomies/') && path !== 'synonyms.yaml'), next).slice(0, 1 + Math.floor(next() * 4));
      const want = scopeOf(linkablesOf(files), changed, PREFIX);
      const table = tableOf(shuffled(files, next));
      const got = scopeOfTable(table, changed, PREFIX);
      expect(got, `seed ${seed}`).toEqual(want);
      if (want.all || got.all) continue;
      narrowed++;
      expect(filesNeededTable(table, got).needed, `seed ${seed}`).toEqual(filesNeeded(files, want));
    }
    expect(narrowed).toBe(1000);
  });

  test('a changed taxonomy is still the whole folder', () => {
    const { files } = folder(3);
    expect(scopeOfTable(tableOf(files), ['taxonomies/needs.yaml'], PREFIX)).toEqual({ all: true, reason: 'data/taxonomies/needs.yaml changed, and every listing can use it' });
  });
});
