/**
 * The shortlist's parts that need no browser (issue #18): short keys, the cards file (phone, address, times, cost,
 * link for every listed listing), the shared address, the email and text message bodies, and near me's
 * "Also available to you" and filters over the example data.
 */
import { describe, expect, test } from 'vitest';
import { catalogueOf } from '../../src/dataset/catalogue.ts';
import { cardsFile, shortKeys } from '../../src/site/cards.ts';
import { emailHref, keysFromUrl, shareUrl, textHref } from '../../src/site/share.ts';
import { alsoAvailable, matchesFilters, nearestServices } from '../../src/site/geo/places.ts';
import { placesFile } from '../../src/site/geo/places-file.ts';
import { locationPath } from '../../src/urls/site.ts';
import { exampleDataset } from './example.ts';

const dataset = exampleDataset();
const catalogue = catalogueOf(dataset);

describe('cards', () => {
  test('short keys are the shortest unique start of each id, at least 8 characters', () => {
    const keys = shortKeys(['aaaaaaaa-1111-5000-8000-000000000000', 'aaaaaaaa-1112-5000-8000-000000000000', 'bbbbbbbb-0000-5000-8000-000000000000']);
    expect([...keys.values()]).toEqual(['aaaaaaaa1111', 'aaaaaaaa1112', 'bbbbbbbb']);
  });
  const { cards } = cardsFile(dataset, catalogue);
  test('every listed listing has a card with its facts, and a unique key', () => {
    expect(cards.length).toBe(dataset.listings.filter((l) => catalogue.isListed(l)).length);
    expect(new Set(cards.map((c) => c.key)).size).toBe(cards.length);
    const advice = cards.find((c) => c.name === "Carers' rights and money advice")!;
    expect(advice).toMatchObject({ path: '/services/chapeltown-carers-network/carers-advice/', phone: { number: '0113 496 0053', href: 'tel:+441134960053' } });
    expect(advice.times).toEqual(['By phone: Monday to Friday 09:30–16:30', 'In person: Thursday 13:00–16:00']);
    expect(advice.link).toMatch(/^[a-z0-9.-]+\/.*services\/chapeltown-carers-network\/carers-advice\/$/);
    expect(advice.cost).toBeTruthy();
    expect(cards.some((c) => c.address?.includes('LS'))).toBe(true);
  });
});

describe('sharing a shortlist', () => {
  const cards = [
    { name: 'Carers advice', phone: { number: '0113 496 0053', href: 'tel:+441134960053' }, link: 'example.org/loop/services/a/b/', address: '1 Road, Leeds, LS7 3EX' },
    { name: 'Calm & co', link: 'example.org/loop/resources/c/d/' },
  ];
  test('the address carries the keys, and reading it back keeps only keys', () => {
    const url = shareUrl('https://example.org/loop/shortlist/?x=1#top', ['abcdef12', '0123456789']);
    expect(url).toBe('https://example.org/loop/shortlist/?ids=abcdef12.0123456789');
    expect(keysFromUrl(new URL(url).search)).toEqual(['abcdef12', '0123456789']);
    expect(keysFromUrl('?ids=ABCDEF12,abcdef12.<script>.zz')).toEqual(['abcdef12']);
    expect(keysFromUrl('?q=1')).toBeNull();
  });
  test('the email has each name, phone, address and link, and the whole list', () => {
    const href = new URL(emailHref('LOOP', cards, 'https://example.org/loop/shortlist/?ids=a'));
    expect(href.protocol).toBe('mailto:');
    const body = decodeURIComponent(href.href.split('body=')[1]!);
    expect(body).toContain('Carers advice\r\nPhone: 0113 496 0053\r\n1 Road, Leeds, LS7 3EX\r\nhttps://example.org/loop/services/a/b/\r\n');
    expect(body).toContain('Calm & co\r\nhttps://example.org/loop/resources/c/d/');
    expect(body).toContain('The whole list: https://example.org/loop/shortlist/?ids=a');
    expect(decodeURIComponent(href.href.split('subject=')[1]!.split('&')[0]!)).toBe('Help from LOOP');
  });
  test('the text message has names, phones and links', () => {
    const href = textHref('LOOP', cards, 'https://example.org/l/?ids=a');
    expect(href.startsWith('sms:?&body=')).toBe(true);
    const body = decodeURIComponent(href.slice('sms:?&body='.length));
    expect(body).toContain('Carers advice\nPhone: 0113 496 0053\nhttps://example.org/loop/services/a/b/');
    expect(body).not.toContain('LS7 3EX');
  });
});

describe('near me answers the question', () => {
  const file = placesFile(dataset, catalogue, locationPath);
  test('filters combine with distance', () => {
    const keep = matchesFilters(file, new Map([['category', ['carers-support']]]));
    const near = nearestServices(file, 53.8166, -1.5337, keep);
    expect(near.length).toBeGreaterThan(0);
    expect(near.length).toBeLessThan(nearestServices(file, 53.8166, -1.5337).length);
    for (const n of near) expect(n.service[4].map((i) => file.tokens[i])).toContain('category:carers-support');
  });
  test('"Also available": city-wide, phone and online help covering the ward or district, none already listed by distance', () => {
    const near = nearestServices(file, 53.8166, -1.5337);
    const also = alsoAvailable(file, ['leeds', 'ward/chapel-allerton', 'postcode/ls7'], near);
    expect(also.length).toBeGreaterThan(0);
    const nearPaths = new Set(near.map((n) => n.service[1]));
    for (const s of also) {
      expect(nearPaths.has(s[1])).toBe(false);
      expect(s[4].some((t) => ['area:leeds', 'area:ward/chapel-allerton', 'area:postcode/ls7'].includes(file.tokens[t]!))).toBe(true);
    }
    // Help only for another ward is not "available to you".
    expect(alsoAvailable(file, ['ward/armley'], near).every((s) => s[4].some((t) => file.tokens[t] === 'area:ward/armley'))).toBe(true);
  });
});
