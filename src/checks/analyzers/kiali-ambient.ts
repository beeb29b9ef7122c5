// Kiali's ambient validations: L7 configuration that only a waypoint applies (KIA0109, KIA0110,
// KIA0210-0212, KIA1109-1117) and the mesh membership of workloads (KIA1311-1313, KIA1317).
// Kiali v2.30.0: business/checkers/ambient_policy_checker.go, business/checkers/ambient/*.go.
// Facts about Istio 1.28 ambient: /work/research/ambient (POLICY.md, ROUTING.md, WAYPOINT.md).

import { nsOf } from '../../private/manifests';
import { IndexedWorkload, ManifestIndex } from '../manifest-index';
import { ResolvedMeshConfig } from '../mesh-config';
import { Analyzer } from './analyzer';
import {
  DATAPLANE_MODE, definedNamespaces, enrolled, existingNamespaces, gatewayAllows, GW, hasAmbientLabel, hasPods, hasSidecarLabel,
  isAmbientNamespace, isCoreRef, isGatewayWorkload, isWaypointGateway, k8sGateways, keyOf, labelsOf, listed, matchLabelsOf,
  namespaceLabels, NET, SEC, serviceHost, serviceOf, targetRefsOf, USE_WAYPOINT, USE_WAYPOINT_NAMESPACE, waypointRef,
  waypointTrafficType, WaypointRef,
} from './kiali-common';
import { pushTo } from '../../private/collections';

/** `when` keys ztunnel enforces (istiod pilot/pkg/serviceregistry/kube/controller/ambient/authorization.go l4WhenAttributes). */
const L4_WHEN = new Set(['source.ip', 'source.namespace', 'source.principal', 'destination.ip', 'destination.port']);

/**
 * An AuthorizationPolicy only a waypoint can enforce, as istiod classifies it (wider than
 * Kiali's): HTTP operation fields, request principals, remote IP blocks, or a `when` key ztunnel
 * does not know.
 */
function isL7AuthorizationPolicy(spec: any): boolean {
  return (spec?.rules ?? []).some((r: any) =>
    (r?.to ?? []).some((t: any) => ['hosts', 'notHosts', 'methods', 'notMethods', 'paths', 'notPaths'].some((k) => (t?.operation?.[k] ?? []).length))
    || (r?.from ?? []).some((f: any) => ['requestPrincipals', 'notRequestPrincipals', 'remoteIpBlocks', 'notRemoteIpBlocks'].some((k) => (f?.source?.[k] ?? []).length))
    || (r?.when ?? []).some((c: any) => c?.key && !L4_WHEN.has(c.key)));
}

/** Telemetry that only a waypoint applies: tracing, access logging or metric overrides. */
function isL7Telemetry(spec: any): boolean {
  return (spec?.tracing ?? []).length > 0 || (spec?.accessLogging ?? []).length > 0 || (spec?.metrics ?? []).some((m: any) => (m?.overrides ?? []).length);
}

/** A DestinationRule with HTTP features: consistent hash on a header or cookie, an HTTP pool, outlier detection. */
function isL7DestinationRule(spec: any): boolean {
  return [spec?.trafficPolicy, ...(spec?.subsets ?? []).map((s: any) => s?.trafficPolicy)].some((tp: any) => tp && (
    tp.loadBalancer?.consistentHash?.httpHeaderName || tp.loadBalancer?.consistentHash?.httpCookie || tp.connectionPool?.http || tp.outlierDetection));
}

/** The waypoints something names (`ns/name`): Namespaces, Services, ServiceEntries, pods. */
function waypointsInUse(index: ManifestIndex): ReadonlySet<string> {
  return index.memo('kiali-waypoints-in-use', () => {
    const used = new Set<string>();
    const add = (labels: Record<string, string>, ns: string) => {
      const name = labels[USE_WAYPOINT];
      if (name && name !== 'none') used.add(`${labels[USE_WAYPOINT_NAMESPACE] || ns}/${name}`);
    };
    for (const [name, ns] of index.namespaces) add(labelsOf(ns), name);
    for (const o of [...index.list('', 'Service'), ...index.list(NET, 'ServiceEntry')]) add(labelsOf(o), nsOf(o));
    for (const w of index.workloads) add({ ...w.labels }, w.namespace);
    return used;
  });
}

