/**
 * Near me in the browser: a postcode (the offline district table, else postcodes.io) or the browser's own
 * location, combined with every filter, then the listings at venues by distance and "Also available to you": the
 * city-wide, phone and online help covering the postcode's ward or district. A postcode that is not one, or that is
 * not found, clears the previous results and says why (role=alert). Nothing about the person's location leaves the
 * browser except a typed postcode, sent to postcodes.io, as the page says.
 */
import { alsoAvailable, matchesFilters, nearestServices, postcodeQuery, type Nearby, type PlaceService, type PlacesFile } from '../geo/places.ts';
import { lookUp } from './near-me/lookup.ts';
import { alsoItem, nearbyItem } from './near-me/render.ts';

const PAGE_SIZE = 20;
const root = document.querySelector<HTMLElement>('#near-me');
if (root) enhance(root);

interface Here {
  /** Null when only the areas are known (postcodes.io unreachable). */
  point: { lat: number; lon: number } | null;
  areas: string[];
  from: string;
}

function chosenFilters(form: HTMLFormElement): Map<string, string[]> {
  const chosen = new Map<string, string[]>();
  const data = new FormData(form);
  for (const key of new Set(data.keys())) {
    if (key === 'postcode') continue;
    const values = data.getAll(key).map(String).filter(Boolean);
    if (values.length) chosen.set(key, values);
  }
  return chosen;
}

function enhance(root: HTMLElement): void {
  const el = <T extends HTMLElement>(selector: string) => root.querySelector<T>(selector)!;
  const form = el<HTMLFormElement>('#near-form');
  const input = el<HTMLInputElement>('#postcode');
  const error = el<HTMLElement>('#postcode-error');
  const status = el<HTMLElement>('#near-status');
  const heading = el<HTMLElement>('#near-heading');
  const list = el<HTMLOListElement>('#near-results');
  const more = el<HTMLButtonElement>('#near-more');
  const alsoHeading = el<HTMLElement>('#also-heading');
  const alsoList = el<HTMLUListElement>('#also-results');
  const filtersOn = el<HTMLElement>('#near-filters-on');
  const base = root.dataset.base ?? '';

  for (const node of document.querySelectorAll<HTMLElement>('[data-needs-js]')) node.hidden = false;
  for (const node of document.querySelectorAll<HTMLElement>('[data-no-js]')) node.hidden = true;
  if (!('geolocation' in navigator)) el<HTMLButtonElement>('#locate').hidden = true;

  let places: Promise<PlacesFile> | undefined;
  const loadPlaces = () =>
    (places ??= fetch(root.dataset.places!).then((r) => {
      if (!r.ok) throw new Error(`places file: HTTP ${r.status}`);
      return r.json() as Promise<PlacesFile>;
    }));
  let here: Here | null = null;
  let results: Nearby[] = [];
  let shown = 0;

  function showError(message: string): void {
    error.textContent = message;
    error.hidden = !message;
    if (message) input.setAttribute('aria-invalid', 'true');
    else input.removeAttribute('aria-invalid');
    input.setAttribute('aria-describedby', message ? 'postcode-hint postcode-error' : 'postcode-hint');
  }

  /** Nothing from an earlier postcode may stay on screen under a new one's error. */
  function clearResults(): void {
    here = null;
    results = [];
    shown = 0;
    list.replaceChildren();
    alsoList.replaceChildren();
    heading.hidden = true;
    alsoHeading.hidden = true;
    more.hidden = true;
  }

  function showMore(focusFirst: boolean): void {
    const items = results.slice(shown, shown + PAGE_SIZE).map((n) => nearbyItem(n, base));
    list.append(...items);
    shown += items.length;
    more.hidden = shown >= results.length;
    if (focusFirst) items[0]?.querySelector('a')?.focus();
  }

  async function show(): Promise<void> {
    if (!here) return;
    let file: PlacesFile;
    try {
      file = await loadPlaces();
    } catch {
      status.textContent = 'Sorry, the list of places could not be loaded. Please try again.';
      return;
    }
    const chosen = chosenFilters(form);
    filtersOn.textContent = chosen.size ? ` (${[...chosen.values()].flat().length} on)` : '';
    const keep = matchesFilters(file, chosen);
    results = here.point ? nearestServices(file, here.point.lat, here.point.lon, keep) : [];
    const also: PlaceService[] = alsoAvailable(file, [root.dataset.cityWide ?? 'leeds', ...here.areas], results, keep);
    list.replaceChildren();
    shown = 0;
    heading.textContent = `Nearest to ${here.from}`;
    heading.hidden = !here.point;
    showMore(false);
    alsoList.replaceChildren(...also.map((s) => alsoItem(s, file.tokens, base)));
    alsoHeading.hidden = also.length === 0;
    const filtered = chosen.size ? ' that match your filters' : '';
    status.textContent = here.point
      ? `${results.length.toLocaleString('en-GB')} at a venue${filtered}, nearest to ${here.from} first, and ${also.length.toLocaleString('en-GB')} more available to you by phone, online or across the city.`
      : `We could not look up where ${here.from} is just now, so these are not sorted by distance: ${also.length.toLocaleString('en-GB')} available to you${filtered}.`;
  }

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const query = postcodeQuery(input.value);
    if (!query) {
      clearResults();
      status.textContent = '';
      showError('Enter a postcode, like LS7 3EX, or the first part of one, like LS7');
      input.focus();
      return;
    }
    showError('');
    status.textContent = `Looking up ${query.postcode}…`;
    const found = await lookUp(query, root.dataset.postcodes!, loadPlaces());
    if (found.kind === 'unknown') {
      clearResults();
      status.textContent = '';
      showError(`We could not find the postcode ${query.postcode}. Check it and try again.`);
      input.focus();
      return;
    }
    here = found.kind === 'found' ? { point: { lat: found.latitude, lon: found.longitude }, areas: found.areas, from: query.postcode } : { point: null, areas: found.areas, from: query.postcode };
    await show();
  });

  form.addEventListener('change', (event) => {
    if (event.target !== input) void show();
  });
  el<HTMLButtonElement>('#locate').addEventListener('click', () => {
    status.textContent = 'Asking your browser where you are…';
    navigator.geolocation.getCurrentPosition(
      (position) => {
        showError('');
        here = { point: { lat: position.coords.latitude, lon: position.coords.longitude }, areas: [], from: 'your location' };
        void show();
      },
      () => (status.textContent = 'Your location is not available. You can type a postcode instead.'),
      { maximumAge: 300_000, timeout: 15_000 },
    );
  });
  more.addEventListener('click', () => showMore(true));
}
