/**
 * Issue #16, end to end: a realistic messy HSDS 1.1 package (tests/support/messy-hsds.ts: US phone numbers,
 * abbreviations and URLs in descriptions, people among the contacts, ~2,000 unmapped terms, eligibility rows,
 * ambiguous times, venues abroad, templated URLs, branch programmes sharing a name) imported into a copy of data/.
 * The result must validate, a second import must change nothing, and every change or drop must be in the report.
 * Each damaged variant of the package must stop with an error naming the file, writing nothing.
 *
 * The site build from the result is timed in the benchmark (`npm run bench`, scripts/bench/messy-import.ts), not here:
 * an Astro build of thousands of listings takes minutes on a shared machine.
 */
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { runLoop } from '../support/cli.ts';
import { DAMAGES, writeDamagedVariant, writeMessyPackage, type DamagedVariant, type MessyManifest } from '../support/messy-hsds.ts';
import { emptyCopy, exampleCopy, importJson, IMPORT_DATE, loopImport, snapshot, tempDir, type ImportJson } from './support.ts';

const SYSTEM = 'Miami-Dade 211';
const CAP = 256 * 1024;

interface Written {
  file: string;
  name: string;
  summary: string;
  description?: string;
  url?: string;
  email?: string;
  phones?: { number: string }[];
  schedules?: { opens?: string; closes?: string }[];
  eligibility_description?: string;
  minimum_age?: number;
  maximum_age?: number;
  contacts?: unknown;
  provenance: { system: string; id: string }[];
}

/** How many records a report problem stands for: one, or the "(N records, …)" of a folded repeat. */
function recordsIn(problem: { message: string; record?: string }): number {
  const folded = /\((\d[\d,]*) records/.exec(problem.message);
  return folded ? Number(folded[1]!.replace(/,/g, '')) : 1;
}

const short = (id: string): string => id.slice(0, 8);

function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (value && typeof value === 'object') return Object.values(value).flatMap(strings);
  return [];
}

