/**
 * Near me, without downloading the dataset: a compact file of venues with coordinates and the services at each
 * (name and path only), built from the Dataset, and the distance maths the browser sorts them with.
 */
import type { Dataset } from '../../dataset/dataset.ts';
import type { Catalogue } from '../../dataset/catalogue.ts';
import { listingPath } from '../../urls/site.ts';

/** [latitude, longitude, venue name, venue path, indexes into `services`] */
export type Place = [number, number, string, string, number[]];
/** [service name, service path, organisation name] */
export type PlaceService = [string, string, string];

export interface PlacesFile {
  places: Place[];
  services: PlaceService[];
}

/** Coordinates rounded to about 10 m: plenty for "which is nearest", and a smaller file. */
const round = (n: number) => Math.round(n * 10_000) / 10_000;

export function placesFile(dataset: Dataset, catalogue: Catalogue, locationPath: (slug: string) => string): PlacesFile {
  const services: PlaceService[] = [];
  const serviceIndex = new Map<string, number>();
  const places: Place[] = [];
  for (const location of dataset.locations) {
    if (location.latitude === undefined || location.longitude === undefined) continue;
    const here: number[] = [];
    for (const service of catalogue.servicesAt(location.slug)) {
      if (!catalogue.isListed(service)) continue;
      let i = serviceIndex.get(service.slug);
      if (i === undefined) {
        i = services.length;
        serviceIndex.set(service.slug, i);
        services.push([service.name, listingPath(service), dataset.organisationOf(service).name]);
      }
      here.push(i);
    }
    if (here.length) places.push([round(location.latitude), round(location.longitude), location.name, locationPath(location.slug), here]);
  }
  return { places, services };
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

/** Every service, at its nearest venue to the point, nearest first. */
export function nearestServices(file: PlacesFile, lat: number, lon: number): Nearby[] {
  const best = new Map<number, Nearby>();
  for (const place of file.places) {
    const miles = distanceMiles(lat, lon, place[0], place[1]);
    for (const i of place[4]) {
      const current = best.get(i);
      if (!current || miles < current.miles) best.set(i, { service: file.services[i]!, place, miles });
    }
  }
  return [...best.values()].sort((a, b) => a.miles - b.miles || a.service[0].localeCompare(b.service[0], 'en-GB'));
}

/** A full UK postcode ("LS7 3EX") or an outward code ("LS7"), normalised, with the postcodes.io path to look it up. */
export function postcodeQuery(input: string): { postcode: string; path: string } | null {
  const compact = input.toUpperCase().replace(/[^A-Z0-9]/g, '');
  const full = /^([A-Z]{1,2}[0-9][A-Z0-9]?)([0-9][A-Z]{2})$/.exec(compact);
  if (full) return { postcode: `${full[1]} ${full[2]}`, path: `postcodes/${encodeURIComponent(`${full[1]} ${full[2]}`)}` };
  if (/^[A-Z]{1,2}[0-9][A-Z0-9]?$/.test(compact)) return { postcode: compact, path: `outcodes/${compact}` };
  return null;
}
