import { existsSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { findDuplicateListings, findDuplicateOrganisations } from '../../checks/rules/duplicates.ts';
import type { Dataset } from '../../dataset/dataset.ts';
import { defaultDataDir, resolveDataDir, validateData } from '../../checks/load.ts';
import { scoreSimilarity } from '../../dataset/similarity.ts';
import { listingProfile, organisationProfile } from '../../importers/sync/matching.ts';
import { UsageError, type Command } from '../command.ts';
import { today } from '../../model/clock.ts';

export interface DuplicatePair {
  kind: 'listing' | 'organisation';
  first: string;
  second: string;
  firstName: string;
  secondName: string;
  /** 0..1; 1 when the evidence is conclusive (same identifier or same source record). */
  score: number;
  evidence: string[];
}

const LISTING_WORDS = { 'name-and-postcode': 'same name and postcode', 'name-in-organisation': 'same name in the same organisation, descriptions alike', phone: 'same phone', url: 'same web address', provenance: 'imported from the same source record' } as const;
const ORG_WORDS = { identifier: 'same', name: 'same name', email: 'same email', website: 'same website', provenance: 'imported from the same source record' } as const;

/** Every likely duplicate pair in the dataset, with its evidence, highest score first. */
export function duplicatePairs(dataset: Dataset): DuplicatePair[] {
  const pairs = new Map<string, DuplicatePair>();
  const add = (kind: DuplicatePair['kind'], a: { file: string; name: string }, b: { file: string; name: string }, evidence: string, score: number) => {
    const key = `${kind}|${a.file}|${b.file}`;
    const pair = pairs.get(key) ?? { kind, first: a.file, second: b.file, firstName: a.name, secondName: b.name, score, evidence: [] };
    if (!pair.evidence.includes(evidence)) pair.evidence.push(evidence);
    pair.score = Math.max(pair.score, score);
    pairs.set(key, pair);
  };
  for (const d of findDuplicateListings(dataset)) {
    const { score, reasons } = scoreSimilarity(listingProfile(d.first, dataset), listingProfile(d.second, dataset));
    add('listing', d.first, d.second, `${LISTING_WORDS[d.reason]} (${d.value})`, d.reason === 'provenance' ? 1 : score);
    for (const r of reasons) add('listing', d.first, d.second, r, d.reason === 'provenance' ? 1 : score);
  }
  for (const d of findDuplicateOrganisations(dataset)) {
    const { score, reasons } = scoreSimilarity(organisationProfile(d.first), organisationProfile(d.second));
    const conclusive = d.reason === 'identifier' || d.reason === 'provenance';
    add('organisation', d.first, d.second, `${ORG_WORDS[d.reason]} ${d.reason === 'name' ? `("${d.value}")` : d.value}`, conclusive ? 1 : score);
    for (const r of reasons) add('organisation', d.first, d.second, r, conclusive ? 1 : score);
  }
  return [...pairs.values()].sort((a, b) => b.score - a.score || (a.first < b.first ? -1 : 1));
}

export const duplicatesCommand: Command = {
  name: 'duplicates',
  summary: 'List likely duplicate listings and organisations with their evidence (exit 1 when there are any)',
  usage: 'npx loop duplicates [--data DIR] [--format text|json] [--as-of YYYY-MM-DD]',
  async run(args, io) {
    const { values } = parseArgs({ args, options: { data: { type: 'string' }, format: { type: 'string', default: 'text' }, 'as-of': { type: 'string' } }, strict: true });
    if (values.format !== 'text' && values.format !== 'json') throw new UsageError('--format must be text or json');
    const dataDir = values.data ? resolveDataDir(resolve(io.cwd, values.data)) : defaultDataDir(io.cwd);
    if (!existsSync(dataDir)) throw new UsageError(`no data folder at ${relative(io.cwd, dataDir) || '.'}`);
    const result = await validateData({ dataDir, root: io.cwd, asOf: today({ asOf: values['as-of'] }) });
    if (!result.dataset) {
      io.stderr('loop duplicates: the data cannot be read (run `npx loop validate`)');
      return 1;
    }
    const pairs = duplicatePairs(result.dataset);
    if (values.format === 'json') {
      io.stdout(JSON.stringify({ pairs, invalid_files_skipped: result.errors > 0 }, null, 2));
      return pairs.length ? 1 : 0;
    }
    const out: string[] = [];
    if (result.errors) out.push(`Note: ${result.errors} error${result.errors === 1 ? '' : 's'} in the data; files that fail validation are not compared.`, '');
    if (!pairs.length) out.push('No likely duplicates.');
    for (const kind of ['listing', 'organisation'] as const) {
      const list = pairs.filter((p) => p.kind === kind);
      if (!list.length) continue;
      out.push(`Likely duplicate ${kind}s (${list.length} pair${list.length === 1 ? '' : 's'}):`);
      for (const p of list) {
        out.push(`  ${p.first}  ~  ${p.second}   score ${p.score.toFixed(2)}`);
        out.push(`      "${p.firstName}" / "${p.secondName}": ${p.evidence.join('; ')}`);
      }
      out.push('');
    }
    if (pairs.length) out.push('If two are the same, keep one file and move anything missing into it; if not, make their names tell them apart.');
    io.stdout(out.join('\n').trimEnd());
    return pairs.length ? 1 : 0;
  },
};
