// What the Kiali validations (src/checks/analyzers/kiali-*.ts) share: the namespaces the
// manifests know, label selectors, host parsing, exportTo visibility, service accounts, and the
// mesh membership of workloads (sidecar, ambient, waypoints). Kiali reads a live cluster; these
// read the manifests, so "not found" is only said of namespaces the manifests create.

import { fqdn } from '../../private/hosts';
import { nsOf } from '../../private/manifests';
import { IndexedWorkload, ManifestIndex } from '../manifest-index';
import { ResolvedMeshConfig } from '../mesh-config';

export const NET = 'networking.istio.io';
export const SEC = 'security.istio.io';
export const GW = 'gateway.networking.k8s.io';

export const DATAPLANE_MODE = 'istio.io/dataplane-mode';
export const USE_WAYPOINT = 'istio.io/use-waypoint';
export const USE_WAYPOINT_NAMESPACE = 'istio.io/use-waypoint-namespace';
export const WAYPOINT_FOR = 'istio.io/waypoint-for';
export const WAYPOINT_CLASS = 'istio-waypoint';

/** The labels of an object. */
export const labelsOf = (o: any): Record<string, string> => o?.metadata?.labels ?? {};

/** The selector labels of a policy (`spec.selector.matchLabels`), empty when it has none. */
export const matchLabelsOf = (o: any): Record<string, string> => o?.spec?.selector?.matchLabels ?? {};

/** `ns/name` of an object. */
export const keyOf = (o: any): string => `${nsOf(o)}/${o?.metadata?.name}`;

/** True when every label of `subset` is in `labels` with the same value. */
export function isSubset(subset: Readonly<Record<string, string>>, labels: Readonly<Record<string, string>>): boolean {
  return Object.entries(subset).every(([k, v]) => labels[k] === v);
}

/** Sorted `k=v,...` of a label map, to compare label sets. */
export const labelKey = (labels: Readonly<Record<string, string>> | undefined): string =>
  Object.entries(labels ?? {}).map(([k, v]) => `${k}=${v}`).sort().join(',');

/** A Kubernetes LabelSelector (matchLabels and matchExpressions) against labels; `{}` matches all. */
export function selectorMatches(selector: any, labels: Readonly<Record<string, string>>): boolean {
  if (!selector || typeof selector !== 'object') return false;
  if (!isSubset(selector.matchLabels ?? {}, labels)) return false;
  return (selector.matchExpressions ?? []).every((e: any) => {
    const has = e?.key in labels;
    const values: string[] = e?.values ?? [];
    switch (e?.operator) {
      case 'In': return has && values.includes(labels[e.key]);
      case 'NotIn': return !has || !values.includes(labels[e.key]);
      case 'Exists': return has;
      case 'DoesNotExist': return !has;
      default: return false;
    }
  });
}

/**
 * Namespaces the manifests create (Namespace objects): only for these do the checks say that
 * something (a workload, a service account, a Service) does not exist.
 */
export function definedNamespaces(index: ManifestIndex): ReadonlySet<string> {
  return index.memo('kiali-defined-namespaces', () => new Set(index.namespaces.keys()));
}

/**
 * Namespaces that exist as far as the manifests tell: those they create or put objects in, the
 * ones every cluster has, and the mesh's root namespace.
 */
export function existingNamespaces(index: ManifestIndex, mesh: ResolvedMeshConfig): ReadonlySet<string> {
  return index.memo(`kiali-existing-namespaces:${mesh.rootNamespace}`, () => new Set([
    'default', 'kube-system', 'kube-public', 'kube-node-lease', mesh.rootNamespace,
    ...index.namespaces.keys(),
    ...index.objects.map((o) => o?.metadata?.namespace).filter((n): n is string => typeof n === 'string'),
  ]));
}

/** The labels of a namespace, with the `kubernetes.io/metadata.name` label Kubernetes adds. */
export function namespaceLabels(index: ManifestIndex, ns: string): Record<string, string> {
  return { ...labelsOf(index.namespaces.get(ns)), 'kubernetes.io/metadata.name': ns };
}

/** An ambient namespace: labelled `istio.io/dataplane-mode: ambient`. */
export function isAmbientNamespace(index: ManifestIndex, ns: string): boolean {
  return labelsOf(index.namespaces.get(ns))[DATAPLANE_MODE] === 'ambient';
}

/**
 * Whether a resource is enrolled to use a waypoint: its own `istio.io/use-waypoint` label when it
 * has one (`none` opts out), else its namespace's.
 */
export function enrolled(resourceLabels: Readonly<Record<string, string>>, nsLabels: Readonly<Record<string, string>>): boolean {
  const value = USE_WAYPOINT in resourceLabels ? resourceLabels[USE_WAYPOINT] : nsLabels[USE_WAYPOINT];
  return !!value && value !== 'none';
}

