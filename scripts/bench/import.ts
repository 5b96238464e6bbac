/**
 * Issue 6: `loop import` of 10,000 ORUK services in under 30 s. The services are LOOP's own synthetic dataset
 * published as a static ORUK 3.0 API by the feeds' writer (src/publish/oruk-api.ts), then imported into an empty
 * LOOP (vocabularies only) with --write, as a child process so the figure includes start-up, the post-write
 * validation and peak memory. A second import of the same source (nothing to change) is timed too.
 */
import { cpSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { validateDataSync } from '../../src/checks/load.ts';
import { makeContext } from '../../src/publish/context.ts';
import { orukApiFiles } from '../../src/publish/oruk-api.ts';
import { measure, repoRoot, syntheticDataset, workDir, type Benchmark } from './support.ts';

const SERVICES = 10_000;

/** The synthetic dataset as a static ORUK API in .cache/bench/, written once. */
function orukApi(): { folder: string; listings: number } {
  const dataset = syntheticDataset(SERVICES);
  const folder = join(workDir, `oruk-${SERVICES}`);
  const loaded = validateDataSync({ dataDir: join(dataset, 'data'), asOf: '2026-11-24' }).dataset!;
  if (!existsSync(join(folder, 'oruk/v3/index.json'))) {
    rmSync(folder, { recursive: true, force: true });
    for (const [path, content] of orukApiFiles(makeContext(loaded))) {
      mkdirSync(dirname(join(folder, path)), { recursive: true });
      writeFileSync(join(folder, path), content);
    }
  }
  return { folder: join(folder, 'oruk/v3'), listings: loaded.listings.length };
}

export const importBenchmark: Benchmark = {
  name: 'import',
  description: `loop import oruk --write: ${SERVICES.toLocaleString('en-GB')} synthetic ORUK services into an empty LOOP`,
  async run() {
    const api = orukApi();
    const target = join(workDir, 'import-target');
    rmSync(target, { recursive: true, force: true });
    cpSync(join(syntheticDataset(SERVICES), 'data', 'taxonomies'), join(target, 'data', 'taxonomies'), { recursive: true });
    cpSync(join(syntheticDataset(SERVICES), 'loop.config.yaml'), join(target, 'loop.config.yaml'));
    const args = [join(repoRoot, 'bin/loop.js'), 'import', 'oruk', api.folder, '--data', join(target, 'data'), '--system', 'Synthetic ORUK', '--as-of', '2026-11-24', '--format', 'json', '--write'];
    // bash's `time` adds the CPU seconds the import used, which say more than wall time on a busy shared machine.
    const quote = (a: string) => `'${a.replace(/'/g, `'\\''`)}'`;
    const run = () => measure('bash', ['-c', `TIMEFORMAT='cpu %U %S'; time ${[process.execPath, ...args].map(quote).join(' ')} 2>/dev/null`]);
    const parse = (out: string) => {
      const cpu = /cpu ([\d.]+) ([\d.]+)\s*$/.exec(out);
      const json = out.slice(out.indexOf('{'), cpu ? cpu.index : undefined);
      return { report: JSON.parse(json) as { created: unknown[]; updated: unknown[]; validation_errors: number }, cpuMs: cpu ? (Number(cpu[1]) + Number(cpu[2])) * 1000 : NaN };
    };
    const first = await run();
    if (first.code !== 0) throw new Error(`the import failed (exit ${first.code}): ${first.output.slice(0, 500)}`);
    const { report, cpuMs } = parse(first.output);
    if (report.validation_errors) throw new Error(`the imported data has ${report.validation_errors} validation errors`);
    const second = await run();
    const { report: again, cpuMs: againCpu } = parse(second.output);
    if (again.created.length || again.updated.length) throw new Error('the second import changed files');
    return [
      { name: 'listings in the ORUK feed', value: api.listings, unit: '' },
      { name: 'files written', value: report.created.length, unit: '' },
      { name: `loop import --write (${SERVICES.toLocaleString('en-GB')} services, then validate)`, value: first.ms, unit: 'ms', target: { max: 30_000 } },
      { name: 'CPU time of the import (user + system, all threads)', value: cpuMs, unit: 'ms' },
      { name: 'peak memory of the import', value: first.peakBytes, unit: 'bytes' },
      { name: 'second import of the same source (no changes)', value: second.ms, unit: 'ms', target: { max: 30_000 } },
      { name: 'CPU time of the second import', value: againCpu, unit: 'ms' },
    ];
  },
};
