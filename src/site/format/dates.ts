/**
 * Dates as people in the UK write them ("14 September 2026"). Data dates are plain YYYY-MM-DD calendar days, so
 * they are formatted without time zones: a review on 14 September is shown as 14 September everywhere.
 */
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

function parts(isoDate: string): [number, number, number] {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
  if (!m) throw new Error(`not a YYYY-MM-DD date: ${JSON.stringify(isoDate)}`);
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (month < 1 || month > 12 || day < 1 || day > 31) throw new Error(`not a calendar date: ${isoDate}`);
  return [year, month, day];
}

/** "2026-09-14" -> "14 September 2026". */
export function formatDate(isoDate: string): string {
  const [year, month, day] = parts(isoDate);
  return `${day} ${MONTHS[month - 1]} ${year}`;
}

/** "2026-09-14" -> "September 2026". */
export function formatMonth(isoDate: string): string {
  const [year, month] = parts(isoDate);
  return `${MONTHS[month - 1]} ${year}`;
}

/** 1 -> "1st", 2 -> "2nd", 11 -> "11th", 22 -> "22nd". */
export function ordinal(n: number): string {
  const tens = n % 100;
  if (tens >= 11 && tens <= 13) return `${n}th`;
  return `${n}${({ 1: 'st', 2: 'nd', 3: 'rd' } as Record<number, string>)[n % 10] ?? 'th'}`;
}

/** "a", "a and b", "a, b and c" (no Oxford comma, as GOV.UK style). */
export function listInWords(items: readonly string[], conjunction = 'and'): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} ${conjunction} ${items.at(-1)}`;
}
