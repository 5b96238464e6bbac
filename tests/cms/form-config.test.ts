/**
 * The web form's configuration is generated from the zod model: these tests fail when the committed config drifts,
 * when a field of the model is missing from the form (or the form asks for one the model does not have), when
 * required/optional, choices or references disagree, and when the generator meets a shape it cannot show.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { z } from 'zod';
import { cmsConfig, cmsConfigYaml, githubRepo, type CmsCollection } from '../../src/cms/config.ts';
import { fieldFor, fieldsFor, formSchema, REFERENCES, TAXONOMY_FILES, type CmsField, type JsonSchema } from '../../src/cms/fields.ts';
import { adminFiles } from '../../src/cms/page.ts';
import { FORM_KINDS, type FormKind } from '../../src/cms/yaml-format.ts';
import { loadConfig, loadDatasetSync } from '../../src/checks/load.ts';
import { slug, termRef } from '../../src/model/fields.ts';
import { TAXONOMY_KINDS } from '../../src/model/vocabularies.ts';
import { repoRoot } from '../support/shared.ts';

const { config } = loadConfig(join(repoRoot, 'loop.config.yaml'), repoRoot);
const policy = { due_after_months: 6, overdue_after_months: 12 };

test('the committed public/admin/config.yml and index.html match the model and loop.config.yaml (run `npm run schemas`)', () => {
  for (const [path, text] of adminFiles(config!)) expect(readFileSync(join(repoRoot, path), 'utf8'), path).toBe(text);
});

/** Walks the model's schema and the form's fields side by side. */
function compare(kind: FormKind, schema: JsonSchema, fields: CmsField[], path: string, requiredChain: boolean, problems: string[]): void {
  const props = schema.properties ?? schema.anyOf?.find((b) => b.type === 'object')?.properties ?? {};
  const required = new Set(schema.required ?? []);
  const names = fields.map((f) => f.name);
  for (const key of Object.keys(props)) if (!names.includes(key)) problems.push(`${kind}: ${path}${key} is in the model but not in the form`);
  for (const field of fields) {
    const prop = props[field.name];
    const where = `${kind}: ${path}${field.name}`;
    if (!prop) {
      problems.push(`${where} is in the form but not in the model`);
      continue;
    }
    const mustFill = requiredChain && required.has(field.name) && prop.default === undefined;
    if (field.required !== mustFill) problems.push(`${where}: form says required=${field.required}, model ${mustFill}`);
    const leaf = prop.type === 'array' ? prop.items! : prop;
    if (leaf.enum) {
      const values = (field.options ?? field.field?.options ?? []).map((o) => o.value);
      if (JSON.stringify(values) !== JSON.stringify(leaf.enum)) problems.push(`${where}: choices ${JSON.stringify(values)} are not ${JSON.stringify(leaf.enum)}`);
      if ((prop.type === 'array') !== Boolean(field.multiple)) problems.push(`${where}: one choice or several?`);
    }
    if (prop.type === 'array' && field.widget !== 'list' && !field.multiple) problems.push(`${where}: a list in the model, one value in the form`);
    const childSchema = prop.type === 'array' ? prop.items! : prop;
    const children = field.fields ?? (field.field?.fields ? field.field.fields : undefined);
    if (children) compare(kind, childSchema, children, `${path}${field.name}.`, prop.type === 'array' ? true : mustFill, problems);
  }
}

describe.each(FORM_KINDS)('%s form', (kind) => {
  const fields = fieldsFor(kind, policy);
  test('has every field of the model, and only those, with the same required fields and choices', () => {
    const problems: string[] = [];
    compare(kind, formSchema(kind), fields, '', true, problems);
    expect(problems).toEqual([]);
  });
  test('every reference is a picker over the right collection or vocabulary', () => {
    const refs: string[] = [];
    const visit = (list: CmsField[]) => {
      for (const f of list) {
        if (f.widget === 'relation') refs.push(`${f.name}->${f.file ?? f.collection}`);
        if (f.fields) visit(f.fields);
        if (f.field) visit([f.field]);
      }
    };
    visit(fields);
    for (const ref of refs) {
      const [name, target] = ref.split('->') as [string, string];
      const expected = REFERENCES[name];
      expect(expected, ref).toBeDefined();
      if (expected && 'collection' in expected) expect(target, ref).toBe(expected.collection);
      if (expected && 'taxonomy' in expected) expect(target, ref).toBe(TAXONOMY_FILES[expected.taxonomy]);
    }
    if (kind === 'service') {
      expect(refs).toEqual(expect.arrayContaining(['organisation->organisations', 'location->locations', 'categories->categories', 'service_areas->areas', 'languages->languages', 'needs->needs', 'circumstances->circumstances', 'conditions->conditions', 'audiences->audiences']));
    }
    if (kind === 'taxonomy') expect(refs).toEqual([]);
  });
});

