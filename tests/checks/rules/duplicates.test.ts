/** The duplicates rule, both ways: the valid fixture passes it, and a minimal change makes it fire at the right file and line. */
import { describe, expect, test } from 'vitest';
import { findDuplicateListings } from '../../../src/checks/rules/duplicates.ts';
import { edit, lineOf, only, readFixture, validateWith } from '../../support/data.ts';
import { DROP_IN, FOOD, expectOne } from './support.ts';

describe('duplicates', () => {
  test('the same phone number across organisations, with names alike', () => {
    const files = { [FOOD]: edit(FOOD, 'delivery: [in-person]', 'delivery: [in-person]\nphones:\n  - number: 0113 496 0123')[FOOD]!.replace('name: Harehills Food Share', "name: Carers' Drop-in and Food Share") };
    expectOne(files, 'duplicates', FOOD, lineOf(files[FOOD]!, '0113 496 0123'), /same phone number as data\/services\/chapeltown-carers\/carers-drop-in\.yaml .*What matched: names 67% alike .*the same phone number 0113 496 0123/, { severity: 'warning' });
  });
  test('a phone number alone is no evidence: a helpline or switchboard is shared by unrelated services (issue #16)', () => {
    const files = edit(FOOD, 'delivery: [in-person]', 'delivery: [in-person]\nphones:\n  - number: 0113 496 0123');
    expect(only(validateWith(files), 'duplicates')).toEqual([]);
  });
  test('the same name at the same postcode', () => {
    const copy = readFixture(DROP_IN).replace(/^id: .*$/m, 'id: 5f1c3b9e-2d4a-4c8e-9b7a-1e2f3a4b5c6d').replace('0113 496 0123', '0113 496 0199').replace("name: Carers' Drop-in", 'name: Carers Drop In');
    expectOne({ 'services/chapeltown-carers/carers-drop-in-2.yaml': copy }, 'duplicates', 'services/chapeltown-carers/carers-drop-in-2.yaml', 3, /same name and postcode as data\/services\/chapeltown-carers\/carers-drop-in\.yaml \(Carers Drop In, LS7 3DX\).*What matched: the same name \("Carers Drop In"\), the same organisation, the same postcode LS7 3DX, descriptions 100% alike/, { severity: 'warning' });
  });
  test('two listings imported from the same source record', () => {
    const source = '\nprovenance:\n  - system: Leeds community directory\n    id: svc-1\n    imported: 2026-06-03';
    const copy = readFixture(DROP_IN).replace(/^id: .*$/m, 'id: 6f1c3b9e-2d4a-4c8e-9b7a-1e2f3a4b5c6d').replace('0113 496 0123', '0113 496 0188').replace("name: Carers' Drop-in", 'name: Tuesday Carers Group').replace(/\n$/, source);
    const files = { ...edit(DROP_IN, 'tags: [coronavirus]', `tags: [coronavirus]${source}`), 'services/chapeltown-carers/tuesday-group.yaml': copy };
    const found = only(validateWith(files), 'duplicates').filter((d) => /same source record/.test(d.message));
    expect(found.map((d) => [d.file, d.severity])).toEqual([['data/services/chapeltown-carers/tuesday-group.yaml', 'warning']]);
    expect(found[0]!.message).toMatch(/was imported from the same source record as data\/services\/chapeltown-carers\/carers-drop-in\.yaml \(Leeds community directory svc-1\)/);
  });
  test('an organisation\'s own services may share its phone line', () => {
    const files = edit('services/chapeltown-carers/carers-phone-line.yaml', '0113 496 0124', '0113 496 0123');
    expect(only(validateWith(files), 'duplicates')).toEqual([]);
  });
});

