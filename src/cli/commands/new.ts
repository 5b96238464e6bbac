import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { stringify } from 'yaml';
import { defaultDataDir, findConfig, loadConfig, resolveDataDir, validateData } from '../../checks/load.ts';
import { today } from '../../model/clock.ts';
import { slugify } from '../../model/kinds.ts';
import { RESOURCE_FORMATS } from '../../model/vocabularies.ts';
import { UsageError, type Command, type CommandIO } from '../command.ts';

const KINDS = ['organisation', 'service', 'location', 'resource'] as const;
type Kind = (typeof KINDS)[number];

export { slugify };

/** A YAML scalar exactly as `yaml` would write it (quotes when needed), for hand-laid-out templates. */
function scalar(value: string): string {
  return stringify(value, { lineWidth: 0 }).trimEnd();
}

interface Answers {
  [key: string]: string;
}

const OPTIONS = {
  data: { type: 'string' },
  name: { type: 'string' },
  file: { type: 'string' },
  organisation: { type: 'string' },
  summary: { type: 'string' },
  description: { type: 'string' },
  category: { type: 'string' },
  'reviewed-by': { type: 'string' },
  format: { type: 'string' },
  url: { type: 'string' },
  address: { type: 'string' },
  postcode: { type: 'string' },
  email: { type: 'string' },
  website: { type: 'string' },
  'as-of': { type: 'string' },
  stdout: { type: 'boolean', default: false },
} as const;

type Flag = keyof typeof OPTIONS;

const REQUIRED: Record<Kind, { flag: Flag; question: string }[]> = {
  organisation: [
    { flag: 'name', question: 'Organisation name' },
    { flag: 'description', question: 'What does the organisation do? (one or two sentences)' },
  ],
  service: [
    { flag: 'organisation', question: 'Organisation (its file name in data/organisations/)' },
    { flag: 'name', question: 'Service name' },
    { flag: 'summary', question: 'Summary for search results (at most 300 characters)' },
    { flag: 'category', question: 'Category (from data/taxonomies/categories.yaml)' },
    { flag: 'reviewed-by', question: 'Role mailbox of whoever checked these details' },
  ],
  resource: [
    { flag: 'organisation', question: 'Organisation (its file name in data/organisations/)' },
    { flag: 'name', question: 'Resource name' },
    { flag: 'format', question: `Format (${RESOURCE_FORMATS.join(', ')})` },
    { flag: 'url', question: 'Where to get it (https://...)' },
    { flag: 'summary', question: 'Summary for search results (at most 300 characters)' },
    { flag: 'category', question: 'Category (from data/taxonomies/categories.yaml)' },
    { flag: 'reviewed-by', question: 'Role mailbox of whoever checked these details' },
  ],
  location: [
    { flag: 'name', question: 'Venue name' },
    { flag: 'address', question: 'First line of the address' },
    { flag: 'postcode', question: 'Postcode' },
  ],
};

/** The first line of a new file: its JSON Schema, for editors that check as you type. */
function schemaLine(kind: Kind, depth: number): string {
  return `# yaml-language-server: $schema=${'../'.repeat(depth)}schemas/${kind}.schema.json`;
}

function organisationTemplate(a: Answers, id: string): string {
  return `${schemaLine('organisation', 2)}
# An organisation in LOOP. Lines starting with # are comments: uncomment what you need, delete the rest.
# Every field is explained in schemas/organisation.schema.json and CONTRIBUTING.md.
id: ${id} # never change this
name: ${scalar(a.name!)}
description: ${scalar(a.description!)}
${a.website ? `website: ${scalar(a.website)}` : '# website: https://www.example.org/'}
${a.email ? `email: ${scalar(a.email)}` : '# email: hello@example.org          # a role mailbox, never a person\'s own address'}
# phones:
#   - number: 0113 496 0000
#     description: Office line, Monday to Friday 9am to 5pm
# charity_number: "1234567"
# company_number: "01234567"
# maintainers: [your-github-name]    # who may approve changes to your listings
`;
}

function serviceTemplate(a: Answers, id: string, today: string): string {
  return `${schemaLine('service', 3)}
# A service in LOOP. Lines starting with # are comments: uncomment what you need, delete the rest.
# Every field is explained in schemas/service.schema.json and CONTRIBUTING.md.
id: ${id} # never change this
name: ${scalar(a.name!)}
organisation: ${a.organisation} # data/organisations/${a.organisation}.yaml
kind: service # service, activity, club or group
status: active # active, inactive, defunct or temporarily closed
summary: ${scalar(a.summary!)}
# description: |
#   What happens, who runs it and what to expect. Paragraphs, "- " lists, **bold** and [links](https://...) work.
categories: [${a.category}] # data/taxonomies/categories.yaml
# needs: []            # data/taxonomies/needs.yaml
# audiences: []        # data/taxonomies/audiences.yaml
# minimum_age: 18
# cost: free
# delivery: [in-person] # in-person, online, phone, home-visit
# phones:
#   - number: 0113 496 0000
#     description: Call Monday to Friday, 9am to 5pm
# locations:
#   - location: a-venue-in-data-locations
#     schedules:
#       - days: [MO, WE]
#         opens: "10:00"
#         closes: "12:00"
# service_areas: [leeds] # leeds, ward/<ward>, postcode/<district>
# referral:
#   route: self-referral # self-referral, professional-referral, self-or-professional-referral, none
reviewed: ${today}
reviewed_by: ${scalar(a['reviewed-by']!)}
`;
}

