/** The charity-number rule, both ways: the valid fixture passes it, and a minimal change makes it fire at the right file and line. */
import { describe, test } from 'vitest';
import { edit } from '../../support/data.ts';
import { expectOne } from './support.ts';

describe('charity-number', () => {
  test('charity-number', () => {
    const files = edit('organisations/chapeltown-carers.yaml', '"1190001"', '"CH-1"');
    expectOne(files, 'charity-number', 'organisations/chapeltown-carers.yaml', 9, /not a charity number/);
  });
});
