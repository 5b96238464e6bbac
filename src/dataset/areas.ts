/**
 * Where a listing is, in terms of LOOP's areas (the city, its wards, postcode districts). One definition for the
 * area browse pages and the search filter, so "Armley" lists the same things in both.
 */
import type { Dataset, ListingRecord } from './dataset.ts';
import { normalisePostcode } from '../model/formats.ts';
import { CITY_WIDE_AREA } from '../urls/public.ts';

/** The area every listing open to the whole city carries; an area search always includes it (the widget's too). */
export const WHOLE_CITY = CITY_WIDE_AREA;

/** "LS7 3EX" -> "postcode/ls7", when the district is a known area. */
export function postcodeDistrict(dataset: Dataset, postalCode: string): string | null {
  const postcode = normalisePostcode(postalCode);
  const district = postcode ? `postcode/${postcode.split(' ')[0]!.toLowerCase()}` : null;
  return district && dataset.term('area', district) ? district : null;
}

/**
 * The areas a listing names, the wards and postcode districts of its venues, and the whole city when it names no
 * area and has no venue (a city-wide phone line, an app, a leaflet). Broader areas are not added: a service only
 * for Armley must not turn up under every ward through "Leeds".
 */
export function areasOf(dataset: Dataset, listing: ListingRecord): string[] {
  const out = new Set<string>();
  if (listing.listing === 'resource') return [WHOLE_CITY];
  for (const area of listing.service_areas ?? []) out.add(area);
  for (const at of listing.locations ?? []) {
    const location = dataset.location(at.location);
    if (!location) continue;
    if (location.ward) out.add(location.ward);
    const district = location.address ? postcodeDistrict(dataset, location.address.postal_code) : null;
    if (district) out.add(district);
  }
  if (!listing.service_areas?.length && !listing.locations?.length) out.add(WHOLE_CITY);
  return [...out];
}
