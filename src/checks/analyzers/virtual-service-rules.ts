import { Analyzer } from './analyzer';
import { arr, goQuote, rec, str } from './util';

// Map fields of the match types: Go's JSON leaves them out when empty; message fields (uri...) it keeps as {}.
const MAP_FIELDS = new Set(['headers', 'queryParams', 'withoutHeaders', 'sourceLabels']);

/** A match as Go's encoding/json writes it (fields sorted, empty values left out): equal matches, equal text. */
function canonical(v: unknown, field = ''): unknown {
  if (Array.isArray(v)) return v.length ? v.map((x) => canonical(x)) : undefined;
  if (v !== null && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort()) {
      const c = canonical((v as any)[k], k);
      if (c !== undefined) out[k] = c;
    }
    return Object.keys(out).length || !MAP_FIELDS.has(field) ? out : undefined;
  }
  if (v === '' || v === 0 || v === false || v === null || v === undefined) return undefined;
  return v;
}

/** `exact:<v>`, `prefix:<v>` or `""` (assignExactOrPrefix, validation.go:1841). */
const exactOrPrefix = (m: unknown): string => (str(rec(m).exact) ? `exact:${str(rec(m).exact)}` : str(rec(m).prefix) ? `prefix:${str(rec(m).prefix)}` : '');

interface PrefixMatch {
  readonly route: string;
  readonly match: string;
  readonly prefix: string;
  readonly port: number;
  readonly method: string;
  readonly authority: string;
  readonly headers: Record<string, string>;
  readonly queryParams: Record<string, string>;
  readonly withoutHeaders: Record<string, string>;
}

/** `coveredValidation` (validation.go:1946-2023): every request B matches, A (earlier) matches too. */
function covered(a: PrefixMatch, b: PrefixMatch): boolean {
  const coveredValue = (x: string, y: string) => x === y || x.startsWith(y);
  const coveredMap = (x: Record<string, string>, y: Record<string, string>) => Object.keys(x).length === Object.keys(y).length
    && Object.entries(x).every(([k, v]) => Object.prototype.hasOwnProperty.call(y, k) && coveredValue(v, y[k]));
  return b.prefix.startsWith(a.prefix) && a.port === b.port && coveredValue(a.method, b.method) && coveredValue(a.authority, b.authority)
    && coveredMap(a.headers, b.headers) && coveredMap(a.queryParams, b.queryParams) && coveredMap(a.withoutHeaders, b.withoutHeaders);
}

/**
 * The rules of one route list istioctl finds unreachable (IST0130) or matches it finds
 * ineffective (IST0131): validation.go analyzeUnreachableHTTPRules/TCPRules/TLSRules (2025-2162).
 */
function analyzeRoutes(routes: readonly any[], http: boolean, report: (code: string, args: unknown[]) => void): void {
  const routeName = (route: any, n: number) => (http && str(rec(route).name) ? goQuote(str(route.name)) : `#${n}`);
  const matchName = (m: any, n: number) => (http && str(rec(m).name) ? goQuote(str(m.name)) : `#${n}`);
  const seen = new Map<string, number>();
  let emptyAt = -1;
  const prefixes: PrefixMatch[] = [];
  routes.forEach((route, rulen) => {
    if (route === null || route === undefined) return;
    const matches = arr(route.match);
    if (!matches.length) {
      if (emptyAt >= 0) report('IST0130', [routeName(route, rulen), 'only the last rule can have no matches']);
      emptyAt = rulen;
      return;
    }
    let duplicates = 0;
    matches.forEach((m, matchn) => {
      if (emptyAt >= 0) {
        report('IST0130', [routeName(route, rulen), 'route without matches defined before']);
        return;
      }
      const unnamed = http && m && typeof m === 'object' && str(m.name) ? { ...m, name: '' } : m;
      const key = JSON.stringify(canonical(unnamed) ?? null);
      const dup = seen.get(key);
      if (dup !== undefined) {
        report('IST0131', [routeName(route, rulen), matchName(m, matchn), routeName(routes[dup], dup)]);
        duplicates++;
        return;
      }
      seen.set(key, rulen);
      const prefix = str(rec(rec(m).uri).prefix);
      if (http && prefix) {
        const values = (o: unknown) => Object.fromEntries(Object.entries(rec(o)).map(([k, v]) => [k, exactOrPrefix(v)]));
        prefixes.push({
          route: routeName(route, rulen),
          match: matchName(m, matchn),
          prefix,
          port: Number(m.port ?? 0),
          method: exactOrPrefix(m.method) || 'exact:GET',
          authority: exactOrPrefix(m.authority),
          headers: values(m.headers),
          queryParams: values(m.queryParams),
          withoutHeaders: values(m.withoutHeaders),
        });
      }
    });
    if (duplicates === matches.length) report('IST0130', [routeName(route, rulen), 'all matches used by prior rules']);
  });
  for (let a = 0; a < prefixes.length; a++) {
    for (let b = a + 1; b < prefixes.length; b++) {
      const [x, y] = [prefixes[a], prefixes[b]];
      if (y.prefix === x.prefix || !covered(x, y)) continue;
      report('IST0131', [y.route, `${y.match} of prefix ${y.prefix}`, `${x.match} of prefix ${x.prefix} on ${x.route}`]);
    }
  }
}

/**
 * schema.ValidationAnalyzer.VirtualService, the analysis part (IST0130, IST0131): rules no
 * request can reach (after a rule without matches, or whose matches all repeat earlier ones) and
 * matches an earlier one already takes (equal, or a longer URI prefix an earlier prefix covers)
 * (pkg/config/validation/validation.go:1819-1838, 2025-2162). The validation errors and
 * warnings of that analyzer (IST0106, IST0133) come from the webhook validation rules.
 */
export const virtualServiceRules: Analyzer = {
  name: 'schema.ValidationAnalyzer.VirtualService',
  codes: ['IST0130', 'IST0131'],
  analyze({ resources, report }) {
    for (const r of resources.list('VirtualService')) {
      const rep = (code: string, args: unknown[]) => report(code, r, args);
      analyzeRoutes(arr(r.spec.http), true, rep);
      analyzeRoutes(arr(r.spec.tcp), false, rep);
      analyzeRoutes(arr(r.spec.tls), false, rep);
    }
  },
};
