/**
 * Two builds of the same commit produce byte-identical feeds and downloads: generated_at and the dataset version
 * come from git, not the clock, and zips have fixed timestamps. Built with the clock a year and a few seconds on,
 * in another time zone (the clock is set, not waited for).
 */
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { validateDataSync } from '../../src/checks/load.ts';
import { publish } from '../../src/publish/publish.ts';
import { AS_OF, readFixture } from '../support/data.ts';
import { testRepo } from '../support/git.ts';

function filesUnder(dir: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) {
      const full = join(entry.parentPath, entry.name);
      out.set(relative(dir, full), readFileSync(full));
    }
  }
  return out;
}

describe('reproducible builds', () => {
  const tz = process.env.TZ;
  afterEach(() => {
    vi.useRealTimers();
    if (tz === undefined) delete process.env.TZ;
    else process.env.TZ = tz;
  });

  test('building one commit twice gives the same bytes in every file, archives included', async () => {
    const repo = testRepo({ date: '2026-11-20T09:00:00+00:00' });
    repo.git(['tag', 'data-2026.11.1']);
    repo.write({ 'data/services/chapeltown-carers/carers-drop-in.yaml': readFixture('services/chapeltown-carers/carers-drop-in.yaml').replace('minimum_age: 18', 'minimum_age: 16') });
    repo.commit('Lower the age', '2026-11-21T14:00:00+00:00');
    const once = async () => {
      const dataset = validateDataSync({ dataDir: join(repo.dir, 'data'), root: repo.dir, asOf: AS_OF }).dataset!;
      const out = mkdtempSync(join(tmpdir(), 'loop-repro-'));
      const result = await publish(dataset, out, { root: repo.dir, dataDir: join(repo.dir, 'data') });
      return { out, result };
    };
    // Only Date is faked: timers, the event loop and git run as usual.
    vi.useFakeTimers({ toFake: ['Date'] });
    process.env.TZ = 'Europe/London';
    vi.setSystemTime(new Date('2026-11-24T23:59:58Z'));
    const a = await once();
    process.env.TZ = 'America/Los_Angeles';
    vi.setSystemTime(new Date('2027-11-25T00:00:03Z'));
    const b = await once();
    const first = filesUnder(a.out);
    const second = filesUnder(b.out);
    expect([...second.keys()].sort()).toEqual([...first.keys()].sort());
    const different = [...first].filter(([path, bytes]) => !bytes.equals(second.get(path)!)).map(([path]) => path);
    expect(different).toEqual([]);
    // Enough files to mean something: the API, the feeds, the downloads and the archive.
    expect(first.size).toBeGreaterThan(150);
    expect([...first.keys()].some((p) => p.startsWith('downloads/archive/2026.11.1/'))).toBe(true);
    expect(a.result.build.generatedAt).toBe('2026-11-21T14:00:00Z');
  });
});
