import { describe, expect, test } from 'vitest';
import { catalogueOf } from '../../src/dataset/catalogue.ts';
import { searchDocument } from '../../src/site/search/document.ts';
import { areasOf } from '../../src/dataset/areas.ts';
import { FILTERS, filterOptions, filterValues } from '../../src/site/search/filters.ts';
import { allowedEdits, buildVocabulary, correctQuery, editDistance, nearestWord } from '../../src/site/search/spelling.ts';
import { SynonymExpander } from '../../src/site/search/synonyms.ts';
import { synonymGroupOf } from '../../src/site/search/query.ts';
import { normalise, words } from '../../src/site/search/text.ts';
import { exampleDataset } from './example.ts';

describe('words as search sees them', () => {
  test('lower case, no accents, apostrophes joined, punctuation splits', () => {
    expect(normalise("Alzheimer's Café — LS7/LS8!")).toBe('alzheimers cafe ls7 ls8');
    expect(words('  GP,surgery  ')).toEqual(['gp', 'surgery']);
    expect(words('!!!')).toEqual([]);
  });
});

describe('synonyms', () => {
  const expander = new SynonymExpander([
    ['GP', 'doctor', 'surgery', 'family doctor'],
    ['low mood', 'depression', 'feeling down'],
    ['benefits', 'universal credit', 'UC'],
  ]);
  test('a phrase in the text brings in its whole group', () => {
    expect(expander.expand('Ask your doctor to refer you')).toEqual(['GP', 'doctor', 'surgery', 'family doctor']);
    expect(expander.expand('For anyone feeling down or anxious').sort()).toEqual(['depression', 'feeling down', 'low mood']);
    expect(expander.expand('Help with Universal Credit and your GP').length).toBe(7);
  });
  test('plurals and possessives count', () => {
    expect(expander.expand("topics such as the doctor's and the bus")).toContain('GP');
    expect(expander.expand('local surgeries and doctors')).toContain('GP');
  });
  test('whole words only: no group from inside another word or half a phrase', () => {
    expect(expander.expand('GPS tracking, a duck, feeling fine, low tide')).toEqual([]);
  });
  test('a phrase is found wherever it starts, the last words of the text included', () => {
    // Words that start no phrase are passed over; "low" starts one, so "low low mood" still finds it.
    expect(expander.expand('talk to a family doctor').sort()).toEqual(['GP', 'doctor', 'family doctor', 'surgery']);
    expect(expander.expand('low low mood').sort()).toEqual(['depression', 'feeling down', 'low mood']);
    expect(expander.expand('universal credit')).toContain('benefits');
    expect(expander.expand('credit universal')).toEqual([]);
  });
  test('linear in the text, so 10,000 listings stay cheap', () => {
    const long = 'word '.repeat(50_000) + 'depression';
    expect(expander.expand(long)).toContain('low mood');
  });
});

describe('spelling', () => {
  test('edit distance counts swaps as one edit and stops early past a limit', () => {
    expect(editDistance('dementai', 'dementia')).toBe(1);
    expect(editDistance('councelling', 'counselling')).toBe(1);
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('abcdef', 'uvwxyz', 2)).toBe(3);
  });
  test('short words are never "corrected"', () => {
    expect(allowedEdits('gp')).toBe(0);
    expect(allowedEdits('pip')).toBe(0);
    expect(allowedEdits('benfit')).toBe(2);
  });
  const vocabulary = buildVocabulary(['counselling for young people', 'dementia cafe', 'counselling and dementia support', 'benefits advice', 'bereavement support']);
  test('the vocabulary is the indexed words, most common first', () => {
    expect(vocabulary.words.slice(0, 3)).toEqual(['counselling', 'dementia', 'support']);
    expect(vocabulary.words).not.toContain('fo');
  });
  test('nearest word within the allowed edits', () => {
    expect(nearestWord('councelling', vocabulary)).toBe('counselling');
    expect(nearestWord('beravement', vocabulary)).toBe('bereavement');
    expect(nearestWord('zzzzzzzz', vocabulary)).toBeNull();
  });
  test('a query is corrected word by word; known words, prefixes and stop words are handled', () => {
    expect(correctQuery('councelling for young peple', vocabulary)).toEqual({ query: 'counselling young people', changes: [['councelling', 'counselling'], ['peple', 'people']] });
    expect(correctQuery('couns', vocabulary)).toEqual({ query: null, changes: [] });
    expect(correctQuery('I need help with benfits', vocabulary).query).toBe('benefits');
    expect(correctQuery('help', vocabulary).query).toBeNull();
  });
});

