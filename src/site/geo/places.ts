/**
 * Near me, without downloading the dataset: a compact file of venues with coordinates, every listed listing (name,
 * path, organisation, short key, and its filter values and areas as "key:value" tokens, so a postcode combines with
 * every filter), and the wards by name (postcodes.io names a postcode's ward); built from the Dataset, with the
 * distance maths the browser sorts them with. Listings without a venue are there too: "Also available to you" lists
 * the city-wide, phone and online help whose areas cover the postcode's ward or district. This module runs in the
 * browser, so it imports nothing (the model's code would come with it); places-file.ts makes the file at build time.
 */

/** [latitude, longitude, venue name, venue path, indexes into `services`] */
export type Place = [number, number, string, string, number[]];
/** [listing name, listing path, organisation name, short key, its filter values as indexes into `tokens`] */
export type PlaceService = [string, string, string, string, number[]];

export interface PlacesFile {
  places: Place[];
  services: PlaceService[];
  /** Filter values as "key:value" ("category:carers-support", "area:leeds"), each once. */
  tokens: string[];
  /** [area slug ("ward/armley"), ward name ("Armley")] */
  wards: [string, string][];
}

const EARTH_RADIUS_MILES = 3958.8;

/** Great-circle distance in miles (haversine). */
export function distanceMiles(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const rad = Math.PI / 180;
  const dLat = (lat2 - lat1) * rad;
  const dLon = (lon2 - lon1) * rad;
  const a = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_MILES * Math.asin(Math.min(1, Math.sqrt(a)));
}

/** "0.3 miles", "1 mile", "12 miles". */
export function formatMiles(miles: number): string {
  if (miles < 0.1) return 'less than 0.1 miles';
  const rounded = miles < 10 ? Math.round(miles * 10) / 10 : Math.round(miles);
  return `${rounded} ${rounded === 1 ? 'mile' : 'miles'}`;
}

export interface Nearby {
  service: PlaceService;
  place: Place;
  miles: number;
}

/** Every service at a venue, at its nearest venue to the point, nearest first; `keep` says which services count. */
export function nearestServices(file: PlacesFile, lat: number, lon: number, keep: (service: PlaceService) => boolean = () => true): Nearby[] {
  const best = new Map<number, Nearby>();
  for (const place of file.places) {
    const miles = distanceMiles(lat, lon, place[0], place[1]);
    for (const i of place[4]) {
      const current = best.get(i);
      if (current && miles >= current.miles) continue;
      const service = file.services[i]!;
      if (keep(service)) best.set(i, { service, place, miles });
    }
  }
  return [...best.values()].sort((a, b) => a.miles - b.miles || a.service[0].localeCompare(b.service[0], 'en-GB'));
}

/** Help people can use from anywhere: a phone line, online, or no venue at all. */
const REMOTE = ['delivery:phone', 'delivery:online'];

/** The listing's filter values as "key:value" strings. */
export function tokensOf(file: PlacesFile, service: PlaceService): string[] {
  return service[4].map((i) => file.tokens[i]!);
}

/**
 * "Also available to you": listings without a venue nearby to sort, or offered by phone or online, whose areas
 * cover one of `areas` (the whole city, the postcode's ward, its district), by name; none already in `nearby`.
 */
export function alsoAvailable(file: PlacesFile, areas: readonly string[], nearby: readonly Nearby[], keep: (service: PlaceService) => boolean = () => true): PlaceService[] {
  const placed = new Set(file.places.flatMap((p) => p[4]));
  const shown = new Set(nearby.map((n) => n.service));
  const wanted = new Set(areas.map((a) => `area:${a}`));
  return file.services
    .filter((s, i) => {
      if (shown.has(s) || !keep(s)) return false;
      const tokens = tokensOf(file, s);
      return (!placed.has(i) || tokens.some((t) => REMOTE.includes(t))) && tokens.some((t) => wanted.has(t));
    })
    .sort((a, b) => a[0].localeCompare(b[0], 'en-GB'));
}

/** A filter check for services: for each filter key chosen, the service has one of the chosen values. */
export function matchesFilters(file: PlacesFile, chosen: ReadonlyMap<string, readonly string[]>): (service: PlaceService) => boolean {
  return (service) => {
    const tokens = new Set(tokensOf(file, service));
    return [...chosen].every(([key, values]) => values.some((v) => tokens.has(`${key}:${v}`)));
  };
}

/** A full UK postcode ("LS7 3EX") or an outward code ("LS7"), normalised, with the postcodes.io path to look it up. */
export function postcodeQuery(input: string): { postcode: string; path: string } | null {
  const compact = input.toUpperCase().replace(/[^A-Z0-9]/g, '');
  const full = /^([A-Z]{1,2}[0-9][A-Z0-9]?)([0-9][A-Z]{2})$/.exec(compact);
  if (full) return { postcode: `${full[1]} ${full[2]}`, path: `postcodes/${encodeURIComponent(`${full[1]} ${full[2]}`)}` };
  if (/^[A-Z]{1,2}[0-9][A-Z0-9]?$/.test(compact)) return { postcode: compact, path: `outcodes/${compact}` };
  return null;
}
