/**
 * The LOOP Astro integration: validates data/ with the one loader before anything is built (a build on invalid
 * data fails with the validator's file:line diagnostics), and shares the Dataset with every page.
 */
import { buildEnvironment } from '../build/context.ts';
import type { AstroIntegration } from 'astro';
import { formatPretty } from '../dataset/diagnostic-formats.ts';
import { validateData } from '../checks/load.ts';
import { setBuildDataset } from '../site/dataset.ts';

export function loop(): AstroIntegration {
  return {
    name: 'loop',
    hooks: {
      'astro:build:start': async ({ logger }) => {
        const started = performance.now();
        const { asOf } = buildEnvironment();
        const result = await validateData({ ...(asOf ? { asOf } : {}) });
        if (result.errors > 0 || !result.dataset) {
          const errors = result.diagnostics.filter((d) => d.severity === 'error');
          logger.error(`\n${formatPretty(errors, { files: result.files, errors: result.errors, warnings: result.warnings })}`);
          const failure = new Error(`LOOP data has ${errors.length} error${errors.length === 1 ? '' : 's'} (listed above); nothing was built. Run \`npx loop validate\` for details.`);
          // The diagnostics are the whole story: a stack trace into the integration would only distract.
          failure.stack = failure.message;
          throw failure;
        }
        setBuildDataset(result.dataset, result.diagnostics);
        logger.info(`validated ${result.files} files in ${Math.round(performance.now() - started)} ms (${result.warnings} warnings)`);
      },
    },
  };
}