/**
 * Whether traffic reaches a waypoint that applies a policy: every Service (or ServiceEntry) it
 * targets is enrolled; a waypoint Gateway it targets is used by something; an ingress Gateway or
 * the istio-waypoint GatewayClass need nothing. Without usable targetRefs, the pods its selector
 * picks (or its namespace) must be enrolled. Kiali v2.30.0 ambient_policy_checker.go:295
 * enrollmentNeedsWarning (which reads Gateway targetRefs as the namespace).
 */
function lacksEnrollment(index: ManifestIndex, obj: any): boolean {
  const ns = nsOf(obj);
  const nsLabels = namespaceLabels(index, ns);
  const refs = targetRefsOf(obj.spec);
  const verdicts = refs.map((ref): boolean | undefined => {
    if (isCoreRef(ref, 'Service')) {
      const svc = index.services.get(`${ref.name}.${ns}.svc.cluster.local`);
      return svc ? enrolled(labelsOf(svc), nsLabels) : undefined;
    }
    if (ref.kind === 'ServiceEntry' && ref.group === NET) {
      const se = index.memo('kiali-serviceentries', () => new Map(index.list(NET, 'ServiceEntry').map((e) => [keyOf(e), e]))).get(`${ns}/${ref.name}`);
      return se ? enrolled(labelsOf(se), nsLabels) : undefined;
    }
    if (ref.kind === 'GatewayClass') return true;
    if (ref.kind === 'Gateway' && (ref.group ?? GW) === GW) {
      const g = k8sGateways(index).get(`${ns}/${ref.name}`);
      if (!g) return undefined;
      return !isWaypointGateway(index, g) || waypointsInUse(index).has(`${ns}/${ref.name}`);
    }
    return undefined;
  }).filter((v): v is boolean => v !== undefined);
  if (verdicts.length) return verdicts.some((v) => !v);
  const selector = matchLabelsOf(obj);
  if (!refs.length && Object.keys(selector).length) {
    const pods = index.selectWorkloads(ns, selector).filter((w) => !isGatewayWorkload(w) && w.labels[DATAPLANE_MODE] !== 'none');
    if (pods.length) return pods.some((w) => !enrolled(w.labels, nsLabels));
  }
  return !enrolled({}, nsLabels);
}

/**
 * A selector policy for pods no waypoint is about: an ingress Gateway's (gateways honor
 * selector policies), or pods that all run outside ambient (sidecars, `dataplane-mode: none`).
 */
function forNonAmbientPods(index: ManifestIndex, obj: any): boolean {
  const ns = nsOf(obj);
  const selector = matchLabelsOf(obj);
  if (!Object.keys(selector).length || targetRefsOf(obj.spec).length) return false;
  const gatewayName = selector['gateway.networking.k8s.io/gateway-name'];
  const gateway = gatewayName === undefined ? undefined : k8sGateways(index).get(`${ns}/${gatewayName}`);
  if (gateway && !isWaypointGateway(index, gateway)) return true;
  const pods = index.selectWorkloads(ns, selector);
  return pods.length > 0 && pods.every((w) => isGatewayWorkload(w) || !hasAmbientLabel(index, w));
}

const POLICY_KINDS = [
  { group: SEC, kind: 'AuthorizationPolicy', l7: isL7AuthorizationPolicy, noTargetRefs: 'KIA0110', notEnrolled: 'KIA0109', what: 'its HTTP rules' },
  { group: SEC, kind: 'RequestAuthentication', l7: () => true, noTargetRefs: 'KIA1115', notEnrolled: 'KIA1110', what: 'JWT validation' },
  { group: 'extensions.istio.io', kind: 'WasmPlugin', l7: () => true, noTargetRefs: 'KIA1116', notEnrolled: 'KIA1111', what: 'the plugin' },
  { group: 'telemetry.istio.io', kind: 'Telemetry', l7: isL7Telemetry, noTargetRefs: 'KIA1117', notEnrolled: 'KIA1112', what: 'tracing, access logs and metric overrides' },
];