function resourceTemplate(a: Answers, id: string, today: string): string {
  return `${schemaLine('resource', 3)}
# A self-help resource in LOOP (leaflet, app, video, course, website...). Lines starting with # are comments.
# Every field is explained in schemas/resource.schema.json and CONTRIBUTING.md.
id: ${id} # never change this
name: ${scalar(a.name!)}
organisation: ${a.organisation} # data/organisations/${a.organisation}.yaml
format: ${a.format} # ${RESOURCE_FORMATS.join(', ')}
url: ${scalar(a.url!)}
summary: ${scalar(a.summary!)}
categories: [${a.category}] # data/taxonomies/categories.yaml
# conditions: []       # data/taxonomies/conditions.yaml
# languages: [en]
# cost: free
# clinically_reviewed:
#   date: ${today}
#   by: Clinical governance group
reviewed: ${today}
reviewed_by: ${scalar(a['reviewed-by']!)}
`;
}

function locationTemplate(a: Answers, id: string): string {
  return `${schemaLine('location', 2)}
# A venue in LOOP: many services can meet here. Lines starting with # are comments.
# Every field is explained in schemas/location.schema.json and CONTRIBUTING.md.
id: ${id} # never change this
name: ${scalar(a.name!)}
address:
  address_1: ${scalar(a.address!)}
  city: Leeds
  postal_code: ${scalar(a.postcode!.toUpperCase())}
# latitude: 53.8008     # so the venue shows in "near me" searches
# longitude: -1.5491
# ward: ward/little-london-and-woodhouse   # data/taxonomies/areas.yaml
# accessibility:
#   step_free_access: true
#   accessible_toilet: true
#   hearing_loop: false
#   description: Ramp at the main entrance; lift to all floors.
`;
}

const TEMPLATES: Record<Kind, (a: Answers, id: string, today: string) => string> = {
  organisation: organisationTemplate,
  service: serviceTemplate,
  resource: resourceTemplate,
  location: locationTemplate,
};

export function template(kind: Kind, a: Answers, id: string, today: string): string {
  return TEMPLATES[kind](a, id, today);
}

async function collect(kind: Kind, values: Partial<Record<Flag, string | boolean>>, io: CommandIO, defaults: Answers): Promise<Answers> {
  const answers: Answers = {};
  for (const [k, v] of Object.entries(values)) if (typeof v === 'string') answers[k] = v;
  const missing: string[] = [];
  for (const { flag, question } of REQUIRED[kind]) {
    if (answers[flag]) continue;
    if (io.prompt) {
      const answer = await io.prompt(question, defaults[flag]);
      if (answer) answers[flag] = answer;
      else missing.push(`--${flag}`);
    } else if (defaults[flag]) {
      answers[flag] = defaults[flag]!;
    } else {
      missing.push(`--${flag}`);
    }
  }
  if (missing.length) throw new UsageError(`missing ${missing.join(', ')} (needed when not run interactively)`);
  return answers;
}

export const newCommand: Command = {
  name: 'new',
  summary: 'Write a new, valid, commented listing file with a fresh id',
  usage: `npx loop new <${KINDS.join('|')}> [--name N] [--file SLUG] [--organisation ORG] [--summary S] [--category C] [--reviewed-by EMAIL]
       [--description D] [--format F] [--url U] [--address A] [--postcode P] [--email E] [--website W] [--data DIR] [--as-of YYYY-MM-DD] [--stdout]`,
  async run(args, io) {
    const { values, positionals } = parseArgs({ args, options: OPTIONS, allowPositionals: true, strict: true });
    const kind = positionals[0] as Kind | undefined;
    // The date a new listing is stamped as checked, and judged by.
    const asOf = today({ asOf: values['as-of'] });
    if (!kind || !KINDS.includes(kind) || positionals.length > 1) throw new UsageError(`say what to create: ${KINDS.join(', ')}`);
    const dataDir = values.data ? resolveDataDir(resolve(io.cwd, values.data)) : defaultDataDir(io.cwd);
    const { config } = loadConfig(findConfig(dataDir, io.cwd), io.cwd);
    const defaults: Answers = {};
    if (config) defaults['reviewed-by'] = config.publisher.email;
    const answers = await collect(kind, values, io, defaults);
    if (kind === 'resource' && !(RESOURCE_FORMATS as readonly string[]).includes(answers.format!)) {
      throw new UsageError(`--format must be one of ${RESOURCE_FORMATS.join(', ')}`);
    }
    const fileSlug = answers.file ?? slugify(answers.name!);
    if (!/^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(fileSlug)) throw new UsageError(`"${fileSlug}" cannot be a file name: use lower-case words and hyphens`);
    if (answers.organisation && !/^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(answers.organisation)) throw new UsageError(`"${answers.organisation}" is not an organisation file name`);
    const folder = { organisation: 'organisations', location: 'locations', service: `services/${answers.organisation}`, resource: `resources/${answers.organisation}` }[kind];
    const text = template(kind, answers, randomUUID(), asOf);
    if (values.stdout) {
      io.stdout(text);
      return 0;
    }
    const target = join(dataDir, folder, `${fileSlug}.yaml`);
    const shown = relative(io.cwd, target);
    if (existsSync(target)) {
      io.stderr(`${shown} already exists: choose another --file name`);
      return 1;
    }
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, text);
    io.stdout(`Wrote ${shown}`);
    const result = await validateData({ dataDir, root: io.cwd, asOf });
    const own = result.diagnostics.filter((d) => d.file === shown || d.file.endsWith(`/${folder}/${fileSlug}.yaml`));
    for (const d of own) io.stdout(`${d.file}:${d.line}:${d.column}  ${d.severity}  ${d.rule}  ${d.message}`);
    if (own.some((d) => d.severity === 'error')) {
      io.stdout('Fix the errors above (for example, check the organisation and category exist), then run `npx loop validate`.');
      return 1;
    }
    io.stdout('Open it in your editor, fill in what applies, then run `npx loop validate`.');
    return 0;
  },
};
