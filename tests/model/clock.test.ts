/**
 * The one clock (src/model/clock.ts): an injected date (--as-of, $LOOP_AS_OF) wins over the system clock, malformed
 * dates are refused with a plain message, and nothing else in src/ reads the system clock for a date.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { buildTime, checkDate, ClockError, isIsoDate, today, todayInUK } from '../../src/model/clock.ts';
import { runLoop } from '../support/cli.ts';
import { AS_OF, fixtureCopy } from '../support/data.ts';
import { repoRoot } from '../support/shared.ts';

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllEnvs();
});

describe('today', () => {
  test('the suite runs on its fixed date', () => {
    expect(process.env.LOOP_AS_OF).toBe(AS_OF);
    expect(today()).toBe(AS_OF);
  });

  test('--as-of wins over $LOOP_AS_OF, which wins over the clock', () => {
    expect(today({ asOf: '2027-03-01', env: { LOOP_AS_OF: '2026-01-01' } })).toBe('2027-03-01');
    expect(today({ env: { LOOP_AS_OF: '2026-01-01' } })).toBe('2026-01-01');
    vi.useFakeTimers({ toFake: ['Date'] });
    // Half past eleven at night in UTC is already tomorrow in a British summer.
    vi.setSystemTime(new Date('2026-06-30T23:30:00Z'));
    expect(today({ env: {} })).toBe('2026-07-01');
    expect(today({ env: { LOOP_AS_OF: '' } })).toBe('2026-07-01');
    vi.setSystemTime(new Date('2026-12-31T23:30:00Z'));
    expect(today({ env: {} })).toBe('2026-12-31');
  });

  test('the system clock is read in the UK, whatever the machine\'s time zone', () => {
    expect(todayInUK(new Date('2026-06-30T23:30:00Z'))).toBe('2026-07-01');
    expect(todayInUK(new Date('2026-01-01T10:30:00+14:00'))).toBe('2025-12-31');
  });

  test('malformed dates are refused, naming where they came from', () => {
    expect(() => today({ asOf: '24/11/2026' })).toThrow(new ClockError('--as-of must be a date, YYYY-MM-DD (got "24/11/2026")'));
    expect(() => today({ env: { LOOP_AS_OF: '2026-02-30' } })).toThrow(/^LOOP_AS_OF must be a date, YYYY-MM-DD \(got "2026-02-30"\)$/);
    expect(() => checkDate('2026-1-5', '--date')).toThrow(ClockError);
    expect(isIsoDate('2028-02-29')).toBe(true);
    expect(isIsoDate('2027-02-29')).toBe(false);
    expect(isIsoDate('2026-11-24T00:00')).toBe(false);
  });

  test('the build instant is $SOURCE_DATE_EPOCH when set', () => {
    expect(buildTime({ SOURCE_DATE_EPOCH: '1790000000' }).toISOString()).toBe('2026-09-21T14:13:20.000Z');
    expect(() => buildTime({ SOURCE_DATE_EPOCH: 'yesterday' })).toThrow(/SOURCE_DATE_EPOCH must be whole seconds/);
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2030-01-01T00:00:00Z'));
    expect(buildTime({}).toISOString()).toBe('2030-01-01T00:00:00.000Z');
  });
});

describe('commands take the date from the clock', () => {
  const SERVICE = 'data/services/chapeltown-carers/carers-drop-in.yaml';

  test('a malformed $LOOP_AS_OF or --as-of is a usage error (exit 2) with the reason', async () => {
    const dir = fixtureCopy();
    const flag = await runLoop(['validate', '--as-of', '2026-13-01'], { cwd: dir });
    expect(flag.code).toBe(2);
    expect(flag.stderr).toContain('--as-of must be a date, YYYY-MM-DD (got "2026-13-01")');
    vi.stubEnv('LOOP_AS_OF', 'tomorrow');
    for (const args of [['validate'], ['report'], ['reminders'], ['review', SERVICE], ['new', 'location', '--name', 'Hall', '--address', '1 Road', '--postcode', 'LS1 1AA', '--stdout']]) {
      const run = await runLoop(args, { cwd: dir });
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.stderr, args.join(' ')).toContain('LOOP_AS_OF must be a date, YYYY-MM-DD (got "tomorrow")');
    }
  });

  test('loop review and loop new stamp the injected date; review refuses a date after it', async () => {
    const dir = fixtureCopy();
    const later = await runLoop(['review', SERVICE, '--as-of', '2027-01-05'], { cwd: dir });
    expect(later.stdout).toContain(`${SERVICE}: reviewed 2027-01-05`);
    const future = await runLoop(['review', SERVICE, '--date', '2026-11-25'], { cwd: dir });
    expect(future.code).toBe(2);
    expect(future.stderr).toContain(`--date cannot be in the future (today is ${AS_OF})`);
    expect((await runLoop(['review', SERVICE, '--date', '2026-11-25', '--as-of', '2026-11-25'], { cwd: dir })).code).toBe(0);
    const made = await runLoop(['new', 'service', '--organisation', 'chapeltown-carers', '--name', 'Tea', '--summary', 'Tea.', '--category', 'carers-support', '--reviewed-by', 'a@example.org', '--stdout'], { cwd: dir });
    expect(made.stdout).toContain(`reviewed: ${AS_OF}\n`);
  });

  test('every command that judges or stamps dates takes --as-of', async () => {
    for (const name of ['validate', 'new', 'review', 'import', 'sync', 'export', 'duplicates', 'publish', 'report', 'reminders', 'pr-summary']) {
      const help = await runLoop([name, '--help']);
      expect(help.stdout, name).toContain('--as-of YYYY-MM-DD');
    }
  });
});

/**
 * Files in src/ that may read the system clock, and why. Everything else gets "today" from src/model/clock.ts
 * (or is handed a date), so one injected date moves every date the program uses.
 */
