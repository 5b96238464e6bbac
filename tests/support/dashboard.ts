/** The dashboard's hand-built fixture (tests/fixtures/dashboard): every case the dashboard shows, checked by hand. */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { validateDataSync, type ValidationResult } from '../../src/checks/load.ts';
import { commitAll, initRepo } from './git.ts';
import { repoRoot } from './shared.ts';

export const DASHBOARD_FIXTURE = join(repoRoot, 'tests', 'fixtures', 'dashboard');

/** The fixture validated as of a date (default the tests' 2026-11-24); throws if it stops validating. */
export function loadDashboardFixture(asOf = '2026-11-24', root = DASHBOARD_FIXTURE): ValidationResult {
  const result = validateDataSync({ dataDir: join(root, 'data'), root, asOf });
  if (!result.dataset || result.errors) throw new Error('the dashboard fixture does not validate');
  return result;
}

/**
 * A copy of the fixture in a throwaway git repository with three commits at fixed dates, so the dashboard's
 * "added and changed per month" can be checked by hand:
 *
 * - 2026-08-10: everything but the pantry and the leaflet (five listings added), with older versions of the
 *   food bank and the helpline;
 * - 2026-10-05: the pantry (an older version) and the leaflet added, the food bank changed;
 * - 2026-11-02: the helpline and the pantry changed (to the fixture's versions).
 *
 * So: August 5 added; September nothing; October 2 added, 1 changed; November 2 changed.
 */
export function dashboardFixtureWithHistory(): string {
  const dir = mkdtempSync(join(tmpdir(), 'loop-dashboard-'));
  cpSync(DASHBOARD_FIXTURE, dir, { recursive: true });
  const data = (path: string) => join(dir, 'data', path);
  const final = new Map<string, string>();
  const keep = (path: string) => final.set(path, readFileSync(data(path), 'utf8'));
  const older = (path: string, from: string, to: string) => {
    const text = final.get(path)!;
    if (!text.includes(from)) throw new Error(`${path}: "${from}" not found`);
    writeFileSync(data(path), text.replace(from, to));
  };
  for (const path of ['services/armley-aid/pantry.yaml', 'resources/city-helpline/food-leaflet.yaml', 'services/armley-aid/food-bank.yaml', 'services/city-helpline/helpline.yaml']) keep(path);
  rmSync(data('services/armley-aid/pantry.yaml'));
  rmSync(data('resources/city-helpline/food-leaflet.yaml'));
  older('services/armley-aid/food-bank.yaml', 'every Tuesday', 'every week');
  older('services/city-helpline/helpline.yaml', 'any weekday afternoon', 'weekday afternoons');
  initRepo(dir, 'Initial listings', '2026-08-10T09:00:00+00:00');
  writeFileSync(data('resources/city-helpline/food-leaflet.yaml'), final.get('resources/city-helpline/food-leaflet.yaml')!);
  writeFileSync(data('services/armley-aid/food-bank.yaml'), final.get('services/armley-aid/food-bank.yaml')!);
  older('services/armley-aid/pantry.yaml', 'for carers in Harehills', 'in Harehills');
  commitAll(dir, 'Add the pantry and the leaflet; food bank times', '2026-10-05T09:00:00+00:00');
  writeFileSync(data('services/city-helpline/helpline.yaml'), final.get('services/city-helpline/helpline.yaml')!);
  writeFileSync(data('services/armley-aid/pantry.yaml'), final.get('services/armley-aid/pantry.yaml')!);
  commitAll(dir, 'Helpline hours; pantry is for carers', '2026-11-02T09:00:00+00:00');
  return dir;
}
