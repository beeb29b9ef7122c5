import { Analyzer } from './analyzer';
import { AnalyzedResource, PodView } from './resources';
import {
  arr, destinationHost, exportsToAll, fullName, hostMatches, namesForNamespace, rec, resourceNameFromHost, setSelector, SetSelector,
  shortOrFullName, str, toFqdn,
} from './util';
import { pushTo } from '../../private/collections';

/** A destination of a VirtualService with where it is (virtualservice/util.go AnnotatedDestination). */
interface Destination {
  /** `tcp`, `tls`, `http`, `http.mirror` or `http.mirrors`. */
  readonly rule: string;
  readonly i: number;
  readonly j: number;
  readonly destination: Record<string, any>;
}

/** Route destinations, TCP, TLS then HTTP (virtualservice/util.go:29-63). */
function routeDestinations(vs: any): Destination[] {
  const out: Destination[] = [];
  for (const rule of ['tcp', 'tls', 'http']) {
    arr(rec(vs)[rule]).forEach((r, i) => arr(rec(r).route).forEach((d, j) => out.push({ rule, i, j, destination: rec(rec(d).destination) })));
  }
  return out;
}

/** HTTP mirror destinations: `mirror`, then `mirrors` (virtualservice/util.go:65-88). */
function mirrorDestinations(vs: any): Destination[] {
  const out: Destination[] = [];
  arr(rec(vs).http).forEach((r, i) => {
    const route = rec(r);
    if (route.mirror !== undefined && route.mirror !== null) out.push({ rule: 'http.mirror', i, j: 0, destination: rec(route.mirror) });
    arr(route.mirrors).forEach((m, j) => out.push({ rule: 'http.mirrors', i, j, destination: rec(rec(m).destination) }));
  });
  return out;
}

/** The field istioctl points a destination's message at. */
function destinationLine(d: Destination): string {
  if (d.rule === 'http.mirror') return `{.spec.http[${d.i}].mirror.host}`;
  if (d.rule === 'http.mirrors') return `{.spec.http[${d.i}].mirrors[${d.j}].host}`;
  return `{.spec.${d.rule}[${d.i}].route[${d.j}].destination.host}`;
}

/** Whether a VirtualService applies to sidecars: no gateways, or `mesh` among them. */
const boundToMesh = (vs: any): boolean => arr(rec(vs).gateways).length === 0 || arr(rec(vs).gateways).includes('mesh');

/**
 * virtualservice.ConflictingMeshGatewayHostsAnalyzer (IST0109): VirtualServices for sidecars
 * (the `mesh` gateway) that define the same host where both are visible
 * (pkg/config/analysis/analyzers/virtualservice/conflictingmeshgatewayhosts.go:52-155).
 */
export const conflictingMeshGatewayHosts: Analyzer = {
  name: 'virtualservice.ConflictingMeshGatewayHostsAnalyzer',
  codes: ['IST0109'],
  analyze({ resources, report }) {
    // scope/fqdn → VirtualServices, keys in first-seen order.
    const byHost = new Map<string, AnalyzedResource[]>();
    for (const v of resources.list('VirtualService')) {
      if (!boundToMesh(v.spec)) continue;
      const scopes = exportsToAll(v.spec.exportTo) ? ['*'] : [...new Set(arr(v.spec.exportTo).map(str).map((e) => (e === '.' ? v.namespace : e)))];
      for (const scope of scopes) {
        for (const h of arr(v.spec.hosts).map(str)) {
          const key = `${scope}/${toFqdn(v.namespace, h)}`;
          pushTo(byHost, key, v);
        }
      }
    }
    // The hosts exported to all namespaces: exact ones by name, wildcards listed.
    const wildcards: Array<[string, AnalyzedResource[]]> = [];
    for (const [key, list] of byHost) if (key.startsWith('*/*')) wildcards.push([key.slice(2), list]);
    const exportedToAllMatching = (fqdn: string): AnalyzedResource[] => {
      if (fqdn.startsWith('*')) {
        return [...byHost].filter(([key]) => key.startsWith('*/') && hostMatches(fqdn, key.slice(2))).flatMap(([, list]) => list);
      }
      return [...(byHost.get(`*/${fqdn}`) ?? []), ...wildcards.filter(([host]) => hostMatches(fqdn, host)).flatMap(([, list]) => list)];
    };
    const reported = new Set<AnalyzedResource>();
    for (const [key, own] of byHost) {
      const slash = key.indexOf('/');
      const list = key.slice(0, slash) === '*' ? own : [...own, ...exportedToAllMatching(key.slice(slash + 1))];
      if (list.length < 2) continue;
      const names = list.map((v) => v.fullName).sort().join(',');
      for (const v of list) {
        if (reported.has(v)) continue;
        reported.add(v);
        report('IST0109', v, [names, key], { line: '{.metadata.name}' });
      }
    }
  },
};

