/**
 * Issue #19: a region's search page without an edge host searches the word index published beside the site
 * (src/site/search/word-files.ts, src/site/client/search/words.ts). Checked against the reference the edge's word
 * index is checked against (src/edge/query.ts: every word `includes`d in the row's text, ranked by `relevance`), over
 * the example data published in tiny files, so every search reads several of them; and against Pagefind's own
 * result data for the cards. Every failure gives null, so the page uses Pagefind.
 */
import { describe, expect, test } from 'vitest';
import { catalogueOf } from '../../src/dataset/catalogue.ts';
import { byRelevance, rankedWords, relevance } from '../../src/edge/query.ts';
import { searchText } from '../../src/edge/query-index.ts';
import { serviceWords } from '../../src/publish/service-words.ts';
import { orukService } from '../../src/publish/oruk.ts';
import { searchWordFiles, searchWordsPublisher, startSearchWords, writesSearchWords } from '../../src/site/search/word-files.ts';
import { fullServiceTexts, readServicesFrom } from '../../src/publish/oruk-api.ts';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { wordSearcher } from '../../src/site/client/search/words.ts';
import { publishOptions } from '../../src/integrations/publish-options.ts';
import { searchDocument } from '../../src/site/search/document.ts';
import { SynonymExpander } from '../../src/site/search/synonyms.ts';
import { SEARCH_WORDS_BASE, SEARCH_WORDS_HEAD, searchWordsPath, type SearchCardsFile, type SearchWordsHead } from '../../src/site/search/words.ts';
import { listingPath, sitePath } from '../../src/urls/site.ts';
import { exampleDataset, fixtureDataset, testContext } from '../support/publish.ts';
import { readFixture } from '../support/data.ts';

const ctx = testContext(exampleDataset());
const { dataset } = ctx;
const listed = catalogueOf(dataset).listed;
const HEAD = `/loop${SEARCH_WORDS_HEAD}`;
// Word files of about 2 kB and cards three to a file: every search reads several of each, as at region scale.
const published = new Map([...searchWordFiles(ctx, undefined, { wordShardBytes: 2_000, cardsPerFile: 3 })].map(([path, text]) => [`/loop/${path}`, text]));
const rows = listed.map((listing) => serviceWords(orukService(dataset, listing, { context: ctx })));

/** A CDN serving the published files (and counting what it was asked for), with `change` to break it. */
function cdn(change: (path: string, text: string | undefined) => Response | string | undefined = (_p, t) => t) {
  const asked: string[] = [];
  const fetchJson: typeof fetch = async (input) => {
    const path = String(input);
    asked.push(path);
    const answer = change(path, published.get(path));
    if (answer instanceof Response) return answer;
    return answer === undefined ? new Response('not found', { status: 404 }) : new Response(answer, { headers: { 'Content-Type': 'application/json' } });
  };
  return { fetchJson, asked };
}

/** The reference: every search word inside the row's text, best first by `relevance`, ties in name order. */
function reference(query: string): number[] {
  const words = searchText(query).split(' ').filter(Boolean);
  const found = rows.flatMap((row, p) => (words.every((w) => row.s.includes(w)) ? [p] : []));
  return byRelevance(found, (p) => relevance(rankedWords(words), rows[p]!.s, rows[p]!.t));
}

const urlOf = (p: number) => sitePath(ctx.config, listingPath(listed[p]!));

/** Searches made the way people type them: whole words, their starts and insides, pairs, capitals and accents. */
function searches(): string[] {
  const vocabulary = [...new Set(rows.flatMap((r) => r.s.split(' ')))].filter((w) => w.length >= 2).sort();
  const out = new Set<string>();
  vocabulary.forEach((word, i) => {
    if (i % 5 === 0) out.add(word);
    if (i % 11 === 0 && word.length > 4) out.add(word.slice(0, 3));
    if (i % 13 === 0 && word.length > 5) out.add(word.slice(1, 5));
    if (i % 17 === 0) out.add(`${word} ${vocabulary[(i * 7) % vocabulary.length]}`);
  });
  for (const row of rows.filter((_, p) => p % 9 === 0)) out.add(row.t.split(' ').slice(0, 2).join(' '));
  for (const q of ['Support', 'CARERS', 'carers support', 'café', 'Mental health', 'advice, benefits', 'zzqxv', 'support zzqxv']) out.add(q);
  return [...out];
}

