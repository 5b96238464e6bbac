/** The email rule, both ways: the valid fixture passes it, and a minimal change makes it fire at the right file and line. */
import { describe, test } from 'vitest';
import { edit } from '../../support/data.ts';
import { expectOne } from './support.ts';

describe('email', () => {
  test('email', () => {
    const files = edit('organisations/chapeltown-carers.yaml', 'email: hello@chapeltown-carers.example.org', 'email: hello-at-chapeltown');
    expectOne(files, 'email', 'organisations/chapeltown-carers.yaml', 6, /not a valid email address/);
  });
});
