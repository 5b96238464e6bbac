/**
 * Near me in the browser: a postcode (looked up on postcodes.io) or the browser's own location, then the services
 * in the compact places file sorted by distance. Nothing about the person's location leaves the browser except a
 * typed postcode, sent to postcodes.io, as the page says.
 */
import { formatMiles, nearestServices, postcodeQuery, type Nearby, type PlacesFile } from '../geo/places.ts';

const PAGE_SIZE = 20;
const root = document.querySelector<HTMLElement>('#near-me');
if (root) enhance(root);

function enhance(root: HTMLElement): void {
  const el = <T extends HTMLElement>(selector: string) => root.querySelector<T>(selector)!;
  const form = el<HTMLFormElement>('#near-form');
  const input = el<HTMLInputElement>('#postcode');
  const error = el<HTMLElement>('#postcode-error');
  const locate = el<HTMLButtonElement>('#locate');
  const status = el<HTMLElement>('#near-status');
  const heading = el<HTMLElement>('#near-heading');
  const list = el<HTMLOListElement>('#near-results');
  const more = el<HTMLButtonElement>('#near-more');
  const base = root.dataset.base ?? '';
  const lookup = root.dataset.postcodes!;

  for (const node of document.querySelectorAll<HTMLElement>('[data-needs-js]')) node.hidden = false;
  for (const node of document.querySelectorAll<HTMLElement>('[data-no-js]')) node.hidden = true;
  if (!('geolocation' in navigator)) locate.hidden = true;

  let places: Promise<PlacesFile> | undefined;
  const loadPlaces = () =>
    (places ??= fetch(root.dataset.places!).then((r) => {
      if (!r.ok) throw new Error(`places file: HTTP ${r.status}`);
      return r.json() as Promise<PlacesFile>;
    }));
  let results: Nearby[] = [];
  let shown = 0;

  function showError(message: string): void {
    error.textContent = message;
    error.hidden = !message;
    if (message) {
      input.setAttribute('aria-invalid', 'true');
      input.setAttribute('aria-describedby', 'postcode-hint postcode-error');
    } else {
      input.removeAttribute('aria-invalid');
      input.setAttribute('aria-describedby', 'postcode-hint');
    }
  }

  function item(n: Nearby): HTMLLIElement {
    const li = document.createElement('li');
    const h3 = document.createElement('h3');
    const a = document.createElement('a');
    a.href = `${base}${n.service[1]}`;
    a.textContent = n.service[0];
    h3.append(a);
    const meta = document.createElement('p');
    meta.className = 'meta';
    const place = document.createElement('a');
    place.href = `${base}${n.place[3]}`;
    place.textContent = n.place[2];
    meta.append(`${formatMiles(n.miles)} away, at `, place, `. From ${n.service[2]}.`);
    li.append(h3, meta);
    return li;
  }

  function showMore(focusFirst: boolean): void {
    const items = results.slice(shown, shown + PAGE_SIZE).map(item);
    list.append(...items);
    shown += items.length;
    more.hidden = shown >= results.length;
    if (focusFirst) items[0]?.querySelector('a')?.focus();
  }

  async function showNear(lat: number, lon: number, from: string): Promise<void> {
    status.textContent = 'Finding services near you…';
    try {
      results = nearestServices(await loadPlaces(), lat, lon);
    } catch {
      status.textContent = 'Sorry, the list of places could not be loaded. Please try again.';
      return;
    }
    list.replaceChildren();
    shown = 0;
    heading.textContent = `Nearest to ${from}`;
    heading.hidden = false;
    showMore(false);
    status.textContent = results.length
      ? `${results.length.toLocaleString('en-GB')} services with a venue, nearest to ${from} first.`
      : 'No services with a venue were found.';
  }

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const query = postcodeQuery(input.value);
    if (!query) {
      showError('Enter a postcode, like LS7 3EX, or the first part of one, like LS7');
      input.focus();
      return;
    }
    showError('');
    status.textContent = `Looking up ${query.postcode}…`;
    let found: { latitude: number; longitude: number } | undefined;
    try {
      const response = await fetch(`${lookup}${query.path}`);
      const body = (await response.json()) as { status?: number; result?: { latitude?: number | null; longitude?: number | null } };
      if (response.ok && typeof body.result?.latitude === 'number' && typeof body.result.longitude === 'number') {
        found = { latitude: body.result.latitude, longitude: body.result.longitude };
      } else if (response.status === 404) {
        status.textContent = '';
        showError(`We could not find the postcode ${query.postcode}. Check it and try again.`);
        input.focus();
        return;
      }
    } catch {
      // handled below
    }
    if (!found) {
      status.textContent = 'Sorry, the postcode could not be looked up just now. Try again, or use your location.';
      return;
    }
    await showNear(found.latitude, found.longitude, query.postcode);
  });

  locate.addEventListener('click', () => {
    status.textContent = 'Asking your browser where you are…';
    navigator.geolocation.getCurrentPosition(
      (position) => void showNear(position.coords.latitude, position.coords.longitude, 'your location'),
      () => (status.textContent = 'Your location is not available. You can type a postcode instead.'),
      { maximumAge: 300_000, timeout: 15_000 },
    );
  });
  more.addEventListener('click', () => showMore(true));
}
