/** The url rule, both ways: the valid fixture passes it, and a minimal change makes it fire at the right file and line. */
import { describe, test } from 'vitest';
import { edit } from '../../support/data.ts';
import { expectOne } from './support.ts';

describe('url', () => {
  test('url rejects javascript:', () => {
    const files = edit('organisations/chapeltown-carers.yaml', 'https://chapeltown-carers.example.org/', 'javascript:alert(document.cookie)');
    expectOne(files, 'url', 'organisations/chapeltown-carers.yaml', 5, /"javascript:" links are not allowed/);
  });
});
