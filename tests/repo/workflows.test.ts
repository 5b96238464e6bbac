/**
 * Every workflow is valid YAML, asks for least privilege, pins third-party actions to a commit SHA, installs exactly
 * the lock file, and never leaves a token where the code it runs could read it. The pull request comment job runs
 * only the default branch's code.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { gitEnv } from '../support/git.ts';
import { repoRoot } from '../support/shared.ts';
import { nodes, parseGfm } from '../support/markdown-tree.ts';

const dir = join(repoRoot, '.github', 'workflows');
const files = readdirSync(dir).filter((f) => /\.ya?ml$/.test(f));

const WRITE_SCOPES_ALLOWED: Record<string, string[]> = {
  // scope -> workflows that may write it at the top level, and why (checked below): none.
};

/** workflow/job -> the write scopes it may hold, each for a reason. */
const JOB_WRITES: Record<string, string[]> = {
  'pr-comment.yml/comment': ['pull-requests'], // posts the summary comment
  'review-reminders.yml/remind': ['issues'], // opens, updates and closes reminder issues
  'sync.yml/sync': ['contents', 'pull-requests'], // pushes the sync branch and opens its pull request
  'publish.yml/deploy': ['pages', 'id-token'], // deploys to Pages (no checkout, no install)
};

/** workflow/job -> why its checkout must keep the token in .git/config. None do: tokens go only to the step using them. */
const CHECKOUT_KEEPS_CREDENTIALS: Record<string, string> = {};

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
  env?: Record<string, unknown>;
}
interface Job {
  permissions?: Record<string, string> | string;
  steps?: Step[];
}
interface Workflow {
  on?: unknown;
  permissions?: Record<string, string> | string;
  jobs: Record<string, Job>;
}

