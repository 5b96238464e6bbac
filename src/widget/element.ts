/**
 * <loop-listings>: a live slice of LOOP on any website. Framework-free; renders into an open shadow root so the
 * host page's CSS and the widget's cannot meet, and keeps the element's own content (light DOM) on show through
 * a <slot> while the feed loads and when it fails, so a page that says something useful without JavaScript keeps
 * saying it. Several elements on one page share one stylesheet and one request per feed file.
 *
 * Attributes (src/widget/reference.ts documents each): category, need, circumstance, condition, audience, area,
 * language, tag, organisation (slugs: which listings), limit, paging, search, heading, heading-level, target, src.
 * Events (bubbling, composed): `loop-listings-render` after listings are shown ({ total, shown, page, pages }),
 * `loop-listings-error` when they cannot be ({ message }).
 */
import { organisationPath, termPath } from '../urls/public.ts';
import { heading, h, link } from './dom.ts';
import { dateInWords, openingOf, phonesOf, plural, summaryText } from './format.ts';
import { FeedError, selectShown, paginate, readFeed, safeHttpUrl, search, text, type Feed, type Listing } from './listings.ts';
import { ATTRIBUTE_NAMES, cityWidePathFor, feedPathFor, readOptions, siteOfScript, type WidgetOptions } from './options.ts';
import { STYLES } from './styles.ts';
import type { FeedSlice } from '../urls/public.ts';

/** Give up on a feed that has not arrived after this long (a hung connection would otherwise spin for ever). */
const FEED_TIMEOUT_MS = 15_000;
const SEARCH_DELAY_MS = 250;

let scriptSite: string | null = null;

/** One request per feed file per page, however many elements show it; a failed request is forgotten so it can be retried. */
const feeds = new Map<string, Promise<Feed>>();

function loadFeed(url: string): Promise<Feed> {
  let feed = feeds.get(url);
  if (!feed) {
    feed = fetchFeed(url);
    feeds.set(url, feed);
    feed.catch(() => feeds.delete(url));
  }
  return feed;
}

async function fetchFeed(url: string): Promise<Feed> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), FEED_TIMEOUT_MS);
  try {
    let response: Response;
    try {
      response = await fetch(url, { mode: 'cors', credentials: 'omit', signal: controller.signal });
    } catch {
      throw new FeedError('unreachable', 'LOOP could not be reached');
    }
    if (response.status === 404) throw new FeedError('not-found', 'LOOP has no listings file for these filters');
    if (!response.ok) throw new FeedError('unreachable', `LOOP answered with an error (${response.status})`);
    let json: unknown;
    try {
      json = await response.json();
    } catch {
      throw new FeedError(controller.signal.aborted ? 'unreachable' : 'format', controller.signal.aborted ? 'LOOP took too long to answer' : 'The listings file is not valid JSON');
    }
    return readFeed(json);
  } finally {
    clearTimeout(timer);
  }
}

let sheet: CSSStyleSheet | null | undefined;

/** A constructed stylesheet shared by every instance (and allowed by a strict CSP); a <style> element where unsupported. */
function addStyles(root: ShadowRoot): void {
  if (sheet === undefined) {
    try {
      sheet = new CSSStyleSheet();
      sheet.replaceSync(STYLES);
    } catch {
      sheet = null;
    }
  }
  if (sheet && 'adoptedStyleSheets' in root) {
    try {
      root.adoptedStyleSheets = [sheet];
      return;
    } catch {
      // A stylesheet made in another document (an element moved between frames): fall back to <style>.
    }
  }
  const style = document.createElement('style');
  style.textContent = STYLES;
  root.append(style);
}

/** The LOOP page for what the element shows: its first filter's page, or the home page. */
function pageFor(site: string, filters: readonly [FeedSlice, string][]): string {
  const first = filters[0];
  if (!first || first[0] === 'tag') return site;
  const path = first[0] === 'organisation' ? organisationPath(first[1]) : termPath(first[0], first[1]);
  return new URL(path.slice(1), site).href;
}