/**
 * L7 policies of ambient namespaces (HTTP AuthorizationPolicies, RequestAuthentications,
 * WasmPlugins, L7 Telemetry): KIA0110, KIA1115, KIA1116, KIA1117 without targetRefs (waypoints
 * ignore selector and namespace-wide policies; ztunnel turns an L7 ALLOW into deny); KIA0109,
 * KIA1110, KIA1111, KIA1112 when no waypoint gets the traffic (no `istio.io/use-waypoint`).
 */
export const ambientPolicies: Analyzer = {
  name: 'kiali.AmbientPolicyChecker',
  codes: ['KIA0109', 'KIA0110', 'KIA1110', 'KIA1111', 'KIA1112', 'KIA1115', 'KIA1116', 'KIA1117'],
  analyze({ index, report }) {
    for (const k of POLICY_KINDS) {
      for (const obj of index.list(k.group, k.kind)) {
        const ns = nsOf(obj);
        if (!isAmbientNamespace(index, ns) || !k.l7(obj.spec) || forNonAmbientPods(index, obj)) continue;
        // One finding per policy: without targetRefs no waypoint reads it, enrolled or not.
        if (!targetRefsOf(obj.spec).length) {
          const enroll = lacksEnrollment(index, obj) ? `, and enroll its Services in a waypoint (istio.io/use-waypoint on them or on namespace ${ns})` : '';
          report(k.noTargetRefs, obj, [], { fix: `Attach it to the waypoint with targetRefs (kind Service, or the waypoint Gateway) instead of ${Object.keys(matchLabelsOf(obj)).length ? 'a selector' : 'applying it namespace-wide'}${enroll}: in ambient only a waypoint applies ${k.what}.` });
        } else if (lacksEnrollment(index, obj)) {
          report(k.notEnrolled, obj, [], { fix: `Enroll what it targets to a waypoint: label the Service or namespace ${ns} istio.io/use-waypoint=<waypoint Gateway> (MeshNamespace labels).` });
        }
      }
    }
  },
};

/** The ambient Services a list of hosts names (deduplicated), with the index of the first naming host. */
function ambientServices(index: ManifestIndex, mesh: ResolvedMeshConfig, hosts: readonly string[], ns: string): any[] {
  const namespaces = existingNamespaces(index, mesh);
  const found = new Map<string, any>();
  for (const h of hosts) {
    if (!h || h === '*') continue;
    const host = serviceHost(h, ns, namespaces);
    if (!host || !isAmbientNamespace(index, host.namespace)) continue;
    const svc = serviceOf(index, host);
    if (svc && !found.has(keyOf(svc))) found.set(keyOf(svc), svc);
  }
  return [...found.values()];
}

/**
 * L7 routing of ambient Services (VirtualServices with HTTP or TLS routes for mesh traffic, L7
 * DestinationRules): KIA1113, KIA0211 when the Service is not enrolled to a waypoint; KIA1114,
 * KIA0212 when the object is neither in the Service's namespace nor in its waypoint's (the only
 * ones a waypoint reads); KIA1109, KIA0210 when it names no ambient Service and its own ambient
 * namespace is not enrolled.
 */
