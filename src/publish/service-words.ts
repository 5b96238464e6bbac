/**
 * What a search finds a service by, as the edge's query index (edge.ts) and the search page's word index
 * (src/site/search/word-files.ts) both index it, and the search page's word index made from the full services' JSON texts. Pure and
 * light (no Dataset), so the word index can be made in a worker thread from services.ndjson
 * (search-words-worker.ts) as well as in the publishing thread.
 */
import { indexedText } from '../edge/query-index.ts';
import { buildWordIndex, type WordsInfo } from '../edge/word-index.ts';
import type { OrukObject } from './oruk.ts';

function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function termNamesOf(service: OrukObject): string[] {
  return ((service.attributes as OrukObject[] | undefined) ?? []).flatMap((a) => {
    const term = a.taxonomy_term as OrukObject | undefined;
    return term && text(term.id) && text(term.name) ? [text(term.name)!] : [];
  });
}

/**
 * A service's search words (`s`: its name, other name, description, organisation and terms' names) and name words
 * (`t`), normalised by `indexedText`, so a search finds the same services through the edge and the search page.
 */
export function serviceWords(service: OrukObject, termNames: readonly string[] = termNamesOf(service)): { s: string; t: string } {
  const organisation = service.organization as OrukObject | undefined;
  return {
    s: indexedText(text(service.name), text(service.alternate_name), text(service.description), text(organisation?.name), ...termNames),
    t: indexedText(text(service.name), text(service.alternate_name)),
  };
}

/** A word index's files before they are stamped (buildWordIndex): what the worker hands back. */
export interface WordIndexBodies {
  info: WordsInfo;
  suffixes: string[];
  postings: string[];
}

/**
 * The word index of the services `ids` (their positions: the search page's order), from every service's JSON text
 * (`services`, one per listing, in any order; others are passed over). Every id must be found: a listed listing
 * missing from the services would be unfindable.
 */
export function searchWordIndex(services: Iterable<string>, ids: readonly string[], shardBytes: number): WordIndexBodies {
  const position = new Map(ids.map((id, i) => [id, i]));
  const texts = new Array<string>(ids.length).fill('');
  const names = new Array<string>(ids.length).fill('');
  let found = 0;
  for (const json of services) {
    const service = JSON.parse(json) as OrukObject;
    const at = position.get(text(service.id) ?? '');
    if (at === undefined) continue;
    const words = serviceWords(service);
    texts[at] = words.s;
    names[at] = words.t;
    found++;
  }
  if (found !== ids.length) throw new Error(`the search word index found ${found} of the ${ids.length} listed listings among the ORUK services`);
  return buildWordIndex(texts, names, shardBytes);
}
