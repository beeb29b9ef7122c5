import { Analyzer } from './analyzer';

/** True when a namespace's labels enrol its pods in the mesh (sidecar injection or ambient). */
export function namespaceInMesh(ns: any): boolean {
  const labels = ns?.metadata?.labels ?? {};
  return labels['istio-injection'] === 'enabled' || labels['istio.io/rev'] !== undefined || labels['istio.io/dataplane-mode'] === 'ambient';
}

/** IST0102: namespaces with workloads, neither enrolled in the mesh nor opted out. */
export const namespaceInjection: Analyzer = {
  name: 'injection.Analyzer',
  codes: ['IST0102'],
  analyze({ index, report }) {
    const withWorkloads = new Set(index.workloads.map((w) => w.namespace));
    for (const [name, ns] of index.namespaces) {
      if (namespaceInMesh(ns) || ns.metadata?.labels?.['istio-injection'] === 'disabled' || !withWorkloads.has(name)) continue;
      report('IST0102', ns, [name, name], { fix: 'Create the namespace with MeshNamespace (istio-injection: enabled), or label it istio-injection=disabled to opt out explicitly.' });
    }
  },
};

/** CI0001: workloads in the mesh without app and version labels (Kiali also accepts the app.kubernetes.io ones). */
export const workloadLabels: Analyzer = {
  name: 'cdk8s-istio.WorkloadLabelsAnalyzer',
  codes: ['CI0001'],
  analyze({ index, report }) {
    for (const w of index.workloads) {
      if (!namespaceInMesh(index.namespaces.get(w.namespace))) continue;
      const missing = [['app', 'app.kubernetes.io/name'], ['version', 'app.kubernetes.io/version']]
        .filter(([a, b]) => w.labels[a] === undefined && w.labels[b] === undefined).map(([a]) => a);
      if (missing.length) {
        report('CI0001', w.object, [missing.join(' and ')], { fix: 'Label the pod template with app and version (MeshService does): Kiali and Istio telemetry group workloads by them.' });
      }
    }
  },
};
