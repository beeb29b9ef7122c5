// Kiali's VirtualService validations (KIA11xx) that istioctl analyze has no message for.
// Kiali v2.30.0: business/checkers/virtualservices/*.go.

import { fqdn } from '../../private/hosts';
import { nsOf } from '../../private/manifests';
import { Analyzer } from './analyzer';
import { keyOf, listed, NET } from './kiali-common';

/** The route lists of a VirtualService (`http[k].route`, `tcp[k].route`, `tls[k].route`), with their path. */
function routeLists(spec: any): Array<{ path: string; route: any[] }> {
  return ['http', 'tcp', 'tls'].flatMap((p) => (spec?.[p] ?? []).map((r: any, k: number) => ({ path: `${p}[${k}]`, route: r?.route ?? [] })));
}

/**
 * The namespace/name a Gateway reference of a VirtualService names: `ns/name`, the legacy
 * `name.ns[.svc.cluster.local]` Istio still reads, or `name` in the VirtualService's namespace.
 */
function gatewayKey(ref: string, ns: string): string {
  if (ref.includes('/')) return ref;
  if (ref.includes('.')) {
    const [name, namespace] = ref.split('.');
    return `${namespace}/${name}`;
  }
  return `${ns}/${ref}`;
}

/**
 * KIA1102: `http[].match[].gateways` naming an Istio Gateway that does not exist (istioctl
 * checks `spec.gateways` only, with IST0101). KIA1108 (info): Gateway references in the legacy
 * dotted form (`name.namespace`) rather than `namespace/name`.
 */
export const virtualServiceGateways: Analyzer = {
  name: 'kiali.VirtualServiceNoGatewayChecker',
  codes: ['KIA1102', 'KIA1108'],
  analyze({ index, report }) {
    const gateways = new Set(index.list(NET, 'Gateway').map(keyOf));
    for (const vs of index.list(NET, 'VirtualService')) {
      const ns = nsOf(vs);
      const top: string[] = (vs.spec?.gateways ?? []).map(String);
      const matched: string[] = (vs.spec?.http ?? []).flatMap((r: any) => (r?.match ?? []).flatMap((m: any) => m?.gateways ?? [])).map(String);
      const missing = [...new Set(matched)].filter((g) => g !== 'mesh' && !top.includes(g) && !gateways.has(gatewayKey(g, ns)));
      if (missing.length) {
        report('KIA1102', vs, [], { fix: `Create the Gateway ${listed(missing.map((g) => gatewayKey(g, ns)))} (IstioGateway) the http match names, or match an existing one.` });
      }
      const dotted = [...new Set([...top, ...matched])].filter((g) => g !== 'mesh' && !g.includes('/') && g.includes('.'));
      if (dotted.length) {
        report('KIA1108', vs, [], { fix: `Write ${listed(dotted.map((g) => `${g} as ${gatewayKey(g, ns)}`))}.` });
      }
    }
  },
};

/**
 * KIA1104: a route with a single destination whose weight is between 0 and 100 (Istio sends it
 * all the traffic anyway). KIA1105: one route list naming the same host and subset twice.
 */
export const virtualServiceRoutes: Analyzer = {
  name: 'kiali.VirtualServiceRouteChecker',
  codes: ['KIA1104', 'KIA1105'],
  analyze({ index, report }) {
    for (const vs of index.list(NET, 'VirtualService')) {
      const ns = nsOf(vs);
      const single: string[] = [];
      const repeated: string[] = [];
      for (const { path, route } of routeLists(vs.spec)) {
        const weight = route[0]?.weight;
        if (route.length === 1 && typeof weight === 'number' && weight > 0 && weight < 100) single.push(`${path} (weight ${weight})`);
        if (route.some((d: any) => !d?.destination)) continue;
        const seen = new Map<string, number>();
        for (const d of route) {
          const key = `${fqdn(String(d.destination.host ?? ''), ns)}${d.destination.subset ? ` subset ${d.destination.subset}` : ''}`;
          seen.set(key, (seen.get(key) ?? 0) + 1);
        }
        repeated.push(...[...seen].filter(([, n]) => n > 1).map(([k]) => `${k} in ${path}`));
      }
      if (single.length) {
        report('KIA1104', vs, [], { fix: `Drop the weight of the only destination of ${listed(single)}, or add the destinations that take the rest.` });
      }
      if (repeated.length) {
        report('KIA1105', vs, [], { fix: `Route once to ${listed(repeated)} (add the weights up), or route to another subset.` });
      }
    }
  },
};
