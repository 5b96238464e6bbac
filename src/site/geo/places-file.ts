/** The near-me places file, made at build time from the Dataset (its shape and the browser's side: places.ts). */
import type { Dataset } from '../../dataset/dataset.ts';
import type { Catalogue } from '../../dataset/catalogue.ts';
import { listingPath } from '../../urls/site.ts';
import { filterValues } from '../search/filters.ts';
import { cardKeyOf } from '../cards.ts';
import type { Place, PlaceService, PlacesFile } from './places.ts';

/** Coordinates rounded to about 10 m: plenty for "which is nearest", and a smaller file. */
const round = (n: number) => Math.round(n * 10_000) / 10_000;

export function placesFile(dataset: Dataset, catalogue: Catalogue, locationPath: (slug: string) => string): PlacesFile {
  const services: PlaceService[] = [];
  const serviceIndex = new Map<string, number>();
  const tokens = new Map<string, number>();
  const token = (t: string) => tokens.get(t) ?? (tokens.set(t, tokens.size), tokens.size - 1);
  for (const listing of dataset.listings) {
    if (!catalogue.isListed(listing)) continue;
    serviceIndex.set(listing.id, services.length);
    const values = Object.entries(filterValues(dataset, catalogue, listing)).flatMap(([key, list]) => list.map((v) => token(`${key}:${v}`)));
    services.push([listing.name, listingPath(listing), dataset.organisationOf(listing).name, cardKeyOf(dataset, listing), values]);
  }
  const places: Place[] = [];
  for (const location of dataset.locations) {
    if (location.latitude === undefined || location.longitude === undefined) continue;
    const here = catalogue.servicesAt(location.slug).flatMap((service) => {
      const i = serviceIndex.get(service.id);
      return i === undefined ? [] : [i];
    });
    if (here.length) places.push([round(location.latitude), round(location.longitude), location.name, locationPath(location.slug), here]);
  }
  const wards = dataset.terms('area').filter((t) => t.slug.startsWith('ward/')).map((t): [string, string] => [t.slug, t.name]);
  return { places, services, tokens: [...tokens.keys()], wards };
}
