/**
 * The Netlify Edge Function: published as `.netlify/v1/edge-functions/loop-oruk-query.js` in the project folder
 * (Netlify's place for functions a build generates, src/publish/edge.ts), running on Deno at Netlify's edge on the
 * ORUK list endpoints only (`config.path`). Returning undefined lets the request go on to the static files and
 * `_redirects`, exactly as without the function.
 */
import { answerQuery, indexCache, QUERY_PATHS, type StaticFiles } from './respond.ts';

// The index's head and a bounded cache of its shards, kept for the life of the isolate.
const index = indexCache();

export default async function loopOrukQuery(request: Request): Promise<Response | undefined> {
  // A same-site fetch of a path the function does not run on: served from the static files.
  const files: StaticFiles = async (path) => {
    const response = await fetch(new URL(path, request.url));
    return response.ok ? response.text() : undefined;
  };
  return answerQuery(request, files, index);
}

/** Netlify's inline declaration: the paths the function runs on (URLPattern syntax; these are plain paths). */
export const config = { path: [...QUERY_PATHS], method: ['GET', 'HEAD'] };