export const ambientRouting: Analyzer = {
  name: 'kiali.AmbientRoutingChecker',
  codes: ['KIA0210', 'KIA0211', 'KIA0212', 'KIA1109', 'KIA1113', 'KIA1114'],
  analyze({ index, mesh, report }) {
    const kinds = [
      {
        kind: 'VirtualService', codes: ['KIA1113', 'KIA1114', 'KIA1109'],
        l7: (spec: any) => ((spec?.http ?? []).length > 0 || (spec?.tls ?? []).length > 0) && (!(spec?.gateways ?? []).length || spec.gateways.includes('mesh')),
        hosts: (spec: any) => (spec?.hosts ?? []).map(String),
      },
      { kind: 'DestinationRule', codes: ['KIA0211', 'KIA0212', 'KIA0210'], l7: isL7DestinationRule, hosts: (spec: any) => [String(spec?.host ?? '')] },
    ];
    for (const k of kinds) {
      const [notEnrolled, elsewhere, nsNotEnrolled] = k.codes;
      for (const obj of index.list(NET, k.kind)) {
        if (!k.l7(obj.spec)) continue;
        const ns = nsOf(obj);
        const services = ambientServices(index, mesh, k.hosts(obj.spec), ns);
        const unenrolled = services.filter((svc) => !enrolled(labelsOf(svc), namespaceLabels(index, nsOf(svc))));
        if (unenrolled.length) {
          report(notEnrolled, obj, [], { fix: `Label Service ${listed(unenrolled.map(keyOf))} (or its namespace) istio.io/use-waypoint=<waypoint Gateway>: only a waypoint applies L7 routing in ambient.` });
        }
        const away = services.filter((svc) => nsOf(svc) !== ns && waypointRef(index, labelsOf(svc), nsOf(svc))?.namespace !== ns);
        if (away.length) {
          report(elsewhere, obj, [], { fix: `Move it to namespace ${listed(away.map(nsOf))} of Service ${listed(away.map(keyOf))}: a waypoint reads only the ones of the Service's or its own namespace.` });
        }
        if (!services.length && isAmbientNamespace(index, ns) && !enrolled({}, namespaceLabels(index, ns))) {
          report(nsNotEnrolled, obj, [], { fix: `Label namespace ${ns} istio.io/use-waypoint=<waypoint Gateway> (MeshNamespace labels), or route only Services enrolled to a waypoint.` });
        }
      }
    }
  },
};

/**
 * What is wrong with waypoint `ref` for something of namespace `ns` enrolled in it, or undefined
 * when it is usable (or lives in a namespace the manifests do not create). `needs` is the traffic
 * the enrolled object sends through it: a pod's label needs `workload`, a Service's `service`.
 */
export function waypointProblem(index: ManifestIndex, ref: WaypointRef, ns: string, needs?: 'workload' | 'service'): string | undefined {
  if (!definedNamespaces(index).has(ref.namespace)) return undefined;
  const where = `${ref.namespace}/${ref.name}`;
  const g = k8sGateways(index).get(where);
  if (!g) return `no Gateway ${where} exists: create it with gatewayClassName istio-waypoint (istioctl waypoint generate)`;
  if (!isWaypointGateway(index, g)) return `Gateway ${where} has class ${g.spec?.gatewayClassName}: a waypoint has class istio-waypoint`;
  const type = waypointTrafficType(index, g);
  if (type === 'none') return `waypoint ${where} is labelled istio.io/waypoint-for: none`;
  if (needs && type !== needs && type !== 'all') {
    return needs === 'workload'
      ? `waypoint ${where} takes ${type} traffic only: a pod's istio.io/use-waypoint needs istio.io/waypoint-for: workload (or all)`
      : `waypoint ${where} takes ${type} traffic only: a Service's istio.io/use-waypoint needs istio.io/waypoint-for: service (or all)`;
  }
  const hbone = (g.spec?.listeners ?? []).filter((l: any) => l?.protocol === 'HBONE' && l?.port === 15008);
  if (!gatewayAllows(index, g, ns, hbone)) {
    return `waypoint ${where} does not let namespace ${ns} use it: set allowedRoutes.namespaces.from All (or a Selector) on its mesh listener`;
  }
  return undefined;
}

/** Whether a workload reaches a waypoint: its own or namespace label, or a Service of it enrolled, names a usable one. */
function hasWaypoint(index: ManifestIndex, w: IndexedWorkload): boolean {
  const fromServices = index.memo('kiali-service-waypoints', () => {
    const map = new Map<IndexedWorkload, Record<string, string>[]>();
    for (const svc of index.list('', 'Service')) {
      const selector = svc.spec?.selector ?? {};
      if (!(USE_WAYPOINT in labelsOf(svc)) || !Object.keys(selector).length) continue;
      for (const x of index.selectWorkloads(nsOf(svc), selector)) pushTo(map, x, labelsOf(svc));
    }
    return map;
  });
  const usable = (labels: Record<string, string>) => {
    const ref = waypointRef(index, labels, w.namespace);
    return !!ref && (!definedNamespaces(index).has(ref.namespace) || k8sGateways(index).has(`${ref.namespace}/${ref.name}`));
  };
  return usable({ ...w.labels }) || (fromServices.get(w) ?? []).some(usable);
}

