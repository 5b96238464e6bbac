import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { Problems } from '../../src/importers/incoming.ts';
import { age, cut, date, email, instant, line, phone, phoneType, postcode, richText, summaryFrom, time, webUrl, type At } from '../../src/importers/values.ts';

function at(): At & { problems: Problems } {
  return { problems: new Problems(), record: 'service 1 "Test"' };
}

describe('phones', () => {
  test('UK numbers are written the way LOOP writes them', () => {
    expect(phone('01134960123', at())).toEqual({ number: '0113 496 0123' });
    expect(phone('+44 113 496 0123', at())).toEqual({ number: '0113 496 0123' });
    expect(phone('"+44 1234 234567"', at())).toEqual({ number: '01234 234567' });
    expect(phone('0800 0354213', at())).toEqual({ number: '0800 035 4213' });
  });
  test('words around a number become its description', () => {
    const a = at();
    expect(phone('Bristol Youth MAPS: 0117 332 7111', a)).toEqual({ number: '0117 332 7111', note: 'Bristol Youth MAPS' });
    expect(a.problems.all()[0]?.severity).toBe('info');
  });
  test('an invalid number is left out and reported', () => {
    const a = at();
    expect(phone('n/a', a, 'phones', 'GB')).toBeUndefined();
    expect(phone('(223) 346 12361', a, 'phones', 'GB')).toBeUndefined();
    expect(a.problems.all().map((p) => p.message)).toEqual([
      '"n/a" is not a valid UK phone number; left out',
      '"(223) 346 12361" is not a valid UK phone number; left out',
    ]);
  });
  test('another country can be named for sources abroad', () => {
    expect(phone('650 780-7525', at(), 'phones', 'US')).toEqual({ number: '+1 650 780 7525' });
  });
  test('digits without a 0 or a country code are never read as a UK number (issue #16)', () => {
    const a = at();
    // libphonenumber alone reads these as 0305 555 0100 and 0800 555 0100.
    expect(phone('305-555-0100', a, 'phones')).toBeUndefined();
    expect(phone('800-555-0100', a, 'phones')).toBeUndefined();
    expect(phone('3055550100', a, 'phones', 'GB')).toBeUndefined();
    const messages = a.problems.all().map((p) => p.message);
    expect(messages).toHaveLength(3);
    expect(messages[0]).toMatch(/"305-555-0100" has no country code .*source's country is not known; left out .*--country/);
    expect(messages[2]).toBe('"3055550100" is not a valid UK phone number; left out');
  });
  test('a number with its country code keeps its country whatever the source', () => {
    expect(phone('+1 305 555 0100', at(), 'phones')).toEqual({ number: '+1 305 555 0100' });
    expect(phone('001 (305) 555-0100', at(), 'phones', 'GB')).toEqual({ number: '+1 305 555 0100' });
    expect(phone('+44 (0)113 496 0123', at(), 'phones', 'US')).toEqual({ number: '0113 496 0123' });
    expect(phone('(305) 555-0100', at(), 'phones', 'US')).toEqual({ number: '+1 305 555 0100' });
    expect(phone('+33 1 23 45 67 89', at(), 'phones')).toEqual({ number: '+33 1 23 45 67 89' });
  });
  test('a UK-form number in a source abroad is not valid there, and is reported', () => {
    const a = at();
    expect(phone('0113 496 0123', a, 'phones', 'US')).toBeUndefined();
    expect(a.problems.all()[0]?.message).toBe('"0113 496 0123" is not a valid US phone number; left out');
  });
  test('phone types from RFC 6350 and real feeds', () => {
    expect(phoneType('cell')).toBe('voice');
    expect(phoneType('SMS')).toBe('text');
    expect(phoneType('tty')).toBe('textphone');
    expect(phoneType('pager')).toBeUndefined();
  });
});

describe('ages, dates, times and timestamps', () => {
  test('-1 is "no limit", never an age', () => {
    const a = at();
    expect(age(-1, a, 'minimum_age')).toBeUndefined();
    expect(age('18', a, 'minimum_age')).toBe(18);
    expect(age(400, a, 'maximum_age')).toBeUndefined();
    expect(age('teen', a, 'maximum_age')).toBeUndefined();
    expect(a.problems.all().map((p) => p.severity)).toEqual(['warning', 'warning', 'info']);
  });
  test('dates in the forms real sources send', () => {
    expect(date('2025-09-02')).toBe('2025-09-02');
    expect(date('02/09/2025')).toBe('2025-09-02');
    expect(date('12/24/2015', undefined, 'd', { monthFirst: true })).toBe('2015-12-24');
    expect(date('January 01, 1970')).toBe('1970-01-01');
    expect(date('January 01, 0001')).toBeUndefined();
    expect(date('2025-02-30')).toBeUndefined();
    // A date-time late on 31 March UTC is already 1 April in the UK in summer time.
    expect(date('2025-03-31T23:30:00Z')).toBe('2025-04-01');
  });
  test('times in 24-hour HH:MM', () => {
    expect(time('10:00:00')).toBe('10:00');
    expect(time('4:00 PM')).toBe('16:00');
    expect(time('3pm')).toBe('15:00');
    expect(time('9am')).toBe('09:00');
    expect(time('25:00')).toBeUndefined();
    expect(time('soon')).toBeUndefined();
  });
  test('timestamps without a zone are UK local time, and say so', () => {
    // Summer: BST is UTC+1.
    expect(instant('2025-09-02T12:06:15.654')).toEqual({ iso: '2025-09-02T11:06:15.654Z', assumedZone: true });
    // Winter: GMT.
    expect(instant('2025-01-15 09:00:00')).toEqual({ iso: '2025-01-15T09:00:00.000Z', assumedZone: true });
    expect(instant('2023-03-15T10:30:45.123Z')).toEqual({ iso: '2023-03-15T10:30:45.123Z', assumedZone: false });
    expect(instant('2023-03-15T10:30:45+02:00')?.iso).toBe('2023-03-15T08:30:45.000Z');
    expect(instant('not a date')).toBeUndefined();
  });
});

describe('text', () => {
  test('single-line text: HTML reduced, whitespace collapsed, long text cut and reported', () => {
    const a = at();
    expect(line('  <b>Carers</b>\n  Café ', 150, a)).toBe('Carers Café');
    const long = line('word '.repeat(100), 50, a, 'name');
    expect(long!.length).toBeLessThanOrEqual(50);
    expect(long!.endsWith('…')).toBe(true);
    expect(a.problems.all()[0]!.message).toBe('was 499 characters; cut to 50');
  });
  test('wrong types are reported, not stringified', () => {
    const a = at();
    expect(line({ name: 'x' }, 10, a, 'name')).toBeUndefined();
    expect(line(['a'], 10, a, 'name')).toBeUndefined();
    expect(line(42, 10, a, 'name')).toBe('42');
    expect(a.problems.all().map((p) => p.message)).toEqual(['expected text but found object; left out', 'expected text but found a list; left out']);
  });
  test('rich text is capped at 10,000 characters at a paragraph break', () => {
    const a = at();
    const text = richText(Array.from({ length: 400 }, (_, i) => `Paragraph ${i} ${'x'.repeat(40)}`).join('\n\n'), a)!;
    expect(text.length).toBeLessThanOrEqual(10_000);
    expect(text.endsWith('x')).toBe(true);
    expect(a.problems.all()[0]!.message).toMatch(/cut to 10,000/);
  });
  test('rich text from HTML with scripts says they were removed', () => {
    const a = at();
    expect(richText('<p>Hi</p><script>x()</script>', a)).toBe('Hi');
    expect(a.problems.all()[0]!.message).toMatch(/scripts/);
  });
  test('hidden characters the validator refuses are removed and reported, real writing is kept', () => {
    const a = at();
    expect(line('Carers \u202egroup\u200b', 150, a, 'name')).toBe('Carers group');
    expect(a.problems.all().map((p) => p.message)).toEqual([
      'removed a right-to-left override (U+202E), which can disguise text by reordering how it reads and other hidden characters',
    ]);
    expect(line('👩\u200d⚕️ می\u200cخواهم', 150, a, 'name')).toBe('👩\u200d⚕️ می\u200cخواهم');
    expect(richText('Line one\nLine \u2067two', a)).toBe('Line one\nLine two');
    expect(a.problems.all()).toHaveLength(2);
  });
  test('rich text loses spaces at line ends, and a long run of inner spaces is kept as it is', () => {
    expect(richText('one  \t\ntwo \n\n\n\nthree')).toBe('one\ntwo\n\nthree');
    const spaced = `a${' '.repeat(100_000)}b`;
    expect(richText(`${spaced}  \nc`, undefined, 'description', 200_000)).toBe(`${spaced}\nc`);
  });
  test('summaries are whole sentences under 300 characters', () => {
    expect(summaryFrom('**About us**\n\nWe help carers. We also run a café on Fridays. And more besides.')).toBe('We help carers. We also run a café on Fridays. And more besides.');
    const long = summaryFrom('A'.repeat(500))!;
    expect(long.length).toBeLessThanOrEqual(300);
    expect(cut('one two three', 9)).toBe('one two…');
  });
  test.each([
    ['abbreviations', 'A.T.I. offers training to carers across the city. Call us to book.'],
    ['e.g. and i.e.', 'Help with bills, e.g. gas and electricity, i.e. the big ones. We also help with food.'],
    ['titles', 'Dr. Patel runs a weekly clinic for families. It is free.'],
    ['initials', 'The J. R. Smith Trust helps older people stay at home. Ask us.'],
    ['web addresses', 'Visit www.example.org for details of every group. We are open daily.'],
    ['decimals', 'Grants of up to 2.5 thousand pounds for carers. Apply now.'],
    ['email addresses', 'Email a.b@x.org to book a place at a session. Places are limited.'],
  ])('summaries keep the start of the text and whole sentences: %s (issue #16)', (_, text) => {
    const first = text.slice(0, text.lastIndexOf('. ') + 1);
    expect(summaryFrom(text)).toBe(text.length <= 150 ? text : first);
  });
  test('a summary is always the start of the text, never a later part of it', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom('A.T.I.', 'www.example.org', 'e.g.', 'Dr.', '2.5', 'a.b@x.org', 'help', 'Carers', 'St.', 'J.', 'now.', 'Yes!', 'why?'), { minLength: 1, maxLength: 80 }), (words) => {
        const text = words.join(' ');
        const summary = summaryFrom(text);
        if (summary === undefined) return;
        expect(text.startsWith(summary.replace(/…$/, ''))).toBe(true);
        expect(summary.length).toBeLessThanOrEqual(300);
      }),
    );
  });
});

