/**
 * The LOOP Astro integration: validates data/ with the one loader before anything is built (a build on invalid
 * data fails with the validator's file:line diagnostics), and shares the Dataset with every page.
 */
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import { formatPretty } from '../dataset/diagnostic-formats.ts';
import { walkFolder } from '../dataset/folder.ts';
import { defaultCacheDir, validateData } from '../checks/load.ts';
import { COLD_CHECK_CHILD_MIN_FILES } from '../checks/cold-check.ts';
import { COLLECT_FROM_FILES, collectGarbage } from '../build/memory.ts';
import { setBuildDataset } from '../site/dataset.ts';

/**
 * Astro copies public/ into the site as it is, following symbolic links, so a link there could publish any file on
 * the build machine. Like data/, public/ may hold no links at all; this names each one.
 */
export function publicFolderProblems(publicDir: string): string[] {
  return walkFolder(publicDir).links.map((link) => `public/${link} is a symbolic link; replace it with the real file (links can reach files outside the repository and are never published)`);
}

export function loop(): AstroIntegration {
  return {
    name: 'loop',
    hooks: {
      // config:done runs before both `astro build` and `astro dev`, so neither serves through a link.
      'astro:config:done': ({ config }) => {
        const problems = publicFolderProblems(fileURLToPath(config.publicDir));
        if (problems.length > 0) {
          const failure = new Error(`${problems.join('\n')}\nnothing was built.`);
          failure.stack = failure.message;
          throw failure;
        }
      },
      'astro:build:start': async ({ logger }) => {
        const started = performance.now();
        // The cache of checked files: a rebuild after editing one listing parses that file only (issue #19).
        const cacheDir = defaultCacheDir();
        // A region's first build checks its files in a child process, so the half hour of rendering does not carry
        // the cold check's spent memory (src/checks/cold-check.ts).
        const result = await validateData(cacheDir ? { cacheDir, coldCheckInChild: COLD_CHECK_CHILD_MIN_FILES } : {});
        if (result.errors > 0 || !result.dataset) {
          const errors = result.diagnostics.filter((d) => d.severity === 'error');
          logger.error(`\n${formatPretty(errors, { files: result.files, errors: result.errors, warnings: result.warnings })}`);
          const failure = new Error(`LOOP data has ${errors.length} error${errors.length === 1 ? '' : 's'} (listed above); nothing was built. Run \`npx loop validate\` for details.`);
          // The diagnostics are the whole story: a stack trace into the integration would only distract.
          failure.stack = failure.message;
          throw failure;
        }
        setBuildDataset(result.dataset, result.diagnostics);
        // The check's garbage, given back before Astro's bundler, its routes and Pagefind add theirs (src/build/memory.ts).
        if (result.files >= COLLECT_FROM_FILES) collectGarbage();
        logger.info(`validated ${result.files} files in ${Math.round(performance.now() - started)} ms (${result.warnings} warnings)${result.checkedInChild ? ', checked first in a child process as the check cache was cold' : ''}`);
      },
    },
  };
}