describe('filters and the search document', () => {
  const dataset = exampleDataset();
  const catalogue = catalogueOf(dataset);
  const expander = new SynonymExpander(dataset.synonyms.groups);
  test('a listing is tagged with its terms and their broader terms, ages, cost, delivery and area', () => {
    const advice = dataset.listing('chapeltown-carers-network/carers-advice')!;
    const values = filterValues(dataset, catalogue, advice);
    expect(values.type).toEqual(['service']);
    expect(values.category).toEqual(expect.arrayContaining(['carers-support', 'benefits-advice', 'advocacy']));
    expect(values.audience).toEqual(['carers']);
    expect(values.age).toEqual(['teenagers', 'young-adults', 'adults', 'older-people']);
    expect(values.free).toEqual(['yes']);
    expect(values.delivery).toEqual(['phone', 'in-person', 'home-visit']);
    expect(values.language).toEqual(['en', 'pa', 'ur']);
    expect(values.organisation).toEqual(['chapeltown-carers-network']);
    expect(values.area).toEqual(expect.arrayContaining(['ward/chapel-allerton', 'postcode/ls7']));
    expect(values.area).not.toContain('leeds');
    const parentOfYoungCarers = dataset.term('category', 'young-carers')!.parent;
    expect(filterValues(dataset, catalogue, dataset.listing('chapeltown-carers-network/young-carers-club')!).category).toContain(parentOfYoungCarers);
  });
  test('listings with no area and no venue are for the whole city; resources too', () => {
    const resource = dataset.resources[0]!;
    expect(areasOf(dataset, resource)).toEqual(['leeds']);
  });
  test('every filter offers options, named from the Dataset', () => {
    for (const filter of FILTERS) expect(filterOptions(dataset, catalogue, filter).length, filter.key).toBeGreaterThan(0);
    const categories = filterOptions(dataset, catalogue, FILTERS.find((f) => f.key === 'category')!);
    expect(categories.find((o) => o.value === 'young-carers')?.depth).toBe(1);
  });
  test('the search document carries weights, filters, sort keys and synonyms, all escaped', () => {
    const advice = dataset.listing('chapeltown-carers-network/carers-advice')!;
    const doc = searchDocument(dataset, catalogue, expander, advice);
    expect(doc.path).toBe('/services/chapeltown-carers-network/carers-advice/');
    expect(doc.html).toContain('<h1>Carers&#39; rights and money advice</h1>');
    expect(doc.html).toContain('data-pagefind-filter="category">carers-support</span>');
    expect(doc.html).toContain('data-pagefind-sort="reviewed">2026-09-14</span>');
    expect(doc.html).toContain('data-pagefind-meta="organisation">Chapeltown Carers Network</span>');
    // "unpaid carers" is in its text; the carers group brings "looking after someone".
    expect(doc.html).toContain('looking after someone');
    expect(doc.text).toContain('Chapeltown Community Hub');
  });
  test('hostile names cannot break out of the search document', () => {
    const advice = dataset.listing('chapeltown-carers-network/carers-advice')!;
    const hostile = { ...advice, name: '</h1><script>alert(1)</script>', summary: '"><img src=x onerror=alert(1)>' };
    const doc = searchDocument(dataset, catalogue, expander, hostile);
    expect(doc.html).not.toContain('<script>');
    expect(doc.html).not.toContain('<img');
    expect(doc.html).toContain('&lt;script&gt;');
  });
});

describe('query synonyms', () => {
  const vocabulary = { words: [], synonyms: [['GP', 'doctor', 'family doctor'], ['benefits', 'universal credit', 'UC']] };
  test('a query that is one phrase of a group brings the group, that phrase first', () => {
    expect(synonymGroupOf('UC', vocabulary)).toEqual(['UC', 'benefits', 'universal credit']);
    expect(synonymGroupOf('Universal Credit', vocabulary)).toEqual(['universal credit', 'benefits', 'UC']);
    // Small words and plurals aside
    expect(synonymGroupOf('a doctors', vocabulary)).toEqual(['doctor', 'GP', 'family doctor']);
  });
  test('a query that only contains a phrase, or none, brings nothing', () => {
    expect(synonymGroupOf('doctor near Armley', vocabulary)).toBeNull();
    expect(synonymGroupOf('the', vocabulary)).toBeNull();
    expect(synonymGroupOf('GP', { words: [] })).toBeNull();
  });
});
