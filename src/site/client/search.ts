/**
 * The search page in the browser: a plain GET form (q, filters, sort) enhanced into live search over the Pagefind
 * index. The URL always holds the current search, so results can be bookmarked, shared and come back on "Back".
 * Results are built with DOM text nodes (never innerHTML), the count is announced through a polite live region
 * once typing pauses, and a search that finds nothing is retried with misspellings corrected, saying so. The parts
 * live in ./search/: Pagefind, the form's state, a result card, the "open now / open on" filter, and, for a
 * region, the first results for plain words before Pagefind is started: from the edge layer when it is on
 * (`data-edge`), else from the static word index (`data-words`).
 */
import type { Vocabulary } from '../search/spelling.ts';
import { searchListings } from '../search/query.ts';
import { pagefindLoader, type Pagefind, type PagefindResult, type SearchOptions } from './search/pagefind.ts';
import { clearFilters, fillFromUrl, readForm, syncUrl } from './search/form-state.ts';
import { renderResult } from './search/result-card.ts';
import { fillTimeOptions, keepOpen, timeInWords } from './search/time-filter.ts';
import { askEdge, asksEdge, EDGE_PAGE_SIZE } from './search/edge.ts';
import { wordSearcher } from './search/words.ts';

// The edge's pages are the list's pages, so "Show more" is the edge's next page.
const PAGE_SIZE = EDGE_PAGE_SIZE;
const ANNOUNCE_AFTER_MS = 500;

const form = document.querySelector<HTMLFormElement>('#search-form');
if (form) enhance(form);

interface Parts {
  form: HTMLFormElement;
  input: HTMLInputElement;
  status: HTMLElement;
  suggestion: HTMLElement;
  list: HTMLOListElement;
  more: HTMLButtonElement;
  panel: HTMLDetailsElement;
  filtersOn: HTMLElement;
  heading: HTMLElement;
  when: HTMLSelectElement;
}

function partsOf(form: HTMLFormElement): Parts {
  const el = <T extends HTMLElement>(selector: string) => form.querySelector<T>(selector)!;
  return {
    form,
    input: el<HTMLInputElement>('#q'),
    status: el<HTMLElement>('#status'),
    suggestion: el<HTMLElement>('#suggestion'),
    list: el<HTMLOListElement>('#results'),
    more: el<HTMLButtonElement>('#more'),
    panel: el<HTMLDetailsElement>('#filter-panel'),
    filtersOn: el<HTMLElement>('#filters-on'),
    heading: el<HTMLElement>('#results-heading'),
    when: el<HTMLSelectElement>('#filter-when'),
  };
}

function plural(n: number, word: string): string {
  return `${n.toLocaleString('en-GB')} ${word}${n === 1 ? '' : 's'}`;
}

/**
 * Results that arrive a page at a time (the edge's): how many there are in all, the next page (null when it could
 * not be had), and what to do then.
 */
interface Paged {
  total: number;
  next: () => Promise<PagefindResult[] | null>;
  failed: () => void;
}

/** The results list: the latest search's results, shown a page at a time. */
function resultsView(parts: Parts) {
  const { list, more } = parts;
  let generation = 0;
  let latest: PagefindResult[] = [];
  let paged: Paged | undefined;
  let shown = 0;
  let loading: number | null = null;

  async function appendPage(focusFirst: boolean, mine: number): Promise<void> {
    if (paged && shown + PAGE_SIZE > latest.length && latest.length < paged.total) {
      const next = await paged.next();
      if (mine !== generation) return;
      if (!next) return paged.failed();
      latest = latest.concat(next);
    }
    // Each result's details are fetched at once, and shown in order as soon as they and those before them arrive.
    const pending = latest.slice(shown, shown + PAGE_SIZE).map((r) => r.data());
    const items: HTMLLIElement[] = [];
    for (const data of pending) {
      const item = renderResult(await data);
      if (mine !== generation) return;
      list.append(item);
      items.push(item);
      shown++;
    }
    more.hidden = shown >= (paged?.total ?? latest.length);
    // "Show more" moves focus to the first new result, so keyboard users continue where the new ones start.
    if (focusFirst) items[0]?.querySelector('a')?.focus();
  }

  return {
    next: () => ++generation,
    current: (mine: number) => mine === generation,
    reset(results: PagefindResult[], inPages?: Paged) {
      list.replaceChildren();
      latest = results;
      paged = inPages;
      shown = 0;
      more.hidden = true;
    },
    async showMore(focusFirst: boolean): Promise<void> {
      // A second press while a page of results is still arriving would fetch the same results twice.
      if (loading === generation) return;
      const mine = generation;
      loading = mine;
      list.setAttribute('aria-busy', 'true');
      try {
        await appendPage(focusFirst, mine);
      } finally {
        if (loading === mine) {
          loading = null;
          list.setAttribute('aria-busy', 'false');
        }
      }
    },
  };
}

