import addFormats from 'ajv-formats';
import { Ajv } from 'ajv';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  checkCharityNumber,
  checkCompanyNumber,
  checkEmail,
  checkGitHubHandle,
  checkLineText,
  checkPhone,
  checkProseText,
  checkTextLinks,
  checkPostcode,
  checkTime,
  checkWebUrl,
  isRfc3986WebUri,
  percentEncodeUrl,
  formatPhone,
  phoneHref,
  postcodeDistrict,
} from '../../src/model/formats.ts';

describe('phone (rule "phone")', () => {
  test.each(['0113 496 0123', '0800 123 4567', '0300 123 4567', '111', '999', '116 123', '+44 113 496 0555'.replace('+44 113', '0113')])('accepts %s', (n) => {
    expect(checkPhone(n)).toBeNull();
  });
  test('accepts SMS short codes only for text lines', () => {
    expect(checkPhone('85258', 'text')).toBeNull();
    expect(checkPhone('85258')).not.toBeNull();
  });
  test.each([
    ['0113 496 012', /not a valid UK phone number/],
    ['call us', /not a phone number/],
    ['0113 496 0123 ext 4', /not a phone number/],
    ['1234', /not a valid/],
  ])('rejects %s', (n, message) => {
    expect(checkPhone(n)?.message).toMatch(message);
  });
  test('asks for national format and offers it', () => {
    const problem = checkPhone('01134960123');
    expect(problem?.suggestion).toBe('0113 496 0123');
    expect(checkPhone('+44 113 496 0123')?.suggestion).toBe('0113 496 0123');
  });
  test('accepts international numbers valid for their country, in international form (issue #16)', () => {
    expect(checkPhone('+1 305 555 0100')).toBeNull();
    expect(checkPhone('+33 1 23 45 67 89')).toBeNull();
    expect(checkPhone('+353 1 234 5678')).toBeNull();
    expect(checkPhone('+1 305 555 010')?.message).toMatch(/not a valid/);
    expect(checkPhone('001 305 555 0100')?.suggestion).toBe('+1 305 555 0100');
  });
  test('never reads digits without a 0 as a UK number, nor suggests one', () => {
    for (const n of ['305-555-0100', '800-555-0100', '(305) 555-0100', '3055550100']) {
      const problem = checkPhone(n);
      expect(problem?.message).toMatch(/UK numbers start with 0.*\+ and its country code/);
      expect(problem?.suggestion).toBeUndefined();
      expect(formatPhone(n)).toBeNull();
    }
  });
  test('formats and links', () => {
    expect(formatPhone('(0113) 4960123')).toBe('0113 496 0123');
    expect(formatPhone('nonsense')).toBeNull();
    expect(formatPhone('116123')).toBe('116 123');
    expect(phoneHref('0113 496 0123')).toBe('tel:+441134960123');
    expect(phoneHref('116 123')).toBe('tel:116123');
  });
});

describe('postcode (rule "postcode")', () => {
  test.each(['LS7 3HB', 'LS1 1UR', 'BD1 1AA', 'W1A 0AX', 'EC1A 1BB'])('accepts %s', (p) => expect(checkPostcode(p)).toBeNull());
  test('suggests the canonical form', () => {
    expect(checkPostcode('ls73hb')).toEqual({ message: expect.stringContaining('LS7 3HB'), suggestion: 'LS7 3HB' });
  });
  test.each(['LS7', '12345', 'LS7 3H', 'L S7 3HB', ''])('rejects %s', (p) => expect(checkPostcode(p)?.suggestion).toBeUndefined());
  test('district', () => {
    expect(postcodeDistrict('LS7 3HB')).toBe('LS7');
    expect(postcodeDistrict('LS12 1AB')).toBe('LS12');
    expect(postcodeDistrict('nope')).toBeNull();
  });
});

