/**
 * Whether the build makes the dashboard. On unless LOOP_DASHBOARD=0, which exists for the benchmark (the same
 * build with and without the dashboard) and for anyone who wants the public site alone.
 */
export function dashboardEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.LOOP_DASHBOARD !== '0';
}