function enhance(form: HTMLFormElement): void {
  const parts = partsOf(form);
  const { status, suggestion, panel, filtersOn, heading, when } = parts;
  const { bundle, spelling, cityWide, cards, base, parts: partFolders, edge, words } = form.dataset as Record<string, string | undefined>;
  // A region's first results for plain words: from the edge when the build has one, else from the static word index.
  const searcher = !edge && words ? wordSearcher(words, PAGE_SIZE) : undefined;
  const first = edge ? (query: string, page: number) => askEdge(edge, query, page) : searcher;
  const firstFrom = edge ?? words;

  // JavaScript is running: show the live-search parts, hide the "browse instead" fallback.
  for (const node of form.querySelectorAll<HTMLElement>('[data-needs-js]')) node.hidden = false;
  for (const node of form.querySelectorAll<HTMLElement>('[data-no-js]')) node.hidden = true;
  // Filters beside the results (the two-column layout in site.css) start open; on a phone they stay folded, so the
  // results are not under a dozen controls.
  const wide = window.matchMedia('(min-width: 52rem)');
  if (wide.matches) panel.open = true;
  fillTimeOptions(when);

  const load = pagefindLoader(bundle!, partFolders ? partFolders.split(' ') : []);
  const find = finder(load, spelling!, cards!, base!);
  const view = resultsView(parts);

  let announceTimer: number | undefined;
  const announce = (text: string) => {
    window.clearTimeout(announceTimer);
    // Wait for typing to pause, so a screen reader hears one count rather than one per keystroke.
    announceTimer = window.setTimeout(() => (status.textContent = text), ANNOUNCE_AFTER_MS);
  };

  /** After pressing Search on a one-column screen, move to the results heading (which also closes a phone's keyboard). */
  function revealResults(): void {
    if (wide.matches) return;
    heading.scrollIntoView({ block: 'start' });
    heading.focus({ preventScroll: true });
  }

  /**
   * The first page for plain words from the edge (src/site/client/search/edge.ts) or the word index
   * (./search/words.ts), best matches first; false when Pagefind is to answer.
   */
  async function fromWords(query: string, mine: number, reveal: boolean): Promise<boolean> {
    const answer = await first!(query, 1);
    if (!view.current(mine) || !answer) return false;
    let page = 1;
    view.reset(answer.results, {
      total: answer.total,
      next: async () => (await first!(query, ++page))?.results ?? null,
      // "Show more" could not be had: the whole search goes to Pagefind.
      failed: () => void run(false, true),
    });
    await view.showMore(false);
    if (!view.current(mine)) return true;
    if (reveal) revealResults();
    announce(`${plural(answer.total, 'result')} for “${query}”.`);
    return true;
  }

  /** `viaPagefind`: Pagefind answers even plain words (the edge failed, or could not show more). */
  async function run(reveal = false, viaPagefind = false): Promise<void> {
    const mine = view.next();
    const state = readForm(form, cityWide!);
    syncUrl(form);
    filtersOn.textContent = state.active ? ` (${state.active.toLocaleString('en-GB')} on)` : '';
    suggestion.hidden = true;
    suggestion.textContent = '';
    if (!state.query && !state.active) {
      view.reset([]);
      window.clearTimeout(announceTimer);
      status.textContent = 'Type what you are looking for, or choose a filter.';
      return;
    }
    if (!viaPagefind && asksEdge(firstFrom, state) && (await fromWords(state.query, mine, reveal))) return;
    if (!view.current(mine)) return;
    // Filters alone list everything that matches, by name unless another order was chosen.
    const order = state.sort ?? (state.query ? undefined : { name: 'asc' });
    const { results, corrected } = await find(state.query, order ? { filters: state.filters, sort: order } : { filters: state.filters }, state.when);
    if (!view.current(mine)) return;
    view.reset(results);
    await view.showMore(false);
    if (!view.current(mine)) return;
    await noteOrganisation(form, results, () => view.current(mine));
    if (corrected) {
      suggestion.textContent = `No results for “${state.query}”. Showing results for “${corrected}” instead.`;
      suggestion.hidden = false;
    }
    if (reveal) revealResults();
    announce(countInWords(results.length, corrected ?? state.query, state.query, state.active, timeInWords(when), corrected !== null));
  }

  listen(parts, run, () => Promise.all([load(), find.loadVocabulary()]).then(([pf]) => pf), !firstFrom);
  parts.more.addEventListener('click', () => void view.showMore(true));
  fillFromUrl(form);
  // With the edge or the word index answering first, Pagefind (a region's index: over a megabyte to start) waits
  // until it is needed.
  if (!firstFrom) void load();
  if (searcher) {
    // The word index's head as the page loads (a few hundred bytes), and each typed word's suffix files before the
    // search runs, so a search waits on two round trips (its postings, its cards) rather than four.
    searcher.preload('');
    parts.input.addEventListener('input', () => searcher.preload(parts.input.value));
  }
  void run();
  window.addEventListener('pageshow', (event) => {
    if (event.persisted) {
      fillFromUrl(form);
      void run();
    }
  });
}

