/**
 * Web addresses that only work on the reader's own computer or a private network. A link to one is never a public
 * listing's website: it is a mistake (a page copied from a developer's machine) or an attempt to make visitors'
 * browsers, or a tool that follows links, reach something private (a router, a cloud metadata service at
 * 169.254.169.254). Browser-safe, for the web form.
 *
 * It takes the `hostname` of a WHATWG `URL`, which has already turned every spelling of an address into one form:
 * 127.1, 2130706433, 0x7f.1 and 0177.0.0.1 all become 127.0.0.1, and IPv6 is compressed and lower case. So the
 * ranges below are matched on that canonical text; no library is needed for the parsing (ipaddr.js is only in
 * node_modules as a dependency of a dependency, and this must also run in the browser).
 */

const PRIVATE = 'nobody outside that network can open it';

/** [first octet, second octet range or null, what it is, the block, what that means] */
const IPV4_RANGES: readonly [number, readonly [number, number] | null, string, string, string][] = [
  [127, null, 'a loopback address', '127.0.0.0/8', 'it means the computer opening the link, not a public website'],
  [0, null, 'not an address anyone can reach', '0.0.0.0/8', 'it means "this computer", not a public website'],
  [10, null, 'a private network address', '10.0.0.0/8', PRIVATE],
  [172, [16, 31], 'a private network address', '172.16.0.0/12', PRIVATE],
  [192, [168, 168], 'a private network address', '192.168.0.0/16', PRIVATE],
  [169, [254, 254], 'a link-local address', '169.254.0.0/16', 'it reaches only the local link, and cloud metadata services that must never be linked to'],
  [100, [64, 127], 'a carrier-grade NAT address', '100.64.0.0/10', 'it is private to an internet provider'],
];

/** Names that never lead to a public website (RFC 6761, RFC 6762, RFC 8375, ICANN's .internal). */
const LOCAL_NAMES: readonly [RegExp, string][] = [
  [/(^|\.)localhost$/, 'means the computer opening the link'],
  [/\.local$/, 'is a name on the local network only'],
  [/\.internal$/, 'is a name inside a private network only'],
  [/\.home\.arpa$/, 'is a name on a home network only'],
];

function ipv4Problem(host: string): string | null {
  const m = /^(\d+)\.(\d+)\.\d+\.\d+$/.exec(host);
  if (!m) return null;
  const [a, b] = [Number(m[1]), Number(m[2])];
  for (const [first, second, what, block, meaning] of IPV4_RANGES) {
    if (a === first && (!second || (b >= second[0] && b <= second[1]))) return `${host} is ${what} (${block}): ${meaning}`;
  }
  return null;
}

/** The IPv4 address inside an IPv4-mapped IPv6 address ([::ffff:7f00:1] is 127.0.0.1), or null. */
function mappedIpv4(host: string): string | null {
  const m = /^\[::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})\]$/.exec(host);
  if (!m) return null;
  const high = parseInt(m[1]!, 16);
  const low = parseInt(m[2]!, 16);
  return `${high >> 8}.${high & 255}.${low >> 8}.${low & 255}`;
}

function ipv6Problem(host: string): string | null {
  if (!host.startsWith('[')) return null;
  const mapped = mappedIpv4(host);
  if (mapped) return ipv4Problem(mapped)?.replace(mapped, `${host} (${mapped})`) ?? null;
  if (host === '[::1]') return `${host} is a loopback address (::1/128): it means the computer opening the link, not a public website`;
  if (host === '[::]') return `${host} is not an address anyone can reach (::/128): it means "this computer", not a public website`;
  if (/^\[f[cd][0-9a-f]{2}:/.test(host)) return `${host} is a private network address (fc00::/7): ${PRIVATE}`;
  if (/^\[fe[89ab][0-9a-f]:/.test(host)) return `${host} is a link-local address (fe80::/10): it reaches only the local link`;
  return null;
}

/** Why `hostname` (from a WHATWG URL) is not a public website, or null when it may be one. */
export function privateHostProblem(hostname: string): string | null {
  const host = hostname.toLowerCase().replace(/\.$/, '');
  for (const [pattern, why] of LOCAL_NAMES) if (pattern.test(host)) return `"${host}" ${why}, not a public website`;
  return ipv4Problem(host) ?? ipv6Problem(host);
}