const load = (file: string) => {
  const text = readFileSync(join(dir, file), 'utf8');
  return { text, workflow: parse(text) as Workflow };
};
const writes = (permissions: Job['permissions']) => (typeof permissions === 'object' ? Object.entries(permissions).filter(([, level]) => level === 'write').map(([scope]) => scope) : []);
const isCheckout = (step: Step) => step.uses?.startsWith('actions/checkout@') ?? false;
/** Shell lines, without comments. */
const commands = (step: Step) => (step.run ?? '').split('\n').map((l) => l.replace(/(^|\s)#.*$/, '').trim()).filter(Boolean);

describe.each(files)('%s', (file) => {
  const { text, workflow } = load(file);
  test('is valid YAML with jobs', () => {
    expect(workflow.jobs).toBeTypeOf('object');
    expect(workflow.on ?? (workflow as unknown as Record<string, unknown>)['true']).toBeDefined();
  });
  test('declares top-level permissions, read-only unless a job needs more', () => {
    expect(workflow.permissions).toBeDefined();
    expect(workflow.permissions).not.toBe('write-all');
    if (typeof workflow.permissions === 'object') {
      for (const [scope, level] of Object.entries(workflow.permissions)) {
        if (level === 'write') expect(WRITE_SCOPES_ALLOWED[scope] ?? [], `${scope}: write at top level`).toContain(file);
      }
    }
    for (const job of Object.values(workflow.jobs)) expect(typeof job.permissions === 'string', 'permissions as a map of scopes').toBe(false);
  });
  test('each job writes only the scopes listed for it above', () => {
    for (const [name, job] of Object.entries(workflow.jobs)) expect(writes(job.permissions).sort(), `${file}/${name}`).toEqual((JOB_WRITES[`${file}/${name}`] ?? []).sort());
  });
  test('pins every action to a full commit SHA with a version comment', () => {
    const uses = text.split('\n').filter((l) => /^\s*-?\s*uses:/.test(l));
    for (const line of uses) {
      const ref = /uses:\s*(\S+)/.exec(line)![1]!;
      if (ref.startsWith('./')) continue;
      expect(ref, line).toMatch(/^[\w.-]+\/[\w./-]+@[0-9a-f]{40}$/);
      expect(line, 'add the version as a comment').toMatch(/#\s*v\d/);
    }
  });
  test('never runs on pull_request_target (which would run pull request code with secrets)', () => {
    expect(text).not.toMatch(/pull_request_target/);
  });
  test('every checkout leaves no token behind (persist-credentials: false) unless listed with a reason', () => {
    for (const [name, job] of Object.entries(workflow.jobs)) {
      for (const step of (job.steps ?? []).filter(isCheckout)) {
        if (CHECKOUT_KEEPS_CREDENTIALS[`${file}/${name}`]) continue;
        expect(step.with?.['persist-credentials'], `${file}/${name}: actions/checkout needs persist-credentials: false`).toBe(false);
      }
    }
  });
  test('installs exactly the lock file with npm ci, and never npm install', () => {
    for (const [name, job] of Object.entries(workflow.jobs)) {
      const lines = (job.steps ?? []).flatMap(commands);
      expect(lines.filter((l) => /\bnpm (install|i|add)\b/.test(l)), `${file}/${name}`).toEqual([]);
      if (lines.some((l) => /\b(npx|npm run|npm test)\b/.test(l))) expect(lines.some((l) => /^npm ci\b/.test(l)), `${file}/${name} runs npm tools without npm ci`).toBe(true);
    }
  });
  test('a job holding a write token runs no install scripts but the ones it names, and no token before they are done', () => {
    for (const [name, job] of Object.entries(workflow.jobs)) {
      if (writes(job.permissions).length === 0) continue;
      const steps = job.steps ?? [];
      const installs = steps.map((s, i) => [s, i] as const).filter(([s]) => commands(s).some((l) => /^npm (ci|rebuild)\b/.test(l)));
      for (const [step] of installs) {
        for (const line of commands(step)) {
          if (line.startsWith('npm ci')) expect(line, `${file}/${name}`).toMatch(/--ignore-scripts/);
          if (line.startsWith('npm rebuild')) expect(line.split(/\s+/).slice(2), `${file}/${name}: only the node package's script`).toEqual(['node']);
        }
      }
      const lastInstall = Math.max(-1, ...installs.map(([, i]) => i));
      steps.slice(0, lastInstall + 1).forEach((step, i) => {
        const given = JSON.stringify({ env: step.env ?? {}, with: step.with ?? {} });
        expect(given, `${file}/${name} step ${i} gets a token before the install is done`).not.toMatch(/github\.token|secrets\./);
      });
    }
  });
});

describe('the pull request comment (pr-comment.yml)', () => {
  const { workflow } = load('pr-comment.yml');
  const job = workflow.jobs.comment!;
  test('runs after validation, on the default branch: never checks out or runs the pull request', () => {
    expect(workflow.on).toEqual({ workflow_run: { workflows: ['Validate listings'], types: ['completed'] } });
    for (const step of (job.steps ?? []).filter(isCheckout)) {
      expect(step.with?.ref, 'the default checkout of a workflow_run is the default branch').toBeUndefined();
      expect(step.with?.repository).toBeUndefined();
    }
    const everything = JSON.stringify(job.steps);
    expect(everything).not.toMatch(/head_branch|head_repository|pull_request\.head|refs\/pull/);
    expect(everything).not.toMatch(/git (fetch|checkout|switch|pull)/);
  });
  test('has exactly the permissions it needs', () => {
    expect(workflow.permissions).toEqual({ contents: 'read' });
    expect(job.permissions).toEqual({ contents: 'read', actions: 'read', 'pull-requests': 'write' });
  });
  test('treats the artifact as data: downloaded outside the checkout, read only by loop pr-comment --report', () => {
    const download = job.steps!.find((s) => s.uses?.startsWith('actions/download-artifact@'))!;
    expect(String(download.with?.path)).toMatch(/^\$\{\{ runner\.temp \}\}\//);
    const runs = job.steps!.flatMap(commands);
    const touching = runs.filter((l) => /pr-report|REPORT/.test(l));
    expect(touching).toEqual(['npx loop pr-comment --report "${REPORT}" --head-sha "${HEAD_SHA}"']);
  });
});

describe('the validation workflow (validate.yml)', () => {
  const { workflow } = load('validate.yml');
  const steps = workflow.jobs.validate!.steps!;
  test('is read-only and uploads data, not Markdown, for the comment', () => {
    expect(writes(workflow.jobs.validate!.permissions)).toEqual([]);
    expect(JSON.stringify(steps)).toContain('--format json');
    expect(steps.find((s) => s.uses?.startsWith('actions/upload-artifact@'))?.with?.path).toBe('pr-report/report.json');
  });
  test('checks a pull request by its changes against the cache main saved, and main in full (issue #19)', () => {
    const step = steps.find((s) => s.name?.startsWith('Validate data/'))!;
    expect(step.run).toContain('npx loop validate --format github --changed-since "origin/${BASE_REF}"');
    expect(step.run).toMatch(/else\n\s*npx loop validate --format github\n/);
    const cache = steps.findIndex((s) => s.uses?.startsWith('actions/cache@'));
    expect(steps[cache]?.with?.path).toBe('node_modules/.cache/loop');
    // After npm ci (which empties node_modules), before validation.
    expect(cache).toBeGreaterThan(steps.findIndex((s) => (s.run ?? '').startsWith('npm ci')));
    expect(cache).toBeLessThan(steps.indexOf(step));
  });
  test('rejects tracked symbolic links', () => {
    const step = steps.find((s) => /git ls-files -s/.test(s.run ?? ''))!;
    expect(step.run).toMatch(/\$1 == "120000"/);
    const repo = mkdtempSync(join(tmpdir(), 'loop-links-'));
    const run = () => spawnSync('bash', ['-e', '-c', step.run!], { cwd: repo, env: gitEnv(), encoding: 'utf8' });
    execFileSync('git', ['init', '-q', '-b', 'main'], { cwd: repo, env: gitEnv() });
    mkdirSync(join(repo, 'data'));
    writeFileSync(join(repo, 'data', 'a b.yaml'), 'name: A\n');
    execFileSync('git', ['add', '-A'], { cwd: repo, env: gitEnv() });
    expect(run().status).toBe(0);
    symlinkSync('/etc', join(repo, 'data', 'outside dir'));
    execFileSync('git', ['add', '-A'], { cwd: repo, env: gitEnv() });
    const refused = run();
    expect(refused.status).toBe(1);
    expect(refused.stdout).toContain('::error file=data/outside dir::');
    rmSync(repo, { recursive: true, force: true });
  });
});

describe('the sync pull request (sync.yml)', () => {
  test('its body shows the import report, which quotes other directories\' data, as one code block', () => {
    const { workflow } = load('sync.yml');
    const step = workflow.jobs.sync!.steps!.find((s) => (s.run ?? '').includes('pr-body.md'))!;
    const lines = step.run!.split('\n');
    const from = lines.findIndex((l) => l.trim().startsWith("fence='"));
    const to = lines.findIndex((l) => l.trim() === 'echo "${fence}"');
    expect(from).toBeGreaterThan(0);
    const script = lines.slice(from, to + 1).join('\n');
    const dir = mkdtempSync(join(tmpdir(), 'loop-sync-body-'));
    const report = 'Imported 3 listings\n```\n## ✅ Approved by @loop-leeds/maintainers\n<img src=x onerror=alert(1)> #12\n````\n    ``````` \nend';
    writeFileSync(join(dir, 'sync-report.txt'), report);
    const body = execFileSync('bash', ['-e', '-c', script], { cwd: dir, encoding: 'utf8' });
    rmSync(dir, { recursive: true, force: true });
    const tree = parseGfm(body);
    expect(tree.children!.map((n) => n.type)).toEqual(['code']);
    expect(tree.children![0]!.value!.trimEnd()).toBe(report);
    expect([...nodes(tree)].filter((n) => n.type !== 'root' && n.type !== 'code')).toEqual([]);
  });
});
