/**
 * A synthetic LOOP dataset of any size, valid by construction and deterministic for a seed: for benchmarks and
 * scale tests. Vocabularies are copied from the repository's own data/taxonomies, so synthetic listings use the
 * same categories, wards and languages as the real ones.
 */
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { stringify } from 'yaml';
import { validateDataSync } from '../../src/checks/load.ts';
import { addMonths } from '../../src/model/freshness.ts';
import type { TaxonomyKind } from '../../src/model/vocabularies.ts';
import { Random } from './random.ts';

export interface GenerateOptions {
  services: number;
  seed: number;
  out: string;
  /** Where to copy vocabularies and config from (default: this repository). */
  source?: string;
  /** Reviews are spread over the 15 months before this date (fixed, so output never depends on today). */
  anchor?: string;
}

export interface GenerateResult {
  organisations: number;
  services: number;
  resources: number;
  locations: number;
  files: number;
}

const AREAS = ['Armley', 'Beeston', 'Bramley', 'Chapeltown', 'Harehills', 'Headingley', 'Holbeck', 'Hunslet', 'Kirkstall', 'Meanwood', 'Middleton', 'Morley', 'Otley', 'Pudsey', 'Rothwell', 'Seacroft', 'Gipton', 'Garforth', 'Horsforth', 'Wetherby', 'Yeadon', 'Guiseley', 'Burley', 'Hyde Park', 'Roundhay', 'Oakwood', 'Cross Gates', 'Halton Moor', 'Belle Isle', 'Farnley', 'Wortley', 'Calverley', 'Rodley', 'Alwoodley', 'Moortown', 'Whinmoor', 'Swillington', 'Kippax', 'Boston Spa', 'Ardsley'];
const ORG_NOUNS = ['Community Trust', 'Carers Network', 'Food Share', 'Wellbeing Collective', 'Neighbourhood Project', 'Befriending Service', 'Advice Centre', 'Family Hub', 'Walking Group', 'Youth Project', 'Men\'s Shed', 'Women\'s Centre', 'Health Partnership', 'Arts Collective', 'Mutual Aid', 'Recovery Network', 'Memory Café Group', 'Sports Club', 'Lunch Club', 'Refugee Welcome'];
const SERVICE_WORDS = ['Drop-in', 'Support Group', 'Coffee Morning', 'Advice Session', 'Walk and Talk', 'Peer Support', 'Cookery Club', 'Chair Exercise', 'Digital Help', 'Benefits Clinic', 'Carers Café', 'Garden Club', 'Craft Circle', 'Sing and Smile', 'Homework Club', 'English Conversation', 'Money Matters', 'Men\'s Circle', 'Baby and Me', 'Grief Support', 'Memory Café', 'Food Pantry', 'Warm Space', 'Job Club', 'Fitness for All', 'Mindfulness Course', 'Befriending Calls', 'Stroke Club', 'Breathe Easy Group', 'Parent Support'];
const TOPICS = ['wellbeing', 'confidence', 'company', 'practical help', 'advice', 'friendship', 'healthy eating', 'staying active', 'money worries', 'caring responsibilities', 'low mood', 'isolation', 'learning new skills'];
const STREETS = ['Chapeltown Road', 'Roundhay Road', 'Kirkstall Road', 'Town Street', 'Harehills Lane', 'Dewsbury Road', 'Tong Road', 'Stanningley Road', 'York Road', 'Otley Road', 'Beckett Street', 'Meanwood Road', 'Church Lane', 'Station Road', 'Main Street', 'Victoria Road', 'Park Lane', 'High Street', 'Queen Street', 'Moor Road'];
const VENUES = ['Community Centre', 'Library', 'Methodist Church Hall', 'Health Centre', 'Community Hub', 'Neighbourhood Centre', 'Leisure Centre', 'Sports Pavilion', 'Scout Hut', 'Family Centre'];
const PHONE_PREFIXES = ['0113 496 0', '0114 496 0', '0116 496 0', '0117 496 0', '0118 496 0', '0121 496 0', '0131 496 0', '0141 496 0', '0151 496 0', '0161 496 0', '020 7946 0', '0191 498 0', '029 2018 0', '0306 999 0', '0808 157 0'];
const DAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const;
const FORMATS = ['leaflet', 'app', 'video', 'course', 'website', 'audio', 'book', 'toolkit'] as const;

function slugify(s: string): string {
  return s.toLowerCase().replace(/&/g, 'and').replace(/['’]/g, '').replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
}

function write(path: string, schemaDepth: number, kind: string, value: unknown): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `# yaml-language-server: $schema=${'../'.repeat(schemaDepth)}schemas/${kind}.schema.json\n${stringify(value, { lineWidth: 0 })}`);
}

const repoRoot = join(import.meta.dirname, '..', '..');