/** A waypoint a resource names, and where the name comes from. */
export interface WaypointRef {
  readonly name: string;
  readonly namespace: string;
  /** `resource` when the resource's own label names it, `namespace` when its namespace's does. */
  readonly from: 'resource' | 'namespace';
}

/**
 * The waypoint a resource of namespace `ns` uses, as istiod resolves it: its own
 * `istio.io/use-waypoint` (and `istio.io/use-waypoint-namespace`), else its namespace's; none
 * when the value is `none` or empty.
 */
export function waypointRef(index: ManifestIndex, labels: Readonly<Record<string, string>>, ns: string): WaypointRef | undefined {
  const nsLabels = namespaceLabels(index, ns);
  const [source, from] = USE_WAYPOINT in labels ? [labels, 'resource' as const] : [nsLabels, 'namespace' as const];
  const name = source[USE_WAYPOINT];
  if (!name || name === 'none') return undefined;
  return { name, namespace: source[USE_WAYPOINT_NAMESPACE] || ns, from };
}

/** Gateway API Gateways by `ns/name`. */
export function k8sGateways(index: ManifestIndex): ReadonlyMap<string, any> {
  return index.memo('kiali-k8s-gateways', () => new Map(index.list(GW, 'Gateway').map((g) => [keyOf(g), g])));
}

/** True for a waypoint Gateway: class `istio-waypoint`, or a class of Istio's mesh controller. */
export function isWaypointGateway(index: ManifestIndex, gateway: any): boolean {
  const cls = gateway?.spec?.gatewayClassName;
  if (cls === WAYPOINT_CLASS) return true;
  return index.list(GW, 'GatewayClass').some((c) => c?.metadata?.name === cls && c?.spec?.controllerName === 'istio.io/mesh-controller');
}

/** The traffic a waypoint takes (`istio.io/waypoint-for`: Gateway, else GatewayClass, else `service`). */
export function waypointTrafficType(index: ManifestIndex, gateway: any): string {
  const cls = index.list(GW, 'GatewayClass').find((c) => c?.metadata?.name === gateway?.spec?.gatewayClassName);
  return labelsOf(gateway)[WAYPOINT_FOR] ?? labelsOf(cls)[WAYPOINT_FOR] ?? 'service';
}

/**
 * Whether resources of namespace `fromNs` may use a Gateway (a waypoint, or a route's parent):
 * always from its own namespace, else by a listener's `allowedRoutes.namespaces` (`All`, or a
 * `Selector` matching the namespace's labels; `Same` by default).
 */
export function gatewayAllows(index: ManifestIndex, gateway: any, fromNs: string, listeners?: readonly any[]): boolean {
  if (nsOf(gateway) === fromNs) return true;
  return (listeners ?? gateway?.spec?.listeners ?? []).some((l: any) => {
    const from = l?.allowedRoutes?.namespaces?.from ?? 'Same';
    if (from === 'All') return true;
    if (from === 'Selector') return selectorMatches(l?.allowedRoutes?.namespaces?.selector, namespaceLabels(index, fromNs));
    return false;
  });
}

/** True for the pods of a gateway or waypoint (Istio labels them; they are never the app's). */
export function isGatewayWorkload(w: IndexedWorkload): boolean {
  return w.labels['gateway.networking.k8s.io/gateway-name'] !== undefined || w.labels['gateway.istio.io/managed'] !== undefined
    || w.labels.istio === 'ingressgateway' || w.labels.istio === 'egressgateway';
}

/**
 * Pods that join ambient: labelled `istio.io/dataplane-mode: ambient`, or in an ambient namespace
 * without the `none` opt-out (Kiali's hasAmbientLabel).
 */
export function hasAmbientLabel(index: ManifestIndex, w: IndexedWorkload): boolean {
  const mode = w.labels[DATAPLANE_MODE];
  return mode === 'ambient' || (mode !== 'none' && isAmbientNamespace(index, w.namespace));
}

/**
 * Pods the injector gives a sidecar: their namespace has `istio-injection: enabled` or a revision,
 * or the pod asks (`sidecar.istio.io/inject: "true"`, Kiali's `enabled`, or an `istio.io/rev`
 * label), and neither opts out (`istio-injection: disabled`, `sidecar.istio.io/inject: "false"`
 * or Kiali's `none`).
 */
export function hasSidecarLabel(index: ManifestIndex, w: IndexedWorkload): boolean {
  const ns = labelsOf(index.namespaces.get(w.namespace));
  const inject = w.labels['sidecar.istio.io/inject'] ?? w.annotations['sidecar.istio.io/inject'];
  const optIn = ns['istio-injection'] === 'enabled' || !!ns['istio.io/rev'] || inject === 'true' || inject === 'enabled' || !!w.labels['istio.io/rev'];
  const optOut = ns['istio-injection'] === 'disabled' || inject === 'false' || inject === 'none';
  return optIn && !optOut;
}

/** False for a controller scaled to zero: it has no pods. */
export function hasPods(w: IndexedWorkload): boolean {
  return w.object?.spec?.replicas !== 0;
}