test('each vocabulary the pickers read is the taxonomy file of that kind in data/', () => {
  const result = loadDatasetSync({ dataDir: join(repoRoot, 'data'), root: repoRoot });
  expect(result.ok).toBe(true);
  if (!result.ok) return;
  const files = Object.fromEntries(result.dataset.taxonomies.map((t) => [t.kind, t.file]));
  for (const kind of TAXONOMY_KINDS) expect(files[kind], kind).toBe(`data/taxonomies/${TAXONOMY_FILES[kind]}.yaml`);
});

describe('fields people fill in', () => {
  const service = fieldsFor('service', policy);
  const byName = (list: CmsField[], name: string) => list.find((f) => f.name === name)!;
  test('labels and hints come from the model; choices are worded for people', () => {
    expect(byName(service, 'summary')).toMatchObject({ widget: 'string', required: true, hint: expect.stringContaining('at most 300 characters') });
    expect(byName(service, 'description')).toMatchObject({ widget: 'text', required: false });
    expect(byName(service, 'delivery').options).toContainEqual({ label: 'In person', value: 'in-person' });
    const schedule = byName(service, 'schedules').fields!;
    expect(byName(schedule, 'days').options![0]).toEqual({ label: 'Monday', value: 'MO' });
    expect(byName(schedule, 'opens')).toMatchObject({ widget: 'datetime', format: 'HH:mm', date_format: false });
    expect(byName(service, 'end_date')).toMatchObject({ widget: 'datetime', format: 'YYYY-MM-DD', time_format: false });
    expect(byName(service, 'url').pattern![0]).toBe('^https?://\\S+$');
    // Length limits are checked as people type, not only when the pull request is validated.
    const summaryLimit = new RegExp(byName(service, 'summary').pattern![0]);
    expect([summaryLimit.test('x'.repeat(300)), summaryLimit.test('x'.repeat(301)), summaryLimit.test('line\nbreak')]).toEqual([true, false, true]);
  });
  test('a new listing gets a fresh id, today as its review date and the top-level defaults, but no nested ones', () => {
    expect(byName(service, 'id')).toMatchObject({ widget: 'uuid', read_only: true });
    expect(byName(service, 'reviewed')).toMatchObject({ widget: 'loop-review', default: '{{now}}', required: true, due_after_months: 6, overdue_after_months: 12 });
    expect(byName(service, 'status').default).toBe('active');
    // A nested default would add a schedule (freq: weekly) to every new service.
    const nested = JSON.stringify([byName(service, 'schedules'), byName(service, 'locations'), byName(service, 'cost')]);
    expect(nested).not.toContain('"default"');
  });
  test('fields inside an optional section are optional in the form (the validator still asks for them when the section is used)', () => {
    const referral = byName(service, 'referral');
    expect(referral).toMatchObject({ required: false, collapsed: true });
    expect(byName(referral.fields!, 'route').required).toBe(false);
    // ...but inside a list item the person added, required fields are required.
    expect(byName(byName(service, 'phones').fields!, 'number').required).toBe(true);
    expect(byName(byName(service, 'locations').fields!, 'location').required).toBe(true);
  });
  test('"free" or prices: the form always shows the section, with "Free of charge" to tick', () => {
    const cost = byName(service, 'cost');
    expect(cost.widget).toBe('object');
    expect(byName(cost.fields!, 'free')).toMatchObject({ widget: 'boolean', label: 'Free of charge' });
  });
  test('the review comes first in the form, the fixed id and importer records last', () => {
    expect(service.slice(0, 3).map((f) => f.name)).toEqual(['reviewed', 'reviewed_by', 'name']);
    expect(service.slice(-2).map((f) => f.name)).toEqual(['provenance', 'id']);
  });
});

