import { nsOf } from '../../private/manifests';
import { Analyzer } from './analyzer';

/**
 * The service account of the pods Istio deploys for a Gateway API Gateway: `<name>-<class>`, the
 * waypoint class without the suffix, or the `gateway.istio.io/service-account` annotation.
 * @see https://istio.io/latest/docs/tasks/traffic-management/ingress/gateway-api/#automated-deployment
 */
export function gatewayServiceAccount(gateway: any): string {
  const override = gateway?.metadata?.annotations?.['gateway.istio.io/service-account'];
  if (typeof override === 'string' && override) return override;
  const name = gateway?.metadata?.name;
  return gateway?.spec?.gatewayClassName === 'istio-waypoint' ? name : `${name}-${gateway?.spec?.gatewayClassName}`;
}

/**
 * KIA0106: principals `cluster.local/ns/<ns>/sa/<sa>` naming a service account the objects do
 * not define, in a namespace they define (a Gateway API gateway's generated account counts).
 */
export const principals: Analyzer = {
  name: 'kiali.AuthorizationPolicyPrincipalAnalyzer',
  codes: ['KIA0106'],
  analyze({ index, report }) {
    const accounts = new Set([
      ...index.list('', 'ServiceAccount').map((sa) => `${nsOf(sa)}/${sa.metadata?.name}`),
      ...index.list('gateway.networking.k8s.io', 'Gateway').map((g) => `${nsOf(g)}/${gatewayServiceAccount(g)}`),
    ]);
    for (const ap of index.list('security.istio.io', 'AuthorizationPolicy')) {
      for (const rule of ap.spec?.rules ?? []) {
        for (const from of rule?.from ?? []) {
          for (const principal of [...(from?.source?.principals ?? []), ...(from?.source?.notPrincipals ?? [])]) {
            const m = /^[^/]+\/ns\/([^/]+)\/sa\/([^/]+)$/.exec(String(principal));
            if (!m || String(principal).includes('*') || !index.namespaces.has(m[1])) continue;
            if (!accounts.has(`${m[1]}/${m[2]}`)) {
              report('KIA0106', ap, [principal], { fix: 'Use the principal of an existing service account (MeshService.principal), or create the ServiceAccount.' });
            }
          }
        }
      }
    }
  },
};

/** CI0002: an ALLOW policy without rules denies everything (allowNothing() says that is meant). */
export const allowWithoutRules: Analyzer = {
  name: 'cdk8s-istio.AllowWithoutRulesAnalyzer',
  codes: ['CI0002'],
  analyze({ index, report }) {
    for (const ap of index.list('security.istio.io', 'AuthorizationPolicy')) {
      const spec = ap.spec ?? {};
      if ((spec.action ?? 'ALLOW') !== 'ALLOW' || spec.provider || (spec.rules ?? []).length) continue;
      const scope = spec.selector?.matchLabels ? `the workloads labelled ${JSON.stringify(spec.selector.matchLabels)}` : `every workload of namespace ${nsOf(ap)}`;
      report('CI0002', ap, [scope], { fix: 'Add rules, or create it with AuthorizationPolicy.allowNothing() when deny-by-default is the intent.' });
    }
  },
};
