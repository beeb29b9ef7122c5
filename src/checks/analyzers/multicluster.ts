import { Analyzer } from './analyzer';
import { arr, rec, str } from './util';

/** The service registries pilot knows (pilot/pkg/serviceregistry/provider). */
const REGISTRIES = ['Mock', 'Kubernetes', 'External'];

/**
 * meshnetworks.MeshNetworksAnalyzer (IST0126): MeshNetworks endpoints `fromRegistry` naming no
 * registry: neither Kubernetes (case counts) nor a cluster of a remote secret (a key of a Secret
 * labelled `istio/multiCluster: "true"`) (pkg/config/analysis/analyzers/multicluster/meshnetworks.go:58-96).
 * The mesh networks come from the `meshNetworks` option.
 */
export const meshNetworks: Analyzer = {
  name: 'meshnetworks.MeshNetworksAnalyzer',
  codes: ['IST0126'],
  analyze({ resources, report }) {
    const registries = new Set(REGISTRIES);
    for (const s of resources.list('Secret')) {
      if (s.labels['istio/multiCluster'] === 'true') for (const k of Object.keys(rec(s.object.data))) registries.add(k);
    }
    const mn = resources.meshNetworks;
    for (const [network, spec] of Object.entries(rec(rec(mn.spec).networks))) {
      for (const e of arr(rec(spec).endpoints)) {
        if (e?.fromRegistry === undefined || e?.fromRegistry === null) continue;
        const registry = str(e.fromRegistry);
        if (!registries.has(registry)) {
          report('IST0126', mn, [registry, network], { fix: `Set fromRegistry of network ${network} to Kubernetes or the name of a remote cluster's secret, or add that remote secret.` });
        }
      }
    }
  },
};