/**
 * virtualservice.DestinationHostAnalyzer (IST0101, IST0112, IST0140): route and mirror hosts that
 * are no Service or ServiceEntry visible from the VirtualService, ports they do not have (or a
 * missing port where there are several), and gateway routes without a subset to a host another
 * VirtualService routes by subset (pkg/config/analysis/analyzers/virtualservice/destinationhosts.go:53-222).
 */
export const destinationHosts: Analyzer = {
  name: 'virtualservice.DestinationHostAnalyzer',
  codes: ['IST0101', 'IST0112', 'IST0140'],
  analyze({ resources, report }) {
    // The VirtualServices routing to one of their own hosts by subset, by that host (with repeats).
    const subsetRoutes = new Map<string, string[]>();
    for (const v of resources.list('VirtualService')) {
      const hosts = arr(v.spec.hosts).map(str);
      for (const r of arr(v.spec.http)) {
        for (const d of arr(rec(r).route)) {
          const dest = rec(rec(d).destination);
          if (!str(dest.subset)) continue;
          for (const h of hosts) if (str(dest.host) === h) pushTo(subsetRoutes, h, v.fullName);
        }
      }
    }
    for (const r of resources.list('VirtualService')) {
      const vs = rec(r.spec);
      const check = (d: Destination, what: string) => {
        const host = str(d.destination.host);
        const line = destinationLine(d);
        const entry = destinationHost(resources, r.namespace, vs.exportTo, host);
        if (!entry) {
          report('IST0101', r, [what, host], { line, fix: `Route to an existing Service or ServiceEntry, or add the Service ${toFqdn(r.namespace, host)}.` });
          return;
        }
        const port = d.destination.port;
        if (port === undefined || port === null) {
          if (entry.ports.length > 1) report('IST0112', r, [host, entry.ports.map((p) => p.number)], { line });
          return;
        }
        const n = Number(rec(port).number ?? 0);
        if (!entry.ports.some((p) => p.number === n)) {
          report('IST0101', r, ['host:port', `${host}:${n}`], { line, fix: `Use a port of ${host} (${entry.ports.map((p) => p.number).join(', ') || 'it has none'}), or add port ${n} to it.` });
        }
      };
      for (const d of routeDestinations(vs)) check(d, 'host');
      for (const d of mirrorDestinations(vs)) check(d, 'mirror host');
      if (!arr(vs.gateways).length) continue;
      arr(vs.http).forEach((h, ri) => arr(rec(h).route).forEach((d, rj) => {
        const dest = rec(rec(d).destination);
        if (str(dest.subset)) return;
        for (const name of subsetRoutes.get(str(dest.host)) ?? []) {
          report('IST0140', r, [name, r.fullName], { line: `{.spec.${str(rec(h).name)}[${ri}].route[${rj}].destination.host}` });
        }
      }));
    }
  },
};

/**
 * virtualservice.DestinationRuleAnalyzer (IST0101): route and mirror destinations whose subset no
 * DestinationRule of the host defines (pkg/config/analysis/analyzers/virtualservice/destinationrules.go:47-137).
 */
export const destinationRules: Analyzer = {
  name: 'virtualservice.DestinationRuleAnalyzer',
  codes: ['IST0101'],
  analyze({ resources, report }) {
    const key = (ns: string, host: string, subset: string) => {
      const n = resourceNameFromHost(ns, host);
      return `${n.namespace}\u0000${n.name}\u0000${subset}`;
    };
    const known = new Set<string>();
    const rulesOf = new Map<string, AnalyzedResource[]>();
    for (const dr of resources.list('DestinationRule')) {
      const host = str(dr.spec.host);
      for (const s of arr(dr.spec.subsets)) known.add(key(dr.namespace, host, str(rec(s).name)));
      const k = key(dr.namespace, host, '');
      pushTo(rulesOf, k, dr);
    }
    for (const r of resources.list('VirtualService')) {
      const check = (d: Destination, what: string) => {
        const host = str(d.destination.host);
        const subset = str(d.destination.subset);
        if (!subset || known.has(key(r.namespace, host, subset))) return;
        const rules = rulesOf.get(key(r.namespace, host, '')) ?? [];
        const have = rules.map((dr) => `DestinationRule ${dr.fullName} defines ${arr(dr.spec.subsets).map((s) => str(rec(s).name)).join(', ') || 'no subsets'}`);
        report('IST0101', r, [what, `${host}+${subset}`], {
          line: destinationLine(d),
          fix: have.length
            ? `Add subset ${subset} to the DestinationRule of ${host} (${have.join('; ')}), or route to one of its subsets.`
            : `Add a DestinationRule for ${host} with subset ${subset} (MeshDestinationRule), or route without a subset.`,
        });
      };
      for (const d of routeDestinations(r.spec)) check(d, 'host+subset in destinationrule');
      for (const d of mirrorDestinations(r.spec)) check(d, 'mirror+subset in destinationrule');
    }
  },
};