type State = 'idle' | 'loading' | 'ready' | 'error';

export class LoopListingsElement extends HTMLElement {
  static observedAttributes = ATTRIBUTE_NAMES;

  #root: HTMLDivElement;
  #heading: HTMLElement;
  #fallback: HTMLDivElement;
  #search: HTMLFormElement;
  #input: HTMLInputElement;
  #count: HTMLParagraphElement;
  #live: HTMLDivElement;
  #body: HTMLDivElement;
  #footer: HTMLParagraphElement;

  #options: WidgetOptions | null = null;
  #state: State = 'idle';
  #feedUrl = '';
  #feed: Feed | null = null;
  /** The city-wide slice shown after a ward's own listings (cityWidePathFor), or null: not needed, or it failed. */
  #cityWide: Feed | null = null;
  #error = '';
  #retry = false;
  /** Set by Try again: the outcome is announced and focused, as the button that had focus is gone. */
  #retrying = false;
  #request = 0;
  #page = 1;
  #query = '';
  #queued = false;
  #searchTimer: ReturnType<typeof setTimeout> | undefined;

  constructor() {
    super();
    const shadow = this.attachShadow({ mode: 'open' });
    addStyles(shadow);
    this.#heading = h('span', { hidden: true });
    this.#fallback = h('div', { class: 'fallback', part: 'fallback' }, h('slot'));
    this.#input = h('input', { id: 'q', type: 'search', part: 'search-input', autocomplete: 'off', spellcheck: 'false' });
    this.#search = h('form', { class: 'search', part: 'search', role: 'search', hidden: true }, h('label', { for: 'q', part: 'search-label' }, 'Search these listings'), this.#input);
    this.#count = h('p', { id: 'count', class: 'count', part: 'count', hidden: true });
    this.#live = h('div', { class: 'vh', role: 'status', 'aria-live': 'polite', 'aria-atomic': 'true' });
    this.#body = h('div');
    this.#footer = h('p', { class: 'footer', part: 'footer', hidden: true });
    this.#root = h('div', { class: 'root', part: 'root', lang: 'en-GB' }, this.#heading, this.#fallback, this.#search, this.#count, this.#live, this.#body, this.#footer);
    shadow.append(this.#root);
    this.#input.addEventListener('input', () => {
      clearTimeout(this.#searchTimer);
      this.#searchTimer = setTimeout(() => this.#setQuery(this.#input.value), SEARCH_DELAY_MS);
    });
    this.#search.addEventListener('submit', (event) => {
      event.preventDefault();
      clearTimeout(this.#searchTimer);
      this.#setQuery(this.#input.value);
    });
  }

  connectedCallback(): void {
    this.#schedule();
  }

  attributeChangedCallback(): void {
    if (this.isConnected) this.#schedule();
  }

  disconnectedCallback(): void {
    clearTimeout(this.#searchTimer);
  }

  /** Attributes often change several at a time (a framework, the embed builder): act once, after they have. */
  #schedule(): void {
    if (this.#queued) return;
    this.#queued = true;
    queueMicrotask(() => {
      this.#queued = false;
      if (this.isConnected) this.#update();
    });
  }

  #update(): void {
    const options = readOptions((name) => this.getAttribute(name), scriptSite, document.baseURI);
    for (const warning of options.warnings) console.warn(`<loop-listings>: ${warning}`);
    this.#options = options;
    if (options.problems.length || !options.site) {
      for (const problem of options.problems) console.error(`<loop-listings>: ${problem}`);
      this.#request++;
      this.#feedUrl = '';
      this.#fail(options.problems.join('. '), false);
      return;
    }
    const url = new URL(feedPathFor(options.filters), options.site).href;
    if (url !== this.#feedUrl) {
      this.#feedUrl = url;
      void this.#load();
    } else {
      this.#render();
    }
  }

  async #load(): Promise<void> {
    const request = ++this.#request;
    this.#feed = null;
    this.#cityWide = null;
    this.#state = 'loading';
    this.#page = 1;
    this.#render();
    try {
      const cityWidePath = this.#options ? cityWidePathFor(this.#options.filters) : null;
      // Both at once; the city-wide file is an addition, so its failure leaves the area's own listings shown.
      const cityWide = cityWidePath && this.#options?.site ? loadFeed(new URL(cityWidePath, this.#options.site).href).catch(() => null) : Promise.resolve(null);
      const feed = await loadFeed(this.#feedUrl);
      const extra = await cityWide;
      if (request !== this.#request) return;
      this.#cityWide = extra;
      if (feed.skipped) console.warn(`<loop-listings>: ${plural(feed.skipped, 'listing')} in ${this.#feedUrl} ${feed.skipped === 1 ? 'was' : 'were'} malformed (not an object, or no name or web address) and left out`);
      this.#feed = feed;
      this.#state = 'ready';
      this.#render();
    } catch (error) {
      if (request !== this.#request) return;
      // A FeedError's words are written for the public; anything else is a fault whose text (a TypeError) is not.
      if (!(error instanceof FeedError)) console.error('<loop-listings>:', error);
      const problem = error instanceof FeedError ? error : new FeedError('format', 'The listings file could not be read');
      const filters = this.#options?.filters ?? [];
      const message = problem.problem === 'not-found' && filters.length ? `LOOP has no listings for ${filters[0]![0]} “${filters[0]![1]}”` : problem.message;
      console.error(`<loop-listings>: ${message} (${this.#feedUrl})`);
      this.#fail(message, problem.problem === 'unreachable');
    }
  }

  #fail(message: string, retry: boolean): void {
    this.#state = 'error';
    this.#error = message;
    this.#retry = retry;
    this.#render();
    this.dispatchEvent(new CustomEvent('loop-listings-error', { bubbles: true, composed: true, detail: { message } }));
  }

  #setQuery(value: string): void {
    if (value === this.#query) return;
    this.#query = value;
    this.#page = 1;
    this.#render();
    this.#announce(this.#count.textContent ?? '');
  }

  /**
   * Says something in the live region. Only for what a person just did (searching, trying again): a page with
   * several widgets must not chatter as each one loads.
   */
  #announce(message: string): void {
    // Replacing the text (not appending) keeps the region to one current message.
    this.#live.textContent = message;
  }

  /** After Try again: move focus to the new listings or the new Try again button, and say what happened. */
  #settleRetry(): void {
    if (!this.#retrying || this.#state === 'loading') return;
    this.#retrying = false;
    const target = this.#body.querySelector<HTMLElement>(this.#state === 'ready' ? '.list, .message' : 'button');
    target?.focus();
    this.#announce(this.#state === 'ready' ? (this.#count.textContent ?? '') : 'Sorry, these listings still cannot be shown');
  }

  #render(): void {
    const options = this.#options;
    if (!options) return;
    this.#renderHeading(options);
    const ready = this.#state === 'ready' && this.#feed !== null;
    this.#fallback.hidden = ready;
    this.#search.hidden = !(ready && options.search);
    this.#count.hidden = !ready;
    this.#footer.hidden = !ready;
    if (this.#state === 'loading') {
      const loading = h('p', { class: 'message', part: 'message loading', tabindex: this.#retrying ? '-1' : null }, 'Loading listings from LOOP…');
      this.#body.replaceChildren(loading);
      if (this.#retrying) loading.focus();
    } else if (this.#state === 'error') {
      this.#body.replaceChildren(this.#errorMessage(options));
    } else if (ready) {
      this.#renderListings(options, this.#feed!);
    }
    this.#settleRetry();
  }

  #renderHeading(options: WidgetOptions): void {
    const wanted = options.heading ? `H${Math.min(6, Math.max(1, options.headingLevel))}` : 'SPAN';
    if (this.#heading.tagName !== wanted) {
      const next = options.heading ? heading(options.headingLevel, { class: 'heading', part: 'heading' }) : h('span', { hidden: true });
      this.#heading.replaceWith(next);
      this.#heading = next;
    }
    this.#heading.textContent = options.heading;
  }

  #errorMessage(options: WidgetOptions): HTMLElement {
    const site = options.site;
    const retry = this.#retry ? h('button', { type: 'button', part: 'button retry' }, 'Try again') : null;
    retry?.addEventListener('click', () => {
      this.#retrying = true;
      this.#feedUrl = '';
      this.#update();
    });
    return h(
      'div',
      { class: 'message', part: 'message error' },
      h('p', {}, h('strong', {}, 'Sorry, these listings cannot be shown right now.')),
      this.#error ? h('p', {}, `${this.#error}.`) : null,
      site ? h('p', {}, link(site, { part: 'link' }, options.target, 'Find health and care help on LOOP')) : null,
      retry ? h('p', {}, retry) : null,
    );
  }

  #renderListings(options: WidgetOptions, feed: Feed): void {
    const selected = selectShown(feed, options.filters, this.#cityWide);
    const query = options.search ? this.#query : '';
    const own = query ? search(selected.own, query) : selected.own;
    const cityWide = new Set(query ? search(selected.cityWide, query) : selected.cityWide);
    const found = [...own, ...cityWide];
    const shown = paginate(found, options.paging ? this.#page : 1, options.limit);
    this.#page = shown.page;
    this.#count.textContent = summaryText(options.paging ? shown : { ...shown, pages: found.length > shown.items.length ? 2 : 1 }, query);
    const nameLevel = options.heading ? options.headingLevel + 1 : options.headingLevel;
    const parts: Node[] = [];
    if (shown.items.length) {
      const ownShown = shown.items.filter((item) => !cityWide.has(item));
      const cityShown = shown.items.filter((item) => cityWide.has(item));
      // The first list takes focus after a search or a new page.
      if (ownShown.length) parts.push(h('ul', { class: 'list', part: 'list', role: 'list', tabindex: '-1', 'aria-labelledby': 'count' }, ...ownShown.map((item) => this.#safeListing(item, nameLevel, options.target))));
      if (cityShown.length) {
        // The site's ward pages say the same: help open to everyone in the city, after the ward's own.
        parts.push(
          heading(nameLevel, { class: 'also', part: 'also-heading', id: 'also' }, `Also open to everyone in ${selected.cityName || 'the city'}`),
          h('ul', { class: 'list', part: 'list also', role: 'list', tabindex: ownShown.length ? null : '-1', 'aria-labelledby': 'also' }, ...cityShown.map((item) => this.#safeListing(item, nameLevel, options.target))),
        );
      }
    } else {
      parts.push(h('p', { class: 'message', part: 'message empty', tabindex: '-1' }, query ? 'Try another word, or clear the search to see every listing here.' : 'There are no listings here at the moment.'));
    }
    if (options.paging && shown.pages > 1) parts.push(this.#paging(shown.page, shown.pages));
    this.#body.replaceChildren(...parts);

    const site = options.site!;
    // "See all N" only when LOOP's page for the filter lists those N (a ward's page lists its own, then links to the city's).
    const single = options.filters.length <= 1 && !cityWide.size && !query && found.length > shown.items.length && !options.paging;
    const more = single ? `See all ${plural(found.length, 'listing')} on LOOP` : 'Find more health and care help on LOOP';
    this.#footer.replaceChildren(link(pageFor(site, options.filters), { part: 'link' }, options.target, more), feed.attribution ? ` ${feed.attribution}.` : '');
    this.dispatchEvent(new CustomEvent('loop-listings-render', { bubbles: true, composed: true, detail: { total: found.length, shown: shown.items.length, page: shown.page, pages: shown.pages } }));
  }

  /**
   * One listing, or nothing when it cannot be drawn: listingOf has already checked every field, so this only guards
   * against a fault of our own costing the page every other listing.
   */
  #safeListing(item: Listing, level: number, target: string): HTMLLIElement | null {
    try {
      return this.#listing(item, level, target);
    } catch (error) {
      console.error('<loop-listings>: a listing could not be shown', error);
      return null;
    }
  }

  #listing(item: Listing, level: number, target: string): HTMLLIElement {
    const name = text(item.name);
    const page = safeHttpUrl(item.page_url);
    const organisation = text(item.organisation?.name);
    const details: Node[] = [];
    const phones = phonesOf(item);
    if (phones.length) {
      details.push(
        h('dt', {}, phones.length > 1 ? 'Phone numbers' : 'Phone'),
        h('dd', {}, ...phones.flatMap((p, i) => [i ? h('br') : null, link(p.href, { part: 'phone' }, target, p.number), p.description ? ` (${p.description})` : ''])),
      );
    }
    const opening = openingOf(item);
    if (opening.lines.length) {
      details.push(h('dt', {}, 'When'), h('dd', { part: 'opening' }, ...opening.lines.flatMap((line, i) => [i ? h('br') : null, line]), opening.more ? h('br') : null, opening.more ? 'More times on the full listing' : null));
    }
    const website = safeHttpUrl(item.website);
    if (website) {
      details.push(h('dt', {}, 'Website'), h('dd', {}, link(website, { part: 'website' }, target, new URL(website).host.replace(/^www\./, ''), h('span', { class: 'vh' }, ` (website of ${name})`))));
    }
    const reviewed = dateInWords(item.reviewed);
    const notices = [text(item.status) === 'temporarily closed' ? 'Temporarily closed.' : '', text(item.alert)].filter(Boolean);
    return h(
      'li',
      { class: 'item', part: 'item' },
      heading(level, { class: 'name', part: 'name' }, link(page, { part: 'name-link' }, target, name)),
      organisation && organisation !== name ? h('p', { class: 'organisation', part: 'organisation' }, organisation) : null,
      ...notices.map((notice) => h('p', { class: 'notice', part: 'notice' }, notice)),
      text(item.summary) ? h('p', { part: 'summary' }, text(item.summary)) : null,
      details.length ? h('dl', { part: 'details' }, ...details) : null,
      reviewed || item.freshness === 'overdue'
        ? h(
            'p',
            { class: 'reviewed', part: 'reviewed' },
            reviewed ? `Last reviewed ${reviewed}.` : '',
            item.freshness === 'overdue' ? h('span', { class: 'warning', part: 'warning' }, 'This listing may be out of date: please check with the organisation before you go.') : null,
          )
        : null,
      h('p', {}, link(page, { part: 'more-link' }, target, 'Full details', h('span', { class: 'vh' }, ` of ${name}`))),
    );
  }

  #paging(page: number, pages: number): HTMLElement {
    const go = (to: number) => () => {
      this.#page = to;
      this.#render();
      // Focus the new page's list (labelled by "Showing 11 to 20 of 34 listings"), so keyboard and screen reader
      // users land on what changed instead of on a button that may now be disabled.
      this.#body.querySelector<HTMLElement>('.list')?.focus();
    };
    const previous = h('button', { type: 'button', part: 'button previous', disabled: page <= 1 }, 'Previous page');
    const next = h('button', { type: 'button', part: 'button next', disabled: page >= pages }, 'Next page');
    previous.addEventListener('click', go(page - 1));
    next.addEventListener('click', go(page + 1));
    return h('div', { class: 'paging', part: 'paging' }, previous, h('span', { part: 'page-number' }, `Page ${page} of ${pages}`), next);
  }
}

/**
 * Registers <loop-listings> once (a page that loads both the classic script and the module, or one twice, keeps the
 * first). `scriptUrl` is where this script was loaded from: it tells the element where LOOP is.
 */
export function defineLoopListings(scriptUrl: string | null | undefined): void {
  scriptSite = siteOfScript(scriptUrl);
  if (!customElements.get('loop-listings')) customElements.define('loop-listings', LoopListingsElement);
}
