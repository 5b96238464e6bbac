/**
 * LOOP's own ORUK output, imported back into an empty LOOP, gives the same listings: every field the format can
 * carry is compared with the original, record by record. The few that cannot survive the trip are listed below,
 * each with the reason.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, test } from 'vitest';
import type { AnyRecord } from '../../src/dataset/dataset.ts';
import { validateDataSync } from '../../src/checks/load.ts';
import { makeContext } from '../../src/publish/context.ts';
import { orukApiFiles } from '../../src/publish/oruk-api.ts';
import { repoRoot } from '../support/shared.ts';
import { emptyCopy, errorsOf, importJson, IMPORT_DATE, tempDir, validate } from './support.ts';

/**
 * Fields that do not survive LOOP -> ORUK -> LOOP, and why. Everything not listed here must come back unchanged.
 * - `maintainers` (organisations): GitHub handles that may approve changes are repository administration, not
 *   directory data, and the feeds do not publish them.
 * - `provenance`: kept, with one entry added: the import records where it came from (the LOOP feed) after the
 *   entries the feed carried.
 * - `file`: where the record lives is recomputed from the slug, which the feed carries.
 * - Venues no service uses: ORUK 3.0 has no /locations endpoint, so a venue reaches the feed only through the
 *   services held there. Every venue a service uses comes back whole.
 */
const NOT_CARRIED = { organisation: ['maintainers'], listing: [] as string[], location: [] as string[] };

function comparable(record: AnyRecord, drop: string[]): Record<string, unknown> {
  const { file: _file, provenance: _provenance, ...rest } = record as AnyRecord & { provenance?: unknown };
  const out: Record<string, unknown> = { ...rest };
  for (const key of drop) delete out[key];
  delete out.taxonomy;
  return JSON.parse(JSON.stringify(out)) as Record<string, unknown>;
}

describe('round trip: LOOP -> ORUK 3.0 -> LOOP', () => {
  const original = validateDataSync({ dataDir: join(repoRoot, 'data'), asOf: IMPORT_DATE }).dataset!;

  test('importing the published ORUK API gives back every organisation, venue, service and resource', async () => {
    const api = tempDir('loop-oruk-');
    for (const [path, content] of orukApiFiles(makeContext(original))) {
      mkdirSync(dirname(join(api, path)), { recursive: true });
      writeFileSync(join(api, path), content);
    }
    const dir = emptyCopy();
    const source = join(api, 'oruk/v3');
    const first = await importJson(dir, 'oruk', source, '--system', 'LOOP (ORUK feed)', '--write');
    expect(first.report.problems.filter((p) => p.severity !== 'info')).toEqual([]);
    expect(first.report.vocabularies).toEqual([]);
    expect(errorsOf(validate(dir))).toEqual([]);

    const imported = validateDataSync({ dataDir: join(dir, 'data'), asOf: IMPORT_DATE }).dataset!;
    expect(imported.listings.map((l) => l.slug)).toEqual(original.listings.map((l) => l.slug));
    expect(imported.locations.map((l) => l.slug)).toEqual(original.locations.filter((l) => original.servicesAt(l.slug).length).map((l) => l.slug));
    expect(imported.organisations.map((o) => o.slug)).toEqual(original.organisations.map((o) => o.slug));

    for (const listing of original.listings) {
      const back = imported.listing(listing.slug)!;
      expect(comparable(back, NOT_CARRIED.listing), listing.slug).toEqual(comparable(listing, NOT_CARRIED.listing));
      expect(back.provenance?.slice(0, -1) ?? [], listing.slug).toEqual(listing.provenance ?? []);
      expect(back.provenance?.at(-1), listing.slug).toEqual({ system: 'LOOP (ORUK feed)', id: listing.id, imported: IMPORT_DATE });
    }
    for (const organisation of original.organisations) {
      const back = imported.organisation(organisation.slug)!;
      expect(comparable(back, NOT_CARRIED.organisation), organisation.slug).toEqual(comparable(organisation, NOT_CARRIED.organisation));
    }
    for (const location of imported.locations) {
      expect(comparable(location, NOT_CARRIED.location), location.slug).toEqual(comparable(original.location(location.slug)!, NOT_CARRIED.location));
    }

    const second = await importJson(dir, 'oruk', source, '--system', 'LOOP (ORUK feed)', '--write');
    expect(second.report.created).toEqual([]);
    expect(second.report.updated).toEqual([]);
    expect(second.report.conflicts).toEqual([]);
  });
});
