/**
 * The subset of Netlify / Cloudflare Pages `_headers` and `_redirects` syntax LOOP generates, parsed so that
 * `npm start` behaves like the production static host.
 */

export interface HeaderRule {
  pattern: string;
  headers: [string, string][];
}

export interface RedirectRule {
  from: string;
  /** Query parameters that must be present: name -> placeholder (":page"). */
  query: [string, string][];
  to: string;
  status: number;
  force: boolean;
}

export function parseHeaders(text: string): HeaderRule[] {
  const rules: HeaderRule[] = [];
  let current: HeaderRule | undefined;
  for (const raw of text.split(/\r?\n/)) {
    if (!raw.trim() || raw.trim().startsWith('#')) continue;
    if (!/^\s/.test(raw)) {
      current = { pattern: raw.trim(), headers: [] };
      rules.push(current);
    } else if (current) {
      const i = raw.indexOf(':');
      if (i > 0) current.headers.push([raw.slice(0, i).trim(), raw.slice(i + 1).trim()]);
    }
  }
  return rules;
}

export function parseRedirects(text: string): RedirectRule[] {
  const rules: RedirectRule[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const parts = line.split(/\s+/);
    const from = parts.shift()!;
    const query: [string, string][] = [];
    while (parts[0]?.includes('=')) {
      const [k, v] = parts.shift()!.split('=') as [string, string];
      query.push([k, v]);
    }
    const to = parts.shift();
    if (!to) continue;
    const statusText = parts.shift() ?? '301';
    rules.push({ from, query, to, status: Number.parseInt(statusText, 10), force: statusText.endsWith('!') });
  }
  return rules;
}

/** Matches a path against a pattern with `:name` segments and a trailing `*`; returns the captured values. */
export function matchPattern(pattern: string, path: string): Record<string, string> | null {
  const order: string[] = [];
  let source = '';
  pattern.split('*').forEach((part, i) => {
    if (i > 0) {
      order.push('splat');
      source += '(.*)';
    }
    source += part.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/:([A-Za-z_]\w*)/g, (_m, name: string) => {
      order.push(name);
      return '([^/]+)';
    });
  });
  const match = new RegExp(`^${source}$`).exec(path);
  if (!match) return null;
  const params: Record<string, string> = {};
  order.forEach((name, i) => {
    try {
      params[name] = decodeURIComponent(match[i + 1] ?? '');
    } catch {
      params[name] = match[i + 1] ?? '';
    }
  });
  return params;
}

/**
 * Fills a target's placeholders. Values come from the request, so they are percent-encoded (slashes kept, for
 * splats): a value can then never end the path (`?`, `#`), break a header (CR, LF) or smuggle a backslash that a
 * browser would read as `//`.
 */
export function substitute(target: string, params: Record<string, string>): string {
  return target.replace(/:([A-Za-z_]\w*)/g, (m, name: string) => {
    const value = params[name];
    return value === undefined ? m : encodeURI(value).replace(/[?#]/g, (c) => encodeURIComponent(c));
  });
}

export function headersFor(rules: readonly HeaderRule[], path: string): [string, string][] {
  const out: [string, string][] = [];
  for (const rule of rules) if (matchPattern(rule.pattern, path)) out.push(...rule.headers);
  return out;
}

export interface RedirectMatch {
  to: string;
  status: number;
  /** For a target on another site: the rule's target as written, before placeholders were filled. */
  written?: string;
}

function isAbsolute(target: string): boolean {
  return /^[a-z][a-z0-9+.-]*:/i.test(target);
}

/**
 * The `Location` for a redirect, or null when the target is not safe to send. A path on this site always starts
 * with exactly one slash (`//host` and `/\\host` would send the browser to another site); a target on another site
 * is allowed only when the rule names that site itself (an http or https address whose host no placeholder filled).
 */
export function redirectLocation(base: string, match: RedirectMatch): string | null {
  if (match.to.startsWith('/') || match.to.startsWith('\\')) return localLocation(base, match.to);
  if (!match.written) return null;
  try {
    const to = new URL(match.to);
    const written = new URL(match.written);
    if (!['http:', 'https:'].includes(to.protocol) || to.host !== written.host || to.protocol !== written.protocol) return null;
    return to.href;
  } catch {
    return null;
  }
}

/** A path on this site under `base` ("/" or "/loop/"), with one leading slash whatever `path` starts with. */
export function localLocation(base: string, path: string): string {
  return `${base}${path.replace(/^[/\\]+/, '')}`;
}

/**
 * The first rule matching `path` and `search`. Rules without `!` only apply when no file exists at the path
 * (`exists` tells), as on Netlify.
 */
export function findRedirect(rules: readonly RedirectRule[], path: string, search: URLSearchParams, exists: (path: string) => boolean): RedirectMatch | null {
  for (const rule of rules) {
    const params = matchPattern(rule.from, path);
    if (!params) continue;
    let ok = true;
    for (const [key, placeholder] of rule.query) {
      const value = search.get(key);
      if (value === null) {
        ok = false;
        break;
      }
      if (placeholder.startsWith(':')) params[placeholder.slice(1)] = value;
      else if (placeholder !== value) ok = false;
    }
    if (!ok) continue;
    if (!rule.force && exists(path) && rule.query.length === 0) continue;
    return { to: substitute(rule.to, params), status: rule.status, ...(isAbsolute(rule.to) ? { written: rule.to } : {}) };
  }
  return null;
}
