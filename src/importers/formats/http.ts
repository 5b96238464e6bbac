/**
 * Fetching JSON from other directories' APIs: a timeout per request, retries with backoff for the failures that
 * pass (network errors, 429, 5xx; Retry-After honoured up to a cap), none for the ones that do not (4xx), a size
 * cap, and a plain error when a server answers with something that is not JSON (a login page, an error page).
 *
 * Redirects are followed here, not by fetch, so that each hop is seen: at most a few, never from https to http or
 * to anything but http(s), and never to another host unless the caller allows it (then it is told, to report it):
 * a directory's API that quietly sends us elsewhere is something a person should know about.
 */

export interface FetchOptions {
  /** Milliseconds before one request is abandoned (default 30 s). */
  timeoutMs?: number;
  /** How many times a failed request is tried again (default 3). */
  retries?: number;
  /** First backoff in milliseconds, doubled on each retry (default 1 s). */
  backoffMs?: number;
  /** Largest response accepted, in bytes (default 50 MB). */
  maxBytes?: number;
  /** Redirects followed per request (default 5). */
  maxRedirects?: number;
  /** Follow a redirect to another host (default false: it is an error). */
  allowRedirectHost?: boolean;
  /** Called for each redirect to another host that is followed, for the import report. */
  onRedirectHost?: (from: string, to: string) => void;
  /** Called before each retry, for progress reporting. */
  onRetry?: (url: string, attempt: number, reason: string, waitMs: number) => void;
}

export class FetchError extends Error {
  readonly url: string;
  readonly status: number | undefined;
  constructor(url: string, message: string, status?: number) {
    super(message);
    this.url = url;
    this.status = status;
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const megabytes = (bytes: number) => `${Number((bytes / 1e6).toPrecision(3))} MB`;

async function readLimited(response: Response, url: string, maxBytes: number): Promise<string> {
  const declared = Number(response.headers.get('content-length') ?? '0');
  if (declared > maxBytes) {
    await response.body?.cancel();
    throw new FetchError(url, `${url} answered with ${megabytes(declared)}, more than the ${megabytes(maxBytes)} limit for one response`);
  }
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel();
      throw new FetchError(url, `${url} answered with more than the ${megabytes(maxBytes)} limit for one response`);
    }
    chunks.push(value);
  }
  return new TextDecoder('utf-8').decode(Buffer.concat(chunks));
}

function retryAfterMs(response: Response): number | undefined {
  const header = response.headers.get('retry-after');
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return seconds * 1000;
  const when = Date.parse(header);
  return Number.isNaN(when) ? undefined : Math.max(0, when - Date.now());
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/** One GET, following redirects by hand (see the top of this file). */
async function get(url: string, options: FetchOptions, signal: AbortSignal): Promise<Response> {
  const maxRedirects = options.maxRedirects ?? 5;
  let current = new URL(url);
  for (let hops = 0; ; hops++) {
    const response = await fetch(current, { headers: { accept: 'application/json' }, signal, redirect: 'manual' });
    if (!REDIRECTS.has(response.status)) return response;
    await response.body?.cancel();
    const location = response.headers.get('location');
    if (!location) throw new FetchError(url, `${current.href} answered ${response.status} (a redirect) without saying where to`, response.status);
    let next: URL;
    try {
      next = new URL(location, current);
    } catch {
      throw new FetchError(url, `${current.href} redirects to "${location.slice(0, 200)}", which is not an address`, response.status);
    }
    if (hops >= maxRedirects) throw new FetchError(url, `${url} redirected more than ${maxRedirects} times (the last time to ${next.href}); not followed`, response.status);
    if (!/^https?:$/.test(next.protocol)) throw new FetchError(url, `${current.href} redirects to ${next.href}, which is not an http(s) address; not followed`, response.status);
    if (current.protocol === 'https:' && next.protocol === 'http:') throw new FetchError(url, `${current.href} redirects to ${next.href}, from https to plain http; not followed`, response.status);
    if (next.hostname !== current.hostname) {
      if (!options.allowRedirectHost) {
        throw new FetchError(url, `${current.href} redirects to another host, ${next.hostname} (${next.href}); not followed. If that host is right, import from it directly, or allow it with --allow-redirect-host`, response.status);
      }
      options.onRedirectHost?.(current.href, next.href);
    }
    current = next;
  }
}

/** Failures of a connection the server had already closed: ECONNRESET, EPIPE and undici's "other side closed". */
const CONNECTION_RESETS = new Set(['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET']);

/** GETs a URL and parses JSON, or throws a FetchError that says plainly what went wrong. */
export async function fetchJson(url: string, options: FetchOptions = {}): Promise<unknown> {
  const timeoutMs = options.timeoutMs ?? 30_000;
  const retries = options.retries ?? 3;
  const backoff = options.backoffMs ?? 1000;
  const maxBytes = options.maxBytes ?? 50_000_000;
  let attempt = 0;
  let tries = 0;
  let resetRetried = false;
  for (;;) {
    let reason: string;
    tries++;
    let wait = backoff * 2 ** attempt;
    try {
      const response = await get(url, options, AbortSignal.timeout(timeoutMs));
      if (response.ok) {
        const text = await readLimited(response, url, maxBytes);
        try {
          return JSON.parse(text) as unknown;
        } catch {
          const type = response.headers.get('content-type') ?? 'no content type';
          const start = text.trim().slice(0, 80).replace(/\s+/g, ' ');
          throw new FetchError(url, `the server answered with ${type}, not JSON (it starts "${start}"): is this the API address?`, response.status);
        }
      }
      await response.body?.cancel();
      if (response.status !== 429 && response.status < 500) {
        throw new FetchError(url, `the server answered ${response.status} ${response.statusText}`.trim(), response.status);
      }
      reason = `${response.status} ${response.statusText}`.trim();
      wait = Math.min(retryAfterMs(response) ?? wait, 60_000);
    } catch (error) {
      if (error instanceof FetchError) throw error;
      const e = error as Error & { cause?: { code?: string; message?: string } };
      reason = e.name === 'TimeoutError' ? `no answer within ${Math.round(timeoutMs / 1000)} s` : (e.cause?.code ?? e.cause?.message ?? e.message);
      // A server may close an idle kept-alive connection just as the next request goes out on it; the request never
      // reached it, so a GET is sent again once, at once, whatever --retries says.
      if (!resetRetried && CONNECTION_RESETS.has(e.cause?.code ?? '')) {
        resetRetried = true;
        continue;
      }
    }
    if (attempt >= retries) throw new FetchError(url, `gave up after ${tries} tr${tries === 1 ? 'y' : 'ies'}: ${reason}`);
    attempt++;
    options.onRetry?.(url, attempt, reason, wait);
    await sleep(wait);
  }
}
