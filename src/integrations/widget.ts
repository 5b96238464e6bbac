/**
 * The widget integration: bundles the <loop-listings> widget with esbuild when the site build starts (the embed
 * pages show its SRI hashes, so they must see the very bytes that are published) and writes /widget/v1/ into the
 * output when the build is done (src/widget/build.ts describes the files).
 */
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import { GZIP_BUDGET_BYTES, getWidgetBuild, resetWidgetBuild, writeWidget } from '../widget/build.ts';
import { WIDGET_VERSION } from '../widget/version.ts';

export function widget(): AstroIntegration {
  let root = process.cwd();
  let site = 'http://localhost:4321/';
  return {
    name: 'loop-widget',
    hooks: {
      'astro:config:done': ({ config }) => {
        root = fileURLToPath(config.root);
        // Astro's site and base already carry LOOP_BASE_URL (astro.config.mjs), as every page's links do.
        site = new URL(config.base.endsWith('/') ? config.base : `${config.base}/`, config.site ?? site).href;
      },
      'astro:build:start': () => {
        resetWidgetBuild();
        void getWidgetBuild(root).catch(() => {});
      },
      'astro:build:done': async ({ dir, logger }) => {
        const build = await getWidgetBuild(root);
        const written = writeWidget(fileURLToPath(dir), build, (path) => new URL(path.slice(1), site).href);
        const classic = build.current.files[0]!;
        logger.info(`wrote ${written.length} widget files: loop-widget.js ${classic.size} bytes, ${classic.gzipSize} gzipped (budget ${GZIP_BUDGET_BYTES})`);
        if (!build.released) {
          logger.warn(`the widget source differs from release ${WIDGET_VERSION}: /widget/v1/loop-widget.js has the new code, but pages pinning a release still get ${build.pinned?.version ?? 'nothing'}. Bump WIDGET_VERSION in src/widget/version.ts and run \`npm run widget -- --release\`.`);
        }
      },
    },
  };
}
