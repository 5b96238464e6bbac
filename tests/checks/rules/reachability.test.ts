/** The reachability rule, both ways: the valid fixture passes it, and a minimal change makes it fire at the right file and line. */
import { describe, test } from 'vitest';
import { expectOne } from './support.ts';

describe('reachability', () => {
  test('a service with no way to reach it', () => {
    const text = ['id: 2b2c3d4e-5f6a-4b7c-8d9e-0f1a2b3c4d5e', 'name: Mystery Service', 'organisation: chapeltown-carers', 'summary: Nobody knows how to get here.', 'categories: [carers-support]', 'reviewed: 2026-10-01', 'reviewed_by: listings@chapeltown-carers.example.org', ''].join('\n');
    expectOne({ 'services/chapeltown-carers/mystery.yaml': text }, 'reachability', 'services/chapeltown-carers/mystery.yaml', 2, /how to get the service/, { severity: 'warning' });
  });
});
