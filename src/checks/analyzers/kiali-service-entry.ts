// Kiali's ServiceEntry validations (KIA12xx) that istioctl analyze has no message for.
// Kiali v2.30.0: business/checkers/serviceentries/multi_match_checker.go.

import { nsOf } from '../../private/manifests';
import { Analyzer } from './analyzer';
import { keyOf, listed, NET } from './kiali-common';
import { pushTo } from '../../private/collections';

/** The namespaces a ServiceEntry is exported to: `*` for all. */
function scopeOf(se: any): '*' | ReadonlySet<string> {
  const list: string[] = se?.spec?.exportTo ?? [];
  if (list.length === 0 || list.includes('*')) return '*';
  return new Set(list.filter((e) => e !== '~').map((e) => (e === '.' ? nsOf(se) : e)));
}

interface Entry {
  readonly se: any;
  readonly protocol: string;
  readonly scope: '*' | ReadonlySet<string>;
}

/**
 * KIA1211: ServiceEntries seen from one namespace that define the same host and port; KIA1212
 * when they also disagree on its protocol.
 */
export const serviceEntryMultiMatch: Analyzer = {
  name: 'kiali.ServiceEntryMultiMatchChecker',
  codes: ['KIA1211', 'KIA1212'],
  analyze({ index, report }) {
    const groups = new Map<string, Entry[]>();
    for (const se of index.list(NET, 'ServiceEntry')) {
      const scope = scopeOf(se);
      if (scope !== '*' && scope.size === 0) continue;
      for (const host of se.spec?.hosts ?? []) {
        for (const port of se.spec?.ports ?? []) {
          if (port?.number === undefined) continue;
          const key = `${String(host).toLowerCase()}:${port.number}`;
          pushTo(groups, key, { se, protocol: String(port.protocol ?? '').toUpperCase(), scope });
        }
      }
    }
    for (const [key, entries] of groups) {
      if (entries.length < 2) continue;
      // Two entries clash when some namespace sees both: counted per namespace, so this stays linear.
      const stars = entries.filter((e) => e.scope === '*').length;
      const perNamespace = new Map<string, number>();
      for (const e of entries) if (e.scope !== '*') for (const ns of e.scope) perNamespace.set(ns, (perNamespace.get(ns) ?? 0) + 1);
      const clashing = entries.filter((e) => (e.scope === '*'
        ? entries.length > 1
        : stars > 0 || [...e.scope].some((ns) => (perNamespace.get(ns) ?? 0) > 1)));
      if (clashing.length < 2) continue;
      const protocols = [...new Set(clashing.map((e) => e.protocol))];
      const code = protocols.length > 1 ? 'KIA1212' : 'KIA1211';
      const others = listed(clashing.map((e) => keyOf(e.se)));
      for (const e of clashing) {
        report(code, e.se, [], {
          fix: code === 'KIA1212'
            ? `Give ${key} one protocol in ${others} (${listed(protocols.map((p) => p || 'none'))} now), or merge them into one ServiceEntry.`
            : `Define ${key} in one ServiceEntry (${others} all do), or export them to different namespaces.`,
        });
      }
    }
  },
};