/** A Gateway's server hosts as istioctl reads them for VirtualServices (gateways.go:138-153 sanitizeServerHostNamespace). */
function gatewayHosts(gw: AnalyzedResource): string[] {
  return arr(rec(gw.spec).servers).flatMap((server) => {
    const hosts = arr(rec(server).hosts).map(str);
    for (let i = 0; i < hosts.length; i++) {
      if (!hosts[i].includes('/')) continue;
      const parts = hosts[i].split('/');
      if (parts[0] === '.') {
        hosts[i] = `${gw.namespace}/${parts[1]}`;
      } else if (parts[0] === '*') {
        if (parts[1] === '*') return ['*'];
        hosts[i] = parts[1];
      }
    }
    return hosts;
  });
}

/**
 * virtualservice.GatewayAnalyzer (IST0101, IST0132, IST0165): gateways a VirtualService binds to
 * that do not exist, whose servers have none of its hosts, or that are the internal Gateways
 * Istio generates for Gateway API ones (pkg/config/analysis/analyzers/virtualservice/gateways.go:57-133).
 */
export const virtualServiceGateways: Analyzer = {
  name: 'virtualservice.GatewayAnalyzer',
  codes: ['IST0101', 'IST0132', 'IST0165'],
  analyze({ resources, report }) {
    const visible = new Map(resources.list('Gateway').map((g) => [g.fullName, g]));
    for (const r of resources.list('VirtualService')) {
      const vsHosts = arr(r.spec.hosts).map(str);
      arr(r.spec.gateways).map(str).forEach((g, i) => {
        if (g === 'mesh') return;
        const line = `{.spec.gateways[${i}]}`;
        const slash = g.indexOf('/');
        if ((slash < 0 ? g : g.slice(slash + 1)).includes('~istio-autogenerated-k8s-gateway~')) {
          report('IST0165', r, [r.fullName, g], { line });
          return;
        }
        const ref = shortOrFullName(r.namespace, g);
        const refName = fullName(ref.namespace, ref.name);
        if (!resources.get('Gateway', ref.namespace, ref.name)) {
          report('IST0101', r, ['gateway', g], { line, fix: `Create the Gateway ${refName} (IstioGateway), or bind to an existing one.` });
        }
        const gw = visible.get(refName);
        const hosts = namesForNamespace(gw ? gatewayHosts(gw) : [], r.namespace);
        if (!hosts.some((gh) => vsHosts.some((vh) => hostMatches(gh, vh)))) {
          report('IST0132', r, [vsHosts, r.fullName, refName], { line });
        }
      });
    }
  },
};

/** `jwt.ToRoutingClaim(key).Match`: `@request.auth.claims.<claim>` or `@request.auth.claims[<claim>]`. */
function isClaimHeader(key: string): boolean {
  const prefix = '@request.auth.claims';
  if (!key.toLowerCase().startsWith(prefix)) return false;
  const name = key.slice(prefix.length);
  return (name.startsWith('.') && name.length > 1) || (name.startsWith('[') && name.endsWith(']') && name.length > 2);
}

/**
 * virtualservice.JWTClaimRouteAnalyzer (IST0149): routes on JWT claims
 * (`@request.auth.claims.*` headers) through a gateway whose pods no RequestAuthentication (of
 * their namespace or istio-system) selects, so the claims are never there
 * (pkg/config/analysis/analyzers/virtualservice/jwtclaimroute.go:51-138).
 */
export const jwtClaimRoutes: Analyzer = {
  name: 'virtualservice.JWTClaimRouteAnalyzer',
  codes: ['IST0149'],
  analyze({ resources, report }) {
    const byNamespace = new Map<string, SetSelector[]>();
    for (const ra of resources.list('RequestAuthentication')) {
      pushTo(byNamespace, ra.namespace, setSelector(rec(ra.spec.selector).matchLabels));
    }
    const authenticated = (pod: PodView) => [...(byNamespace.get('istio-system') ?? []), ...(byNamespace.get(pod.namespace) ?? [])].some((s) => s.matches(pod.labels));
    for (const r of resources.list('VirtualService')) {
      let key = '';
      for (const h of arr(r.spec.http)) {
        for (const m of arr(rec(h).match)) {
          key = [...Object.keys(rec(rec(m).headers)), ...Object.keys(rec(rec(m).withoutHeaders))].find(isClaimHeader) ?? '';
          if (key) break;
        }
        if (key) break;
      }
      if (!key) continue;
      for (const g of arr(r.spec.gateways).map(str)) {
        if (g === 'mesh') continue;
        const ref = shortOrFullName(r.namespace, g);
        const gw = resources.get('Gateway', ref.namespace, ref.name);
        if (!gw) continue;
        for (const pod of resources.selectPods(setSelector(rec(gw.spec).selector).labels)) {
          if (!authenticated(pod)) report('IST0149', r, [key, fullName(ref.namespace, ref.name), pod.name]);
        }
      }
    }
  },
};
