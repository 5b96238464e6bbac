// `loop validate --changed-since` from the check cache (issue #19): only the records a change can interact with are
// loaded, and every finding it reports is exactly what a full, uncached check reports for those files. Compared on
// a generated dataset with planted errors: duplicate ids, dangling references (with suggestions), duplicate
// listings, a deleted organisation and venue, a schema error, a new file copying an old one, a non-YAML file.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { describe, expect, test } from 'vitest';
import { generate } from '../../scripts/synthetic/generate.ts';
import { scopeOf, withinScope, type Scope } from '../../src/checks/affected.ts';
import { dataPrefix, validateChangedOnly, validateData, type ValidationResult } from '../../src/checks/load.ts';
import { changedFilesSince, changesAndFiles, filesInGit, type Listed } from '../../src/history/changed.ts';
import { countBySeverity } from '../../src/dataset/diagnostic.ts';
import { FIXTURE, field, serviceFiles } from '../support/data.ts';
import { commitAll, git, initRepo } from '../support/git.ts';
import { runLoop } from '../support/cli.ts';

const AS_OF = '2026-11-24';

/** A generated dataset in a git repository, with an old problem on main, and a branch to change. */
function repository(): string {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'loop-changed-')));
  generate({ services: 240, seed: 11, out: dir, source: FIXTURE });
  const service = serviceFiles(dir)[40]!;
  writeFileSync(service, readFileSync(service, 'utf8').replace('summary:', 'summery:'));
  initRepo(dir);
  git(dir, ['checkout', '-q', '-b', 'change']);
  return dir;
}

/** The full, uncached check, narrowed the way the command narrows it. */
async function expected(dir: string, changed: string[]): Promise<ValidationResult & { scope: Scope }> {
  const full = await validateData({ dataDir: join(dir, 'data'), root: dir, asOf: AS_OF });
  const prefix = dataPrefix(dir, join(dir, 'data'));
  const scope = scopeOf(full.dataset, changed, prefix);
  if (scope.all) throw new Error('expected a narrowed scope');
  const diagnostics = withinScope(full.diagnostics, scope, prefix);
  return { ...full, diagnostics, ...countBySeverity(diagnostics), scope };
}

async function changedOnly(dir: string, cacheDir: string): Promise<{ result: ValidationResult; changed: string[]; loaded: number; scope: Scope }> {
  const data = join(dir, 'data');
  const changed = (await changedFilesSince(data, 'main')).map((path) => relative(data, path));
  const quick = validateChangedOnly({ dataDir: data, root: dir, asOf: AS_OF, cacheDir, changed, git: await filesInGit(data) });
  if ('fallback' in quick) throw new Error(`fell back: ${quick.fallback}`);
  const prefix = dataPrefix(dir, data);
  const diagnostics = withinScope(quick.result.diagnostics, quick.scope, prefix);
  return { result: { ...quick.result, diagnostics, ...countBySeverity(diagnostics) }, changed, loaded: quick.loaded, scope: quick.scope };
}

