/** The dashboard's hand-built fixture (tests/fixtures/dashboard): every case the dashboard shows, checked by hand. */
import { join } from 'node:path';
import { validateDataSync, type ValidationResult } from '../../src/dataset/load.ts';
import { repoRoot } from './shared.ts';

export const DASHBOARD_FIXTURE = join(repoRoot, 'tests', 'fixtures', 'dashboard');

/** The fixture validated as of a date (default the tests' 2026-11-24); throws if it stops validating. */
export function loadDashboardFixture(asOf = '2026-11-24', root = DASHBOARD_FIXTURE): ValidationResult {
  const result = validateDataSync({ dataDir: join(root, 'data'), root, asOf });
  if (!result.dataset || result.errors) throw new Error('the dashboard fixture does not validate');
  return result;
}