describe('the generator refuses what it cannot show, rather than dropping it', () => {
  const ctx = { kind: 'service' as const, path: [], requiredChain: true, topLevel: true, policy };
  const schemaOf = (schema: z.ZodType) => z.toJSONSchema(schema, { io: 'input' }) as JsonSchema;
  test('a reference field nobody has said the target of', () => {
    expect(() => fieldFor('venue', schemaOf(slug), true, ctx)).toThrow(/service: venue: "venue" holds slugs but is not in REFERENCES/);
    expect(() => fieldFor('topics', schemaOf(z.array(termRef)), false, ctx)).toThrow(/not in REFERENCES/);
  });
  test('a union other than `free | {...}`', () => {
    expect(() => fieldFor('price', schemaOf(z.union([z.literal('ask'), z.strictObject({ amount: z.number() })])), false, ctx)).toThrow(/service: price: a union the form cannot show/);
    expect(() => fieldFor('price', schemaOf(z.union([z.string(), z.number()])), false, ctx)).toThrow(/service: price: no form widget/);
  });
  test('a type with no widget', () => {
    expect(() => fieldFor('blob', { type: 'null' }, false, ctx)).toThrow(/no form widget for JSON Schema type "null"/);
  });
});

describe('collections and backend', () => {
  const generated = cmsConfig(config!);
  const collection = (name: string) => generated.collections.find((c) => c.name === name) as CmsCollection;
  test('services and resources are written into their organisation\'s folder, named from the listing\'s name', () => {
    for (const name of ['services', 'resources']) {
      expect(collection(name)).toMatchObject({ folder: `data/${name}`, path: '{{organisation}}/{{slug}}', extension: 'yaml', identifier_field: 'name', delete: false, format: `loop-${name.slice(0, -1)}` });
    }
    expect(collection('organisations')).toMatchObject({ folder: 'data/organisations', format: 'loop-organisation' });
    expect(collection('locations')).toMatchObject({ folder: 'data/locations', format: 'loop-location' });
    expect(collection('taxonomies').hide).toBe(true);
    expect(collection('taxonomies').files!.map((f) => f.file)).toEqual(TAXONOMY_KINDS.map((k) => `data/taxonomies/${TAXONOMY_FILES[k]}.yaml`));
    expect(generated.slug).toEqual({ encoding: 'ascii', clean_accents: true, sanitize_replacement: '-' });
  });
  test('saving opens a pull request on the repository in loop.config.yaml; people without write access go through a fork', () => {
    expect(generated.publish_mode).toBe('editorial_workflow');
    expect(generated.backend).toMatchObject({ name: 'github', repo: 'loop-leeds/loop', branch: 'main', open_authoring: true, auth_scope: 'public_repo' });
    expect(generated.backend.base_url).toBeUndefined();
    // The published form names no local backend: only the page `npm run cms` serves does (with its token).
    expect(generated.local_backend).toBeUndefined();
    // No third-party media library (they load their widgets from CDNs).
    expect(JSON.stringify(generated)).not.toMatch(/media_library|cloudinary|uploadcare/);
  });
  test('sign-in goes through the OAuth service named in loop.config.yaml', () => {
    const withAuth = cmsConfig({ ...config!, cms: { auth_url: 'https://auth.loop.example.org/', auth_endpoint: 'oauth/authorize' } });
    expect(withAuth.backend).toMatchObject({ base_url: 'https://auth.loop.example.org', auth_endpoint: 'oauth/authorize' });
    expect(cmsConfig(config!, { localBackendUrl: 'http://127.0.0.1:9999/api/v1' }).local_backend).toEqual({ url: 'http://127.0.0.1:9999/api/v1' });
  });
  test('the repository must be on GitHub, said plainly', () => {
    expect(githubRepo('https://github.com/loop-leeds/loop.git')).toBe('loop-leeds/loop');
    expect(() => githubRepo('https://gitlab.com/loop/loop')).toThrow(/must be a GitHub repository/);
  });
  test('the YAML Decap reads is the generated object, taxonomy fields shared by anchor', () => {
    const text = cmsConfigYaml(config!);
    expect(parse(text)).toEqual(JSON.parse(JSON.stringify(generated)));
    expect(text.startsWith('# Decap CMS configuration for /admin: GENERATED')).toBe(true);
  });
});
