/**
 * Change feeds from git history: /feeds/v1/changes.json (records added, changed and removed per dataset version),
 * /feeds/v1/changes.atom (the same for feed readers) and /feeds/v1/history/<uuid>.json (every change to one
 * listing: date, summary, commit). Without git history they are still published, empty, and say why.
 */
import type { z } from 'zod';
import type { ChangedRecord, ChangeSet } from '../history/history.ts';
import { uuidv5 } from '../model/ids.ts';
import { CHANGES_ATOM_PATH, feedPath, historyJsonPath, listingPath, locationPath, organisationPath, recordJsonPath } from '../urls/site.ts';
import { clean, fileOf, utc, json, wholeFiles, type OutputFiles, type PublishContext } from './context.ts';
import type { changesModel, historyModel } from './feed-model.ts';
import { envelope } from './feeds.ts';

/** How many dataset versions the Atom feed carries (changes.json carries every one History read). */
export const ATOM_ENTRIES = 50;

export function commitUrl(ctx: PublishContext, sha: string): string | undefined {
  const repo = ctx.config.repository.url.replace(/\/$/, '');
  return /^https:\/\/(github\.com|gitlab\.com|codeberg\.org)\//.test(repo) ? `${repo}/commit/${sha}` : undefined;
}

function changedItem(ctx: PublishContext, record: ChangedRecord) {
  const { dataset } = ctx;
  let page: string | undefined;
  let jsonUrl: string | undefined;
  if (record.current && record.slug) {
    if (record.kind === 'service' || record.kind === 'resource') {
      const listing = dataset.listing(record.slug);
      if (listing) {
        page = ctx.url(listingPath(listing));
        jsonUrl = ctx.url(recordJsonPath(listing.id));
      }
    } else if (record.kind === 'organisation') page = ctx.url(organisationPath(record.slug));
    else if (record.kind === 'location') page = ctx.url(locationPath(record.slug));
  }
  return clean({
    kind: record.kind as 'organisation' | 'service' | 'resource' | 'location' | 'taxonomy',
    id: record.id && /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i.test(record.id) ? record.id : undefined,
    name: record.name,
    slug: record.slug,
    current: record.current,
    page_url: page,
    json_url: jsonUrl,
  });
}

function changeSetItem(ctx: PublishContext, set: ChangeSet) {
  return clean({
    version: set.version,
    commit: set.commit,
    commit_url: commitUrl(ctx, set.commit),
    date: utc(set.date),
    summary: set.summary,
    added: set.added.map((r) => changedItem(ctx, r)),
    changed: set.changed.map((r) => changedItem(ctx, r)),
    removed: set.removed.map((r) => changedItem(ctx, r)),
  });
}

export function changesDocument(ctx: PublishContext): z.input<typeof changesModel> {
  const status = ctx.history.status;
  const items = ctx.history.changeSets.map((s) => {
    const item = changeSetItem(ctx, s);
    // clean() drops empty lists; the schema wants all three, so a consumer can always iterate them.
    return { ...item, added: item.added ?? [], changed: item.changed ?? [], removed: item.removed ?? [] };
  });
  return {
    ...envelope(ctx),
    history: clean({ available: status.available, shallow: status.shallow, reason: status.reason }),
    count: items.length,
    items,
  };
}

const CHANGE_LISTS = ['added', 'changed', 'removed'] as const;

/**
 * changes.json as it is written: the same bytes as `json(changesDocument(ctx))`, one record at a time. A region's
 * first deploy adds every record in one change set (195,008 at 100,000 services): as one document that was
 * hundreds of megabytes of objects and text at the build's peak (issue #19, "every output streams").
 */
export function* changesChunks(ctx: PublishContext): Generator<string> {
  const status = ctx.history.status;
  const sets = ctx.history.changeSets;
  const head = json({ ...envelope(ctx), history: clean({ available: status.available, shallow: status.shallow, reason: status.reason }), count: sets.length });
  yield `${head.slice(0, -1)},"items":[`;
  for (const [i, set] of sets.entries()) {
    const top = json(clean({ version: set.version, commit: set.commit, commit_url: commitUrl(ctx, set.commit), date: utc(set.date), summary: set.summary }));
    yield `${i ? ',' : ''}${top.slice(0, -1)}`;
    // changesDocument's order: clean() keeps the non-empty lists in place, and the empty ones follow them.
    const lists = [...CHANGE_LISTS.filter((key) => set[key].length), ...CHANGE_LISTS.filter((key) => !set[key].length)];
    for (const key of lists) {
      yield `,"${key}":[`;
      for (const [j, record] of set[key].entries()) yield `${j ? ',' : ''}${json(changedItem(ctx, record))}`;
      yield ']';
    }
    yield '}';
  }
  yield ']}';
}

export function historyDocument(ctx: PublishContext, listingId: string): z.input<typeof historyModel> | undefined {
  const listing = ctx.dataset.byUuid(listingId);
  if (!listing || !('listing' in listing)) return undefined;
  const entries = ctx.history.historyOf(listing.file).map((e) => clean({ ...e, date: utc(e.date), commit_url: commitUrl(ctx, e.commit) }));
  return {
    ...envelope(ctx),
    id: listing.id,
    name: listing.name,
    file: listing.file,
    truncated: ctx.history.isTruncated(listing.file) || !ctx.history.status.available,
    count: entries.length,
    items: entries as z.input<typeof historyModel>['items'],
  };
}

