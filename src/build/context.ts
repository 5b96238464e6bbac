/**
 * What the environment says about a build, read in one place. Previews, tests and the benchmark steer a build
 * with these variables; everything else (the address, the licence, the review policy) comes from loop.config.yaml.
 *
 * - LOOP_BASE_URL: build for this address instead of the configured site.base_url (previews, tests);
 * - LOOP_AS_OF: judge freshness and end dates as of this date (YYYY-MM-DD) instead of today in the UK;
 * - LOOP_DASHBOARD=0: leave the data dashboard out (the benchmark's build without it; a public site alone);
 * - LOOP_ORUK_PAGE_SIZE: items per page of the ORUK API's lists.
 */
export interface BuildEnvironment {
  baseUrl?: string;
  asOf?: string;
  dashboard: boolean;
  orukPageSize?: number;
}

export function buildEnvironment(env: NodeJS.ProcessEnv = process.env): BuildEnvironment {
  return {
    ...(env['LOOP_BASE_URL'] ? { baseUrl: env['LOOP_BASE_URL'] } : {}),
    ...(env['LOOP_AS_OF'] ? { asOf: env['LOOP_AS_OF'] } : {}),
    dashboard: env['LOOP_DASHBOARD'] !== '0',
    ...(env['LOOP_ORUK_PAGE_SIZE'] ? { orukPageSize: Number(env['LOOP_ORUK_PAGE_SIZE']) } : {}),
  };
}

/** The site's address for this build: LOOP_BASE_URL when set, else the configured one. */
export function siteAddress(configured: string, env: NodeJS.ProcessEnv = process.env): string {
  return buildEnvironment(env).baseUrl ?? configured;
}

/** Whether the build makes the data dashboard (and the site links to it). */
export function dashboardEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
  return buildEnvironment(env).dashboard;
}
