import { nsOf } from '../../private/manifests';
import { Analyzer } from './analyzer';

/**
 * KIA0106: principals `cluster.local/ns/<ns>/sa/<sa>` naming a service account the objects do
 * not define, in a namespace they define (a Gateway API gateway's generated account counts).
 */
export const principals: Analyzer = {
  name: 'kiali.AuthorizationPolicyPrincipalAnalyzer',
  codes: ['KIA0106'],
  analyze({ index, report }) {
    // Istio deploys a Gateway API gateway as <name>-<class>, with a service account of that name.
    const accounts = new Set([
      ...index.list('', 'ServiceAccount').map((sa) => `${nsOf(sa)}/${sa.metadata?.name}`),
      ...index.list('gateway.networking.k8s.io', 'Gateway').map((g) => `${nsOf(g)}/${g.metadata?.name}-${g.spec?.gatewayClassName}`),
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