describe('loop validate --changed-since from the check cache', () => {
  test('reports exactly what a full uncached check reports for the affected files, loading only a few', { timeout: 120_000 }, async () => {
    const dir = repository();
    const cacheDir = join(dir, 'cache');
    const data = join(dir, 'data');
    // main's run fills the cache (as CI's run on main does); a full cached run equals the uncached one.
    const uncached = await validateData({ dataDir: data, root: dir, asOf: AS_OF });
    const cached = await validateData({ dataDir: data, root: dir, asOf: AS_OF, cacheDir });
    expect({ ...cached, cached: undefined, dataset: undefined }).toEqual({ ...uncached, cached: undefined, dataset: undefined });
    // Every file served by the cache, the positions of deep findings (phone numbers, source records) from it too.
    const warm = await validateData({ dataDir: data, root: dir, asOf: AS_OF, cacheDir });
    expect(warm.cached).toBe(warm.files);
    expect({ ...warm, cached: undefined, dataset: undefined }).toEqual({ ...uncached, cached: undefined, dataset: undefined });

    const services = serviceFiles(dir);
    const texts = services.map((file) => readFileSync(file, 'utf8'));
    const locations = readdirSync(join(data, 'locations')).sort();
    // 1. A new service copying another's id, name, phone and venue, in another organisation's folder.
    const [copied, other] = [texts[3]!, texts[120]!];
    const otherOrg = field(other, 'organisation');
    writeFileSync(join(data, 'services', otherOrg, 'copied-service.yaml'), copied.replace(/^organisation: .*$/m, `organisation: ${otherOrg}`));
    // 2. A dangling venue one letter off an existing one (a suggestion), and a dangling organisation.
    const venue = locations[7]!.replace(/\.yaml$/, '');
    writeFileSync(services[10]!, texts[10]!.replace(/^ {2}- location: .*$/m, `  - location: ${venue}x`));
    writeFileSync(services[11]!, texts[11]!.replace(/^organisation: .*$/m, 'organisation: no-such-organisation'));
    // 3. An organisation deleted while its listings stay, and a venue deleted while services use it.
    const usedOrg = field(texts[60]!, 'organisation');
    rmSync(join(data, 'organisations', `${usedOrg}.yaml`));
    const usedVenue = /^ {2}- location: (.*)$/m.exec(texts[90]!)![1]!;
    rmSync(join(data, 'locations', `${usedVenue}.yaml`));
    // 4. An unknown key, an id reused from an unchanged venue, and a listing renamed to another's name and phone.
    writeFileSync(services[20]!, texts[20]!.replace('cost:', 'costs:'));
    const venueId = field(readFileSync(join(data, 'locations', locations[30]!), 'utf8'), 'id');
    writeFileSync(services[21]!, texts[21]!.replace(/^id: .*$/m, `id: ${venueId}`));
    const twin = texts[150]!;
    writeFileSync(services[22]!, texts[22]!.replace(/^name: .*$/m, `name: ${field(twin, 'name')}`).replace(/^ {2}- number: .*$/m, `  - number: ${/^ {2}- number: (.*)$/m.exec(twin)?.[1] ?? '0113 496 0000'}`));
    // 5. Files a full check warns or errs on by themselves: not YAML, and a link.
    writeFileSync(join(data, 'services', otherOrg, 'notes.txt'), 'notes');
    symlinkSync('/etc/hostname', join(data, 'organisations', 'linked.yaml'));
    // 6. A file git ignores (a full check still reads it) reusing a changed file's id, and a hidden folder's file.
    writeFileSync(join(dir, '.gitignore'), 'data/services/*/0-ignored.yaml\n');
    writeFileSync(join(services[10]!, '..', '0-ignored.yaml'), texts[10]!);
    mkdirSync(join(data, '.import-state'), { recursive: true });
    writeFileSync(join(data, '.import-state', 'state.yaml'), copied);
    commitAll(dir, 'Planted problems');

    const want = await expected(dir, (await changedFilesSince(data, 'main')).map((path) => relative(data, path)));
    const got = await changedOnly(dir, cacheDir);
    // The same scope as the full Dataset gives (worked out from the cache's index alone), and the same report.
    expect(got.scope).toEqual(want.scope);
    expect(got.result.diagnostics).toEqual(want.diagnostics);
    expect({ errors: got.result.errors, warnings: got.result.warnings, files: got.result.files }).toEqual({ errors: want.errors, warnings: want.warnings, files: want.files });
    // Every planted problem shows.
    const rules = new Set(got.result.diagnostics.map((d) => d.rule));
    for (const rule of ['unique', 'references', 'duplicates', 'unknown-key', 'file-name', 'file-link']) expect(rules, rule).toContain(rule);
    expect(got.result.diagnostics.some((d) => d.message.includes('did you mean'))).toBe(true);
    expect(got.result.diagnostics.some((d) => d.message.includes('0-ignored.yaml'))).toBe(true);
    expect(got.loaded).toBeLessThan(got.result.files / 2);

    // An uncommitted edit on top, then the same through the command, with and without the cache.
    writeFileSync(services[30]!, texts[30]!.replace(/^name: .*$/m, `name: ${field(texts[31]!, 'name')}`));
    const again = await changedOnly(dir, cacheDir);
    const wantAgain = await expected(dir, again.changed);
    expect(again.scope).toEqual(wantAgain.scope);
    expect(again.result.diagnostics).toEqual(wantAgain.diagnostics);
    const args = ['validate', '--as-of', AS_OF, '--format', 'json', '--changed-since', 'main'];
    const quick = await runLoop([...args, '--cache-dir', cacheDir], { cwd: dir });
    const slow = await runLoop([...args, '--no-cache'], { cwd: dir });
    expect(quick.stderr).toContain('loaded: git and the check cache vouch for the rest');
    expect(quick.stdout).toEqual(slow.stdout);
    expect(quick.code).toBe(slow.code);
  });

  test('git is asked once for the changes and the blob ids, and the cache is read while it answers', { timeout: 60_000 }, async () => {
    const dir = repository();
    const data = join(dir, 'data');
    const services = serviceFiles(dir);
    writeFileSync(services[3]!, readFileSync(services[3]!, 'utf8').replace('cost:', 'costs:'));
    commitAll(dir, 'A committed change');
    writeFileSync(services[4]!, `${readFileSync(services[4]!, 'utf8')}\n`);
    writeFileSync(join(dirname(services[5]!), 'new-service.yaml'), readFileSync(services[5]!, 'utf8'));
    writeFileSync(join(dir, '.gitignore'), 'data/services/*/0-ignored.yaml\n');
    writeFileSync(join(dirname(services[6]!), '0-ignored.yaml'), readFileSync(services[6]!, 'utf8'));
    rmSync(services[7]!);
    let calls = 0;
    let answered = false;
    let early: Promise<Listed> | undefined;
    const both = changesAndFiles(data, 'main', [], (blobs) => {
      calls++;
      early = blobs;
      expect(answered).toBe(false);
    }).then((value) => {
      answered = true;
      return value;
    });
    const { changed, files } = await both;
    expect(calls).toBe(1);
    // The same changes as changedFilesSince within the paths asked about (here the data folder).
    expect(changed).toHaveLength(4);
    expect(changed).toEqual((await changedFilesSince(data, 'main')).filter((path) => path.startsWith(`${data}/`)));
    const listed = await filesInGit(data);
    expect(files.blobs).toEqual(listed.blobs);
    // The blob ids handed over early are the same, and visited in git's (ascending) order without the map.
    expect((await early)?.blobs).toBe(files.blobs);
    const visited: [string, string][] = [];
    files.eachBlob?.((path, blob) => visited.push([path, blob]));
    expect(new Map(visited)).toEqual(files.blobs);
    expect(visited.map(([path]) => path)).toEqual(visited.map(([path]) => path).sort());
    // git's ignored files (which the loader still reads); the untracked ones are among the changes.
    expect(files.untracked).toEqual([relative(data, join(dirname(services[6]!), '0-ignored.yaml'))]);
    expect(listed.untracked.sort()).toEqual([...files.untracked, relative(data, join(dirname(services[5]!), 'new-service.yaml'))].sort());
    await expect(changesAndFiles(data, 'no-such-branch', [], () => void calls++)).rejects.toThrow('git does not know "no-such-branch"');
    expect(calls).toBe(1);
  });

  test('falls back to the full load when the cache cannot answer, with the same report', { timeout: 60_000 }, async () => {
    const dir = repository();
    const data = join(dir, 'data');
    const cacheDir = join(dir, 'cache');
    const services = serviceFiles(dir);
    writeFileSync(services[5]!, readFileSync(services[5]!, 'utf8').replace('cost:', 'costs:'));
    const args = ['validate', '--as-of', AS_OF, '--format', 'json', '--changed-since', 'main'];
    const slow = await runLoop([...args, '--no-cache'], { cwd: dir });
    // No cache yet: the full load (which fills it), then the cache.
    const first = await runLoop([...args, '--cache-dir', cacheDir], { cwd: dir });
    expect(first.stderr).toContain('does not hold');
    expect(first.stdout).toEqual(slow.stdout);
    const second = await runLoop([...args, '--cache-dir', cacheDir], { cwd: dir });
    expect(second.stderr).toContain('vouch for the rest');
    expect(second.stdout).toEqual(slow.stdout);
    // A cache whose outcomes are gone: the index alone cannot answer, so the full load again.
    for (const name of readdirSync(cacheDir)) if (name.endsWith('.dat')) writeFileSync(join(cacheDir, name), 'garbage');
    const third = await runLoop([...args, '--cache-dir', cacheDir], { cwd: dir });
    expect(third.stdout).toEqual(slow.stdout);
    // A taxonomy change can affect every listing: a full check.
    const taxonomy = readdirSync(join(data, 'taxonomies'))[0]!;
    writeFileSync(join(data, 'taxonomies', taxonomy), `${readFileSync(join(data, 'taxonomies', taxonomy), 'utf8')}\n`);
    const full = await runLoop([...args, '--cache-dir', cacheDir], { cwd: dir });
    expect(full.stderr).toContain('every listing can use it');
  });
});
