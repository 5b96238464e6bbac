/** /site/cards.json: the facts of every listed listing for the shortlist, its print view and the time filters (src/site/cards.ts). */
import { catalogueOf } from '../../dataset/catalogue.ts';
import { getDataset } from '../../site/dataset.ts';
import { cardsFile } from '../../site/cards.ts';

export function GET(): Response {
  const dataset = getDataset();
  return new Response(JSON.stringify(cardsFile(dataset, catalogueOf(dataset))), { headers: { 'Content-Type': 'application/json' } });
}
