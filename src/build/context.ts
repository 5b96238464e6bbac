/**
 * What the environment says about a build, read in one place. Previews, tests and the benchmark steer a build
 * with these variables; everything else (the address, the licence, the review policy) comes from loop.config.yaml.
 *
 * - LOOP_BASE_URL: build for this address instead of the configured site.base_url (previews, tests);
 * - LOOP_AS_OF: today, for every command and the build (YYYY-MM-DD), instead of today in the UK: the clock
 *   (src/model/clock.ts) takes it from here, checks it and lets a command's --as-of win over it;
 * - SOURCE_DATE_EPOCH: the instant a build is made (reproducible builds), which the clock's buildTime() checks;
 * - LOOP_DASHBOARD=0: leave the data dashboard out (the benchmark's build without it; a public site alone);
 * - LOOP_ORUK_PAGE_SIZE: items per page of the ORUK API's lists;
 * - NETLIFY=true (set by Netlify on its builds): the build is for Netlify, whose `_redirects` can match `?page=N`.
 *
 * The values are passed on as written; whoever uses one checks it and says what was wrong.
 */
export interface BuildEnvironment {
  baseUrl?: string;
  asOf?: string;
  sourceDateEpoch?: string;
  dashboard: boolean;
  orukPageSize?: number;
  netlify: boolean;
}

/** The environment variable that fixes "today" for every command, the site build and the tests. */
export const AS_OF_ENV = 'LOOP_AS_OF';
/** The reproducible-builds convention's variable for the instant a build is made (whole seconds since 1970). */
export const SOURCE_DATE_EPOCH_ENV = 'SOURCE_DATE_EPOCH';

type Env = Readonly<Record<string, string | undefined>>;

export function buildEnvironment(env: Env = process.env): BuildEnvironment {
  return {
    ...(env['LOOP_BASE_URL'] ? { baseUrl: env['LOOP_BASE_URL'] } : {}),
    ...(env[AS_OF_ENV] ? { asOf: env[AS_OF_ENV] } : {}),
    ...(env[SOURCE_DATE_EPOCH_ENV] ? { sourceDateEpoch: env[SOURCE_DATE_EPOCH_ENV] } : {}),
    dashboard: env['LOOP_DASHBOARD'] !== '0',
    ...(env['LOOP_ORUK_PAGE_SIZE'] ? { orukPageSize: Number(env['LOOP_ORUK_PAGE_SIZE']) } : {}),
    netlify: env['NETLIFY'] === 'true',
  };
}

/** The site's address for this build: LOOP_BASE_URL when set, else the configured one. */
export function siteAddress(configured: string, env: Env = process.env): string {
  return buildEnvironment(env).baseUrl ?? configured;
}

/** Whether the build makes the data dashboard (and the site links to it). */
export function dashboardEnabled(env: Env = process.env): boolean {
  return buildEnvironment(env).dashboard;
}
