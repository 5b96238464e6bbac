/**
 * Fetching JSON from other directories' APIs: a timeout per request, retries with backoff for the failures that
 * pass (network errors, 429, 5xx; Retry-After honoured up to a cap), none for the ones that do not (4xx), a size
 * cap, and a plain error when a server answers with something that is not JSON (a login page, an error page).
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

async function readLimited(response: Response, url: string, maxBytes: number): Promise<string> {
  const declared = Number(response.headers.get('content-length') ?? '0');
  if (declared > maxBytes) throw new FetchError(url, `the response is ${Math.round(declared / 1e6)} MB, more than the ${Math.round(maxBytes / 1e6)} MB limit`);
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
      throw new FetchError(url, `the response is more than the ${Math.round(maxBytes / 1e6)} MB limit`);
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

/** GETs a URL and parses JSON, or throws a FetchError that says plainly what went wrong. */
export async function fetchJson(url: string, options: FetchOptions = {}): Promise<unknown> {
  const timeoutMs = options.timeoutMs ?? 30_000;
  const retries = options.retries ?? 3;
  const backoff = options.backoffMs ?? 1000;
  const maxBytes = options.maxBytes ?? 50_000_000;
  let attempt = 0;
  for (;;) {
    let reason: string;
    let wait = backoff * 2 ** attempt;
    try {
      const response = await fetch(url, { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(timeoutMs), redirect: 'follow' });
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
    }
    if (attempt >= retries) throw new FetchError(url, `gave up after ${attempt + 1} tries: ${reason}`);
    attempt++;
    options.onRetry?.(url, attempt, reason, wait);
    await sleep(wait);
  }
}
