/**
 * Runs under Deno (node_modules/.bin/deno), the runtime of Netlify Edge Functions: serves a published folder the way
 * Netlify does for the ORUK API, with the generated edge function in front of the paths its `config` declares.
 *
 *   deno run --allow-net=127.0.0.1 --allow-read <this file> <function.js> <published folder>
 *
 * A request on a declared path goes to the function first; when it returns undefined, the request goes on to the
 * static files, with the one rewrite `_redirects` makes for a list URL without a query (/oruk/v3/services ->
 * /oruk/v3/services.json). The function's own fetches of static files come back to this server. Prints
 * {"port": N} once listening.
 */
declare const Deno: {
  args: string[];
  readFile(path: string): Promise<Uint8Array<ArrayBuffer>>;
  serve(options: { hostname: string; port: number; onListen(address: { port: number }): void }, handler: (request: Request) => Promise<Response>): unknown;
};

const [functionFile, folder] = Deno.args as [string, string];
const module = (await import(new URL(functionFile, `file://${folder}/`).href)) as {
  default: (request: Request, context: unknown) => Promise<Response | undefined>;
  config: { path: string[]; method?: string[] };
};
const patterns = module.config.path.map((pathname) => new URLPattern({ pathname }));

async function staticFile(url: URL): Promise<Response> {
  let path = decodeURIComponent(url.pathname);
  const list = /^\/oruk\/v3\/([a-z_]+)\/?$/.exec(path);
  if (list) path = `/oruk/v3/${list[1]}.json`;
  if (path.includes('..')) return new Response('bad path', { status: 400 });
  try {
    const body = await Deno.readFile(`${folder}${path}`);
    return new Response(body, { headers: { 'Content-Type': path.endsWith('.json') ? 'application/json; charset=utf-8' : 'application/octet-stream', 'Access-Control-Allow-Origin': '*' } });
  } catch {
    return new Response('Not Found', { status: 404 });
  }
}

Deno.serve({ hostname: '127.0.0.1', port: 0, onListen: ({ port }) => console.log(JSON.stringify({ port })) }, async (request) => {
  const url = new URL(request.url);
  const declared = patterns.some((p) => p.test({ pathname: url.pathname })) && (!module.config.method || module.config.method.includes(request.method));
  if (declared) {
    const response = await module.default(request, { next: () => staticFile(url) });
    if (response) return response;
  }
  return staticFile(url);
});
