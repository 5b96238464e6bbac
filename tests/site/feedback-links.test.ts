import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { parse } from 'yaml';
import { editListingUrl, ISSUE_FORMS, reportOutOfDateUrl, suggestChangeUrl } from '../../src/site/feedback-links.ts';
import { repoRoot } from '../support/shared.ts';
import { validateWith } from '../support/data.ts';

const { dataset } = validateWith();
const config = dataset!.config;
const listing = dataset!.listing('chapeltown-carers/carers-drop-in')!;

test('"Suggest a change" opens the issue form prefilled with the listing, and nothing a member of the public may not set', () => {
  const url = new URL(suggestChangeUrl(config, listing));
  expect(`${url.origin}${url.pathname}`).toBe('https://github.com/loop-leeds/loop/issues/new');
  expect(Object.fromEntries(url.searchParams)).toEqual({
    template: 'suggest-a-change.yml',
    title: "Change: Carers' Drop-in",
    listing: "Carers' Drop-in (https://loop-leeds.github.io/loop/services/chapeltown-carers/carers-drop-in/)",
  });
});

test('"Report this is out of date" opens the other form', () => {
  const url = new URL(reportOutOfDateUrl(config, dataset!.listing('chapeltown-carers/carers-guide')!));
  expect(url.searchParams.get('template')).toBe('report-out-of-date.yml');
  expect(url.searchParams.get('title')).toBe(`Out of date: ${dataset!.listing('chapeltown-carers/carers-guide')!.name}`);
  expect(url.searchParams.get('listing')).toContain('https://loop-leeds.github.io/loop/resources/chapeltown-carers/carers-guide/');
});

test('the templates, title prefixes and field ids the links use are the ones in .github/ISSUE_TEMPLATE', () => {
  for (const form of Object.values(ISSUE_FORMS)) {
    const template = parse(readFileSync(join(repoRoot, '.github', 'ISSUE_TEMPLATE', form.template), 'utf8')) as { title: string; body: { id?: string; type: string }[] };
    expect(template.title, form.template).toBe(form.title);
    expect(template.body.filter((b) => b.id === form.listingField).map((b) => b.type), form.template).toEqual(['input']);
  }
});

test('hostile names stay inside their parameter: no injected parameters, fragments or markup', () => {
  const hostile = { ...listing, name: 'Tea & <script>alert(1)</script> #1 ?template=evil.yml&labels=x' };
  for (const make of [suggestChangeUrl, reportOutOfDateUrl]) {
    const url = new URL(make(config, hostile));
    expect(url.hash).toBe('');
    expect([...url.searchParams.keys()].sort()).toEqual(['listing', 'template', 'title']);
    expect(url.searchParams.get('title')).toMatch(/: Tea & <script>alert\(1\)<\/script> #1 \?template=evil\.yml&labels=x$/);
    expect(url.toString()).not.toMatch(/[<>"\s]/);
  }
});

test('"Edit in the web form" opens the listing in /admin', () => {
  expect(editListingUrl(config, listing)).toBe('https://loop-leeds.github.io/loop/admin/#/collections/services/entries/chapeltown-carers/carers-drop-in');
});
