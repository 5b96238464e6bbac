// Child process of the feeds benchmark: loads a dataset, publishes its feeds into a folder, prints timings as JSON.
import { join, resolve } from 'node:path';
import { validateData } from '../../src/checks/load.ts';
import { publish } from '../../src/publish/publish.ts';

const [dir, out] = process.argv.slice(2).map((p) => resolve(p)) as [string, string];
const started = performance.now();
const result = await validateData({ dataDir: join(dir, 'data'), root: dir, asOf: '2026-11-24' });
if (!result.dataset || result.errors) throw new Error(`the synthetic dataset has ${result.errors} errors`);
const loaded = performance.now();
const cpu = process.cpuUsage();
const published = await publish(result.dataset, out, { root: dir, dataDir: join(dir, 'data') });
const used = process.cpuUsage(cpu);
const sizes = Object.fromEntries([...published.files].map(([path, facts]) => [path, facts.size]));
console.log(JSON.stringify({ loadMs: loaded - started, publishMs: published.ms, publishCpuMs: (used.user + used.system) / 1000, phases: published.phases, files: published.files.size, bytes: published.bytes, sizes, listings: result.dataset.listings.length }));
