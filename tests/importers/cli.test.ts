import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { optionArgs } from '../../src/cli/commands/sync.ts';
import { runLoop } from '../support/cli.ts';
import { errorsOf, exampleCopy, fixtureCopy, loopImport, snapshot, validate, write } from './support.ts';

const feed = {
  total_items: 1,
  total_pages: 1,
  page_number: 1,
  contents: [
    {
      id: '7e6d5c4b-3a29-4817-9a6b-5c4d3e2f1a0b',
      name: 'Horsforth Repair Café',
      description: 'Bring broken things; volunteers fix them with you.',
      status: 'active',
      organization: { id: '8f7e6d5c-4b3a-4291-8a7b-6c5d4e3f2a1b', name: 'Horsforth Fixers', description: 'Volunteer repairers.' },
    },
  ],
};

describe('loop import', () => {
  test('usage errors exit 2 with the usage', async () => {
    const dir = exampleCopy();
    for (const args of [['import'], ['import', 'xml', 'a.xml'], ['import', 'oruk'], ['import', 'oruk', 'missing.json'], ['import', 'oruk', 'x', 'y'], ['import', 'oruk', join(dir, 'loop.config.yaml'), '--resolve', 'both'], ['import', 'oruk', join(dir, 'loop.config.yaml'), '--per-page', '0'], ['import', 'oruk', join(dir, 'loop.config.yaml'), '--nonsense']]) {
      const { code, stderr } = await runLoop(args, { cwd: dir });
      expect(code, args.join(' ')).toBe(2);
      expect(stderr, args.join(' ')).toMatch(/Usage: npx loop import/);
    }
  });

  test('--help lists the formats and options', async () => {
    const { code, stdout } = await runLoop(['import', '--help']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/npx loop import <oruk\|hsds-csv\|csv\|civicrm>/);
    expect(stdout).toMatch(/--mark-missing-inactive/);
  });

  test('text output is a readable diff; --write reports the validation that followed', async () => {
    const dir = exampleCopy();
    const source = write(join(dir, 'feed.json'), feed);
    const dry = await loopImport(dir, 'oruk', source, '--system', 'Horsforth');
    expect(dry.stdout).toContain('Import from Horsforth (oruk)');
    expect(dry.stdout).toContain('Created (2):');
    expect(dry.stdout).toContain('+ data/services/horsforth-fixers/horsforth-repair-cafe.yaml');
    expect(dry.stdout).toMatch(/Dry run: nothing was written\. 3 files would change/);
    const wet = await loopImport(dir, 'oruk', source, '--system', 'Horsforth', '--write');
    expect(wet.code).toBe(0);
    // Progress goes on to the end: the writing and validating after the plan are shown too.
    expect(wet.stderr).toMatch(/writing files: 0 of 3 \(0%\)\n(.*\n)*writing files: 3 of 3 \(100%\)\n/);
    expect(wet.stderr).toMatch(/validating the data folder\.\.\./);
    expect(wet.stdout).toMatch(/Wrote 3 files\./);
    expect(wet.stdout).toMatch(/✓ loop validate: 0 errors/);
    const again = await loopImport(dir, 'oruk', source, '--system', 'Horsforth');
    expect(again.stdout).toContain('Nothing to change: LOOP already matches the source.');
    // Changed here and at the source: a conflict, and never also "already matches".
    const file = join(dir, 'data/services/horsforth-fixers/horsforth-repair-cafe.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace(/^description: .*$/m, 'description: Bring broken things; we fix them together.'));
    write(source, { ...feed, contents: [{ ...feed.contents[0]!, description: 'Bring broken things; volunteers mend them with you.' }] });
    const conflict = await loopImport(dir, 'oruk', source, '--system', 'Horsforth');
    expect(conflict.code).toBe(1);
    expect(conflict.stdout).toContain('Conflicts (1)');
    expect(conflict.stdout).not.toContain('already matches');
    // The organisation is unchanged; the service, left alone because of its conflict, is not counted as unchanged.
    expect(conflict.stdout).toContain('Unchanged: 1 record.');
    expect(conflict.stdout).toContain('Nothing to change but the 1 conflict above, left as it is in LOOP until you choose (--resolve local or --resolve source).');
  });

  test('an import that would leave data/ invalid writes nothing, exits 1 and names the files (issue #16)', async () => {
    // A cap just above the fixture's largest file: the imported service's long description takes its file over it.
    const dir = fixtureCopy();
    const config = join(dir, 'loop.config.yaml');
    writeFileSync(config, `${readFileSync(config, 'utf8')}\nlimits:\n  max_file_bytes: 1024\n`);
    expect(errorsOf(validate(dir))).toEqual([]);
    const long = { ...feed, contents: [{ ...feed.contents[0]!, description: 'Bring broken things and volunteers fix them with you. '.repeat(40) }] };
    const source = write(join(dir, 'feed.json'), long);
    const before = snapshot(dir);
    const wet = await loopImport(dir, 'oruk', source, '--system', 'Horsforth', '--write');
    expect(wet.code).toBe(1);
    expect(wet.stdout).toMatch(/Nothing was written: with these changes loop validate would report 1 error/);
    expect(wet.stdout).toMatch(/data\/services\/horsforth-fixers\/horsforth-repair-cafe\.yaml:1:1 {2}file-size/);
    expect(snapshot(dir)).toEqual(before);
    expect(errorsOf(validate(dir))).toEqual([]);
  });
});

describe('loop sync', () => {
  function withSources(dir: string, sources: unknown[]): void {
    const path = join(dir, 'loop.config.yaml');
    writeFileSync(path, `${readFileSync(path, 'utf8')}\nsync:\n${sources.map((s) => `  - ${JSON.stringify(s)}`).join('\n')}\n`);
  }

  test('runs every source in loop.config.yaml, paths relative to the config file', async () => {
    const dir = exampleCopy();
    write(join(dir, 'imports/horsforth.json'), feed);
    withSources(dir, [{ name: 'Horsforth Fixers feed', format: 'oruk', source: 'imports/horsforth.json', options: { reviewed_by: 'editors@loop-leeds.example.org', mark_missing_inactive: true } }]);
    const dry = await runLoop(['sync'], { cwd: dir });
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain('=== Horsforth Fixers feed ===');
    expect(dry.stdout).toContain('Sync: Horsforth Fixers feed no changes');
    const wet = await runLoop(['sync', '--write'], { cwd: dir });
    expect(wet.code).toBe(0);
    expect(wet.stdout).toContain('Sync: Horsforth Fixers feed changed');
    expect(parse(readFileSync(join(dir, 'data/services/horsforth-fixers/horsforth-repair-cafe.yaml'), 'utf8')).provenance[0].system).toBe('Horsforth Fixers feed');
    expect(errorsOf(validate(dir))).toEqual([]);
    const again = await runLoop(['sync', '--write'], { cwd: dir });
    expect(again.stdout).toContain('Sync: Horsforth Fixers feed no changes');
  });

  test('a failing source is reported and the others still run', async () => {
    const dir = exampleCopy();
    write(join(dir, 'imports/horsforth.json'), feed);
    withSources(dir, [
      { name: 'Broken', format: 'oruk', source: 'imports/missing.json' },
      { name: 'Horsforth', format: 'oruk', source: 'imports/horsforth.json' },
    ]);
    const { code, stdout, stderr } = await runLoop(['sync', '--write'], { cwd: dir });
    expect(code).toBe(1);
    expect(stderr).toContain('loop sync: Broken: imports/missing.json does not exist');
    expect(stdout).toContain('Sync: Broken failed; Horsforth changed');
  });

  test('with no sources it says so; --only picks sources by name', async () => {
    const dir = exampleCopy();
    expect((await runLoop(['sync'], { cwd: dir })).stdout).toMatch(/No sources under sync:/);
    expect((await runLoop(['sync', '--only', 'Nope'], { cwd: dir })).code).toBe(2);
  });

  test('options become import flags; unknown ones are refused', () => {
    expect(optionArgs({ per_page: 50, mark_missing_inactive: true, list_only: false, mapping: 'imports/map.yaml' })).toEqual(['--per-page', '50', '--mark-missing-inactive', '--mapping', 'imports/map.yaml']);
    expect(() => optionArgs({ colour: 'red' })).toThrow(/not an import option/);
    // A source's caps and redirect policy, from loop.config.yaml.
    expect(optionArgs({ max_pages: 5000, max_records: 400000, max_response_mb: 80, allow_redirect_host: true, partial: false })).toEqual(['--max-pages', '5000', '--max-records', '400000', '--max-response-mb', '80', '--allow-redirect-host']);
    expect(() => optionArgs({ write: true })).toThrow(/not an import option/);
    // The share of a source one run may mark inactive is a setting; overriding it is a person's call on one run.
    expect(optionArgs({ mark_missing_inactive: true, max_inactive_share: 30 })).toEqual(['--mark-missing-inactive', '--max-inactive-share', '30']);
    expect(() => optionArgs({ force: true })).toThrow(/not an import option/);
    expect(() => optionArgs({ per_page: { n: 1 } })).toThrow(/must be text or a number/);
  });
});
