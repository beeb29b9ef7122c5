// Value matchers shared by authorization and routing: AuthorizationPolicy string forms, Istio
// StringMatch, path normalization and path templates. Rule IDs refer to
// /work/research/simulator/SEMANTICS.md (RM-3, RM-12, RM-13, VS-5, HR-4).

/**
 * AuthorizationPolicy value match (RM-3): exact `abc`, prefix `abc*`, suffix `*abc`, presence `*`
 * ("anything but not empty"). A missing value is the empty string, which only `notX` can match.
 */
export function policyValueMatches(pattern: string, value: string | undefined, caseInsensitive = false): boolean {
  let v = value ?? '';
  let p = pattern;
  if (caseInsensitive) {
    v = v.toLowerCase();
    p = p.toLowerCase();
  }
  if (p === '*') return v !== '';
  if (p.endsWith('*')) return v !== '' && v.startsWith(p.slice(0, -1));
  if (p.startsWith('*')) return v !== '' && v.endsWith(p.slice(1));
  return v !== '' && v === p;
}

/** True when an AuthorizationPolicy path uses the `{*}` / `{**}` template operators (RM-13). */
export const isPathTemplate = (p: string): boolean => p.includes('{*}') || p.includes('{**}');

const escapeRegex = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * A path template as a full-match regular expression (RM-13): `{*}` is one non-empty path
 * segment (`[^/]+`), `{**}` any run of characters, slashes included, possibly empty (`.*`).
 */
export function pathTemplateRegex(template: string): RegExp {
  const body = template.split(/(\{\*\*\}|\{\*\})/).map((part) => (part === '{**}' ? '.*' : part === '{*}' ? '[^/]+' : escapeRegex(part))).join('');
  return new RegExp(`^${body}$`);
}

/** An AuthorizationPolicy `paths` value against a normalized path (RM-12, RM-13). */
export function policyPathMatches(pattern: string, path: string): boolean {
  return isPathTemplate(pattern) ? pathTemplateRegex(pattern).test(path) : policyValueMatches(pattern, path);
}

/** Characters BASE normalization decodes: `- . 0-9 A-Z _ a-z ~` (RM-12). */
const UNRESERVED = /%(2[dDeE]|3[0-9]|[46][1-9a-fA-F]|[57][0-9aA]|5[fF]|7[eE])/g;

/** A request path as the proxies see it: normalized, query and fragment apart. */
export interface NormalizedPath {
  /** The path after BASE normalization, without the query. */
  readonly path: string;
  /** The query string, without `?` (empty when none). */
  readonly query: string;
  /** Why Envoy rejects the path with 400, when it does. */
  readonly invalid?: string;
}

/**
 * BASE path normalization (RM-12): the query and fragment are set apart; `%00` is refused; the
 * unreserved characters are decoded; `\` becomes `/`; `.` and `..` segments are resolved
 * (RFC 3986 remove_dot_segments). `//` is kept and `%2F` is not decoded.
 */
export function normalizePath(raw: string): NormalizedPath {
  const hash = raw.indexOf('#');
  const withoutFragment = hash >= 0 ? raw.slice(0, hash) : raw;
  const q = withoutFragment.indexOf('?');
  const rawPath = q >= 0 ? withoutFragment.slice(0, q) : withoutFragment;
  const query = q >= 0 ? withoutFragment.slice(q + 1) : '';
  if (/%00/.test(rawPath)) return { path: rawPath, query, invalid: 'the path contains %00' };
  const decoded = rawPath.replace(UNRESERVED, (m) => String.fromCharCode(parseInt(m.slice(1), 16))).replace(/\\/g, '/');
  return { path: removeDotSegments(decoded.startsWith('/') ? decoded : `/${decoded}`), query };
}

/** RFC 3986 section 5.2.4. */
function removeDotSegments(path: string): string {
  const out: string[] = [];
  const segments = path.split('/').slice(1);
  segments.forEach((s, i) => {
    const last = i === segments.length - 1;
    if (s === '.') {
      if (last) out.push('');
    } else if (s === '..') {
      out.pop();
      if (last) out.push('');
    } else {
      out.push(s);
    }
  });
  return `/${out.join('/')}`;
}

/** Query parameters of a query string (first value of each key wins, as Envoy matches). */
export function parseQuery(query: string): Map<string, string> {
  const params = new Map<string, string>();
  if (!query) return params;
  for (const pair of query.split('&')) {
    if (!pair) continue;
    const eq = pair.indexOf('=');
    const key = decodeURIComponentSafe(eq >= 0 ? pair.slice(0, eq) : pair);
    if (!params.has(key)) params.set(key, decodeURIComponentSafe(eq >= 0 ? pair.slice(eq + 1) : ''));
  }
  return params;
}

const decodeURIComponentSafe = (s: string): string => {
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '));
  } catch {
    return s;
  }
};

/**
 * Istio StringMatch (VirtualService `uri`, `headers`, `method`, `authority`, `queryParams`):
 * `exact`, `prefix` (a plain string prefix), `regex` (a full match). VS-5.
 */
export function stringMatch(m: any, value: string | undefined, ignoreCase = false): boolean {
  if (m === null || m === undefined || typeof m !== 'object') return true;
  if (value === undefined) return false;
  const v = ignoreCase ? value.toLowerCase() : value;
  if (typeof m.exact === 'string') return v === (ignoreCase ? m.exact.toLowerCase() : m.exact);
  if (typeof m.prefix === 'string') return v.startsWith(ignoreCase ? m.prefix.toLowerCase() : m.prefix);
  if (typeof m.regex === 'string') return fullMatch(m.regex, value);
  return true; // {} is a presence match (route.go canBeConvertedToPresentMatch)
}

/** An RE2 expression as a full match (approximated by a JavaScript regular expression). */
export function fullMatch(expression: string, value: string): boolean {
  try {
    return new RegExp(`^(?:${expression})$`).test(value);
  } catch {
    return false;
  }
}

/** Host without the port: `reviews:9080` → `reviews`. */
export const hostOnly = (authority: string): string => authority.replace(/:\d+$/, '').toLowerCase();

/**
 * A DNS-style host against a pattern: `*` matches every host, `*.example.com` matches by suffix
 * (one label or more), anything else exactly (case-insensitively).
 */
export function hostMatches(pattern: string, host: string): boolean {
  const p = pattern.toLowerCase();
  const h = host.toLowerCase();
  if (p === '*') return true;
  if (p.startsWith('*.')) return h.endsWith(p.slice(1)) && h.length > p.length - 1;
  if (p.startsWith('*')) return h.endsWith(p.slice(1));
  return p === h;
}

/** How specific a host pattern is, for "most specific wins": exact beats any wildcard, longer wildcards beat shorter. */
export const hostSpecificity = (pattern: string): number => (pattern.includes('*') ? pattern.length : 1_000_000 + pattern.length);

/** Whether a host pattern intersects another (both may be wildcards): used for Gateway server hosts. */
export function hostsIntersect(a: string, b: string): boolean {
  return hostMatches(a, b) || hostMatches(b, a);
}
