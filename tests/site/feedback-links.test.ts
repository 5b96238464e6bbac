import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { parse } from 'yaml';
import { editListingUrl, feedbackMailto, ISSUE_FORMS, reportOutOfDateUrl, suggestChangeUrl } from '../../src/site/feedback-links.ts';
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

/** What a mail program reads from a mailto link (RFC 6068): the address, then each header, percent-decoded. */
function readMailto(href: string): { to: string; headers: Record<string, string> } {
  const url = new URL(href);
  expect(url.protocol).toBe('mailto:');
  expect(url.hash).toBe('');
  const headers: Record<string, string> = {};
  for (const pair of url.search.slice(1).split('&')) {
    const [name, value = ''] = pair.split('=');
    expect(headers[name!], `header ${name} given twice`).toBeUndefined();
    headers[name!] = decodeURIComponent(value);
  }
  return { to: decodeURIComponent(url.pathname), headers };
}

test('feedback by email needs no account: to the organisation\'s mailbox, LOOP\'s editors in copy, the listing named in subject and body', () => {
  const organisation = dataset!.organisationOf(listing);
  const { to, headers } = readMailto(feedbackMailto(config, organisation, listing, 'suggestChange'));
  expect(to).toBe('hello@chapeltown-carers.example.org');
  expect(headers).toEqual({
    cc: 'editors@loop-leeds.example.org',
    subject: "Suggested change: Carers' Drop-in",
    body: [
      "Listing: Carers' Drop-in",
      `Organisation: ${organisation.name}`,
      `LOOP id: ${listing.id}`,
      'Page: https://loop-leeds.github.io/loop/services/chapeltown-carers/carers-drop-in/',
      '',
      'What should change? (Please write below.)',
      '',
      '',
    ].join('\r\n'),
  });
  expect(readMailto(feedbackMailto(config, organisation, listing, 'reportOutOfDate')).headers.subject).toBe("Out of date: Carers' Drop-in");
});

test('without an organisation mailbox the email goes to the editors alone', () => {
  const { to, headers } = readMailto(feedbackMailto(config, { name: 'No Mail Group' }, listing, 'reportOutOfDate'));
  expect(to).toBe('editors@loop-leeds.example.org');
  expect(Object.keys(headers).sort()).toEqual(['body', 'subject']);
});

test('hostile names survive the round trip through the mailto link: no injected headers, fragments or broken encoding', () => {
  const name = 'Tea & cake? #1 100% off\nbcc=x@evil.example&subject=spoof %41 +plus';
  const hostile = { ...listing, name };
  for (const kind of ['suggestChange', 'reportOutOfDate'] as const) {
    const href = feedbackMailto(config, { name: 'A&B #2?', email: 'hello@chapeltown-carers.example.org' }, hostile, kind);
    expect(href).not.toMatch(/[\s<>"#]/);
    const { to, headers } = readMailto(href);
    expect(to).toBe('hello@chapeltown-carers.example.org');
    expect(Object.keys(headers).sort()).toEqual(['body', 'cc', 'subject']);
    // The subject keeps every character but the line break, which would start a new header in some mail programs.
    expect(headers.subject).toMatch(/: Tea & cake\? #1 100% off bcc=x@evil\.example&subject=spoof %41 \+plus$/);
    expect(headers.body).toContain(`Listing: Tea & cake? #1 100% off\r\nbcc=x@evil.example&subject=spoof %41 +plus\r\n`);
    expect(headers.body).toContain('Organisation: A&B #2?');
    // What a browser hands a mail program: the same values through the WHATWG URL parser.
    expect(new URL(href).searchParams.get('subject')).toBe(headers.subject);
    expect(new URL(href).searchParams.get('body')).toBe(headers.body);
  }
});
