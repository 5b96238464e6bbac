/**
 * Damaged HSDS packages (issue #16): a listed table that is missing, a CSV cut mid-row, invalid UTF-8 and an unclosed
 * quote are each an error naming the file (and row), a non-zero exit and nothing written. And the package root is
 * found as Frictionless finds it: the zip, the folder or datapackage.json itself, paths relative to the descriptor.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { zipSync, strToU8 } from 'fflate';
import { describe, expect, test } from 'vitest';
import { readHsdsCsv } from '../../src/importers/formats/hsds-csv.ts';
import { readOruk } from '../../src/importers/formats/oruk.ts';
import { emptyCopy, loopImport, snapshot, tempDir } from './support.ts';

const ORGS = 'id,name,description\norg-1,Leeds Knitters Collective,Knitting groups across Leeds.\n';
const SERVICES = 'id,organization_id,name,description,status\nsvc-1,org-1,Tuesday Knit and Natter,A friendly knitting group.,active\nsvc-2,org-1,Thursday Crochet Circle,A friendly crochet group.,active\n';

function descriptor(paths: Record<string, string>): string {
  return JSON.stringify({ name: 'knitters', resources: Object.entries(paths).map(([name, path]) => ({ name, path, format: 'csv' })) });
}

/** A package folder: files by path (folders made as needed). */
function packageAt(files: Record<string, string | Uint8Array>): string {
  const dir = tempDir('loop-pkg-');
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  return dir;
}

const GOOD = { 'datapackage.json': descriptor({ organization: 'organizations.csv', service: 'services.csv' }), 'organizations.csv': ORGS, 'services.csv': SERVICES };

describe('damaged input is an error naming the file, and nothing is imported', () => {
  test('a table datapackage.json lists but the package lacks', async () => {
    const dir = packageAt({ 'datapackage.json': GOOD['datapackage.json'], 'organizations.csv': ORGS });
    await expect(readHsdsCsv(dir)).rejects.toThrow(/datapackage.json lists a table missing .*service \(services.csv\)/);
  });

  test('a CSV cut mid-row (the last row has fewer columns than the header)', async () => {
    const dir = packageAt({ ...GOOD, 'services.csv': SERVICES.slice(0, SERVICES.lastIndexOf(',A friendly')) });
    await expect(readHsdsCsv(dir)).rejects.toThrow(/services.csv: row 2 \(line 3\) has 3 of the 5 columns in the header \(the last row, cut short\?\)/);
  });

  test('a row with more values than the header has columns', async () => {
    const dir = packageAt({ ...GOOD, 'services.csv': `${SERVICES}svc-3,org-1,Extra,Words,active,surplus\n` });
    await expect(readHsdsCsv(dir)).rejects.toThrow(/services.csv: row 3 \(line 4\) has 6 values but the header has 5 columns/);
  });

  test('invalid UTF-8 (a Latin-1 file), with the line and byte', async () => {
    const latin1 = Buffer.from(`${ORGS}org-2,Caf\xe9 Club,Coffee.\n`, 'latin1');
    const dir = packageAt({ ...GOOD, 'organizations.csv': latin1 });
    const offset = latin1.indexOf(0xe9) + 1;
    await expect(readHsdsCsv(dir)).rejects.toThrow(new RegExp(`organizations.csv: line 3 \\(byte ${offset}\\) is not valid UTF-8`));
  });

  test('an unclosed quote names the file and the row', async () => {
    const dir = packageAt({ ...GOOD, 'services.csv': `${SERVICES}svc-3,org-1,"Broken,Words,active\n` });
    await expect(readHsdsCsv(dir)).rejects.toThrow(/services.csv: row 3 opens a quote that is never closed/);
  });

  test('an ORUK JSON file that is not UTF-8', async () => {
    const dir = tempDir('loop-json-');
    const path = join(dir, 'feed.json');
    const latin1 = Buffer.from('{"contents": [{"id": "1", "name": "Caf\xe9 Club"}]}', 'latin1');
    writeFileSync(path, latin1);
    await expect(readOruk(path, { system: 'x' })).rejects.toThrow(new RegExp(`feed.json: line 1 \\(byte ${latin1.indexOf(0xe9) + 1}\\) is not valid UTF-8`));
  });

  test('loop import exits 1, names the file, and writes nothing', async () => {
    const data = emptyCopy();
    const before = snapshot(data);
    const dir = packageAt({ ...GOOD, 'services.csv': SERVICES.slice(0, -20) });
    const { code, stderr } = await loopImport(data, 'hsds-csv', dir, '--write', '--system', 'Knitters');
    expect(code).toBe(1);
    expect(stderr).toMatch(/services.csv: row 2/);
    expect(snapshot(data)).toEqual(before);
  });
});

describe('the package root, as Frictionless resolves it', () => {
  const nested = {
    'datapackage.json': descriptor({ organization: 'data/organizations.csv', service: 'data/services.csv' }),
    'data/organizations.csv': ORGS,
    'data/services.csv': SERVICES,
  };

  test('CSVs in a subfolder named by the descriptor: the folder, and datapackage.json itself', async () => {
    const dir = packageAt(nested);
    for (const source of [dir, join(dir, 'datapackage.json')]) {
      const batch = await readHsdsCsv(source, { system: 'Knitters' });
      expect(batch.records.filter((r) => r.kind === 'service').map((r) => r.fields.name)).toEqual(['Tuesday Knit and Natter', 'Thursday Crochet Circle']);
    }
  });

  test('resources named by table ("services") at paths of any name', async () => {
    const dir = packageAt({ 'datapackage.json': descriptor({ organizations: 'tables/orgs.csv', services: 'tables/svc.csv' }), 'tables/orgs.csv': ORGS, 'tables/svc.csv': SERVICES });
    const batch = await readHsdsCsv(dir, { system: 'Knitters' });
    expect(batch.records.filter((r) => r.kind === 'service')).toHaveLength(2);
  });

  test('an unzipped download one folder down, and the zip itself (with and without that folder)', async () => {
    const outer = packageAt(Object.fromEntries(Object.entries(nested).map(([p, c]) => [`knitters-2026/${p}`, c])));
    expect((await readHsdsCsv(outer)).records.filter((r) => r.kind === 'service')).toHaveLength(2);
    const zipDir = tempDir('loop-zip-');
    for (const [name, prefix] of [['flat.zip', ''], ['folder.zip', 'knitters-2026/']] as const) {
      const zip = join(zipDir, name);
      writeFileSync(zip, zipSync(Object.fromEntries(Object.entries(nested).map(([p, c]) => [`${prefix}${p}`, strToU8(c)]))));
      const batch = await readHsdsCsv(zip);
      expect(batch.records.filter((r) => r.kind === 'service')).toHaveLength(2);
      expect(batch.system).toBe(prefix ? 'knitters-2026' : 'flat');
    }
  });

  test.each([['../outside/services.csv', /leaves the package/], ['/etc/services.csv', /not a path relative to the package/], ['https://example.org/services.csv', /is a URL/]])(
    'a resource path %s is refused',
    async (path, why) => {
      const dir = packageAt({ ...GOOD, 'datapackage.json': descriptor({ organization: 'organizations.csv', service: path }) });
      await expect(readHsdsCsv(dir)).rejects.toThrow(why);
    },
  );
});
