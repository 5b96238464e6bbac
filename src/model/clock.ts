/**
 * The program's one clock. Listings are reviewed, imported and judged on UK calendar days, and every "today" comes
 * from here, so one injected date moves all of them together: `--as-of YYYY-MM-DD` on a command, else the
 * `LOOP_AS_OF` environment variable, else the system clock read in Europe/London. The moment a build was made
 * (`buildTime`) follows the reproducible-builds convention, `SOURCE_DATE_EPOCH`. Both variables are read where the
 * rest of the environment is (src/build/context.ts); the clock checks what it is given.
 *
 * Nothing else in src/ reads the system clock for a date (tests/model/clock.test.ts checks this), so the tests,
 * which fix `LOOP_AS_OF`, pass on any day and in any time zone.
 */

import { AS_OF_ENV, buildEnvironment, SOURCE_DATE_EPOCH_ENV } from '../build/context.ts';

/** A date given to the program (a flag or an environment variable) is not a real YYYY-MM-DD date. */
export class ClockError extends Error {}

type Env = Readonly<Record<string, string | undefined>>;

/** True for a real calendar date written YYYY-MM-DD (not 2026-02-30). */
export function isIsoDate(value: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

/** `value` if it is a real YYYY-MM-DD date; otherwise a ClockError naming where it came from (`--as-of`, `LOOP_AS_OF`). */
export function checkDate(value: string, source: string): string {
  if (isIsoDate(value)) return value;
  throw new ClockError(`${source} must be a date, YYYY-MM-DD (got "${value}")`);
}

/** The calendar date in the UK at the instant `now` (listings are reviewed on UK calendar days). */
export function todayInUK(now: Date = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

export interface TodayOptions {
  /** A command's `--as-of` value, when given: it wins over the environment. */
  asOf?: string | undefined;
  env?: Env;
}

/** Today as a UK calendar date: `--as-of`, else $LOOP_AS_OF, else the system clock. Malformed dates throw ClockError. */
export function today(options: TodayOptions = {}): string {
  if (options.asOf !== undefined) return checkDate(options.asOf, '--as-of');
  const fromEnv = buildEnvironment(options.env).asOf;
  if (fromEnv !== undefined) return checkDate(fromEnv, AS_OF_ENV);
  return todayInUK();
}

/** The instant a build is made: $SOURCE_DATE_EPOCH (whole seconds since 1970) when set, else the system clock. */
export function buildTime(env?: Env): Date {
  const epoch = buildEnvironment(env).sourceDateEpoch;
  if (epoch === undefined) return new Date();
  if (!/^\d+$/.test(epoch)) throw new ClockError(`${SOURCE_DATE_EPOCH_ENV} must be whole seconds since 1970 (got "${epoch}")`);
  return new Date(Number(epoch) * 1000);
}
