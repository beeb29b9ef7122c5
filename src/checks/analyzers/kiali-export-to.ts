// Kiali's exportTo validation (KIA0005), for VirtualServices, DestinationRules and ServiceEntries.
// Kiali v2.30.0: business/checkers/common/export_to_namespace_checker.go.

import { Analyzer } from './analyzer';
import { existingNamespaces, listed, NET } from './kiali-common';

/**
 * KIA0005: `exportTo` entries naming a namespace that does not exist: not created or used by the
 * manifests, nor one every cluster has (`default`, `kube-*`) or the root namespace. `.` and `*`
 * are not names, nor is `~` on a ServiceEntry (export to nobody).
 */
export const exportToNamespaces: Analyzer = {
  name: 'kiali.ExportToNamespaceChecker',
  codes: ['KIA0005'],
  analyze({ index, mesh, report }) {
    const namespaces = existingNamespaces(index, mesh);
    for (const kind of ['VirtualService', 'DestinationRule', 'ServiceEntry']) {
      for (const obj of index.list(NET, kind)) {
        const missing = (obj.spec?.exportTo ?? []).map(String)
          .filter((e: string) => e !== '.' && e !== '*' && !(e === '~' && kind === 'ServiceEntry') && !namespaces.has(e));
        if (missing.length) {
          report('KIA0005', obj, [], { fix: `Export to existing namespaces (. for its own, * for all) instead of ${listed(missing.map((e: string) => JSON.stringify(e)))}, or create them.` });
        }
      }
    }
  },
};