describe('the search word index of a region without an edge host', () => {
  test('only a build in several parts without the edge layer writes it and points the search page at it', async () => {
    expect(searchWordsPath(undefined, 1)).toBeUndefined();
    expect(searchWordsPath('cloudflare', 13)).toBeUndefined();
    expect(searchWordsPath(undefined, 13)).toBe(SEARCH_WORDS_HEAD);
    // The example data is one part: its publish writes none of it, and a folder left by an earlier build goes.
    expect(writesSearchWords(ctx)).toBe(false);
    expect(searchWordsPublisher.owns).toEqual([SEARCH_WORDS_BASE]);
    // The site build publishes it with the open data (publish.ts runs it before the manifest: tests/publish/prepared.test.ts).
    expect((await publishOptions(dataset, () => {})).publishers).toContain(searchWordsPublisher);
  });

  test('made in a worker from services.ndjson, as the publish makes it, the files are the same; a bad file is named', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'loop-search-words-'));
    try {
      const fromFile = testContext(dataset);
      const file = join(dir, 'services.ndjson');
      writeFileSync(file, `${[...fullServiceTexts(fromFile)].join('\n')}\n`);
      readServicesFrom(fromFile, file);
      const made = startSearchWords(fromFile, { wordShardBytes: 2_000 });
      expect(made).toBeDefined();
      const threaded = new Map([...searchWordFiles(fromFile, await made, { wordShardBytes: 2_000, cardsPerFile: 3 })].map(([path, text]) => [`/loop/${path}`, text]));
      expect(threaded).toEqual(published);
      // A services file missing a listed listing (here, the last line) fails, naming the file.
      const short = join(dir, 'short.ndjson');
      writeFileSync(short, `${[...fullServiceTexts(fromFile)].slice(0, -1).join('\n')}\n`);
      readServicesFrom(fromFile, short);
      await expect(startSearchWords(fromFile)).rejects.toThrow(/short\.ndjson.*found \d+ of the \d+ listed listings/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('the head names every word file, and every file carries its stamp', () => {
    const head = JSON.parse(published.get(HEAD)!) as SearchWordsHead;
    expect(head.count).toBe(listed.length);
    expect(head.words.suffixes.length).toBeGreaterThan(5);
    expect(head.words.postings.length).toBeGreaterThan(5);
    const files = [...published.keys()];
    expect(files.filter((f) => /\/s\d+\.json$/.test(f))).toHaveLength(head.words.suffixes.length);
    expect(files.filter((f) => /\/p\d+\.json$/.test(f))).toHaveLength(head.words.postings.length);
    expect(files.filter((f) => f.includes('/cards/'))).toHaveLength(Math.ceil(listed.length / 3));
    for (const [path, text] of published) if (path !== HEAD) expect(JSON.parse(text).build, path).toBe(head.build);
  });

  test('a card is what Pagefind returns for the listing: its page and the same meta', () => {
    const expander = new SynonymExpander([]);
    const catalogue = catalogueOf(dataset);
    for (const [p, listing] of listed.entries()) {
      const file = JSON.parse(published.get(`/loop/${SEARCH_WORDS_BASE.slice(1)}/cards/${Math.floor(p / 3)}.json`)!) as SearchCardsFile;
      const card = file.cards[p % 3]!;
      expect(card.url).toBe(urlOf(p));
      // Pagefind's meta as its document spells it (data-pagefind-meta spans, HTML-escaped).
      const html = searchDocument(dataset, catalogue, expander, listing).html;
      const meta = Object.fromEntries([...html.matchAll(/<span data-pagefind-meta="([a-z]+)">([^<]*)<\/span>/g)].map(([, key, value]) => [key, value!.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&')]));
      expect(card.meta, listing.id).toEqual(meta);
    }
  });

  test('hundreds of searches find what the reference finds, best first, in pages of ten', async () => {
    const all = searches();
    expect(all.length).toBeGreaterThan(150);
    const search = wordSearcher(HEAD, 10, cdn().fetchJson);
    let some = 0;
    for (const query of all) {
      const expected = reference(query);
      const first = await search(query, 1);
      if (searchText(query).split(' ').some((w) => [...w].length < 2)) {
        // A one-letter word is not in the index (the edge reads its text shards for it): Pagefind answers.
        expect(first, query).toBeNull();
        continue;
      }
      if (!expected.length) {
        // No results: Pagefind answers (it corrects a misspelling; the word index cannot).
        expect(first, query).toBeNull();
        continue;
      }
      some++;
      expect(first?.total, query).toBe(expected.length);
      expect(await Promise.all(first!.results.map(async (r) => (await r.data()).url)), query).toEqual(expected.slice(0, 10).map(urlOf));
      if (expected.length > 10) {
        const second = await search(query, 2);
        expect(await Promise.all(second!.results.map(async (r) => (await r.data()).url)), query).toEqual(expected.slice(10, 20).map(urlOf));
      }
    }
    expect(some).toBeGreaterThan(100);
  });

  test('a search reads its words\' files and its results\' cards, each once', async () => {
    const { fetchJson, asked } = cdn();
    const search = wordSearcher(HEAD, 10, fetchJson);
    const first = await search('support', 1);
    expect(first!.total).toBe(reference('support').length);
    const files = asked.length;
    expect(new Set(asked).size).toBe(files);
    expect(asked[0]).toBe(HEAD);
    // Far fewer than all: the head, a suffix file or two, the word's postings, the cards of ten results.
    expect(files).toBeLessThan(published.size / 4);
    expect(asked.filter((a) => a.includes('/cards/')).length).toBeLessThanOrEqual(10);
    // The same search again, or its next page: only cards not yet read.
    await search('support', 1);
    expect(asked.length).toBe(files);
    await search('support', 2);
    expect(asked.slice(files).every((a) => a.includes('/cards/'))).toBe(true);
  });

  test('preloading reads the head and the typed words\' suffix files, so the search itself reads only postings and cards', async () => {
    const { fetchJson, asked } = cdn();
    const search = wordSearcher(HEAD, 10, fetchJson);
    search.preload('');
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(asked).toEqual([HEAD]);
    search.preload('support gro');
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(asked.length).toBeGreaterThan(1);
    expect(asked.slice(1).every((a) => /\/s\d+\.json$/.test(a))).toBe(true);
    // A one-letter word is not looked up: nothing more is read.
    const before = asked.length;
    search.preload('support g');
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(asked.length).toBe(before);
    const read = asked.length;
    expect((await search('support gro', 1))?.total).toBe(reference('support gro').length);
    expect(asked.slice(read).every((a) => /\/p\d+\.json$/.test(a) || a.includes('/cards/'))).toBe(true);
    // A failed preload is left to the search, which tries again.
    const broken = wordSearcher(HEAD, 10, () => Promise.reject(new TypeError('Failed to fetch')));
    expect(() => broken.preload('support')).not.toThrow();
  });

  test('what the word index cannot answer goes to Pagefind', async () => {
    const search = wordSearcher(HEAD, 10, cdn().fetchJson);
    // A one-letter word (not indexed), punctuation only, no results.
    expect(await search('a', 1)).toBeNull();
    expect(await search('support a', 1)).toBeNull();
    expect(await search('!!', 1)).toBeNull();
    expect(await search('zzqxv', 1)).toBeNull();
  });

  test('any failure gives null: a missing file, no network, another build\'s files, a card that is not a page on this site', async () => {
    const query = 'support';
    const cases: [string, (path: string, text: string | undefined) => Response | string | undefined][] = [
      ['no head', (p, t) => (p === HEAD ? undefined : t)],
      ['a head of another format', (p, t) => (p === HEAD ? t!.replace('loop-search-words/1', 'loop-search-words/0') : t)],
      ['a 503 for the postings', (p, t) => (/\/p\d+\.json$/.test(p) ? new Response('', { status: 503 }) : t)],
      ['a suffix file of another build', (p, t) => (/\/s\d+\.json$/.test(p) ? t!.replace(/"build":"[0-9a-f]+"/, '"build":"0000"') : t)],
      ['a cards file of another build', (p, t) => (p.includes('/cards/') ? t!.replace(/"build":"[0-9a-f]+"/, '"build":"0000"') : t)],
      ['a cards file that is not JSON', (p, t) => (p.includes('/cards/') ? '<html>' : t)],
      ['a javascript: link', (p, t) => (p.includes('/cards/') ? t!.replace(/"url":"[^"]+"/g, '"url":"javascript:alert(1)"') : t)],
      ['a link to another host', (p, t) => (p.includes('/cards/') ? t!.replace(/"url":"[^"]+"/g, '"url":"//evil.example/x"') : t)],
      ['a card without a title', (p, t) => (p.includes('/cards/') ? t!.replace(/"title":"[^"]*",/g, '') : t)],
    ];
    for (const [name, change] of cases) expect(await wordSearcher(HEAD, 10, cdn(change).fetchJson)(query, 1), name).toBeNull();
    const offline: typeof fetch = () => Promise.reject(new TypeError('Failed to fetch'));
    expect(await wordSearcher(HEAD, 10, offline)(query, 1)).toBeNull();
    // A failed read is forgotten: once the network is back, the same searcher answers.
    let down = true;
    const flaky: typeof fetch = (input, init) => (down ? Promise.reject(new TypeError('Failed to fetch')) : cdn().fetchJson(input, init));
    const search = wordSearcher(HEAD, 10, flaky);
    expect(await search(query, 1)).toBeNull();
    down = false;
    expect((await search(query, 1))?.total).toBe(reference(query).length);
  });

  test('hostile text in a listing is found by its words and reaches the card exactly as written, for the page to draw as text', async () => {
    const name = '<img src=x onerror=alert(1)> "Quoted" café';
    const summary = '</script><script>alert("x")</script> & more';
    const hostile = readFixture('services/chapeltown-carers/carers-drop-in.yaml')
      .replace('id: 6f1c3b9e-2d4a-4c8e-9b7a-1e2f3a4b5c6d', 'id: 0a6b2c3d-4e5f-4a7b-8c9d-0e1f2a3b4c5d')
      .replace("name: Carers' Drop-in", `name: ${JSON.stringify(name)}`)
      .replace(/^summary: .*$/m, `summary: ${JSON.stringify(summary)}`);
    const fixture = testContext(fixtureDataset({ 'services/chapeltown-carers/hostile.yaml': hostile }));
    const files = new Map([...searchWordFiles(fixture)].map(([path, text]) => [`/${path}`, text]));
    const serve: typeof fetch = async (input) => {
      const text = files.get(String(input));
      return text === undefined ? new Response('', { status: 404 }) : new Response(text);
    };
    const answer = await wordSearcher(SEARCH_WORDS_HEAD, 10, serve)('onerror', 1);
    expect(answer?.total).toBe(1);
    const card = await answer!.results[0]!.data();
    expect(card.meta.title).toBe(name);
    expect(card.meta.summary).toBe(summary);
    expect(card.url).toMatch(/^\/loop\/services\/[a-z0-9-]+\/[a-z0-9-]+\/$/);
});
});
