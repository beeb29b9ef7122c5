import { fqdn } from '../../private/hosts';
import { nsOf } from '../../private/manifests';
import { Analyzer } from './analyzer';

const USE_WAYPOINT = 'istio.io/use-waypoint';
const USE_WAYPOINT_NAMESPACE = 'istio.io/use-waypoint-namespace';

/** True when a namespace is in ambient mode (and not opted into sidecars, which take precedence). */
export function namespaceAmbient(ns: any): boolean {
  const labels = ns?.metadata?.labels ?? {};
  return labels['istio.io/dataplane-mode'] === 'ambient' && labels['istio-injection'] !== 'enabled' && labels['istio.io/rev'] === undefined;
}

/** Waypoint Gateways (class istio-waypoint) as `namespace/name`. */
function waypoints(index: import('../manifest-index').ManifestIndex): Set<string> {
  return index.memo('waypoints', () => new Set(index.list('gateway.networking.k8s.io', 'Gateway')
    .filter((g) => g.spec?.gatewayClassName === 'istio-waypoint').map((g) => `${nsOf(g)}/${g.metadata?.name}`)));
}

/** The waypoint an object's labels enroll it in (`namespace/name`), or undefined (`none` opts out). */
function enrolledIn(obj: any, namespace: string): string | undefined {
  const labels = obj?.metadata?.labels ?? {};
  const name = labels[USE_WAYPOINT];
  if (typeof name !== 'string' || name === '' || name === 'none') return undefined;
  return `${labels[USE_WAYPOINT_NAMESPACE] ?? namespace}/${name}`;
}

/**
 * Ambient-mode mistakes neither istioctl nor Kiali reports:
 * - CI0301: a VirtualService for mesh traffic to a Service of an ambient namespace (waypoints
 *   implement HTTPRoutes; VirtualService there is Alpha, and ztunnel applies none);
 * - CI0302: a waypoint nothing is enrolled in;
 * - CI0303: a Namespace or Service enrolled in a waypoint the manifests do not define.
 * @see https://istio.io/latest/docs/ambient/usage/l7-features/
 * @see https://istio.io/latest/docs/ambient/usage/waypoint/
 */
export const ambientRouting: Analyzer = {
  name: 'cdk8s-istio.AmbientAnalyzer',
  codes: ['CI0301', 'CI0302', 'CI0303'],
  analyze({ index, report }) {
    const ambient = (ns: string) => namespaceAmbient(index.namespaces.get(ns));
    for (const vs of index.list('networking.istio.io', 'VirtualService')) {
      const gateways: string[] = vs.spec?.gateways ?? [];
      if (gateways.length && !gateways.includes('mesh')) continue;
      for (const host of vs.spec?.hosts ?? []) {
        const svc = index.services.get(fqdn(String(host), nsOf(vs)));
        if (svc && ambient(nsOf(svc))) {
          report('CI0301', vs, [`${nsOf(svc)}/${svc.metadata?.name}`, nsOf(svc)], {
            fix: 'Route it with an HTTPRoute whose parent is the Service: ServiceRoutes or Canary with TrafficApi.GATEWAY_API, through a Waypoint.',
          });
        }
      }
    }

    const defined = waypoints(index);
    const used = new Set<string>();
    const enrollments = [
      ...index.list('', 'Namespace').map((n) => [n, n.metadata?.name] as const),
      ...index.list('', 'Service').map((s) => [s, nsOf(s)] as const),
      ...index.workloads.map((w) => [{ metadata: { labels: w.labels } }, w.namespace, w.object] as const),
    ];
    for (const [labelled, namespace, owner] of enrollments) {
      const waypoint = enrolledIn(labelled, namespace);
      if (waypoint === undefined) continue;
      used.add(waypoint);
      // Pods enrolled in a missing waypoint are Kiali's KIA1313.
      if (!defined.has(waypoint) && owner === undefined) {
        report('CI0303', labelled, [waypoint], { fix: `Create the waypoint ${waypoint} (Waypoint), or enroll in an existing one (Waypoint.enroll()).` });
      }
    }
    for (const g of index.list('gateway.networking.k8s.io', 'Gateway')) {
      const key = `${nsOf(g)}/${g.metadata?.name}`;
      if (g.spec?.gatewayClassName === 'istio-waypoint' && !used.has(key)) {
        report('CI0302', g, [key], { fix: 'Enroll the namespace or its Services in it (Waypoint.enroll()), or remove it.' });
      }
    }
  },
};
