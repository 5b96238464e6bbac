/**
 * Hostile and broken input: scripts and event handlers in HTML, javascript: links, huge strings, wrong types,
 * missing and integer ids, vendor keys, invalid phones and dates. Nothing crashes, nothing unsafe gets through,
 * nothing is dropped without a line in the report, and what is written passes `loop validate`.
 */
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { readOruk } from '../../src/importers/formats/oruk.ts';
import { errorsOf, exampleCopy, importJson, read, snapshot, validate, write } from './support.ts';

const ORG = { id: 7, name: 'Hostile <b>Org</b>', description: '<img src=x onerror="alert(1)">We <script>steal()</script>help.', website: 'javascript:alert(1)', email: 'not-an-email' };

const hostile = [
  {
    id: 101,
    name: '<script>alert("x")</script>Safe Name',
    description: `<p onclick="x()">Intro <a href="javascript:alert(1)">click</a> <a href="https://ok.example.org/">ok</a></p><iframe src="https://evil.example.com"></iframe>${'<p>filler text here. </p>'.repeat(2000)}`,
    url: 'javascript:alert(document.cookie)',
    email: 'mailto:help@hostile.example.org',
    status: 'ACTIVE',
    minimum_age: '-1',
    maximum_age: 'eighteen',
    alert: { nested: 'object' },
    wait_time: ['a', 'list'],
    phones: [{ number: 12345 }, { number: '0113 496 0555', type: 'pager', extension: 'ext 5' }, 'not an object'],
    schedules: [{ byday: 'XX,MO', opens_at: '25:99', closes_at: 'soon' }, { freq: 'WEEKLY', byday: 'FR', opens_at: '14:00', closes_at: '09:00' }],
    organization: ORG,
    vendor_extension: { anything: true },
    x_custom: 1,
  },
  { name: 'No id at all', status: 'active', organization: ORG },
  { id: 'svc-without-org', name: 'Orphan', status: 'active' },
  { id: 'svc-without-name', status: 'active', organization: ORG },
  { id: 'svc-huge-name', name: 'N'.repeat(5000), status: 'active', organization: ORG, assured_date: '2999-01-01' },
  'a string where a service should be',
  null,
];

describe('hostile input', () => {
  test('is cleaned, reported, and written only as valid, safe YAML', async () => {
    const dir = exampleCopy();
    const source = write(join(dir, 'hostile.json'), { total_items: hostile.length, total_pages: 1, page_number: 1, contents: hostile });
    const { code, report } = await importJson(dir, 'oruk', source, '--system', 'Hostile', '--write');
    expect(code).toBe(1); // records were refused: a person should look
    expect(errorsOf(validate(dir))).toEqual([]);
    const files = [...snapshot(dir).entries()].filter(([f]) => f.startsWith('services/hostile-org/') || f === 'organisations/hostile-org.yaml');
    expect(files.length).toBeGreaterThanOrEqual(3);
    for (const [file, text] of files) {
      expect(text, file).not.toMatch(/<script|javascript:|onerror|onclick|<iframe|steal\(\)|alert\(/i);
      expect(() => parse(text), file).not.toThrow();
    }
    const s = parse(read(dir, 'services/hostile-org/safe-name.yaml'));
    expect(s.name).toBe('Safe Name');
    expect(s.url).toBeUndefined();
    expect(s.email).toBe('help@hostile.example.org');
    expect(s.status).toBe('active');
    expect(s.minimum_age).toBeUndefined();
    expect(s.description.length).toBeLessThanOrEqual(10_000);
    expect(s.description).toContain('[ok](https://ok.example.org/)');
    expect(s.phones).toEqual([{ number: '0113 496 0555' }]);
    // Bad days and times are left out (and reported); the days that can be read are kept.
    expect(s.schedules).toEqual([{ days: ['MO'] }, { days: ['FR'] }]);
    const org = parse(read(dir, 'organisations/hostile-org.yaml'));
    expect(org).toMatchObject({ name: 'Hostile Org', description: 'We help.' });
    expect(org.website).toBeUndefined();
    const messages = report.problems.map((p) => `${p.severity} ${p.record ?? ''} ${p.field ? `${p.field}: ` : ''}${p.message}`).join('\n');
    for (const expected of [
      /warning .*description: the source HTML held scripts/,
      /warning .*url: "javascript:alert\(document\.cookie\)" left out/,
      /warning .*maximum_age: "eighteen" is not an age/,
      /warning .*alert: expected text but found object/,
      /warning .*wait_time: expected text but found a list/,
      /"12345" is not a valid UK phone number/,
      /phone type "pager" has no LOOP equivalent/,
      /"XX" is not a day/,
      /could not be read; left out|closes 09:00 is not after opens 14:00/,
      /unknown key "vendor_extension" ignored/,
      /integer ids read as text/,
      /description: was [\d,]+ characters; cut to 10,000/,
      /has no id; it is keyed by its name/,
      /error .*Orphan.*no organisation/,
      /error .*has no name, so it cannot be listed/,
      /name: was 5000 characters; cut to 150/,
      /review date 2999-01-01 is in the future|the source's review date 2999-01-01 is in the future/,
      /2 items that are not services or organisations skipped|not services or organisations/,
    ]) {
      expect(messages).toMatch(expected);
    }
  });

  test('a service with no id is found again by name and organisation on the next import', async () => {
    const dir = exampleCopy();
    const source = write(join(dir, 'noid.json'), [{ name: 'No id at all', status: 'active', organization: ORG }]);
    await importJson(dir, 'oruk', source, '--system', 'Hostile', '--write');
    const second = await importJson(dir, 'oruk', source, '--system', 'Hostile', '--write');
    expect(second.report.created).toEqual([]);
    expect(second.report.unchanged).toBeGreaterThan(0);
  });

  test('files that are not JSON, and JSON that is not ORUK, are clear errors', async () => {
    const dir = exampleCopy();
    const notJson = write(join(dir, 'broken.json'), '{"contents": [ {"id": 1, ');
    await expect(readOruk(notJson)).rejects.toThrow(/broken\.json is not JSON/);
    const other = write(join(dir, 'other.json'), { hello: 'world' });
    const batch = await readOruk(other);
    expect(batch.records).toEqual([]);
    expect(batch.problems.some((p) => /holds no ORUK services or organisations/.test(p.message))).toBe(true);
  });
});