const CLOCK_ALLOWED: Record<string, string> = {
  'src/model/clock.ts': 'the clock itself',
  'src/importers/formats/http.ts': 'a Retry-After date minus now is a wait (a duration), not a calendar date',
  'src/importers/progress.ts': 'progress lines are throttled by elapsed time (a duration)',
  'src/checks/cache.ts': 'touches the cache file\'s modification time, which only orders caches for pruning (no date is read or written)',
  'src/integrations/search-cache.ts': 'touches a kept search part\'s folder, which only orders the parts for pruning (no date is read or written)',
  'src/site/client/browser-clock.ts': '"open now" is the reader\'s moment, in their browser (tests fix it with Playwright\'s clock)',
};
/** Files that may ask the clock for the real day with todayInUK() and no argument. */
const REAL_TODAY_ALLOWED: Record<string, string> = {
  'src/cms/admin.ts': 'runs in the editor\'s browser, where "today" is the browser\'s day (tests fix the browser clock)',
};

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && /\.(ts|mts|js|mjs|astro)$/.test(e.name) && !e.name.endsWith('.test.ts'))
    .map((e) => relative(repoRoot, join(e.parentPath, e.name)).split('\\').join('/'));
}

/** Code lines only: comments may talk about the clock. */
function codeLines(text: string): [number, string][] {
  return text
    .split('\n')
    .map((line, i): [number, string] => [i + 1, line.replace(/\/\/.*$/, '')])
    .filter(([, line]) => !/^\s*(\*|\/\*)/.test(line));
}

describe('nothing in src/ reads the system clock for a date, but the clock', () => {
  const files = sourceFiles(join(repoRoot, 'src'));

  test('no new Date() or Date.now outside the allow-list', () => {
    expect(files.length).toBeGreaterThan(100);
    const found: string[] = [];
    for (const file of files) {
      if (CLOCK_ALLOWED[file]) continue;
      for (const [n, line] of codeLines(readFileSync(join(repoRoot, file), 'utf8'))) {
        if (/new\s+Date\s*\(\s*\)|\bDate\.now\b|(?<![.\w])Date\s*\(\s*\)/.test(line)) found.push(`${file}:${n}: ${line.trim()}`);
      }
    }
    expect(found, 'use today() from src/model/clock.ts (or take the date as a parameter)').toEqual([]);
  });

  // The environment is read in one place (src/build/context.ts); the clock takes $LOOP_AS_OF and $SOURCE_DATE_EPOCH from it.
  test('no reading $LOOP_AS_OF or $SOURCE_DATE_EPOCH outside the build environment, and no todayInUK() for the real day outside the clock', () => {
    const found: string[] = [];
    for (const file of files) {
      for (const [n, line] of codeLines(readFileSync(join(repoRoot, file), 'utf8'))) {
        if (file !== 'src/build/context.ts' && /\b(LOOP_AS_OF|SOURCE_DATE_EPOCH)\b/.test(line)) found.push(`${file}:${n}: ${line.trim()}`);
        if (file !== 'src/model/clock.ts' && /todayInUK\(\s*\)/.test(line) && !REAL_TODAY_ALLOWED[file]) found.push(`${file}:${n}: ${line.trim()}`);
      }
    }
    expect(found).toEqual([]);
  });

  test('the allow-lists name files that exist and still need to be there', () => {
    for (const file of [...Object.keys(CLOCK_ALLOWED), ...Object.keys(REAL_TODAY_ALLOWED)]) {
      expect(files, file).toContain(file);
    }
  });
});