/**
 * Service accounts by `ns/name`: ServiceAccount objects, the accounts pod templates run as, and
 * the accounts Istio creates for Gateway API gateways (`<name>-<class>`, a waypoint's `<name>`).
 * Every namespace also has `default`.
 */
export function serviceAccounts(index: ManifestIndex): ReadonlySet<string> {
  return index.memo('kiali-service-accounts', () => new Set([
    ...index.list('', 'ServiceAccount').map((sa) => keyOf(sa)),
    ...index.workloads.map((w) => `${w.namespace}/${w.spec?.serviceAccountName ?? w.spec?.serviceAccount ?? 'default'}`),
    ...index.list(GW, 'Gateway').map((g) => {
      const cls = g.spec?.gatewayClassName;
      const name = g.metadata?.annotations?.['gateway.istio.io/service-account'] ?? (cls === WAYPOINT_CLASS ? g.metadata?.name : `${g.metadata?.name}-${cls}`);
      return `${nsOf(g)}/${name}`;
    }),
  ]));
}

/** Whether service account `name` exists in namespace `ns` (`default` always does). */
export function hasServiceAccount(index: ManifestIndex, ns: string, name: string): boolean {
  return name === 'default' || serviceAccounts(index).has(`${ns}/${name}`);
}

/** A host that names a Service of the cluster: its name and namespace. */
export interface ServiceHost {
  readonly name: string;
  readonly namespace: string;
}

/**
 * Reads a host as a cluster Service, relative to namespace `ns`: `name`, `name.namespace` (when
 * that namespace exists), `name.namespace.svc` and `name.namespace.svc.cluster.local`. Other
 * hosts (external names, wildcards) are not Services.
 */
export function serviceHost(host: string, ns: string, namespaces: ReadonlySet<string>): ServiceHost | undefined {
  if (!host || host.includes('*') || host.includes('/')) return undefined;
  const parts = host.split('.');
  if (parts.length === 1) return { name: host, namespace: ns };
  if (parts.length === 2 && namespaces.has(parts[1])) return { name: parts[0], namespace: parts[1] };
  if ((parts.length === 3 && parts[2] === 'svc') || (parts.length === 5 && parts.slice(2).join('.') === 'svc.cluster.local')) {
    return { name: parts[0], namespace: parts[1] };
  }
  return undefined;
}

/** The Service a host names, when the manifests define it. */
export function serviceOf(index: ManifestIndex, host: ServiceHost): any {
  return index.services.get(fqdn(host.name, host.namespace));
}

/**
 * Whether an object with `spec.exportTo` (VirtualService, DestinationRule, ServiceEntry) is seen
 * from namespace `viewer`: no list or `*` means everywhere, `.` its own namespace, `~` nowhere.
 */
export function exportedTo(obj: any, viewer: string): boolean {
  const list: string[] = obj?.spec?.exportTo ?? [];
  if (list.length === 0) return true;
  return list.some((e) => e === '*' || e === viewer || (e === '.' && nsOf(obj) === viewer));
}

/** ServiceEntry hosts: exact ones, and the suffixes of wildcard ones (`*.example.com`). */
export function serviceEntryHosts(index: ManifestIndex): { exact: ReadonlySet<string>; suffixes: readonly string[] } {
  return index.memo('kiali-serviceentry-hosts', () => {
    const hosts: string[] = index.list(NET, 'ServiceEntry').flatMap((se) => (se.spec?.hosts ?? []).map((h: any) => String(h).toLowerCase()));
    return { exact: new Set(hosts.filter((h) => !h.startsWith('*'))), suffixes: hosts.filter((h) => h.startsWith('*')).map((h) => h.slice(1)) };
  });
}

/** Whether a ServiceEntry host covers `host` (exactly, or by its wildcard). */
export function serviceEntryCovers(index: ManifestIndex, host: string): boolean {
  const { exact, suffixes } = serviceEntryHosts(index);
  const h = host.toLowerCase();
  return exact.has(h) || suffixes.some((s) => h.endsWith(s));
}

/** The targetRefs of a policy (`spec.targetRef` and `spec.targetRefs`). */
export function targetRefsOf(spec: any): any[] {
  return [...(spec?.targetRef ? [spec.targetRef] : []), ...(spec?.targetRefs ?? [])].filter((r) => r && typeof r === 'object');
}

/** A targetRef or parentRef of `kind` in the core group (`""` or `core`). */
export const isCoreRef = (ref: any, kind: string): boolean => ref?.kind === kind && ['', 'core'].includes(ref?.group ?? '');

/** Formats a list for a fix line: `a, b and c`. */
export function listed(items: readonly string[]): string {
  const unique = [...new Set(items)];
  return unique.length <= 1 ? (unique[0] ?? '') : `${unique.slice(0, -1).join(', ')} and ${unique[unique.length - 1]}`;
}
