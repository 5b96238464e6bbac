import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { validateData } from '../../src/checks/load.ts';
import { runLoop } from '../support/cli.ts';
import { fixtureCopy } from '../support/data.ts';

describe('loop new', () => {
  test.each([
    ['organisation', ['--name', 'Meanwood Men\'s Shed', '--description', 'A workshop where men meet, make and mend.'], 'data/organisations/meanwood-mens-shed.yaml'],
    ['service', ['--organisation', 'chapeltown-carers', '--name', 'Carers Walk', '--summary', 'A gentle walk for carers.', '--category', 'carers-support', '--reviewed-by', 'listings@chapeltown-carers.example.org'], 'data/services/chapeltown-carers/carers-walk.yaml'],
    ['resource', ['--organisation', 'chapeltown-carers', '--name', 'Sleep Well App', '--format', 'app', '--url', 'https://sleep.example.org/', '--summary', 'An app to help sleep.', '--category', 'carers-support'], 'data/resources/chapeltown-carers/sleep-well-app.yaml'],
    ['location', ['--name', 'Meanwood Community Centre', '--address', '1 Green Road', '--postcode', 'ls6 4lb'], 'data/locations/meanwood-community-centre.yaml'],
  ])('%s: writes a valid, commented skeleton with a fresh id', async (kind, flags, path) => {
    const dir = fixtureCopy();
    const { code, stdout } = await runLoop(['new', kind, ...flags], { cwd: dir });
    expect(stdout).toContain(`Wrote ${path}`);
    expect(code).toBe(0);
    const text = readFileSync(join(dir, path), 'utf8');
    expect(text).toMatch(/^# yaml-language-server: \$schema=(\.\.\/)+schemas\/\w+\.schema\.json/);
    expect(text).toMatch(/^id: [0-9a-f-]{36} # never change this$/m);
    expect(text.split('\n').filter((l) => l.startsWith('#')).length).toBeGreaterThan(3);
    const result = await validateData({ dataDir: join(dir, 'data'), root: dir });
    expect(result.diagnostics.filter((d) => d.file === path && d.severity === 'error')).toEqual([]);
    expect(result.errors).toBe(0);
  });
  test('two runs give two different ids', async () => {
    const a = await runLoop(['new', 'location', '--name', 'A', '--address', '1 Road', '--postcode', 'LS6 4LB', '--stdout']);
    const b = await runLoop(['new', 'location', '--name', 'A', '--address', '1 Road', '--postcode', 'LS6 4LB', '--stdout']);
    expect(a.stdout.match(/^id: (\S+)/m)![1]).not.toBe(b.stdout.match(/^id: (\S+)/m)![1]);
  });
  test('asks for what is missing when interactive', async () => {
    const dir = fixtureCopy();
    const { code } = await runLoop(['new', 'organisation'], { cwd: dir, answers: ['Otley Walkers', 'Walks around Otley for everyone.'] });
    expect(code).toBe(0);
    expect(readFileSync(join(dir, 'data/organisations/otley-walkers.yaml'), 'utf8')).toContain('name: Otley Walkers');
  });
  test('names in quotes when YAML needs them, and hostile text stays text', async () => {
    const { stdout } = await runLoop(['new', 'organisation', '--name', 'Yes: "we" # can', '--description=- not a list', '--stdout']);
    expect(stdout).toMatch(/^name: 'Yes: "we" # can'$/m);
    expect(stdout).toMatch(/^description: "- not a list"$/m);
  });
  test('refuses to overwrite, and reports a dangling organisation', async () => {
    const dir = fixtureCopy();
    const flags = ['--organisation', 'nobody', '--name', 'Lost', '--summary', 'x', '--category', 'carers-support', '--reviewed-by', 'a@b.example.org'];
    const first = await runLoop(['new', 'service', ...flags], { cwd: dir });
    expect(first.code).toBe(1);
    expect(first.stdout).toMatch(/no organisation "nobody"/);
    const again = await runLoop(['new', 'service', ...flags], { cwd: dir });
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/already exists/);
  });
  test('usage errors exit 2 and say what is missing', async () => {
    const missing = await runLoop(['new', 'service', '--name', 'x']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/missing --organisation, --summary, --category/);
    expect((await runLoop(['new', 'spaceship'])).code).toBe(2);
    expect((await runLoop(['new', 'resource', '--organisation', 'a', '--name', 'b', '--format', 'scroll', '--url', 'https://x.org', '--summary', 's', '--category', 'c', '--reviewed-by', 'a@b.org'])).code).toBe(2);
  });
});
