import { createHash } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { todayInUK } from '../../src/model/clock.ts';
import { addMonths, freshnessOf } from '../../src/model/freshness.ts';
import { nestedId, uuidv5 } from '../../src/model/ids.ts';

describe('freshness policy', () => {
  const policy = { due_after_months: 6, overdue_after_months: 12 };
  test('adds calendar months, clamping to month ends', () => {
    expect(addMonths('2026-08-31', 6)).toBe('2027-02-28');
    expect(addMonths('2027-08-31', 6)).toBe('2028-02-29');
    expect(addMonths('2026-01-15', -2)).toBe('2025-11-15');
    expect(addMonths('2026-12-01', 1)).toBe('2027-01-01');
  });
  test('bands', () => {
    expect(freshnessOf('2026-09-14', '2026-11-24', policy).freshness).toBe('current');
    expect(freshnessOf('2026-05-24', '2026-11-24', policy).freshness).toBe('due');
    expect(freshnessOf('2026-05-25', '2026-11-24', policy).freshness).toBe('current');
    expect(freshnessOf('2025-11-24', '2026-11-24', policy)).toEqual({ freshness: 'overdue', due: '2026-05-24', overdue: '2026-11-24' });
  });
  test('today is a UK calendar date', () => {
    expect(todayInUK(new Date('2026-06-30T23:30:00Z'))).toBe('2026-07-01');
    expect(todayInUK(new Date('2026-12-31T23:30:00Z'))).toBe('2026-12-31');
  });
});

describe('deterministic ids', () => {
  test('uuidv5 matches the RFC test vector', () => {
    // RFC 4122 appendix: DNS namespace, "www.example.com"
    expect(uuidv5('www.example.com', '6ba7b810-9dad-11d1-80b4-00c04fd430c8')).toBe('2ed6657d-e927-568b-95e1-2665a8aea6a2');
  });
  test('nested ids are stable, distinct and valid v5 UUIDs', () => {
    const parent = '6f1c3b9e-2d4a-4c8e-9b7a-1e2f3a4b5c6d';
    expect(nestedId(parent, 'phone', 0)).toBe(nestedId(parent, 'phone', 0));
    expect(nestedId(parent, 'phone', 0)).not.toBe(nestedId(parent, 'phone', 1));
    // The last namespace's bytes are kept between calls: alternating namespaces must not mix them up.
    const other = '6ba7b810-9dad-11d1-80b4-00c04fd430c8';
    const first = [uuidv5('www.example.com', other), nestedId(parent, 'phone', 0)];
    expect([uuidv5('www.example.com', other), nestedId(parent, 'phone', 0), uuidv5('www.example.com', other)]).toEqual([...first, first[0]]);
    expect(first[0]).toBe('2ed6657d-e927-568b-95e1-2665a8aea6a2');
    // A name beyond ASCII hashes its UTF-8 bytes (RFC 9562, section 5.5), here done step by step with createHash.
    const sha = createHash('sha1').update(Buffer.from(other.replace(/-/g, ''), 'hex')).update('é ünïcode 🎉', 'utf8').digest();
    sha[6] = (sha[6]! & 0x0f) | 0x50;
    sha[8] = (sha[8]! & 0x3f) | 0x80;
    expect(uuidv5('é ünïcode 🎉', other).replace(/-/g, '')).toBe(sha.subarray(0, 16).toString('hex'));
    expect(nestedId(parent, 'phone', 0)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
