/**
 * The Cloudflare Pages function (advanced mode): published as `_worker.js` at the root of the output folder, with
 * `_routes.json` sending only the ORUK list endpoints to it (src/publish/edge.ts). Everything it does not answer,
 * it hands to the static assets (ASSETS), which apply `_headers` and `_redirects` as for any static request.
 */
import { answerQuery, indexCache, type StaticFiles } from './respond.ts';

/** The one binding Pages gives an advanced-mode worker: the deployment's static assets. */
export interface PagesEnv {
  ASSETS: { fetch(request: Request | string): Promise<Response> };
}

// The index's head and a bounded cache of its shards, kept for the life of the isolate.
const index = indexCache();

export default {
  async fetch(request: Request, env: PagesEnv): Promise<Response> {
    const files: StaticFiles = async (path) => {
      const response = await env.ASSETS.fetch(new URL(path, request.url).href);
      return response.ok ? response.text() : undefined;
    };
    return (await answerQuery(request, files, index)) ?? env.ASSETS.fetch(request);
  },
};
