/** What the per-rule tests share: the fixture files they change and one assertion (one diagnostic, at a place). */
import { expect } from 'vitest';
import { only, validateWith } from '../../support/data.ts';

export const DROP_IN = 'services/chapeltown-carers/carers-drop-in.yaml';
export const FOOD = 'services/harehills-food-share/food-share.yaml';
export const HUB = 'locations/chapeltown-community-hub.yaml';

export function expectOne(files: Record<string, string | null>, rule: string, file: string, line: number, message: RegExp, options: { severity?: 'error' | 'warning'; asOf?: string } = {}) {
  const result = validateWith(files, options.asOf ? { asOf: options.asOf } : {});
  const found = only(result, rule);
  expect(found, JSON.stringify(result.diagnostics, null, 1)).toHaveLength(1);
  expect(found[0]).toMatchObject({ file: `data/${file}`, line, severity: options.severity ?? 'error' });
  expect(found[0]!.message).toMatch(message);
  return found[0]!;
}