describe('web addresses (rule "url")', () => {
  test.each(['https://example.org/', 'http://example.org/path?q=1', 'https://sub.example.org/a#b', 'https://172.32.0.1/', 'https://8.8.8.8/', 'https://localhost.example.org/'])('accepts %s', (u) => expect(checkWebUrl(u)).toBeNull());
  test.each([
    ['javascript:alert(1)', /"javascript:" links are not allowed/],
    ['JavaScript:alert(1)', /"javascript:" links are not allowed/],
    ['data:text/html,<script>alert(1)</script>', /"data:" links are not allowed/],
    ['vbscript:msgbox', /not allowed/],
    ['file:///etc/passwd', /not allowed/],
    ['ftp://example.org/', /not allowed/],
    ['https://user:pw@example.org/', /user name or password/],
    ['https://exa mple.org/', /spaces/],
    ['https://intranet/', /not a full domain/],
    ['http://localhost/', /"localhost" means the computer opening the link/],
    ['http://LOCALHOST./', /"localhost" means the computer opening the link/],
    ['http://app.localhost/', /"app\.localhost" means/],
    ['http://127.0.0.1/', /loopback address \(127\.0\.0\.0\/8\)/],
    ['http://127.1/', /127\.0\.0\.1 is a loopback address/],
    ['http://0x7f.1/', /127\.0\.0\.1 is a loopback address/],
    ['http://2130706433/', /127\.0\.0\.1 is a loopback address/],
    ['http://[::1]/', /\[::1\] is a loopback address/],
    ['http://[0:0:0:0:0:0:0:1]/', /\[::1\] is a loopback address/],
    ['http://[::ffff:127.0.0.1]/', /\[::ffff:7f00:1\] \(127\.0\.0\.1\) is a loopback address/],
    ['http://0.0.0.0/', /not an address anyone can reach/],
    ['http://10.1.2.3/', /private network address \(10\.0\.0\.0\/8\)/],
    ['http://172.20.0.1/', /private network address \(172\.16\.0\.0\/12\)/],
    ['http://192.168.0.10/', /private network address/],
    ['http://169.254.169.254/', /link-local address/],
    ['http://[fd00::1]/', /private network address \(fc00::\/7\)/],
    ['http://[fe80::1]/', /link-local address \(fe80::\/10\)/],
    ['http://printer.local/', /local network only/],
    ['https://example.org/\u200bx', /zero-width space \(U\+200B\)/],
  ])('rejects %s', (u, message) => expect(checkWebUrl(u)?.message).toMatch(message));
  test('links in descriptions may not point at loopback or private addresses either', () => {
    expect(checkTextLinks('See [our form](http://127.1:8080/admin) or [this](https://example.org/).')?.message).toMatch(/the link to http:\/\/127\.1:8080\/admin: 127\.0\.0\.1 is a loopback address/);
    expect(checkTextLinks('See [our page](https://example.org/a_(b)) and http://localhost/ as text.')).toBeNull();
  });
  test('suggests https:// for a bare domain', () => {
    expect(checkWebUrl('www.example.org')?.suggestion).toBe('https://www.example.org');
  });
});

describe('email (rule "email")', () => {
  test('accepts role mailboxes', () => expect(checkEmail('hello@carers.example.org')).toBeNull());
  test.each(['not an email', 'a@b', '@example.org', 'a b@example.org', '<script>@x.org'])('rejects %s', (e) => expect(checkEmail(e)).not.toBeNull());
  test('refuses domains that only exist on one computer or network', () => {
    expect(checkEmail('admin@mail.localhost')?.message).toMatch(/cannot reach anyone: "mail\.localhost" means the computer opening the link/);
    expect(checkEmail('info@nas.local')?.message).toMatch(/local network only/);
  });
  test('strips mailto:', () => expect(checkEmail('mailto:a@example.org')?.suggestion).toBe('a@example.org'));
});

describe('charity and company numbers (rule "charity-number")', () => {
  test.each(['1123456', '512345', '1123456-1', 'SC012345', 'NIC100001'])('accepts charity %s', (n) => expect(checkCharityNumber(n)).toBeNull());
  test.each(['12345', '112345678', 'CH1234', 'SC12345', ''])('rejects charity %s', (n) => expect(checkCharityNumber(n)).not.toBeNull());
  test.each(['01234567', 'SC123456', 'OC301234'])('accepts company %s', (n) => expect(checkCompanyNumber(n)).toBeNull());
  test('pads short company numbers', () => expect(checkCompanyNumber('1234567')?.suggestion).toBe('01234567'));
  test('rejects nonsense company numbers', () => expect(checkCompanyNumber('ABC')).not.toBeNull());
});

describe('times and handles', () => {
  test('times', () => {
    expect(checkTime('09:30')).toBeNull();
    expect(checkTime('23:59')).toBeNull();
    expect(checkTime('9:30')?.suggestion).toBe('09:30');
    expect(checkTime('9.30')?.suggestion).toBe('09:30');
    expect(checkTime('24:00')).not.toBeNull();
    expect(checkTime('noon')).not.toBeNull();
  });
  test('GitHub handles', () => {
    expect(checkGitHubHandle('octocat')).toBeNull();
    expect(checkGitHubHandle('@loop-leeds/editors')).toBeNull();
    expect(checkGitHubHandle('not a handle')).not.toBeNull();
    expect(checkGitHubHandle('-leading')).not.toBeNull();
  });
});

