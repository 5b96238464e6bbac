/**
 * Phone links. The validator has already made every number valid and written the way LOOP writes them
 * ("0113 496 0123", "116 123", "+353 1 234 5678"), so a link is the same digits in international form; parsing
 * each number again with libphonenumber on every page would cost seconds at 10,000 listings.
 */
import { phoneHref } from '../../model/formats.ts';

export function telHref(number: string, options: { type?: string | undefined; extension?: number | undefined } = {}): string {
  const compact = number.replace(/[\s()-]/g, '');
  let href: string;
  if (/^\+\d{6,15}$/.test(compact)) href = `tel:${compact}`;
  else if (/^0\d{9,10}$/.test(compact)) href = `tel:+44${compact.slice(1)}`;
  else if (/^\d{3,6}$/.test(compact)) href = `tel:${compact}`;
  else href = phoneHref(number);
  if (options.type === 'text') return href.replace(/^tel:/, 'sms:');
  return options.extension ? `${href};ext=${options.extension}` : href;
}