/** Escapes text for XML content and attribute values. */
export function xml(text: string): string {
  // Characters XML 1.0 cannot carry at all are dropped rather than producing a feed readers reject.
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

/**
 * Records an Atom entry names in each of its lists; the rest are counted, with a link to changes.json. A feed reader
 * shows an entry whole, and a region's first version adds every record (issue #19).
 */
export const ATOM_RECORDS = 100;

function changeHtml(ctx: PublishContext, set: ChangeSet): string {
  const section = (title: string, records: ChangedRecord[]) => {
    if (!records.length) return '';
    const items = records.slice(0, ATOM_RECORDS).map((r) => {
      const item = changedItem(ctx, r);
      const label = `${r.name ?? r.slug ?? r.file} (${r.kind})`;
      return item.page_url ? `<li><a href="${xml(item.page_url)}">${xml(label)}</a></li>` : `<li>${xml(label)}</li>`;
    });
    const more = records.length - items.length;
    if (more > 0) items.push(`<li>and ${more.toLocaleString('en-GB')} more: every one is in <a href="${xml(ctx.url(feedPath('changes')))}">changes.json</a></li>`);
    return `<h2>${title}</h2><ul>${items.join('')}</ul>`;
  };
  return section('Added', set.added) + section('Changed', set.changed) + section('Removed', set.removed);
}

const NOUNS: Record<string, [one: string, many: string]> = {
  service: ['service', 'services'],
  resource: ['resource', 'resources'],
  organisation: ['organisation', 'organisations'],
  location: ['venue', 'venues'],
  taxonomy: ['vocabulary', 'vocabularies'],
};

function nounFor(records: readonly ChangedRecord[], count: number): string {
  const kinds = new Set(records.map((r) => r.kind));
  const listings = [...kinds].every((k) => k === 'service' || k === 'resource');
  const [one, many] = kinds.size === 1 ? (NOUNS[[...kinds][0]!] ?? ['record', 'records']) : listings ? ['listing', 'listings'] : ['record', 'records'];
  return count === 1 ? one : many;
}

function names(records: readonly ChangedRecord[], shown = 3): string {
  const labels = records.map((r) => r.name ?? r.slug ?? r.file);
  if (labels.length <= shown) return labels.length === 1 ? labels[0]! : `${labels.slice(0, -1).join(', ')} and ${labels.at(-1)}`;
  return `${labels.slice(0, shown).join(', ')} and ${labels.length - shown} more`;
}

/**
 * An Atom entry's title, in words, from what the data change did: "Carers' Drop-in changed", "3 services added:
 * A, B and C", "2 listings changed: …; Food Share removed". Never the commit message: that is written for the
 * repository ("Merge branch …", "Fix typo") and says nothing to someone following the feed.
 */
export function changeTitle(set: Pick<ChangeSet, 'added' | 'changed' | 'removed'>): string {
  const parts: string[] = [];
  for (const [verb, records] of [['added', set.added], ['changed', set.changed], ['removed', set.removed]] as const) {
    if (!records.length) continue;
    parts.push(records.length === 1 ? `${names(records)} ${verb}` : `${records.length} ${nounFor(records, records.length)} ${verb}: ${names(records)}`);
  }
  return parts.length ? parts.join('; ') : 'Data files changed (no listing, organisation or venue)';
}

export function changesAtom(ctx: PublishContext): string {
  const self = ctx.url(CHANGES_ATOM_PATH);
  const sets = ctx.history.changeSets.slice(0, ATOM_ENTRIES);
  const updated = utc(sets[0]?.date ?? ctx.build.generatedAt);
  const entries = sets.map((set) => {
    const link = commitUrl(ctx, set.commit);
    const counts = [`${set.added.length} added`, `${set.changed.length} changed`, `${set.removed.length} removed`].join(', ');
    return [
      '  <entry>',
      `    <id>urn:uuid:${uuidv5(`commit/${set.commit}`)}</id>`,
      `    <title>${xml(changeTitle(set))}</title>`,
      `    <updated>${xml(utc(set.date))}</updated>`,
      link ? `    <link rel="alternate" type="text/html" href="${xml(link)}"/>` : '',
      `    <summary>${xml(`Dataset version ${set.version}: ${counts}.`)}</summary>`,
      // HTML inside the XML is escaped text (type="html"), so nothing in a listing's name can become markup here.
      `    <content type="html">${xml(changeHtml(ctx, set))}</content>`,
      '  </entry>',
    ]
      .filter(Boolean)
      .join('\n');
  });
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<feed xmlns="http://www.w3.org/2005/Atom">',
    `  <title>${xml(`${ctx.config.site.name}: changes to the data`)}</title>`,
    `  <subtitle>${xml(`Listings added, changed and removed in each version of the ${ctx.config.site.name} dataset.`)}</subtitle>`,
    `  <id>${xml(self)}</id>`,
    `  <link rel="self" type="application/atom+xml" href="${xml(self)}"/>`,
    `  <link rel="alternate" type="text/html" href="${xml(ctx.url('/'))}"/>`,
    `  <link rel="related" type="application/json" href="${xml(ctx.url(feedPath('changes')))}"/>`,
    `  <updated>${xml(updated)}</updated>`,
    `  <author><name>${xml(ctx.config.publisher.name)}</name></author>`,
    `  <rights>${xml(ctx.config.licence.attribution)}</rights>`,
    ...entries,
    '</feed>',
    '',
  ].join('\n');
}

export function changeFiles(ctx: PublishContext): OutputFiles {
  return wholeFiles(changeEntries(ctx));
}

/** The same files, generated one at a time, changes.json streamed. */
export function* changeEntries(ctx: PublishContext): Generator<[string, string | Iterable<string>]> {
  yield [fileOf(feedPath('changes')), changesChunks(ctx)];
  yield [fileOf(CHANGES_ATOM_PATH), changesAtom(ctx)];
  for (const listing of ctx.dataset.listings) {
    const doc = historyDocument(ctx, listing.id);
    if (doc) yield [fileOf(historyJsonPath(listing.id)), json(doc)];
  }
}
