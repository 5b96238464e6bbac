/**
 * The search page in the browser: a plain GET form (q, filters, sort) enhanced into live search over the Pagefind
 * index. The URL always holds the current search, so results can be bookmarked, shared and come back on "Back".
 * Results are built with DOM text nodes (never innerHTML), the count is announced through a polite live region
 * once typing pauses, and a search that finds nothing is retried with misspellings corrected, saying so.
 */
import type { Vocabulary } from '../search/spelling.ts';
import { PAGEFIND_OPTIONS, searchListings } from '../search/query.ts';

interface PagefindResultData {
  url: string;
  meta: Record<string, string | undefined>;
}
interface PagefindResult {
  id: string;
  data(): Promise<PagefindResultData>;
}
interface PagefindResponse {
  results: PagefindResult[];
}
interface Pagefind {
  options(o: Record<string, unknown>): Promise<void>;
  init(): Promise<void>;
  search(query: string | null, options: { filters?: Record<string, unknown>; sort?: Record<string, string> }): Promise<PagefindResponse>;
  preload(query: string): Promise<void>;
}

const PAGE_SIZE = 10;
const ANNOUNCE_AFTER_MS = 500;

const form = document.querySelector<HTMLFormElement>('#search-form');
if (form) enhance(form);

function enhance(form: HTMLFormElement): void {
  const el = <T extends HTMLElement>(selector: string) => form.querySelector<T>(selector)!;
  const input = el<HTMLInputElement>('#q');
  const status = el<HTMLElement>('#status');
  const suggestion = el<HTMLElement>('#suggestion');
  const list = el<HTMLOListElement>('#results');
  const more = el<HTMLButtonElement>('#more');
  const clear = el<HTMLButtonElement>('#clear-filters');
  const panel = el<HTMLDetailsElement>('#filter-panel');
  const filtersOn = el<HTMLElement>('#filters-on');
  const heading = el<HTMLElement>('#results-heading');
  const bundle = form.dataset.bundle!;
  const spellingUrl = form.dataset.spelling!;
  const cityWide = form.dataset.cityWide!;

  // JavaScript is running: show the live-search parts, hide the "browse instead" fallback.
  for (const node of form.querySelectorAll<HTMLElement>('[data-needs-js]')) node.hidden = false;
  for (const node of form.querySelectorAll<HTMLElement>('[data-no-js]')) node.hidden = true;
  // Filters beside the results (the two-column layout in site.css) start open; on a phone they stay folded, so the
  // results are not under a dozen controls.
  const wide = window.matchMedia('(min-width: 52rem)');
  if (wide.matches) panel.open = true;

  let pagefind: Promise<Pagefind> | undefined;
  const load = () =>
    (pagefind ??= (import(/* @vite-ignore */ bundle) as Promise<Pagefind>).then(async (pf) => {
      // Result URLs are indexed with the site's base path already in them. No web worker: searching a
      // LOOP-sized index takes milliseconds on the main thread, and the worker script is 40 kB more to download.
      await pf.options({ ...PAGEFIND_OPTIONS });
      await pf.init();
      return pf;
    }));
  let vocabulary: Promise<Vocabulary> | undefined;
  const loadVocabulary = () => (vocabulary ??= fetch(spellingUrl).then((r) => (r.ok ? (r.json() as Promise<Vocabulary>) : { words: [] })).catch(() => ({ words: [] })));

  let generation = 0;
  /** Every result of the latest search, and how many of them are on the page. */
  let latest: PagefindResult[] = [];
  let shownCount = 0;
  let announceTimer: number | undefined;

  const announce = (text: string) => {
    window.clearTimeout(announceTimer);
    // Wait for typing to pause, so a screen reader hears one count rather than one per keystroke.
    announceTimer = window.setTimeout(() => (status.textContent = text), ANNOUNCE_AFTER_MS);
  };

  function readForm(): { query: string; filters: Record<string, unknown>; sort?: Record<string, string>; active: number } {
    const data = new FormData(form);
    const filters: Record<string, unknown> = {};
    let active = 0;
    for (const key of new Set(data.keys())) {
      if (key === 'q' || key === 'sort') continue;
      const values = data.getAll(key).map(String).filter(Boolean);
      if (!values.length) continue;
      active += values.length;
      // An area search includes what is open to the whole city; ticked boxes mean "any of these".
      if (key === 'area') filters[key] = { any: [...new Set([...values, cityWide])] };
      else filters[key] = values.length > 1 ? { any: values } : values[0];
    }
    const sortValue = String(data.get('sort') ?? '');
    const sort: Record<string, string> | undefined = sortValue === 'name' ? { name: 'asc' } : sortValue === 'reviewed' ? { reviewed: 'desc' } : undefined;
    return { query: String(data.get('q') ?? '').trim(), filters, ...(sort ? { sort } : {}), active };
  }

  function syncUrl(): void {
    const params = new URLSearchParams();
    for (const [key, value] of new FormData(form)) if (String(value)) params.append(key, String(value));
    const query = params.toString();
    history.replaceState(null, '', query ? `?${query}` : location.pathname);
  }

  function fillFromUrl(): void {
    const params = new URLSearchParams(location.search);
    for (const control of form.elements) {
      if (control instanceof HTMLInputElement && (control.type === 'checkbox' || control.type === 'radio')) {
        control.checked = params.getAll(control.name).includes(control.value);
      } else if (control instanceof HTMLInputElement || control instanceof HTMLSelectElement) {
        if (!control.name) continue;
        const value = params.get(control.name);
        if (control instanceof HTMLSelectElement && value !== null && ![...control.options].some((o) => o.value === value)) continue;
        control.value = value ?? (control instanceof HTMLSelectElement ? (control.options[0]?.value ?? '') : '');
      }
    }
  }

  function renderResult(data: PagefindResultData): HTMLLIElement {
    const li = document.createElement('li');
    const h3 = document.createElement('h3');
    const a = document.createElement('a');
    a.href = data.url;
    a.textContent = data.meta.title ?? data.url;
    h3.append(a);
    if (data.meta.status) {
      const badge = document.createElement('span');
      badge.className = 'badge';
      badge.textContent = data.meta.status;
      h3.append(' ', badge);
    }
    const meta = document.createElement('p');
    meta.className = 'meta';
    meta.textContent = [data.meta.label, data.meta.organisation && `from ${data.meta.organisation}`].filter(Boolean).join(' ');
    const summary = document.createElement('p');
    summary.textContent = data.meta.summary ?? '';
    li.append(h3, meta, summary);
    return li;
  }

  /** The search whose next page of results is being fetched, if any. */
  let loading: number | null = null;
  async function showMore(focusFirst: boolean): Promise<void> {
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
  }

  async function appendPage(focusFirst: boolean, mine: number): Promise<void> {
    const next = latest.slice(shownCount, shownCount + PAGE_SIZE);
    // Each result's details are fetched at once, and shown in order as soon as they and those before them arrive.
    const pending = next.map((r) => r.data());
    const items: HTMLLIElement[] = [];
    for (const data of pending) {
      const item = renderResult(await data);
      if (mine !== generation) return;
      list.append(item);
      items.push(item);
      shownCount++;
    }
    more.hidden = shownCount >= latest.length;
    // "Show more" moves focus to the first new result, so keyboard users continue where the new ones start.
    if (focusFirst) items[0]?.querySelector('a')?.focus();
  }

  function plural(n: number, word: string): string {
    return `${n.toLocaleString('en-GB')} ${word}${n === 1 ? '' : 's'}`;
  }

  /**
   * After pressing Search on a one-column screen the results are below the form and the filters: move to their
   * heading (which also closes a phone's keyboard), so the person sees that something happened. Live results while
   * typing never move focus, and on a wide screen the results are already beside the form.
   */
  function revealResults(): void {
    if (wide.matches) return;
    heading.scrollIntoView({ block: 'start' });
    heading.focus({ preventScroll: true });
  }

  async function run(reveal = false): Promise<void> {
    const mine = ++generation;
    const { query, filters, sort, active } = readForm();
    syncUrl();
    filtersOn.textContent = active ? ` (${active.toLocaleString('en-GB')} on)` : '';
    suggestion.hidden = true;
    suggestion.textContent = '';
    if (!query && !active) {
      list.replaceChildren();
      more.hidden = true;
      latest = [];
      shownCount = 0;
      window.clearTimeout(announceTimer);
      status.textContent = 'Type what you are looking for, or choose a filter.';
      return;
    }
    const pf = await load();
    // Filters alone list everything that matches, by name unless another order was chosen.
    const order = sort ?? (query ? undefined : { name: 'asc' });
    const options = order ? { filters, sort: order } : { filters };
    const { results: all, searched, corrected } = await searchListings(pf, query, options, loadVocabulary);
    if (mine !== generation) return;
    list.replaceChildren();
    latest = all;
    shownCount = 0;
    await showMore(false);
    if (mine !== generation) return;
    const filtersText = active ? ` with ${plural(active, 'filter')}` : '';
    const what = searched ? ` for “${searched}”` : '';
    const organisation = form.querySelector<HTMLInputElement>('input[type="hidden"][name="organisation"]');
    const note = form.querySelector<HTMLElement>('#organisation-note');
    if (organisation && note) {
      // The hidden organisation filter (too many organisations for a drop-down) says what it is doing.
      const name = (all.length && organisation.value ? (await all[0]!.data()).meta.organisation : undefined) ?? organisation.value;
      if (mine !== generation) return;
      note.textContent = organisation.value ? `Only listings from ${name}. “Clear filters” shows every organisation.` : '';
      note.hidden = !organisation.value;
    }
    if (corrected) {
      suggestion.textContent = `No results for “${query}”. Showing results for “${corrected}” instead.`;
      suggestion.hidden = false;
    }
    if (reveal) revealResults();
    announce(
      all.length
        ? `${plural(all.length, 'result')}${what}${filtersText}${corrected ? ` (no results for “${query}”)` : ''}.`
        : `No results${what}${filtersText}. Try other words${active ? ', or remove a filter' : ''}.`,
    );
  }

  let typing: number | undefined;
  input.addEventListener('input', () => {
    // Start fetching the index chunks for what is typed so far while the pause before searching runs.
    if (input.value.trim()) void load().then((pf) => pf.preload(input.value.trim()));
    window.clearTimeout(typing);
    typing = window.setTimeout(() => void run(), 120);
  });
  // Every search reads the spelling vocabulary (src/site/search/query.ts): fetch it with the index.
  input.addEventListener('focus', () => void Promise.all([load(), loadVocabulary()]), { once: true });
  form.addEventListener('change', (event) => {
    if (event.target !== input) void run();
  });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    window.clearTimeout(typing);
    void run(true);
  });
  more.addEventListener('click', () => void showMore(true));
  clear.addEventListener('click', () => {
    for (const control of form.elements) {
      if (control instanceof HTMLInputElement && control.type === 'checkbox') control.checked = false;
      else if (control instanceof HTMLSelectElement) control.selectedIndex = 0;
      else if (control instanceof HTMLInputElement && control.type === 'hidden') control.value = '';
    }
    void run();
  });

  fillFromUrl();
  void load();
  void run();
  window.addEventListener('pageshow', (event) => {
    if (event.persisted) {
      fillFromUrl();
      void run();
    }
  });
}
