import { Analyzer } from './analyzer';
import { PodView } from './resources';
import { arr, destinationHost, rec, setSelector, str } from './util';

const TLS_VERIFIED_MODES = ['SIMPLE', 'MUTUAL'];

/**
 * destinationrule.CaCertificateAnalyzer (IST0128, IST0129): TLS origination (`SIMPLE` or
 * `MUTUAL`) without `caCertificates`, so the server's certificate is not verified; a
 * `credentialName` counts only with a `workloadSelector`
 * (pkg/config/analysis/analyzers/destinationrule/ca-certificates.go:51-83).
 */
export const caCertificates: Analyzer = {
  name: 'destinationrule.CaCertificateAnalyzer',
  codes: ['IST0128', 'IST0129'],
  analyze({ resources, report }) {
    for (const r of resources.list('DestinationRule')) {
      const dr = rec(r.spec);
      const unverified = (tls: Record<string, any>) => TLS_VERIFIED_MODES.includes(tls.mode) && !str(tls.caCertificates)
        && !(str(tls.credentialName) !== '' && dr.workloadSelector !== undefined && dr.workloadSelector !== null);
      const tls = rec(rec(dr.trafficPolicy).tls);
      if (unverified(tls)) {
        report('IST0128', r, [r.fullName, r.namespace, tls.mode, str(dr.host)], { line: '{.spec.trafficPolicy.tls.caCertificates}' });
      }
      arr(rec(dr.trafficPolicy).portLevelSettings).forEach((p, i) => {
        const portTls = rec(p?.tls);
        if (!unverified(portTls)) return;
        const port = p?.port ? `number:${Number(rec(p.port).number ?? 0)}` : '';
        report('IST0129', r, [r.fullName, r.namespace, portTls.mode, str(dr.host), port], { line: `{.spec.trafficPolicy.portLevelSettings[${i}].tls.caCertificates}` });
      });
    }
  },
};

/** The labels pilot gives a pod's endpoints (AugmentLabels): the node's locality and the node name. */
function augmentedLabels(pod: PodView, nodes: ReadonlyMap<string, Readonly<Record<string, string>>>): Record<string, string> {
  const labels: Record<string, string> = { ...pod.labels };
  const nodeName = str(pod.spec.nodeName);
  const node = nodes.get(nodeName);
  if (node) {
    const region = node['topology.kubernetes.io/region'] ?? '';
    const zone = node['topology.kubernetes.io/zone'] ?? '';
    const subzone = node['topology.istio.io/subzone'] ?? '';
    const locality = zone ? (subzone ? `${region}/${zone}/${subzone}` : `${region}/${zone}`) : region;
    const [r, z, s] = locality.split('/');
    if (r) labels['topology.kubernetes.io/region'] = r;
    if (z) labels['topology.kubernetes.io/zone'] = z;
    if (s) labels['topology.istio.io/subzone'] = s;
  }
  if (nodeName) labels['kubernetes.io/hostname'] = nodeName;
  return labels;
}

/**
 * destinationrule.SubsetSelectPodAnalyzer (IST0173, IST0174): a DestinationRule whose host is
 * no Service or ServiceEntry, and subsets whose labels (with the ServiceEntry's workload
 * selector) select no pod in any namespace, pod templates included
 * (pkg/config/analysis/analyzers/destinationrule/subset.go:71-157).
 */
export const subsetSelectPods: Analyzer = {
  name: 'destinationrule.SubsetSelectPodAnalyzer',
  codes: ['IST0173', 'IST0174'],
  analyze({ resources, report }) {
    // Computed on the first subset: the pods with the labels pilot gives their endpoints. Without
    // Nodes or node names these are the pods' own labels: the pods and their index serve as they are.
    const augmented = () => resources.memo('augmented-pods', () => {
      const nodes = new Map(resources.list('Node').map((n) => [n.name, n.labels]));
      if (nodes.size === 0 && resources.pods.every((p) => !str(p.spec.nodeName))) return undefined;
      return resources.pods.map((p) => ({ ...p, labels: augmentedLabels(p, nodes) }));
    });
    for (const r of resources.list('DestinationRule')) {
      const dr = rec(r.spec);
      const se = destinationHost(resources, r.namespace, dr.exportTo, str(dr.host));
      if (!se) {
        report('IST0174', r, [str(dr.host)]);
        continue;
      }
      const subsets = new Map<string, Record<string, string>>();
      for (const subset of arr(dr.subsets)) subsets.set(str(subset?.name), { ...se.workloadSelectorLabels, ...setSelector(subset?.labels).labels });
      for (const [name, labels] of subsets) {
        const pods = augmented();
        if (!resources.selectsPods(labels, undefined, pods ?? resources.pods, pods ? 'augmented-pods' : 'pods')) {
          report('IST0173', r, [name], { fix: `Deploy pods labelled ${JSON.stringify(labels)} (for a version of a MeshService, addVersion), or fix or remove subset ${name}.` });
        }
      }
    }
  },
};