/** Pagefind's results through the one search pipeline (src/site/search/query.ts), then the time filter. */
function finder(load: () => Promise<Pagefind>, spellingUrl: string, cardsUrl: string, base: string) {
  let vocabulary: Promise<Vocabulary> | undefined;
  const loadVocabulary = () => (vocabulary ??= fetch(spellingUrl).then((r) => (r.ok ? (r.json() as Promise<Vocabulary>) : { words: [] })).catch(() => ({ words: [] })));
  const find = async (query: string, options: SearchOptions, when: string): Promise<{ results: PagefindResult[]; corrected: string | null }> => {
    const pf = await load();
    const outcome = await searchListings(pf, query, options, loadVocabulary);
    const results = when ? await keepOpen(outcome.results, when, cardsUrl, base) : outcome.results;
    return { results, corrected: outcome.corrected };
  };
  return Object.assign(find, { loadVocabulary });
}

/** Typing searches after a pause, a changed filter at once, Search moves to the results; Show more, Clear filters. */
function listen(parts: Parts, run: (reveal?: boolean) => Promise<void>, load: () => Promise<Pagefind>, preload: boolean): void {
  const { form, input } = parts;
  let typing: number | undefined;
  input.addEventListener('input', () => {
    // Start fetching the index chunks for what is typed so far while the pause before searching runs (not when
    // the edge answers plain words first: that would start Pagefind for nothing).
    if (preload && input.value.trim()) void load().then((pf) => pf.preload(input.value.trim()));
    window.clearTimeout(typing);
    typing = window.setTimeout(() => void run(), 120);
  });
  if (preload) input.addEventListener('focus', () => void load(), { once: true });
  form.addEventListener('change', (event) => {
    if (event.target !== input) void run();
  });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    window.clearTimeout(typing);
    void run(true);
  });
  form.querySelector('#clear-filters')!.addEventListener('click', () => {
    clearFilters(form);
    void run();
  });
}

function countInWords(count: number, searched: string, typed: string, active: number, time: string, corrected: boolean): string {
  const filtersText = active ? ` with ${plural(active, 'filter')}` : '';
  const what = searched ? ` for “${searched}”` : '';
  const timeText = time ? `, ${time}` : '';
  return count
    ? `${plural(count, 'result')}${what}${filtersText}${timeText}${corrected ? ` (no results for “${typed}”)` : ''}.`
    : `No results${what}${filtersText}${timeText}. Try other words${active ? ', or remove a filter' : ''}.`;
}

/** The hidden organisation filter (too many organisations for a drop-down) says what it is doing. */
async function noteOrganisation(form: HTMLFormElement, results: PagefindResult[], stillCurrent: () => boolean): Promise<void> {
  const organisation = form.querySelector<HTMLInputElement>('input[type="hidden"][name="organisation"]');
  const note = form.querySelector<HTMLElement>('#organisation-note');
  if (!organisation || !note) return;
  const name = (results.length && organisation.value ? (await results[0]!.data()).meta.organisation : undefined) ?? organisation.value;
  if (!stillCurrent()) return;
  note.textContent = organisation.value ? `Only listings from ${name}. “Clear filters” shows every organisation.` : '';
  note.hidden = !organisation.value;
}
