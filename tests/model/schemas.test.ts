import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { generateSchemaFiles } from '../../src/model/json-schema.ts';
import { repoRoot } from '../support/shared.ts';
import { FIXTURE } from '../support/data.ts';

describe('generated JSON Schemas', () => {
  const generated = generateSchemaFiles();
  test('the committed schemas/ match the zod model (run `npm run schemas` after changing src/model)', () => {
    const committed = readdirSync(join(repoRoot, 'schemas')).filter((f) => f.endsWith('.schema.json')).sort();
    expect(committed).toEqual([...generated.keys()].sort());
    for (const [name, text] of generated) expect(readFileSync(join(repoRoot, 'schemas', name), 'utf8'), name).toBe(text);
  });
  test('they are valid draft 2020-12 schemas that accept the fixture files and reject bad ones', () => {
    const ajv = new Ajv2020({ allErrors: true, strict: false });
    (addFormats as unknown as (a: Ajv2020) => void)(ajv);
    const service = ajv.compile(JSON.parse(generated.get('service.schema.json')!));
    const good = parse(readFileSync(join(FIXTURE, 'data/services/chapeltown-carers/carers-drop-in.yaml'), 'utf8'));
    expect(service(good), JSON.stringify(service.errors)).toBe(true);
    expect(service({ ...good, summery: 'x' })).toBe(false);
    expect(service({ ...good, url: 'javascript:alert(1)' })).toBe(false);
    const config = ajv.compile(JSON.parse(generated.get('config.schema.json')!));
    expect(config(parse(readFileSync(join(repoRoot, 'loop.config.yaml'), 'utf8'))), JSON.stringify(config.errors)).toBe(true);
  });
  test('every top-level field of every listing kind has a description for editors and forms', () => {
    for (const kind of ['organisation', 'service', 'resource', 'location']) {
      const schema = JSON.parse(generated.get(`${kind}.schema.json`)!) as { properties: Record<string, { description?: string }> };
      const undocumented = Object.entries(schema.properties).filter(([, p]) => !p.description).map(([k]) => k);
      expect(undocumented, kind).toEqual([]);
    }
  });
});