describe('addresses on the web and in the post', () => {
  test('a web address with characters a URI cannot hold is written percent-encoded, and said so (issue #16)', () => {
    const a = at();
    expect(webUrl('https://www.gov.uk/find-local-council?postcode={postcode}', a)).toBe('https://www.gov.uk/find-local-council?postcode=%7Bpostcode%7D');
    expect(webUrl('https://www.example.org/café|menu', a)).toBe('https://www.example.org/caf%C3%A9%7Cmenu');
    expect(a.problems.all().map((p) => [p.severity, p.message.replace(/;.*/, '')])).toEqual([
      ['info', '"https://www.gov.uk/find-local-council?postcode={postcode}" had characters a web address (RFC 3986) cannot hold'],
      ['info', '"https://www.example.org/café|menu" had characters a web address (RFC 3986) cannot hold'],
    ]);
  });
  test('web addresses: http(s) only, a missing scheme added', () => {
    const a = at();
    expect(webUrl('http://1625ip.co.uk', a)).toBe('http://1625ip.co.uk');
    expect(webUrl('www.example.org/page', a)).toBe('https://www.example.org/page');
    expect(webUrl('javascript:alert(1)', a)).toBeUndefined();
    expect(webUrl('ftp://files.example.org', a)).toBeUndefined();
    expect(a.problems.all().map((p) => p.severity)).toEqual(['info', 'warning', 'warning']);
  });
  test('emails: mailto: stripped, placeholders dropped', () => {
    const a = at();
    expect(email('mailto:hello@example.org', a)).toBe('hello@example.org');
    expect(email('Unknown-17774709035808669303521709054@noemail.invalid', a)).toBeUndefined();
    expect(email('not an email', a)).toBeUndefined();
  });
  test('postcodes are normalised, foreign ones rejected', () => {
    expect(postcode('ls73hb')).toBe('LS7 3HB');
    expect(postcode('94063', at())).toBeUndefined();
  });
});