export function generate(options: GenerateOptions): GenerateResult {
  const rng = new Random(options.seed);
  const source = options.source ?? repoRoot;
  const anchor = options.anchor ?? '2026-10-31';
  const vocab = validateDataSync({ dataDir: join(source, 'data'), configPath: join(source, 'loop.config.yaml'), asOf: anchor }).dataset;
  if (!vocab) throw new Error(`cannot read the vocabularies in ${join(source, 'data')}`);
  const terms = (kind: TaxonomyKind) => vocab.terms(kind).map((t) => t.slug);
  const categories = terms('category');
  const needs = terms('need');
  const circumstances = terms('circumstance');
  const conditions = terms('condition');
  const audiences = terms('audience');
  const wards = terms('area').filter((s) => s.startsWith('ward/'));
  const districts = terms('area').filter((s) => /^postcode\/ls\d+$/.test(s));
  const languages = terms('language');
  if (!categories.length || !wards.length || !districts.length) throw new Error('the source data needs categories, wards and LS postcode districts');

  const out = options.out;
  if (existsSync(join(out, 'data'))) rmSync(join(out, 'data'), { recursive: true, force: true });
  mkdirSync(join(out, 'data'), { recursive: true });
  const config = readFileSync(join(source, 'loop.config.yaml'), 'utf8').replace(/^example_data: .*$/m, 'example_data: true');
  writeFileSync(join(out, 'loop.config.yaml'), config);
  const taxonomyDir = join(source, 'data', 'taxonomies');
  cpSync(taxonomyDir, join(out, 'data', 'taxonomies'), { recursive: true });
  if (existsSync(join(source, 'data', 'synonyms.yaml'))) cpSync(join(source, 'data', 'synonyms.yaml'), join(out, 'data', 'synonyms.yaml'));
  let files = readdirSync(taxonomyDir).length + 1;

  const nServices = options.services;
  const nOrgs = Math.max(1, Math.round(nServices * 0.3));
  const nLocations = Math.max(1, Math.round(nServices * 0.4));
  const nResources = Math.max(1, Math.round(nServices * 0.25));
  const reviewedDate = () => addMonths(anchor, -rng.int(0, 15)).replace(/-(\d\d)$/, (_m, d: string) => `-${String(Math.min(Number(d), rng.int(1, 28))).padStart(2, '0')}`);

  const orgs: { slug: string; email: string; phone: string; domain: string }[] = [];
  const orgSlugs = new Set<string>();
  for (let i = 0; i < nOrgs; i++) {
    let name = `${rng.pick(AREAS)} ${rng.pick(ORG_NOUNS)}`;
    let slug = slugify(name);
    for (let n = 2; orgSlugs.has(slug); n++) {
      name = `${name.replace(/ \d+$/, '')} ${n}`;
      slug = slugify(name);
    }
    orgSlugs.add(slug);
    const domain = `${slug}.example.org`;
    const phone = `${PHONE_PREFIXES[Math.floor(i / 1000) % PHONE_PREFIXES.length]}${String(i % 1000).padStart(3, '0')}`;
    const email = `hello@${domain}`;
    orgs.push({ slug, email, phone, domain });
    write(join(out, 'data', 'organisations', `${slug}.yaml`), 2, 'organisation', {
      id: rng.uuid(),
      name,
      description: `${name} is a community organisation in Leeds offering ${rng.pick(TOPICS)} and ${rng.pick(TOPICS)} for local people.`,
      website: `https://${domain}/`,
      email,
      phones: [{ number: phone, description: 'Office, Monday to Friday' }],
      ...(rng.chance(0.5) ? { charity_number: String(1_100_000 + i) } : {}),
      maintainers: [`${slug.slice(0, 30).replace(/-+$/, '')}-admin`],
    });
    files++;
  }

  const locations: string[] = [];
  for (let i = 0; i < nLocations; i++) {
    const area = rng.pick(AREAS);
    const name = `${area} ${rng.pick(VENUES)}`;
    const slug = `${slugify(name)}-${i + 1}`;
    const district = rng.pick(districts).split('/')[1]!.toUpperCase();
    const postcode = `${district} ${rng.int(1, 9)}${String.fromCharCode(65 + rng.int(0, 25)).replace(/[CIKMOV]/, 'A')}${String.fromCharCode(65 + rng.int(0, 25)).replace(/[CIKMOV]/, 'B')}`;
    locations.push(slug);
    write(join(out, 'data', 'locations', `${slug}.yaml`), 2, 'location', {
      id: rng.uuid(),
      name,
      address: { address_1: `${rng.int(1, 300)} ${rng.pick(STREETS)}`, city: 'Leeds', postal_code: postcode },
      latitude: Number((53.72 + rng.next() * 0.2).toFixed(5)),
      longitude: Number((-1.75 + rng.next() * 0.4).toFixed(5)),
      ward: rng.pick(wards),
      accessibility: { step_free_access: rng.chance(0.7), accessible_toilet: rng.chance(0.6), hearing_loop: rng.chance(0.3) },
    });
    files++;
  }

  const common = (org: (typeof orgs)[number]) => ({
    categories: rng.some(categories, 1, 3),
    ...(rng.chance(0.6) ? { needs: rng.some(needs, 1, 2) } : {}),
    ...(rng.chance(0.3) && circumstances.length ? { circumstances: rng.some(circumstances, 1, 2) } : {}),
    ...(rng.chance(0.2) && conditions.length ? { conditions: rng.some(conditions, 1, 2) } : {}),
    ...(rng.chance(0.5) && audiences.length ? { audiences: rng.some(audiences, 1, 2) } : {}),
    ...(rng.chance(0.3) && languages.length ? { languages: rng.some(languages, 1, 3) } : {}),
    ...(rng.chance(0.1) ? { tags: [rng.pick(['coronavirus', 'cost-of-living', 'winter'])] } : {}),
    reviewed: reviewedDate(),
    reviewed_by: `listings@${org.domain}`,
  });

  const names = new Set<string>();
  const venues = new Set<string>();
  for (let i = 0; i < nServices; i++) {
    const org = orgs[i % nOrgs]!;
    let name = `${rng.pick(AREAS)} ${rng.pick(SERVICE_WORDS)}`;
    for (let n = 2; names.has(`${org.slug}/${slugify(name)}`); n++) name = `${name.replace(/ \d+$/, '')} ${n}`;
    const slug = slugify(name);
    names.add(`${org.slug}/${slug}`);
    const opens = rng.int(8, 17);
    const delivery = rng.some(['in-person', 'online', 'phone', 'home-visit'] as const, 1, 2);
    const atVenue = delivery.includes('in-person') || rng.chance(0.5);
    // The same name at the same venue would be a (deliberate) duplicate; synthetic data has none.
    let venue = rng.pick(locations);
    while (atVenue && venues.has(`${slug}|${venue}`)) venue = rng.pick(locations);
    venues.add(`${slug}|${venue}`);
    write(join(out, 'data', 'services', org.slug, `${slug}.yaml`), 3, 'service', {
      id: rng.uuid(),
      name,
      organisation: org.slug,
      kind: rng.pick(['service', 'activity', 'club', 'group']),
      status: rng.chance(0.95) ? 'active' : 'temporarily closed',
      summary: `A friendly ${name.toLowerCase()} offering ${rng.pick(TOPICS)} and ${rng.pick(TOPICS)}. Everyone is welcome.`,
      description: `Come along to meet people and get ${rng.pick(TOPICS)}.\n\n- Run by volunteers\n- Tea and biscuits provided\n\nPhone first if it is your first visit.`,
      url: `https://${org.domain}/services/${slug}`,
      email: org.email,
      phones: [{ number: org.phone }],
      ...common(org),
      ...(rng.chance(0.4) ? { minimum_age: rng.pick([16, 18, 50, 65]) } : {}),
      cost: rng.chance(0.8) ? 'free' : { options: [{ amount: rng.pick([1, 2.5, 3, 5]), amount_description: 'per session' }] },
      delivery: atVenue && !delivery.includes('in-person') ? [...delivery, 'in-person'] : delivery,
      ...(atVenue
        ? {
            locations: [
              {
                location: venue,
                schedules: [{ days: rng.some(DAYS, 1, 2), opens: `${String(opens).padStart(2, '0')}:00`, closes: `${String(opens + rng.int(1, 4)).padStart(2, '0')}:30` }],
              },
            ],
          }
        : {}),
      service_areas: rng.chance(0.5) ? ['leeds'] : [rng.pick(wards)],
      referral: { route: rng.pick(['self-referral', 'professional-referral', 'self-or-professional-referral', 'none']) },
    });
    files++;
  }

  for (let i = 0; i < nResources; i++) {
    const org = orgs[(i * 7) % nOrgs]!;
    const format = rng.pick(FORMATS);
    const name = `${rng.pick(['Coping with', 'Understanding', 'Living well with', 'A guide to', 'Help with'])} ${rng.pick(TOPICS)} ${i + 1}`;
    const slug = slugify(name);
    write(join(out, 'data', 'resources', org.slug, `${slug}.yaml`), 3, 'resource', {
      id: rng.uuid(),
      name,
      organisation: org.slug,
      format,
      url: `https://${org.domain}/resources/${slug}`,
      summary: `A ${format} about ${rng.pick(TOPICS)}, written with people who have been there.`,
      description: `Practical ideas about ${rng.pick(TOPICS)} and ${rng.pick(TOPICS)}, in plain English.\n\n- Short sections\n- Space for your own notes`,
      ...common(org),
      ...(audiences.length ? { audiences: rng.some(audiences, 1, 2) } : {}),
      cost: 'free',
    });
    files++;
  }
  return { organisations: nOrgs, services: nServices, resources: nResources, locations: nLocations, files };
}
