// Kiali's Service, workload and WorkloadGroup validations (KIA0701, KIA1301, KIA17xx) that
// istioctl analyze has no message for. (The ambient workload checks are in kiali-ambient.ts.)
// Kiali v2.30.0: business/checkers/services/port_mapping_checker.go,
// business/checkers/workloads/uncovered_workload_checker.go, business/checkers/workloadgroups/*.go.

import { nsOf } from '../../private/manifests';
import { IndexedWorkload } from '../manifest-index';
import { Analyzer } from './analyzer';
import {
  definedNamespaces, GW, hasAmbientLabel, hasServiceAccount, hasSidecarLabel, isCoreRef, keyOf, labelKey, labelsOf, listed,
  matchLabelsOf, NET, SEC, targetRefsOf,
} from './kiali-common';
import { pushTo } from '../../private/collections';

/** The containers of a pod spec that serve traffic (native sidecars included). */
function servingContainers(spec: any): any[] {
  return [...(spec?.containers ?? []), ...(spec?.initContainers ?? []).filter((c: any) => c?.restartPolicy === 'Always')];
}

/**
 * KIA0701: Service ports whose target port no pod the Service selects declares (a named
 * targetPort needs a container port of that name). Only pod templates of the Service's namespace
 * count; Services of gateways and waypoints, and of the root namespace, are left out.
 */
export const servicePorts: Analyzer = {
  name: 'kiali.ServicePortMappingChecker',
  codes: ['KIA0701'],
  analyze({ index, mesh, report }) {
    for (const svc of index.list('', 'Service')) {
      const ns = nsOf(svc);
      const selector = svc.spec?.selector ?? {};
      const labels = labelsOf(svc);
      if (!Object.keys(selector).length || ns === mesh.rootNamespace || svc.spec?.type === 'ExternalName'
        || labels['gateway.istio.io/managed'] !== undefined || labels['gateway.networking.k8s.io/gateway-name'] !== undefined) continue;
      const workloads = index.selectWorkloads(ns, selector);
      if (!workloads.length) continue;
      const ports = workloads.flatMap((w) => servingContainers(w.spec).flatMap((c) => c?.ports ?? []));
      const missing = (svc.spec?.ports ?? []).map((p: any) => p?.targetPort ?? p?.port).filter((target: any) => (
        typeof target === 'string' && !/^\d+$/.test(target)
          ? !ports.some((cp) => cp?.name === target)
          : !ports.some((cp) => cp?.containerPort === Number(target))));
      if (missing.length) {
        report('KIA0701', svc, [], {
          fix: `Declare container port ${listed(missing.map(String))} on the pods it selects (${listed(workloads.map((w) => `${w.kind} ${w.name}`))}), or point the Service's targetPort at a port they declare (MeshService port/targetPort).`,
        });
      }
    }
  },
};

/**
 * KIA1301 (opt-in: `analyzeMesh(objects, { uncoveredWorkloads: true })`): workloads in the mesh
 * (sidecar or ambient) that no AuthorizationPolicy of their namespace or of the root namespace
 * applies to (by selector, namespace-wide, or through a targeted Service or Gateway).
 */
export const uncoveredWorkloads: Analyzer = {
  name: 'kiali.UncoveredWorkloadChecker',
  codes: ['KIA1301'],
  analyze({ index, mesh, report }) {
    const wideNamespaces = new Set<string>();
    const covered = new Set<IndexedWorkload>();
    for (const ap of index.list(SEC, 'AuthorizationPolicy')) {
      const ns = nsOf(ap);
      const refs = targetRefsOf(ap.spec);
      if (refs.length) {
        for (const ref of refs) {
          const selector = isCoreRef(ref, 'Service') ? index.services.get(`${ref.name}.${ns}.svc.cluster.local`)?.spec?.selector
            : ref.kind === 'Gateway' && (ref.group ?? GW) === GW ? { 'gateway.networking.k8s.io/gateway-name': ref.name } : undefined;
          if (selector && Object.keys(selector).length) for (const w of index.selectWorkloads(ns, selector)) covered.add(w);
        }
      } else if (Object.keys(matchLabelsOf(ap)).length === 0) {
        wideNamespaces.add(ns);
      } else {
        const targets = ns === mesh.rootNamespace
          ? index.workloads.filter((w) => Object.entries(matchLabelsOf(ap)).every(([k, v]) => w.labels[k] === v))
          : index.selectWorkloads(ns, matchLabelsOf(ap));
        for (const w of targets) covered.add(w);
      }
    }
    if (wideNamespaces.has(mesh.rootNamespace)) return;
    for (const w of index.workloads) {
      if (covered.has(w) || wideNamespaces.has(w.namespace) || !(hasSidecarLabel(index, w) || hasAmbientLabel(index, w))) continue;
      report('KIA1301', w.object, [], { fix: `Add an AuthorizationPolicy for its pods in ${w.namespace} (CallGraphAuthorization, or AuthorizationPolicy.allowNothing() to deny by default).` });
    }
  },
};

/**
 * KIA1701: a WorkloadGroup whose template runs as a service account its namespace does not have
 * (ServiceAccount objects, and the accounts pod templates run as). Only for namespaces the
 * manifests create. KIA1702: WorkloadGroups of one namespace with the same labels.
 */
export const workloadGroups: Analyzer = {
  name: 'kiali.WorkloadGroupChecker',
  codes: ['KIA1701', 'KIA1702'],
  analyze({ index, report }) {
    const defined = definedNamespaces(index);
    const byLabels = new Map<string, any[]>();
    for (const wg of index.list(NET, 'WorkloadGroup')) {
      const ns = nsOf(wg);
      const sa = wg.spec?.template?.serviceAccount;
      if (sa && defined.has(ns) && !hasServiceAccount(index, ns, String(sa))) {
        report('KIA1701', wg, [], { fix: `Create the ServiceAccount ${ns}/${sa}, or run the template as an existing one.` });
      }
      if (wg.spec?.metadata) {
        const key = `${ns}\u0000${labelKey(wg.spec.metadata.labels)}`;
        pushTo(byLabels, key, wg);
      }
    }
    for (const list of byLabels.values()) {
      if (list.length < 2) continue;
      for (const wg of list) {
        report('KIA1702', wg, [], { fix: `Give ${listed(list.map(keyOf))} different metadata labels (they all have ${JSON.stringify(list[0].spec.metadata.labels ?? {})}), or merge them.` });
      }
    }
  },
};
