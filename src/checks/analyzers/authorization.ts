import { nsOf } from '../../private/manifests';
import { Analyzer } from './analyzer';
import { PodView } from './resources';
import { arr, podInAmbient, podInMesh, rec, setSelector, str } from './util';

/** `namespaceMatch` (authorizationpolicies.go:173-186): `*`, `*suffix`, `prefix*`, or equal ignoring case. */
function namespaceMatch(ns: string, exp: string): boolean {
  if (exp === '*') return true;
  if (exp.startsWith('*')) return ns.endsWith(exp.slice(1));
  if (exp.endsWith('*')) return ns.startsWith(exp.slice(0, -1));
  return ns.toLowerCase() === exp.toLowerCase();
}

/**
 * auth.AuthorizationPoliciesAnalyzer (IST0127, IST0101): policies that select no pod in the mesh
 * (sidecar-injected or ambient), and source namespaces no Namespace object matches
 * (pkg/config/analysis/analyzers/authz/authorizationpolicies.go). A policy in the root namespace
 * applies mesh-wide; without a selector it is not checked for pods.
 */
export const authorizationPolicies: Analyzer = {
  name: 'auth.AuthorizationPoliciesAnalyzer',
  codes: ['IST0127', 'IST0101'],
  analyze({ resources, mesh, report }) {
    const policies = resources.list('AuthorizationPolicy');
    if (!policies.length) return;
    const meshPods = resources.memo('mesh-pods', () => resources.pods.filter((p) => podInMesh(resources, p) || podInAmbient(resources, p)));
    const select = (selector: Record<string, string>, ns?: string): PodView[] => resources.selectPods(selector, ns, meshPods, 'mesh-pods');
    const namespaces = resources.list('Namespace').map((n) => n.fullName);
    const exact = new Set(namespaces.map((n) => n.toLowerCase()));
    const matchNamespace = (exp: string) => (exp !== '*' && !exp.startsWith('*') && !exp.endsWith('*')
      ? exact.has(exp.toLowerCase())
      : namespaces.some((n) => namespaceMatch(n, exp)));
    for (const r of policies) {
      const ap = rec(r.spec);
      const hasSelector = ap.selector !== undefined && ap.selector !== null;
      if (r.namespace === mesh.rootNamespace) {
        if (hasSelector) {
          const s = setSelector(rec(ap.selector).matchLabels);
          if (!select(s.labels).length) report('IST0127', r, [s.text]);
        }
      } else if (!hasSelector) {
        if (!select({}, r.namespace).length) report('IST0127', r, ['']);
      } else {
        const s = setSelector(rec(ap.selector).matchLabels);
        if (!select(s.labels, r.namespace).length) report('IST0127', r, [s.text]);
      }
      arr(ap.rules).forEach((rule, i) => arr(rule?.from).forEach((from, j) => {
        const source = rec(from?.source);
        const included = arr(source.namespaces).map(str);
        [...included, ...arr(source.notNamespaces).map(str)].forEach((ns, k) => {
          if (matchNamespace(ns)) return;
          const index = k >= included.length ? k - included.length : k;
          report('IST0101', r, ['namespace', ns], { line: `{.spec.rules[${i}].from[${j}].source.namespaces[${index}]}`, fix: `Create the Namespace ${ns}, or name an existing one in the rule's source.` });
        });
      }));
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