/** A listing file for the labelled sample: only what the case needs, the rest the same everywhere. */
let serial = 0;
function service(org: string, name: string, summary: string, extra = ''): string {
  serial++;
  return `id: 00000000-0000-4000-8000-${String(serial).padStart(12, '0')}
name: ${name}
organisation: ${org}
summary: ${summary}
categories: [carers-support]
delivery: [in-person]
referral:
  route: none
reviewed: 2026-11-01
reviewed_by: info@harehills-food.example.org
${extra}`;
}
const AT_HUB = 'locations:\n  - location: chapeltown-community-hub\n';
const source = (id: string) => `provenance:\n  - system: Old directory\n    id: ${id}\n    imported: 2026-06-03\n`;

/**
 * Handmade pairs, each labelled: the kinds of pairs real directories hold (issue #16 found 198 of 208 reported
 * pairs were an organisation's programmes sharing a branch's name, reported as "same name and postcode" where
 * neither had a postcode).
 */
const SAMPLE: { case: string; duplicate: boolean; files: Record<string, string> }[] = [
  {
    case: "an organisation's programmes at one branch, named for it",
    duplicate: false,
    files: {
      'services/chapeltown-carers/fair-oaks-branch.yaml': service('chapeltown-carers', 'Fair Oaks Branch', 'Job search help for adults, with CVs, applications and interview practice.', AT_HUB),
      'services/chapeltown-carers/fair-oaks-branch-2.yaml': service('chapeltown-carers', 'Fair Oaks Branch', 'A homework club for children aged 8 to 11 with snacks and games.', AT_HUB),
    },
  },
  {
    case: "an organisation's programmes named for a branch, no venue",
    duplicate: false,
    files: {
      'services/chapeltown-carers/central-library.yaml': service('chapeltown-carers', 'Central Library', 'Free computer lessons for older people, one to one.'),
      'services/chapeltown-carers/central-library-2.yaml': service('chapeltown-carers', 'Central Library', 'Rhyme time for babies and toddlers with their parents.'),
    },
  },
  {
    case: 'one service entered twice in its organisation',
    duplicate: true,
    files: {
      'services/chapeltown-carers/sitting-service.yaml': service('chapeltown-carers', 'Sitting Service', 'A trained volunteer sits with the person you care for so you can have a break.'),
      'services/chapeltown-carers/sitting-service-copy.yaml': service('chapeltown-carers', 'Sitting service', 'A trained volunteer sits with the person you care for so you can have a break.'),
    },
  },
  {
    case: 'the same name at the same postcode in two organisations',
    duplicate: true,
    files: {
      'services/chapeltown-carers/warm-space.yaml': service('chapeltown-carers', 'Warm Space', 'A warm room with hot drinks on winter afternoons.', AT_HUB),
      'services/harehills-food-share/warm-space.yaml': service('harehills-food-share', 'Warm Space', 'Somewhere warm to sit, with tea and biscuits.', AT_HUB),
    },
  },
  {
    case: 'the same name in two organisations, no venue',
    duplicate: false,
    files: {
      'services/chapeltown-carers/befriending-calls.yaml': service('chapeltown-carers', 'Befriending Calls', 'Weekly calls from a volunteer for carers who feel alone.'),
      'services/harehills-food-share/befriending-calls.yaml': service('harehills-food-share', 'Befriending Calls', 'A friendly phone call for people waiting for a food parcel.'),
    },
  },
  {
    case: 'a shared national helpline',
    duplicate: false,
    files: {
      'services/chapeltown-carers/advice-line.yaml': service('chapeltown-carers', 'Carers Advice Line', 'Advice on benefits and carers assessments.', 'phones:\n  - number: 0808 808 7777\n'),
      'services/harehills-food-share/debt-line.yaml': service('harehills-food-share', 'Money Worries', 'Help with debts, bills and budgeting.', 'phones:\n  - number: 0808 808 7777\n'),
    },
  },
  {
    case: 'names alike and the same phone in two organisations',
    duplicate: true,
    files: {
      'services/chapeltown-carers/harehills-pantry.yaml': service('chapeltown-carers', 'Harehills Pantry', 'Low-cost food shop for members.', 'phones:\n  - number: 0113 496 0777\n'),
      'services/harehills-food-share/harehills-community-pantry.yaml': service('harehills-food-share', 'Harehills Community Pantry', 'Join for £5 a week and choose your own food.', 'phones:\n  - number: 0113 496 0777\n'),
    },
  },
  {
    case: 'a national website both link to',
    duplicate: false,
    files: {
      'services/chapeltown-carers/dementia-cafe.yaml': service('chapeltown-carers', 'Dementia Cafe', 'A monthly cafe for people living with dementia and their carers.', 'url: https://www.nhs.uk/conditions/dementia/\n'),
      'services/harehills-food-share/memory-group.yaml': service('harehills-food-share', 'Memory Group', 'Singing and reminiscence for people with memory loss.', 'url: https://www.nhs.uk/conditions/dementia/\n'),
    },
  },
  {
    case: 'one source record imported twice',
    duplicate: true,
    files: {
      'services/chapeltown-carers/young-carers.yaml': service('chapeltown-carers', 'Young Carers Group', 'A Tuesday group for young carers aged 8 to 17.', source('svc-77')),
      'services/harehills-food-share/young-carers-club.yaml': service('harehills-food-share', 'Club for Young Carers', 'Games, trips and a break for young carers.', source('svc-77')),
    },
  },
  {
    case: 'one organisation in two files, its service in both',
    duplicate: true,
    files: {
      'organisations/chapeltown-carers-network.yaml': `id: 00000000-0000-4000-8000-100000000001\nname: Chapeltown Carers Network\ndescription: The same network, imported again from another directory.\n`,
      'services/chapeltown-carers/carers-walk.yaml': service('chapeltown-carers', 'Carers Walk', 'A gentle walk round Potternewton Park every Thursday morning.'),
      'services/chapeltown-carers-network/carers-walk.yaml': service('chapeltown-carers-network', 'Carers Walk', 'A gentle walk round Potternewton Park every Thursday morning.'),
    },
  },
];

