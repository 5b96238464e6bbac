/** The look-alike-domain rule: web and email domains that mix scripts, or are written wholly in letters that look Latin, get a warning. */
import { describe, expect, test } from 'vitest';
import { edit, only, validateWith } from '../../support/data.ts';
import { expectOne } from './support.ts';

describe('look-alike-domain', () => {
  const ORG = 'organisations/chapeltown-carers.yaml';
  test('a domain with a Cyrillic letter among Latin ones is a warning, with a hint', () => {
    // Written in Unicode the address is no URI (the url rule's error offers this ASCII form, issue #16); in the form
    // a feed can carry, the look-alike is still found.
    const d = expectOne(edit(ORG, 'https://chapeltown-carers.example.org/', 'https://xn--chapeltown-crers-4dn.example.org/'), 'look-alike-domain', ORG, 5, /"chapeltown-cаrers\.example\.org" mixes Latin and Cyrillic letters/, { severity: 'warning' });
    expect(d.hint).toMatch(/type it in plain letters/);
  });
  test('punycode that decodes to a wholly Cyrillic look-alike, in an email address and in a description link', () => {
    expectOne(edit(ORG, 'email: hello@chapeltown-carers.example.org', 'email: hello@xn--80ak6aa92e.com'), 'look-alike-domain', ORG, 6, /"аррӏе\.com" is written in Cyrillic letters that look like Latin ones/, { severity: 'warning' });
    const link = edit(ORG, 'description: A network', 'description: See [our page](https://p\u0430ypal.com/x). A network');
    expectOne(link, 'look-alike-domain', ORG, 4, /"pаypal\.com" mixes Latin and Cyrillic/, { severity: 'warning' });
  });
  test('names in one script, and Japanese mixes, are fine', () => {
    for (const address of ['https://xn--80adxhks.xn--p1ai/', 'https://\u4f8b\u3048.jp/', 'https://café.example.org/']) {
      expect(only(validateWith(edit(ORG, 'https://chapeltown-carers.example.org/', address)), 'look-alike-domain'), address).toEqual([]);
    }
  });
});
