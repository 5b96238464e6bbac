/**
 * An opening and a closing time read as a pair, because one often explains the other: `5:00`–`7:00pm` means five
 * in the evening, not five in the morning. The rule, stated once and reported every time it is used:
 *
 * - A time with am/pm, "noon", a leading zero (`09:00`) or an hour of 13 or more is read as written.
 * - A bare hour from 1 to 12 (`5:00`) beside a time with am/pm is ambiguous. It takes the other time's half of the
 *   day when that puts the opening before the closing; otherwise the other half when that does; otherwise the
 *   times cannot be read. Two bare times are read as 24-hour times, as HSDS writes them.
 * - An opening time without a closing time (or the reverse) cannot be shown, so both are left out.
 *
 * Every guess and every drop comes back as words for the import report; nothing is changed silently.
 */

interface Clock {
  hour: number;
  minute: number;
  /** am/pm as written; undefined for a 24-hour time. */
  half?: 'am' | 'pm';
  /** A bare 1–12 hour that could be either half of the day. */
  ambiguous: boolean;
  text: string;
}

export interface OpeningHours {
  opens?: string;
  closes?: string;
  /** How an ambiguous time was read, for the report. */
  guess?: string;
  /** Why the times were left out, for the report. */
  dropped?: string;
}

function hhmm(hour: number, minute: number): string {
  return `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`;
}

function readClock(value: unknown): Clock | undefined {
  const text = typeof value === 'string' ? value.trim() : typeof value === 'number' ? String(value) : '';
  const raw = text.toLowerCase();
  if (raw === 'noon' || raw === 'midday') return { hour: 12, minute: 0, half: 'pm', ambiguous: false, text };
  const m = /^(\d{1,2})(?:[:.](\d{2}))?(?::\d{2}(?:\.\d+)?)?\s*(am|pm|a\.m\.|p\.m\.)?(?:z|[+-]\d{2}:?\d{2})?$/.exec(raw);
  if (!m) return undefined;
  const hour = Number(m[1]);
  const minute = Number(m[2] ?? '0');
  const half = m[3]?.replace(/\./g, '') as 'am' | 'pm' | undefined;
  if (!m[2] && !half) return undefined;
  if (minute > 59) return undefined;
  if (half) return hour >= 1 && hour <= 12 ? { hour: (hour % 12) + (half === 'pm' ? 12 : 0), minute, half, ambiguous: false, text } : undefined;
  if (hour > 23) return undefined;
  return { hour, minute, ambiguous: hour >= 1 && hour <= 12 && !m[1]!.startsWith('0'), text };
}

/** The bare hour in the given half of the day. */
function inHalf(clock: Clock, half: 'am' | 'pm'): string {
  return hhmm((clock.hour % 12) + (half === 'pm' ? 12 : 0), clock.minute);
}

export function openingHours(opensAt: unknown, closesAt: unknown): OpeningHours {
  const given = (v: unknown) => v !== undefined && v !== null && String(v).trim() !== '';
  const hasOpen = given(opensAt);
  const hasClose = given(closesAt);
  if (!hasOpen && !hasClose) return {};
  const shown = `"${hasOpen ? String(opensAt) : ''}"–"${hasClose ? String(closesAt) : ''}"`;
  const opens = hasOpen ? readClock(opensAt) : undefined;
  const closes = hasClose ? readClock(closesAt) : undefined;
  if ((hasOpen && !opens) || (hasClose && !closes)) return { dropped: `times ${shown} could not be read; left out` };
  if (!opens) return { dropped: `closes at ${hhmm(closes!.hour, closes!.minute)} but has no opening time; the times were left out` };
  if (!closes) return { dropped: `opens at ${hhmm(opens.hour, opens.minute)} but has no closing time; the times were left out` };
  let open = hhmm(opens.hour, opens.minute);
  let close = hhmm(closes.hour, closes.minute);
  let guess: string | undefined;
  // One bare, the other with am/pm: read the bare one by the rule above.
  const bare = opens.ambiguous && closes.half ? 'opens' : closes.ambiguous && opens.half ? 'closes' : undefined;
  if (bare) {
    const clock = bare === 'opens' ? opens : closes;
    const other = bare === 'opens' ? closes : opens;
    const fits = (candidate: string) => (bare === 'opens' ? candidate < close : open < candidate);
    const same = inHalf(clock, other.half!);
    const opposite = inHalf(clock, other.half === 'am' ? 'pm' : 'am');
    const chosen = fits(same) ? same : fits(opposite) ? opposite : undefined;
    if (!chosen) return { dropped: `times ${shown}: "${clock.text}" is before the ${bare === 'opens' ? 'closing' : 'opening'} time in either half of the day; left out` };
    if (bare === 'opens') open = chosen;
    else close = chosen;
    guess = `${bare === 'opens' ? 'opening' : 'closing'} time "${clock.text}" has no am/pm; read as ${chosen}, ${chosen === same ? `the same half of the day as "${other.text}"` : `since "${other.text}" rules out the other half`} (times ${shown} became ${open}–${close})`;
  }
  if (close <= open) return { dropped: `closes ${close} is not after opens ${open}; times left out` };
  return { opens: open, closes: close, ...(guess ? { guess } : {}) };
}
