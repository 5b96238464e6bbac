/** Near-me result items as DOM text nodes: the nearest (with distance and venue) and "Also available to you". */
import { formatMiles, type Nearby, type PlaceService } from '../../geo/places.ts';
import { saveButtonFor } from '../save-button.ts';

function heading(service: PlaceService, base: string): HTMLHeadingElement {
  const h3 = document.createElement('h3');
  const a = document.createElement('a');
  a.href = `${base}${service[1]}`;
  a.textContent = service[0];
  h3.append(a);
  return h3;
}

export function nearbyItem(n: Nearby, base: string): HTMLLIElement {
  const li = document.createElement('li');
  const meta = document.createElement('p');
  meta.className = 'meta';
  const place = document.createElement('a');
  place.href = `${base}${n.place[3]}`;
  place.textContent = n.place[2];
  meta.append(`${formatMiles(n.miles)} away, at `, place, `. From ${n.service[2]}.`);
  li.append(heading(n.service, base), meta, saveButtonFor(n.service[3], n.service[0]));
  return li;
}

const HOW: Record<string, string> = { 'delivery:phone': 'by phone', 'delivery:online': 'online', 'area:leeds': 'across Leeds' };

export function alsoItem(service: PlaceService, tokens: readonly string[], base: string): HTMLLIElement {
  const li = document.createElement('li');
  const meta = document.createElement('p');
  meta.className = 'meta';
  const how = service[4].flatMap((i) => HOW[tokens[i]!] ?? []);
  meta.textContent = `${how.length ? `${how.join(', ').replace(/^./, (c) => c.toUpperCase())}. ` : ''}From ${service[2]}.`;
  li.append(heading(service, base), meta, saveButtonFor(service[3], service[0]));
  return li;
}
