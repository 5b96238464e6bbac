/** The url rule, both ways: the valid fixture passes it, and a minimal change makes it fire at the right file and line. */
import { describe, test } from 'vitest';
import { edit } from '../../support/data.ts';
import { expectOne } from './support.ts';

describe('url', () => {
  test('url rejects javascript:', () => {
    const files = edit('organisations/chapeltown-carers.yaml', 'https://chapeltown-carers.example.org/', 'javascript:alert(document.cookie)');
    expectOne(files, 'url', 'organisations/chapeltown-carers.yaml', 5, /"javascript:" links are not allowed/);
  });
  test('url rejects localhost, loopback and private addresses however they are spelt', () => {
    const ORG = 'organisations/chapeltown-carers.yaml';
    const cases: [string, RegExp][] = [
      ['http://localhost:4321/admin', /"localhost" means the computer opening the link, not a public website/],
      ['http://admin.localhost/', /"admin\.localhost" means the computer opening the link/],
      ['http://127.1/', /127\.0\.0\.1 is a loopback address/],
      ['http://2130706433/', /127\.0\.0\.1 is a loopback address/],
      ['http://[::1]/', /\[::1\] is a loopback address/],
      ['http://0.0.0.0:8080/', /0\.0\.0\.0 is not an address anyone can reach/],
      ['http://169.254.169.254/latest/meta-data/', /link-local address/],
      ['http://192.168.1.1/', /private network address \(192\.168\.0\.0\/16\)/],
    ];
    for (const [address, message] of cases) {
      expectOne(edit(ORG, 'https://chapeltown-carers.example.org/', address), 'url', ORG, 5, message);
    }
  });
  test('url rejects what a URI (RFC 3986) cannot hold, so nothing that validates fails a published feed (issue #16)', () => {
    const ORG = 'organisations/chapeltown-carers.yaml';
    const cases: [string, RegExp][] = [
      ['https://chapeltown-carers.example.org/find?postcode={postcode}', /"\{" in it.*RFC 3986.*"https:\/\/chapeltown-carers\.example\.org\/find\?postcode=%7Bpostcode%7D"/],
      ['https://chapeltown-carers.example.org/a|b', /"\|" in it/],
      ['https://chapeltown-carers.example.org/café', /"é" in it.*caf%C3%A9/],
      ['https://chapeltown-carers.example.org/50%off', /"%" in it.*50%25off/],
      ['https://chapeltown-c\u0430rers.example.org/', /"а" in it.*"https:\/\/xn--chapeltown-crers-4dn\.example\.org\/"/],
    ];
    for (const [address, message] of cases) {
      expectOne(edit(ORG, 'https://chapeltown-carers.example.org/', address), 'url', ORG, 5, message);
    }
  });
});
