// The child process of cold-check.ts: checks a data folder, which fills the check cache, and exits (its findings are
// the parent's to report once it loads the warm cache).
import { validateData } from './load.ts';
import type { ChildOptions } from './cold-check.ts';

const options = JSON.parse(process.argv[2] ?? '{}') as ChildOptions;
await validateData(options);