/**
 * Workloads and ambient: KIA1311, pods set for both a sidecar and ambient (the sidecar wins, they
 * leave ambient); KIA1312, pods with a waypoint label that are not in ambient; KIA1313, pods
 * whose own label names a waypoint that does not exist or cannot take them, for waypoint
 * namespaces the manifests create (a Namespace's or Service's label: CI0303); KIA1317, ambient pods without a waypoint that an L7 AuthorizationPolicy of
 * their namespace applies to (ztunnel cannot enforce it).
 */
export const ambientWorkloads: Analyzer = {
  name: 'kiali.AmbientWorkloadChecker',
  codes: ['KIA1311', 'KIA1312', 'KIA1313', 'KIA1317'],
  analyze({ index, report }) {
    for (const w of index.workloads) {
      if (isGatewayWorkload(w)) continue;
      const ambient = hasAmbientLabel(index, w);
      if (ambient && hasSidecarLabel(index, w)) {
        report('KIA1311', w.object, [], { fix: `Choose one data plane: drop the sidecar injection (istio-injection, istio.io/rev, sidecar.istio.io/inject) or the ambient label (istio.io/dataplane-mode) of the pods or of namespace ${w.namespace}; MeshNamespace dataplaneMode sets one.` });
      }
      const labelled = w.labels[DATAPLANE_MODE] !== 'none' && waypointRef(index, w.labels, w.namespace) !== undefined;
      if (!labelled || !hasPods(w)) continue;
      if (!ambient) {
        report('KIA1312', w.object, [], { fix: `Put its pods in ambient (istio.io/dataplane-mode: ambient on them or on namespace ${w.namespace}), or drop istio.io/use-waypoint: only ambient pods use a waypoint.` });
      }
      // A waypoint named by the namespace's label is one mistake, on the Namespace (CI0303), not
      // one per workload as Kiali lists it.
      const ref = waypointRef(index, w.labels, w.namespace);
      const problem = ref?.from === 'resource' ? waypointProblem(index, ref, w.namespace, 'workload') : undefined;
      if (problem) report('KIA1313', w.object, [], { fix: `Fix the waypoint it names: ${problem}.` });
    }
    for (const ap of index.list(SEC, 'AuthorizationPolicy')) {
      if (!isL7AuthorizationPolicy(ap.spec)) continue;
      const ns = nsOf(ap);
      // An L7 policy of an ambient namespace is reported once, on the policy (KIA0109, KIA0110).
      if (isAmbientNamespace(index, ns) && !forNonAmbientPods(index, ap)) continue;
      const refs = targetRefsOf(ap.spec);
      const targets = refs.length
        ? refs.filter((r) => isCoreRef(r, 'Service')).flatMap((r) => {
          const selector = index.services.get(`${r.name}.${ns}.svc.cluster.local`)?.spec?.selector ?? {};
          return Object.keys(selector).length ? index.selectWorkloads(ns, selector) : [];
        })
        : index.selectWorkloads(ns, matchLabelsOf(ap));
      for (const w of targets) {
        if (isGatewayWorkload(w) || w.labels[DATAPLANE_MODE] === 'none' || !hasAmbientLabel(index, w) || hasWaypoint(index, w)) continue;
        report('KIA1317', w.object, [], { fix: `Give it a waypoint (a Gateway of class istio-waypoint, and istio.io/use-waypoint on namespace ${ns} or its Service), or keep AuthorizationPolicy ${keyOf(ap)} to L4 fields (ports, principals, namespaces): ztunnel cannot enforce the others.` });
      }
    }
  },
};
