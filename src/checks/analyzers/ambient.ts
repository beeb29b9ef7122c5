import { fqdn } from '../../private/hosts';
import { nsOf } from '../../private/manifests';
import { Analyzer } from './analyzer';
import { waypointProblem } from './kiali-ambient';

const USE_WAYPOINT = 'istio.io/use-waypoint';
const USE_WAYPOINT_NAMESPACE = 'istio.io/use-waypoint-namespace';

/** True when a namespace is in ambient mode (and not opted into sidecars, which take precedence). */
export function namespaceAmbient(ns: any): boolean {
  const labels = ns?.metadata?.labels ?? {};
  return labels['istio.io/dataplane-mode'] === 'ambient' && labels['istio-injection'] !== 'enabled' && labels['istio.io/rev'] === undefined;
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
 * - CI0303: a Namespace or Service enrolled in a waypoint that does not exist or cannot take its
 *   traffic (wrong class, traffic type, or a listener that does not admit its namespace).
 * @see https://istio.io/latest/docs/ambient/usage/l7-features/
 * @see https://istio.io/latest/docs/ambient/usage/waypoint/
 */
export const ambientEnrollment: Analyzer = {
  name: 'cdk8s-istio.AmbientAnalyzer',
  codes: ['CI0301', 'CI0302', 'CI0303'],
  analyze({ index, report }) {
    const ambient = (ns: string) => namespaceAmbient(index.namespaces.get(ns));
    for (const vs of index.list('networking.istio.io', 'VirtualService')) {
      const gateways: string[] = vs.spec?.gateways ?? [];
      if (gateways.length && !gateways.includes('mesh')) continue;
      for (const host of vs.spec?.hosts ?? []) {
        const svc = index.services.get(fqdn(String(host), nsOf(vs)));
        // Without a waypoint for the Service, Kiali's KIA1109 / KIA1113 report it.
        if (svc && ambient(nsOf(svc)) && (enrolledIn(svc, nsOf(svc)) ?? enrolledIn(index.namespaces.get(nsOf(svc)), nsOf(svc)))) {
          report('CI0301', vs, [`${nsOf(svc)}/${svc.metadata?.name}`, nsOf(svc)], {
            fix: 'Route it with an HTTPRoute whose parent is the Service: ServiceRoutes or Canary with TrafficApi.GATEWAY_API, through a Waypoint.',
          });
        }
      }
    }

    const used = new Set<string>();
    for (const w of index.workloads) {
      const waypoint = enrolledIn({ metadata: { labels: w.labels } }, w.namespace);
      if (waypoint) used.add(waypoint);
    }
    // A Namespace's or Service's label naming an unusable waypoint (a pod's own label: KIA1313).
    const enrollments = [
      ...index.list('', 'Namespace').map((n) => [n, n.metadata?.name, undefined] as const),
      ...index.list('', 'Service').map((s) => [s, nsOf(s), 'service'] as const),
    ];
    for (const [labelled, namespace, needs] of enrollments) {
      const waypoint = enrolledIn(labelled, namespace);
      if (waypoint === undefined) continue;
      used.add(waypoint);
      const [wns, name] = waypoint.split('/');
      const problem = waypointProblem(index, { name, namespace: wns, from: 'resource' }, namespace, needs);
      if (problem) {
        report('CI0303', labelled, [waypoint, problem], { fix: `Create the waypoint ${waypoint} (Waypoint), or enroll in a waypoint that takes this traffic (Waypoint.enroll()).` });
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
