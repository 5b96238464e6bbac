/**
 * Near me's results on the page: the nearest (a page at a time), "Also available to you", the status line, and the
 * postcode error. Clearing is one call, so nothing from an earlier postcode stays under a new one's error.
 */
import { alsoAvailable, matchesFilters, nearestServices, type Nearby, type PlaceService, type PlacesFile } from '../../geo/places.ts';
import { alsoItem, nearbyItem } from './render.ts';

const PAGE_SIZE = 20;

/** Where the results are for. `point` is null when only the areas are known (postcodes.io unreachable). */
export interface Here {
  point: { lat: number; lon: number } | null;
  areas: string[];
  from: string;
}

export function nearMeView(root: HTMLElement) {
  const el = <T extends HTMLElement>(selector: string) => root.querySelector<T>(selector)!;
  const [input, error, status, heading, list, more, alsoHeading, alsoList, filtersOn] = [
    '#postcode', '#postcode-error', '#near-status', '#near-heading', '#near-results', '#near-more', '#also-heading', '#also-results', '#near-filters-on',
  ].map((s) => el<HTMLElement>(s)) as [HTMLInputElement, HTMLElement, HTMLElement, HTMLElement, HTMLOListElement, HTMLButtonElement, HTMLElement, HTMLUListElement, HTMLElement];
  const base = root.dataset.base ?? '';
  const cityWide = root.dataset.cityWide ?? 'leeds';
  let results: Nearby[] = [];
  let shown = 0;

  function showMore(focusFirst: boolean): void {
    const items = results.slice(shown, shown + PAGE_SIZE).map((n) => nearbyItem(n, base));
    list.append(...items);
    shown += items.length;
    more.hidden = shown >= results.length;
    if (focusFirst) items[0]?.querySelector('a')?.focus();
  }
  more.addEventListener('click', () => showMore(true));

  return {
    status: (text: string) => (status.textContent = text),
    error(message: string): void {
      error.textContent = message;
      error.hidden = !message;
      if (message) input.setAttribute('aria-invalid', 'true');
      else input.removeAttribute('aria-invalid');
      input.setAttribute('aria-describedby', message ? 'postcode-hint postcode-error' : 'postcode-hint');
    },
    clear(): void {
      results = [];
      shown = 0;
      list.replaceChildren();
      alsoList.replaceChildren();
      heading.hidden = true;
      alsoHeading.hidden = true;
      more.hidden = true;
    },
    /** `open`, when a time filter is on, says which listings (by short key) are open then. */
    show(file: PlacesFile, here: Here, chosen: ReadonlyMap<string, readonly string[]>, open?: (key: string) => boolean): void {
      const on = [...chosen.values()].flat().length + (open ? 1 : 0);
      filtersOn.textContent = on ? ` (${on} on)` : '';
      const matches = matchesFilters(file, chosen);
      const keep = open ? (s: PlaceService) => matches(s) && open(s[3]) : matches;
      results = here.point ? nearestServices(file, here.point.lat, here.point.lon, keep) : [];
      const also = alsoAvailable(file, [cityWide, ...here.areas], results, keep);
      list.replaceChildren();
      shown = 0;
      heading.textContent = `Nearest to ${here.from}`;
      heading.hidden = !here.point;
      showMore(false);
      alsoList.replaceChildren(...also.map((s) => alsoItem(s, file.tokens, base)));
      alsoHeading.hidden = also.length === 0;
      const filtered = on ? ' that match your filters' : '';
      const n = (x: number) => x.toLocaleString('en-GB');
      status.textContent = here.point
        ? `${n(results.length)} at a venue${filtered}, nearest to ${here.from} first, and ${n(also.length)} more available to you by phone, online or across the city.`
        : `We could not look up where ${here.from} is just now, so these are not sorted by distance: ${n(also.length)} available to you${filtered}.`;
    },
  };
}