describe('duplicates: precision on a labelled sample (issue #16)', () => {
  const files = Object.assign({}, ...SAMPLE.map((c) => c.files)) as Record<string, string>;
  const result = validateWith(files);
  const dataset = result.dataset!;
  const caseOf = (file: string) => SAMPLE.find((c) => `data/${Object.keys(c.files).find((f) => `data/${f}` === file)}` === file);
  const found = findDuplicateListings(dataset).filter((d) => caseOf(d.first.file) || caseOf(d.second.file));
  const truePositives = found.filter((d) => caseOf(d.first.file) === caseOf(d.second.file) && caseOf(d.first.file)?.duplicate);
  const precision = found.length ? truePositives.length / found.length : 1;
  const recall = truePositives.length / SAMPLE.filter((c) => c.duplicate).length;

  test('the sample is valid data', () => {
    expect(result.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.file}: ${d.message}`)).toEqual([]);
  });
  test('precision at least 0.9 and recall at least 0.8 on the handmade pairs', () => {
    console.log(`duplicates, handmade sample: ${found.length} pairs reported, ${truePositives.length} true: precision ${precision.toFixed(2)}, recall ${recall.toFixed(2)}`);
    expect(found.filter((d) => !truePositives.includes(d)).map((d) => caseOf(d.second.file)?.case)).toEqual([]);
    expect(precision).toBeGreaterThanOrEqual(0.9);
    expect(recall).toBeGreaterThanOrEqual(0.8);
  });
  test('evidence is exactly what matched: a postcode only when both have it', () => {
    for (const d of found) {
      const postcodes = (l: typeof d.first) => (l.listing === 'service' ? (l.locations ?? []).map((at) => dataset.location(at.location)?.address?.postal_code) : []);
      for (const words of d.evidence.filter((e) => /postcode/.test(e))) {
        const code = /postcode (\S+ \S+)/.exec(words)![1];
        expect(postcodes(d.first)).toContain(code);
        expect(postcodes(d.second)).toContain(code);
      }
      if (d.reason === 'name-and-postcode') expect(d.evidence.some((e) => /postcode/.test(e))).toBe(true);
    }
  });
});
