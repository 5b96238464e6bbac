/**
 * Ambiguous and half-given opening times (issue #16): read by the stated rule (src/importers/opening-hours.ts), and
 * every guess and every drop reported with its record, never silently changed or lost.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { openingHours } from '../../src/importers/opening-hours.ts';
import { readHsdsCsv } from '../../src/importers/formats/hsds-csv.ts';
import { tempDir } from './support.ts';

describe('openingHours: the rule', () => {
  test('a bare opening hour takes the closing time’s half of the day when that is earlier than the close', () => {
    expect(openingHours('5:00', '7:00pm')).toEqual({ opens: '17:00', closes: '19:00', guess: expect.stringMatching(/^opening time "5:00" has no am\/pm; read as 17:00, the same half of the day as "7:00pm"/) });
  });

  test('otherwise the other half, still reported', () => {
    expect(openingHours('9:00', '5:00pm')).toEqual({ opens: '09:00', closes: '17:00', guess: expect.stringMatching(/read as 09:00, since "5:00pm" rules out the other half/) });
    expect(openingHours('9am', '5:30')).toEqual({ opens: '09:00', closes: '17:30', guess: expect.stringMatching(/^closing time "5:30" has no am\/pm; read as 17:30/) });
  });

  test('nothing to guess: 24-hour times, leading zeros, am/pm on both', () => {
    expect(openingHours('09:00:00', '17:00:00')).toEqual({ opens: '09:00', closes: '17:00' });
    expect(openingHours('5:00', '7:00')).toEqual({ opens: '05:00', closes: '07:00' });
    expect(openingHours('10am', '2pm')).toEqual({ opens: '10:00', closes: '14:00' });
    expect(openingHours('08:30', '7pm')).toEqual({ opens: '08:30', closes: '19:00' });
  });

  test('drops say why', () => {
    expect(openingHours(undefined, '17:00')).toEqual({ dropped: 'closes at 17:00 but has no opening time; the times were left out' });
    expect(openingHours('9:00', '')).toEqual({ dropped: 'opens at 09:00 but has no closing time; the times were left out' });
    expect(openingHours('nine', '17:00')).toEqual({ dropped: 'times "nine"–"17:00" could not be read; left out' });
    expect(openingHours('17:00', '09:00')).toEqual({ dropped: 'closes 09:00 is not after opens 17:00; times left out' });
    expect(openingHours(undefined, undefined)).toEqual({});
  });
});

describe('an HSDS 1.1 package with ambiguous and half-given times', () => {
  test('every guess and drop is in the report, with the record', async () => {
    const dir = tempDir('loop-hours-');
    writeFileSync(join(dir, 'organizations.csv'), 'id,name,description\norg-1,Leeds Knitters Collective,Knitting groups.\n');
    writeFileSync(join(dir, 'services.csv'), 'id,organization_id,name,description\nsvc-1,org-1,Evening Knit,Knitting in the evening.\nsvc-2,org-1,Morning Knit,Knitting in the morning.\n');
    writeFileSync(
      join(dir, 'regular_schedules.csv'),
      'id,service_id,weekday,opens_at,closes_at\nr1,svc-1,1,5:00,7:00pm\nr2,svc-2,2,,12:00\nr3,svc-2,Someday,10:00,12:00\nr4,svc-2,3,10:00,12:00\n',
    );
    const batch = await readHsdsCsv(dir, { system: 'Knitters' });
    const evening = batch.records.find((r) => r.key === 'svc-1')!;
    const morning = batch.records.find((r) => r.key === 'svc-2')!;
    expect(evening.fields.schedules).toEqual([{ days: ['MO'], opens: '17:00', closes: '19:00' }]);
    expect(morning.fields.schedules).toEqual([{ days: ['TU'] }, { days: ['WE'], opens: '10:00', closes: '12:00' }]);
    const said = batch.problems.map((p) => `${p.record ?? ''}: ${p.message}`);
    expect(said).toContainEqual(expect.stringMatching(/^service svc-1 "Evening Knit": opening time "5:00" has no am\/pm; read as 17:00/));
    expect(said).toContainEqual('service svc-2 "Morning Knit": closes at 12:00 but has no opening time; the times were left out');
    expect(said).toContainEqual(expect.stringMatching(/^service svc-2: regular_schedules row r3: weekday "Someday" is not a day; its times \(10:00–12:00\) were left out/));
  });
});
