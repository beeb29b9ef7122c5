// Kiali's Sidecar validations (KIA10xx) that istioctl analyze has no message for.
// Kiali v2.30.0: business/checkers/sidecars/*.go.

import { nsOf } from '../../private/manifests';
import { Analyzer } from './analyzer';
import { definedNamespaces, existingNamespaces, listed, NET, serviceEntryCovers, serviceHost, serviceOf } from './kiali-common';

/**
 * KIA1004: egress hosts (`namespace/dnsName`) naming a Service or external host nothing defines:
 * a short name is read in the namespace part (the Sidecar's for `.`, `*` and `~`); wildcard names
 * are not checked, nor Services of namespaces the manifests do not create.
 */
export const sidecarEgressHosts: Analyzer = {
  name: 'kiali.SidecarEgressListenerChecker',
  codes: ['KIA1004'],
  analyze({ index, mesh, report }) {
    const namespaces = existingNamespaces(index, mesh);
    const defined = definedNamespaces(index);
    for (const sidecar of index.list(NET, 'Sidecar')) {
      const own = nsOf(sidecar);
      const missing = (sidecar.spec?.egress ?? []).flatMap((e: any) => e?.hosts ?? []).map(String).filter((h: string) => {
        const slash = h.indexOf('/');
        if (slash < 0) return false;
        const [ns, dns] = [h.slice(0, slash), h.slice(slash + 1)];
        if (!dns || dns.startsWith('*')) return false;
        const svc = serviceHost(dns, ['.', '*', '~'].includes(ns) ? own : ns, namespaces);
        if (svc) return defined.has(svc.namespace) && !serviceOf(index, svc) && !serviceEntryCovers(index, `${svc.name}.${svc.namespace}.svc.cluster.local`);
        return !serviceEntryCovers(index, dns);
      });
      if (missing.length) {
        report('KIA1004', sidecar, [], { fix: `Name existing Services or ServiceEntry hosts in egress instead of ${listed(missing.map((h: string) => JSON.stringify(h)))}, or create them.` });
      }
    }
  },
};

/** KIA1006: a Sidecar in the root namespace (the mesh-wide default) with a workload selector. */
export const sidecarGlobalSelector: Analyzer = {
  name: 'kiali.SidecarGlobalChecker',
  codes: ['KIA1006'],
  analyze({ index, mesh, report }) {
    for (const sidecar of index.list(NET, 'Sidecar')) {
      if (nsOf(sidecar) === mesh.rootNamespace && Object.keys(sidecar.spec?.workloadSelector?.labels ?? {}).length) {
        report('KIA1006', sidecar, [], { fix: `Remove the workloadSelector of the mesh-wide default Sidecar, or move it to the namespace of the pods it selects (not ${mesh.rootNamespace}).` });
      }
    }
  },
};
