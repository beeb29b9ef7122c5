import { groupOf, isClusterScoped, nsOf } from '../../private/manifests';
import { namespaceAmbient } from './ambient';
import { namespaceInMesh } from './injection';
import { Analyzer } from './analyzer';
import { pushTo } from '../../private/collections';

const POLICY_KINDS = new Set(['AuthorizationPolicy', 'PeerAuthentication', 'RequestAuthentication']);

/**
 * Mistakes of the app as a whole, which neither istioctl nor Kiali reports:
 * - CI0401: the same kind, namespace and name twice (applied, one object overwrites the other);
 * - CI0402: PeerAuthentications or RequestAuthentications for a namespace with no data plane (no
 *   sidecar, no ztunnel, no gateway to enforce them), so they protect nothing (its
 *   AuthorizationPolicies are istioctl's IST0127);
 * - CI0403: an AuthorizationPolicy without selector or targetRefs in the root namespace, which
 *   applies to every workload of the mesh;
 * - CI0404: objects in a namespace the manifests declare nowhere (when they declare some), once per
 *   namespace.
 */
export const appIntegrity: Analyzer = {
  name: 'cdk8s-istio.AppIntegrityAnalyzer',
  codes: ['CI0401', 'CI0402', 'CI0403', 'CI0404'],
  analyze({ index, mesh, report }) {
    // The index keeps the later of two objects of one identity, as the cluster would.
    for (const { overwritten, by } of index.duplicates) {
      report('CI0401', by, [`${index.pathOf(overwritten) ?? 'another object'}`], { fix: 'Give one of them another name (or namespace), or remove the duplicate.' });
    }

    // Policies in a namespace opted out of the mesh (istio-injection: disabled): one finding per
    // namespace, on its first policy. (A namespace with workloads and no label at all is IST0102.)
    // The Envoy of a Gateway API gateway enforces policies in its namespace, whatever its labels.
    const gatewayNamespaces = new Set(index.list('gateway.networking.k8s.io', 'Gateway').map((g) => nsOf(g)));
    const policiesByNamespace = new Map<string, any[]>();
    for (const obj of index.objects) {
      if (POLICY_KINDS.has(obj.kind) && groupOf(obj) === 'security.istio.io') pushTo(policiesByNamespace, nsOf(obj), obj);
    }
    for (const [ns, policies] of policiesByNamespace) {
      // istioctl's IST0127 already reports each AuthorizationPolicy that applies to no workload.
      if (policies.some((p) => p.kind === 'AuthorizationPolicy')) continue;
      const namespace = index.namespaces.get(ns);
      if (ns === mesh.rootNamespace || !namespace || gatewayNamespaces.has(ns) || namespaceInMesh(namespace) || namespaceAmbient(namespace)) continue;
      if (namespace.metadata?.labels?.['istio-injection'] !== 'disabled' && index.workloads.some((w) => w.namespace === ns)) continue;
      report('CI0402', policies[0], [ns, policies.map((p) => `${p.kind} ${p.metadata?.name}`).join(', ')], { fix: `Enroll namespace ${ns} in the mesh (MeshNamespace with a dataplaneMode), or put the policies where their workloads are.` });
    }

    for (const ap of index.list('security.istio.io', 'AuthorizationPolicy')) {
      if (nsOf(ap) !== mesh.rootNamespace || ap.spec?.selector || ap.spec?.targetRef || ap.spec?.targetRefs?.length) continue;
      report('CI0403', ap, [mesh.rootNamespace], { fix: 'Put it in the namespace of the workloads it is for, or give it a selector; keep it here only for a mesh-wide policy on purpose (suppress CI0403 on it).' });
    }

    if (index.namespaces.size === 0) return;
    // One finding per undeclared namespace, on its first object.
    const declared = new Set(index.namespaces.keys());
    const undeclared = new Map<string, any[]>();
    for (const obj of index.objects) {
      const ns = obj.metadata?.namespace;
      if (isClusterScoped(obj.kind) || ns === undefined || declared.has(ns) || ns === mesh.rootNamespace) continue; // Istio's own namespace exists
      pushTo(undeclared, ns, obj);
    }
    for (const [ns, objects] of undeclared) {
      report('CI0404', objects[0], [ns, objects.length], { fix: `Declare the Namespace ${ns} (MeshNamespace), or fix the namespace name.` });
    }
  },
};