describe('hidden characters (rule "text")', () => {
  test.each([
    ['Carers\u202e group', /right-to-left override \(U\+202E\)/],
    ['Carers\u202a group', /left-to-right embedding \(U\+202A\)/],
    ['Carers\u2069 group', /pop-directional-isolate character \(U\+2069\)/],
    ['Carers\u200f group', /right-to-left mark \(U\+200F\)/],
    ['Carers\u061c group', /Arabic letter mark \(U\+061C\)/],
    ['Carers\u200b group', /zero-width space \(U\+200B\)/],
    ['Carers\u2060 group', /word joiner \(U\+2060\)/],
    ['Carers\ufeff group', /byte-order mark/],
    ['Car\u200cers', /zero-width non-joiner \(U\+200C\) outside/],
    ['\u3164', /Hangul filler/],
    ['Carers\u0085group', /line break \(U\+0085\)/],
    ['Carers\u2028group', /line break \(U\+2028\)/],
    ['Carers\u009bgroup', /control character \(U\+009B\)/],
    ['Carers\u{e0041}', /tag character/],
    ['Carers\ud800', /unpaired surrogate/],
  ])('a one-line field refuses %j', (value, message) => {
    expect(checkLineText(value)?.message).toMatch(message);
  });
  test('the suggestion is the text without them', () => {
    expect(checkLineText('Carers\u200b \u202eDrop-in')).toMatchObject({ suggestion: 'Carers Drop-in', character: '\u200b' });
  });
  test('descriptions keep line breaks, tabs, soft hyphens and bidirectional marks, but not overrides or controls', () => {
    expect(checkProseText('One\n\nTwo\tthree, Kranken\u00adhaus, (اردو)\u200f.')).toBeNull();
    expect(checkProseText('One\u202etwo')?.message).toMatch(/right-to-left override/);
    expect(checkProseText('One\u0000two')?.message).toMatch(/control character \(U\+0000\)/);
  });
  test('emoji sequences and joining scripts are ordinary writing', () => {
    for (const text of ['👩\u200d⚕️', '👨🏽\u200d⚕️', '🏳️\u200d🌈', 'می\u200cخواهم', 'क्\u200dष', 'ਸਿੱ\u200cਖ', '🏴\u{e0067}\u{e0062}\u{e0065}\u{e006e}\u{e0067}\u{e007f}', '\u0600123']) {
      expect(checkLineText(text), text).toBeNull();
    }
  });
});

describe('web addresses are URIs as published feeds declare them (issue #16)', () => {
  // An independent implementation of JSON Schema's `uri` format: the one the ORUK schema tests validate feeds with.
  const ajv = new Ajv({ strict: false });
  (addFormats as unknown as (a: Ajv, formats: string[]) => void)(ajv, ['uri']);
  const isUri = ajv.compile({ type: 'string', format: 'uri' });
  const REAL = [
    'https://www.gov.uk/find-local-council?postcode={postcode}',
    'https://www.nhs.uk/services/gp-surgery/chapeltown-health-centre/B86006?tab=opening|times',
    'https://www.leeds.gov.uk/council-tax/pay^online',
    'https://www.example.org/Ärzte/',
    'https://www.example.org/files/Carers Guide.pdf'.replace(' ', '%20'),
    'https://www.example.org/a?b=[1]',
    'https://www.example.org/100%',
    'https://www.example.org/a#b#c',
    'https://www.example.org/a\\b',
    'https://www.example.org/search?q="carers"',
    'https://www.example.org/<script>',
    'https://münchen.example.org/',
  ];
  test.each(REAL)('%s: accepted only if a URI, and the fix offered is one', (address) => {
    const problem = checkWebUrl(address);
    if (problem === null) expect(isUri(address)).toBe(true);
    else if (problem.suggestion) {
      expect(isUri(problem.suggestion)).toBe(true);
      expect(checkWebUrl(problem.suggestion)).toBeNull();
    }
  });
  test('"{…}" is an error with the percent-encoded address to paste', () => {
    expect(checkWebUrl('https://www.gov.uk/find-local-council?postcode={postcode}')).toMatchObject({
      message: expect.stringMatching(/"\{" in it, which a URI \(RFC 3986\) cannot hold/),
      suggestion: 'https://www.gov.uk/find-local-council?postcode=%7Bpostcode%7D',
    });
  });
  test('nothing the rule accepts fails JSON Schema uri; every suggestion passes both', () => {
    const pieces = fc.constantFrom('a', 'Z', '0', '-', '.', '_', '~', '!', '$', '&', "'", '(', ')', '*', '+', ',', ';', '=', ':', '@', '/', '?', '#', '%', '%7B', '%zz', '{', '}', '|', '^', '`', '"', '<', '>', '[', ']', '\\', 'é', '€', '😀', ' ');
    fc.assert(
      fc.property(fc.constantFrom('https://example.org', 'http://www.example.org:8080', 'https://sub.example.co.uk'), fc.array(pieces, { maxLength: 30 }), (origin, rest) => {
        const address = `${origin}/${rest.join('')}`;
        const problem = checkWebUrl(address);
        if (problem === null) expect(isUri(address)).toBe(true);
        expect(isRfc3986WebUri(address)).toBe(isUri(address));
        const encoded = percentEncodeUrl(address);
        if (encoded && !/\s/.test(address)) {
          expect(isUri(encoded)).toBe(true);
          expect(checkWebUrl(encoded)).toBeNull();
        }
      }),
      { numRuns: 3000 },
    );
  });
});
