import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { IMPORT_OPTIONS } from '../../src/cli/commands/import.ts';
import { TEMPLATE_COLUMNS } from '../../src/importers/formats/csv.ts';
import { FORMATS } from '../../src/importers/formats/index.ts';
import { repoRoot } from '../support/shared.ts';

const guide = readFileSync(join(repoRoot, 'docs/importing.md'), 'utf8');

test('the importing guide has a row for every template column, in the template\'s order', () => {
  const section = guide.slice(guide.indexOf('## The spreadsheet template'), guide.indexOf('## Mapping other spreadsheets'));
  const positions = TEMPLATE_COLUMNS.map(([column]) => section.indexOf(`| \`${column}\` |`));
  for (const [i, [column]] of TEMPLATE_COLUMNS.entries()) expect(positions[i], column).toBeGreaterThan(0);
  expect([...positions].sort((a, b) => a - b)).toEqual(positions);
});

test('the importing guide names every format and every option', () => {
  for (const format of FORMATS) expect(guide).toContain(`\`${format.name}\``);
  for (const option of Object.keys(IMPORT_OPTIONS)) expect(guide, option).toContain(`--${option}`);
});