describe('a realistic messy HSDS 1.1 package (issue #16)', () => {
  let dir: string;
  let manifest: MessyManifest;
  let first: { code: number; report: ImportJson; stderr: string };
  let second: { code: number; report: ImportJson; stderr: string };
  let afterFirst: Map<string, string>;
  let afterSecond: Map<string, string>;
  /** Written services by source id. */
  const services = new Map<string, Written>();
  let writtenText = '';

  beforeAll(async () => {
    dir = exampleCopy();
    manifest = writeMessyPackage(join(dir, 'package'), { seed: 16, services: 1000, terms: 2000 });
    first = await importJson(dir, 'hsds-csv', manifest.dir, '--system', SYSTEM, '--write');
    afterFirst = snapshot(dir);
    second = await importJson(dir, 'hsds-csv', manifest.dir, '--system', SYSTEM, '--write');
    afterSecond = snapshot(dir);
    for (const created of first.report.created) {
      const record = parse(afterFirst.get(created.file) ?? '') as Written;
      // Every value as written (parsed, so YAML quoting cannot hide a name).
      writtenText += `${strings(record).join('\n')}\n`;
      if (created.kind !== 'service') continue;
      const mine = record.provenance.find((p) => p.system === SYSTEM);
      if (mine) services.set(mine.id, { ...record, file: created.file });
    }
  }, 900_000);

  const problemsAbout = (id: string) => first.report.problems.filter((p) => (p.record ?? p.message).includes(short(id)));

  it('imports, and loop validate then exits 0', async () => {
    expect(first.report.written).toBe(true);
    expect(first.report.validation_errors).toBe(0);
    expect(first.report.read.service).toBe(1000);
    const validate = await runLoop(['validate', '--data', join(dir, 'data'), '--as-of', IMPORT_DATE, '--quiet'], { cwd: dir });
    expect(validate.code, validate.stdout).toBe(0);
  }, 300_000);

  it('keeps 2,000 unmapped terms in files within the size cap, and loop terms lists them by use', async () => {
    const files = [...afterFirst.keys()].filter((f) => /^taxonomies\/imported-/.test(f));
    expect(files.length).toBeGreaterThan(1);
    for (const file of files) expect(statSync(join(dir, 'data', file)).size, file).toBeLessThanOrEqual(CAP / 2);
    const terms = await runLoop(['terms', '--data', join(dir, 'data'), '--kind', 'category', '--format', 'json'], { cwd: dir });
    const listed = JSON.parse(terms.stdout) as { total: number; terms: { name: string; listings: number; vocabulary?: string }[] };
    const names = new Set(listed.terms.filter((t) => t.vocabulary === manifest.vocabulary).map((t) => t.name));
    for (const term of manifest.terms) expect(names.has(term.name), term.name).toBe(true);
    expect(listed.terms.every((t, i) => i === 0 || listed.terms[i - 1]!.listings >= t.listings)).toBe(true);
    expect(listed.terms[0]!.listings).toBeGreaterThan(10);
  }, 300_000);

  it('a second import changes nothing', () => {
    expect(second.report.created).toEqual([]);
    expect(second.report.updated).toEqual([]);
    expect(second.report.vocabularies).toEqual([]);
    expect(second.report.conflicts).toEqual([]);
    expect(afterSecond).toEqual(afterFirst);
  });

  it('every service is written or its drop is in the report', () => {
    const duplicates = new Set(first.report.duplicates.map((d) => d.label));
    for (const service of manifest.services) {
      if (services.has(service.id)) continue;
      const reported = problemsAbout(service.id).some((p) => p.severity === 'error') || [...duplicates].some((label) => label.includes(short(service.id)));
      expect(reported, `service ${service.id} "${service.name}" is neither written nor reported`).toBe(true);
    }
  });

  it('every venue not imported is reported: abroad one by one, unused ones counted', () => {
    const abroad = first.report.problems.filter((p) => /address is in US/.test(p.message)).reduce((n, p) => n + recordsIn(p), 0);
    const unused = Number(/locations\.csv: (\d+) venues no service uses were not imported/.exec(first.report.problems.map((p) => p.message).join('\n'))?.[1] ?? 0);
    expect(abroad).toBeGreaterThan(0);
    expect(abroad + unused).toBe(manifest.counts['locations.csv']);
  });

  // imp-content: phone numbers take the source's country (its addresses say US); never reread as UK numbers.
  it('writes US numbers in international format and reports every number it cannot read', () => {
    for (const phone of manifest.phones) {
      const service = services.get(phone.serviceId);
      if (!service) continue;
      const numbers = (service.phones ?? []).map((p) => p.number);
      expect(numbers.filter((n) => /^0/.test(n)), `${service.file}: a US number written as a UK one`).toEqual([]);
      if (phone.e164) {
        expect(numbers.some((n) => n.startsWith('+1') && n.replace(/\D/g, '') === phone.e164!.slice(1)), `${service.file}: ${phone.raw}`).toBe(true);
      } else {
        expect(problemsAbout(phone.serviceId).some((p) => p.message.includes(phone.raw)), `${phone.raw} not reported`).toBe(true);
      }
    }
  });

  // imp-content: summaries split with a real sentence segmenter; never drop the start of the text.
  it('summaries keep the beginning of the description (abbreviations, initials, URLs, decimals)', () => {
    for (const service of manifest.services) {
      const written = services.get(service.id);
      if (!written) continue;
      const start = service.description.slice(0, 12);
      expect(written.summary.startsWith(start), `${written.file}: "${written.summary}" does not start like "${service.description}"`).toBe(true);
    }
  });

  // imp-content: people (names with credentials, personal mailboxes) are left out; roles kept; counts true.
  it('no personal name or personal mailbox reaches data/, role mailboxes do, and the counts are true', () => {
    for (const person of manifest.people) {
      const bare = person.name.replace(/^(Dr|Rev)\.\s+/, '').split(',')[0]!.replace(/\s+(LCSW|MD|Jr\.)$/, '');
      expect(writtenText.includes(bare), `${person.name} was written`).toBe(false);
      expect(writtenText.includes(person.email), `${person.email} was written`).toBe(false);
    }
    const roles = manifest.roles.filter((r) => services.has(r.serviceId));
    expect(roles.some((r) => writtenText.includes(r.email))).toBe(true);
    // One summary line: "N personal names and M personal email addresses left out of K contacts in R records".
    const summary = first.report.problems.map((p) => p.message).filter((m) => /left out of \d[\d,]* contacts?/.test(m));
    expect(summary).toHaveLength(1);
    const figure = (pattern: RegExp) => Number(pattern.exec(summary[0]!)?.[1]?.replace(/,/g, '') ?? 0);
    const names = figure(/(\d[\d,]*) personal names?/);
    const mailboxes = figure(/(\d[\d,]*) personal email address/);
    const contacts = figure(/left out of (\d[\d,]*) contacts?/);
    expect(names).toBe(manifest.people.length);
    expect(mailboxes).toBe(manifest.people.length);
    // True counts: never more names or mailboxes left out than contacts seen.
    expect(contacts).toBeGreaterThanOrEqual(Math.max(names, mailboxes));
  });

  // imp-input: `5:00`–`7:00pm` resolved by a stated rule and reported; a close with no open reported, not silent.
  it('reports every guessed time and every dropped one; never 05:00–19:00', () => {
    for (const id of manifest.ambiguousTimes) {
      const written = services.get(id);
      if (!written) continue;
      expect((written.schedules ?? []).some((s) => s.opens === '05:00' && s.closes === '19:00'), `${written.file}: 5:00–7:00pm read as 05:00–19:00`).toBe(false);
      expect(problemsAbout(id).some((p) => /5:00/.test(p.message) && /7:00 ?pm/i.test(p.message)), `${written.file}: the guess is not reported`).toBe(true);
    }
    for (const id of manifest.closeWithoutOpen) {
      if (!services.has(id)) continue;
      expect(problemsAbout(id).some((p) => /14:00/.test(p.message)), `${services.get(id)!.file}: a close with no open vanished without a note`).toBe(true);
    }
  });

  // imp-input: eligibility rows carried (words, and age ranges as ages).
  it('carries eligibility rows: the words, and age ranges as ages', () => {
    for (const row of manifest.eligibility) {
      const written = services.get(row.serviceId);
      if (!written) continue;
      expect(written.eligibility_description ?? '', written.file).toContain(row.text);
    }
    for (const row of manifest.eligibility.filter((r) => r.text === 'ages 18-24')) {
      const written = services.get(row.serviceId);
      if (!written || manifest.eligibility.filter((r) => r.serviceId === row.serviceId).length > 1) continue;
      expect([written.minimum_age, written.maximum_age], written.file).toEqual([18, 24]);
    }
  });

  it('lists each table it does not carry, with its row count', () => {
    expect(first.report.problems.some((p) => p.message.includes('programs.csv') && p.message.includes(String(manifest.counts['programs.csv'])))).toBe(true);
  });

  // imp-content: the validator's URL rule matches the ORUK `uri` format, so a `{…}` template is reported, not written.
  it('does not write URLs the ORUK uri format rejects, and reports them', () => {
    for (const id of manifest.templatedUrls) {
      const written = services.get(id);
      if (!written) continue;
      expect(written.url ?? '', written.file).not.toMatch(/[{}]/);
      expect(problemsAbout(id).some((p) => /url/i.test(`${p.field ?? ''} ${p.message}`)), `${written.file}: the dropped URL is not reported`).toBe(true);
    }
  });

  // imp-content: branch programmes of one organisation sharing a name are different services; evidence is exact.
  it('imports branch programmes sharing a name, and duplicate evidence never claims a postcode nobody has', () => {
    for (const group of manifest.branchNames) for (const id of group.serviceIds) expect(services.has(id), `${group.name} ${id}`).toBe(true);
    for (const d of first.report.duplicates) expect(d.reasons.join('; '), d.label).not.toMatch(/postcode/);
  });

  describe('damaged variants: an error naming the file, a non-zero exit, nothing written', () => {
    let clean: string;
    beforeAll(() => {
      clean = join(tempDir('loop-messy-'), 'clean');
      writeMessyPackage(clean, { seed: 16, services: 60, terms: 100 });
    });

    for (const damage of DAMAGES) {
      it(damage, async () => {
        const variant: DamagedVariant = writeDamagedVariant(clean, join(tempDir('loop-messy-'), damage), damage);
        const target = emptyCopy();
        const before = snapshot(target);
        const result = await loopImport(target, 'hsds-csv', variant.dir, '--system', SYSTEM, '--write', '--format', 'json');
        const said = `${result.stderr}\n${result.stdout}`;
        expect(result.code, said).toBe(1);
        expect(said).toContain(variant.file);
        if (variant.line) expect(said, `${variant.file} line ${variant.line}`).toMatch(new RegExp(`${variant.file.replace('.', '\\.')}[^\\n]*\\b(${variant.line}|${variant.line - 1})\\b`));
        expect(snapshot(target)).toEqual(before);
        expect(readFileSync(join(variant.dir, 'datapackage.json'), 'utf8')).toContain(variant.file);
      });
    }
  });
});
