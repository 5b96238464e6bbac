/**
 * Where a postcode is: its district's centre from the offline table when it holds it (src/site/geo/districts.ts),
 * else postcodes.io, which also names the ward. The answer says which areas the place is in ("postcode/ls7",
 * "ward/chapel-allerton"), for "Also available to you".
 */
import { districtCentre } from '../../geo/districts.ts';
import type { PlacesFile } from '../../geo/places.ts';

export type Lookup =
  | { kind: 'found'; latitude: number; longitude: number; areas: string[] }
  | { kind: 'unknown' }
  | { kind: 'unavailable'; areas: string[] };

interface PostcodesIoBody {
  result?: { latitude?: number | null; longitude?: number | null; admin_ward?: string | string[] | null; outcode?: string };
}

/** "Bramley & Stanningley" (LOOP) and "Bramley and Stanningley" (postcodes.io) are one ward. */
const wardKey = (name: string) => name.toLowerCase().replace(/&/g, 'and').replace(/[^a-z0-9]/g, '');

function wardAreas(file: PlacesFile, names: readonly string[]): string[] {
  const bySlug = new Map(file.wards.map(([slug, name]) => [wardKey(name), slug]));
  return names.flatMap((n) => bySlug.get(wardKey(n)) ?? []);
}

export async function lookUp(query: { postcode: string; path: string }, api: string, places: Promise<PlacesFile>): Promise<Lookup> {
  const district = query.postcode.split(' ')[0]!;
  const districtAreas = [`postcode/${district.toLowerCase()}`];
  const offline = query.postcode === district ? districtCentre(district) : undefined;
  if (offline) return { kind: 'found', ...offline, areas: districtAreas };
  let response: Response;
  let body: PostcodesIoBody;
  try {
    response = await fetch(`${api}${query.path}`);
    body = (await response.json()) as PostcodesIoBody;
  } catch {
    return { kind: 'unavailable', areas: districtAreas };
  }
  const r = body.result;
  if (response.ok && typeof r?.latitude === 'number' && typeof r.longitude === 'number') {
    const wards = r.admin_ward ? (Array.isArray(r.admin_ward) ? r.admin_ward : [r.admin_ward]) : [];
    return { kind: 'found', latitude: r.latitude, longitude: r.longitude, areas: [...districtAreas, ...wardAreas(await places, wards)] };
  }
  return response.status === 404 ? { kind: 'unknown' } : { kind: 'unavailable', areas: districtAreas };
}
