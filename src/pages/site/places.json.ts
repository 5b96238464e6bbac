/** /site/places.json: venues with coordinates and their services, for the near-me page (see src/site/geo/places.ts). */
import { catalogueOf } from '../../dataset/catalogue.ts';
import { getDataset } from '../../site/dataset.ts';
import { placesFile } from '../../site/geo/places-file.ts';
import { locationPath } from '../../urls/site.ts';

export function GET(): Response {
  const dataset = getDataset();
  return new Response(JSON.stringify(placesFile(dataset, catalogueOf(dataset), locationPath)), { headers: { 'Content-Type': 'application/json' } });
}
