/**
 * Near me in the browser: a postcode (the offline district table, else postcodes.io) or the browser's own
 * location, combined with every filter, then the listings at venues by distance and "Also available to you": the
 * city-wide, phone and online help covering the postcode's ward or district. A postcode that is not one, or that is
 * not found, clears the previous results and says why (role=alert). Nothing about the person's location leaves the
 * browser except a typed postcode, sent to postcodes.io, as the page says. The parts are in ./near-me/.
 */
import { postcodeQuery, type PlacesFile } from '../geo/places.ts';
import { lookUp } from './near-me/lookup.ts';
import { nearMeView, type Here } from './near-me/view.ts';
import { fillTimeOptions, openCheck } from './search/time-filter.ts';

const root = document.querySelector<HTMLElement>('#near-me');
if (root) enhance(root);

function chosenFilters(form: HTMLFormElement): Map<string, string[]> {
  const chosen = new Map<string, string[]>();
  const data = new FormData(form);
  for (const key of new Set(data.keys())) {
    if (key === 'postcode' || key === 'when') continue;
    const values = data.getAll(key).map(String).filter(Boolean);
    if (values.length) chosen.set(key, values);
  }
  return chosen;
}

function enhance(root: HTMLElement): void {
  const form = root.querySelector<HTMLFormElement>('#near-form')!;
  const input = root.querySelector<HTMLInputElement>('#postcode')!;
  const locate = root.querySelector<HTMLButtonElement>('#locate')!;
  const view = nearMeView(root);
  const whenSelect = root.querySelector<HTMLSelectElement>('#filter-when')!;
  fillTimeOptions(whenSelect);
  for (const node of document.querySelectorAll<HTMLElement>('[data-needs-js]')) node.hidden = false;
  for (const node of document.querySelectorAll<HTMLElement>('[data-no-js]')) node.hidden = true;
  if (!('geolocation' in navigator)) locate.hidden = true;

  let places: Promise<PlacesFile> | undefined;
  const loadPlaces = () =>
    (places ??= fetch(root.dataset.places!).then((r) => {
      if (!r.ok) throw new Error(`places file: HTTP ${r.status}`);
      return r.json() as Promise<PlacesFile>;
    }));
  let here: Here | null = null;

  async function show(): Promise<void> {
    if (!here) return;
    try {
      const when = whenSelect.value;
      view.show(await loadPlaces(), here, chosenFilters(form), when ? await openCheck(when, root.dataset.cards!) : undefined);
    } catch {
      view.status('Sorry, the list of places could not be loaded. Please try again.');
    }
  }
  function refuse(message: string): void {
    here = null;
    view.clear();
    view.status('');
    view.error(message);
    input.focus();
  }

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const query = postcodeQuery(input.value);
    if (!query) return refuse('Enter a postcode, like LS7 3EX, or the first part of one, like LS7');
    view.error('');
    view.status(`Looking up ${query.postcode}…`);
    const found = await lookUp(query, root.dataset.postcodes!, loadPlaces());
    if (found.kind === 'unknown') return refuse(`We could not find the postcode ${query.postcode}. Check it and try again.`);
    here = { point: found.kind === 'found' ? { lat: found.latitude, lon: found.longitude } : null, areas: found.areas, from: query.postcode };
    await show();
  });
  form.addEventListener('change', (event) => {
    if (event.target !== input) void show();
  });
  locate.addEventListener('click', () => {
    view.status('Asking your browser where you are…');
    navigator.geolocation.getCurrentPosition(
      (position) => {
        view.error('');
        here = { point: { lat: position.coords.latitude, lon: position.coords.longitude }, areas: [], from: 'your location' };
        void show();
      },
      () => view.status('Your location is not available. You can type a postcode instead.'),
      { maximumAge: 300_000, timeout: 15_000 },
    );
  });
}
