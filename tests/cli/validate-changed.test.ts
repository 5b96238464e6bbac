// loop validate --changed-since (issue #19): a pull request is judged on the files it changes and the files they
// touch, with dataset-wide rules still exact, and old findings elsewhere are not its business.
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { runLoop } from '../support/cli.ts';
import { readFixture } from '../support/data.ts';
import { testRepo } from '../support/git.ts';

const DROP_IN = 'data/services/chapeltown-carers/carers-drop-in.yaml';
const FOOD = 'data/services/harehills-food-share/food-share.yaml';
const AS_OF = ['--as-of', '2026-11-24', '--format', 'json', '--no-cache'];

interface Report {
  diagnostics: { file: string; rule: string; message: string }[];
}

async function validate(dir: string, extra: string[] = []): Promise<{ code: number; report: Report; stderr: string }> {
  const { code, stdout, stderr } = await runLoop(['validate', ...AS_OF, ...extra], { cwd: dir });
  return { code, report: JSON.parse(stdout) as Report, stderr };
}

/** A repository whose main already has a problem in the food share's listing, and a branch off it. */
function repoWithOldProblem() {
  const repo = testRepo();
  repo.write({ [FOOD]: readFixture('services/harehills-food-share/food-share.yaml').replace('summary:', 'summery:') });
  repo.commit('An old mistake', '2026-01-06T09:00:00+00:00');
  repo.git(['checkout', '-q', '-b', 'change']);
  return repo;
}

const files = (r: Report) => [...new Set(r.diagnostics.map((d) => d.file))].sort();

describe('loop validate --changed-since', () => {
  test('reports the changed files, not old findings elsewhere', async () => {
    const repo = repoWithOldProblem();
    repo.write({ [DROP_IN]: readFixture('services/chapeltown-carers/carers-drop-in.yaml').replace('cost: free', 'cost: gratis') });
    const full = await validate(repo.dir);
    expect(files(full.report)).toEqual([DROP_IN, FOOD]);
    // Uncommitted changes count, and so do committed ones.
    const narrowed = await validate(repo.dir, ['--changed-since', 'main']);
    expect(narrowed.code).toBe(1);
    expect(files(narrowed.report)).toEqual([DROP_IN]);
    expect(narrowed.stderr).toContain('1 changed file');
    repo.commit('Change the drop-in', '2026-01-07T09:00:00+00:00');
    expect(files((await validate(repo.dir, ['--changed-since', 'main'])).report)).toEqual([DROP_IN]);
  });

  test('a deleted venue is reported on the listings that still use it', async () => {
    const repo = repoWithOldProblem();
    repo.write({ 'data/locations/chapeltown-community-hub.yaml': null });
    repo.commit('Remove the hub', '2026-01-07T09:00:00+00:00');
    const { report } = await validate(repo.dir, ['--changed-since', 'main']);
    expect(report.diagnostics.filter((d) => d.rule === 'references').map((d) => d.file)).toContain(DROP_IN);
    expect(files(report)).not.toContain(FOOD);
  });

  test('a dataset-wide finding between a new file and an unchanged one is kept', async () => {
    const repo = repoWithOldProblem();
    // Sorts before the drop-in, so `unique` reports on the drop-in (unchanged) and names the new file.
    repo.write({ 'data/services/chapeltown-carers/another-drop-in.yaml': readFixture('services/chapeltown-carers/carers-drop-in.yaml').replace("Carers' Drop-in", 'Another Drop-in') });
    repo.commit('Copy the drop-in', '2026-01-07T09:00:00+00:00');
    const { report } = await validate(repo.dir, ['--changed-since', 'main']);
    expect(report.diagnostics.some((d) => d.rule === 'unique' && d.file === DROP_IN && d.message.includes('another-drop-in.yaml'))).toBe(true);
    expect(files(report)).not.toContain(FOOD);
  });

  test('a taxonomy change is a full check; an unknown ref is a usage error', async () => {
    const repo = repoWithOldProblem();
    repo.write({ 'data/taxonomies/audiences.yaml': `${readFixture('taxonomies/audiences.yaml')}\n` });
    const { report, stderr } = await validate(repo.dir, ['--changed-since', 'main']);
    expect(files(report)).toEqual([FOOD]);
    expect(stderr).toContain('every file is checked');
    expect((await runLoop(['validate', ...AS_OF, '--changed-since', 'no-such-branch'], { cwd: repo.dir })).code).toBe(2);
    // With the check cache too (git's slower questions are already under way when the ref turns out unknown).
    const cached = await runLoop(['validate', '--as-of', '2026-11-24', '--cache-dir', join(repo.dir, 'cache'), '--changed-since', 'no-such-branch'], { cwd: repo.dir });
    expect(cached.code).toBe(2);
    expect(cached.stderr).toContain('git does not know "no-such-branch"');
  });
});
