// Helpers the analyzers share, after istioctl's (pkg/config/analysis/analyzers/util at 1.28.10)
// and the Kubernetes label selectors they use.
import { AnalyzedResource, PodView, Resources } from './resources';

/** The value when it is an array, else an empty one. */
export const arr = (v: unknown): any[] => (Array.isArray(v) ? v : []);
/** The value when it is a plain object, else an empty one. */
export const rec = (v: unknown): Record<string, any> => (typeof v === 'object' && v !== null && !Array.isArray(v) ? v as Record<string, any> : {});
/** The value as a string; `''` for null and undefined. */
export const str = (v: unknown): string => (v === undefined || v === null ? '' : String(v));
/** Whether a map has a key of its own. */
export const has = (m: object | undefined, k: string): boolean => m !== undefined && Object.prototype.hasOwnProperty.call(m, k);

/** `namespace/name`, or `name` without a namespace (resource.FullName.String()). */
export const fullName = (namespace: string, name: string): string => (namespace ? `${namespace}/${name}` : name);

/** A label selector made of equalities, as `labels.SelectorFromSet`. */
export interface SetSelector {
  /** True when it has no requirement (it then selects everything). */
  readonly empty: boolean;
  /** The labels it requires. */
  readonly labels: Readonly<Record<string, string>>;
  /** `k1=v1,k2=v2`, keys sorted: Selector.String(). */
  readonly text: string;
  matches(labels: Readonly<Record<string, string>> | undefined): boolean;
}

/** `labels.SelectorFromSet(m)`: every key present with an equal value; `{}` or none selects everything. */
export function setSelector(m: unknown): SetSelector {
  const labels: Record<string, string> = {};
  for (const [k, v] of Object.entries(rec(m))) labels[k] = str(v);
  const keys = Object.keys(labels);
  let text: string | undefined;
  return {
    empty: keys.length === 0,
    labels,
    get text() {
      return (text ??= [...keys].sort().map((k) => `${k}=${labels[k]}`).join(','));
    },
    matches: (l) => keys.every((k) => l !== undefined && has(l, k) && l[k] === labels[k]),
  };
}

/** The key of a selector's text before its first `=` (the alphabetically first key): istioctl's line paths use it. */
export const firstKey = (selectorText: string): string => {
  const i = selectorText.indexOf('=');
  return i < 0 ? '' : selectorText.slice(0, i);
};

/**
 * `metav1.LabelSelectorAsSelector(ls).Matches(labels)`: matchLabels and matchExpressions (`In`,
 * `NotIn`, `Exists`, `DoesNotExist`); a selector that does not convert (unknown operator, values
 * where none belong or none where some must) matches nothing. Callers treat a missing selector.
 */
export function labelSelectorMatches(selector: unknown, labels: Readonly<Record<string, string>>): boolean {
  const ls = rec(selector);
  for (const [k, v] of Object.entries(rec(ls.matchLabels))) if (!has(labels, k) || labels[k] !== str(v)) return false;
  for (const e of arr(ls.matchExpressions)) {
    const values = arr(e?.values).map(str);
    const key = str(e?.key);
    switch (e?.operator) {
      case 'In':
        if (!values.length || !has(labels, key) || !values.includes(labels[key])) return false;
        break;
      case 'NotIn':
        if (!values.length || (has(labels, key) && values.includes(labels[key]))) return false;
        break;
      case 'Exists':
        if (values.length || !has(labels, key)) return false;
        break;
      case 'DoesNotExist':
        if (values.length || has(labels, key)) return false;
        break;
      default:
        return false;
    }
  }
  return true;
}

/** istio `maps.Contains(superset, subset)`: every entry of `subset` is in `superset`. */
export function mapContains(superset: Readonly<Record<string, string>>, subset: unknown): boolean {
  return Object.entries(rec(subset)).every(([k, v]) => has(superset, k) && superset[k] === str(v));
}

// ------------------------------------------------------------------------------------ hosts
// util/hosts.go, pkg/config/host/name.go

/** `ConvertHostToFQDN`: a host without a dot (and not a wildcard) is a Service of the namespace. */
export const toFqdn = (namespace: string, host: string): string => (!host.startsWith('*') && !host.includes('.') ? `${host}.${namespace}.svc.cluster.local` : host);

/** `GetResourceNameFromHost`: `name.ns.svc.cluster.local` → ns/name; anything else is a name in `namespace`. */
export function resourceNameFromHost(namespace: string, host: string): { namespace: string; name: string } {
  const m = /^(.+)\.(.+)\.svc\.cluster\.local$/.exec(host);
  return m && m[2] ? { namespace: m[2], name: m[1] } : { namespace, name: host };
}

/** `NewShortOrFullName`: `ns/name`, or a name in `namespace`. */
export function shortOrFullName(namespace: string, s: string): { namespace: string; name: string } {
  const i = s.indexOf('/');
  return i < 0 ? { namespace, name: s } : { namespace: s.slice(0, i), name: s.slice(i + 1) };
}

/** `host.Name.Matches`: equal, or one a wildcard whose suffix the other ends with. */
export function hostMatches(a: string, b: string): boolean {
  const aw = a.startsWith('*');
  const bw = b.startsWith('*');
  if (aw && bw) return a.length < b.length ? b.slice(1).endsWith(a.slice(1)) : a.slice(1).endsWith(b.slice(1));
  if (aw) return b.endsWith(a.slice(1));
  if (bw) return a.endsWith(b.slice(1));
  return a === b;
}

/** `host.NamesForNamespace`: `ns/host` entries of another namespace dropped, the prefix removed. */
export function namesForNamespace(hosts: readonly string[], namespace: string): string[] {
  const out: string[] = [];
  for (const h of hosts) {
    const i = h.indexOf('/');
    if (i < 0) {
      out.push(h);
    } else {
      const ns = h.slice(0, i);
      if (ns === namespace || ns === '*') out.push(h.slice(i + 1));
    }
  }
  return out;
}

/** `IsExportToAllNamespaces`: no exportTo, or one containing `*`. */
export const exportsToAll = (exportTo: unknown): boolean => arr(exportTo).length === 0 || arr(exportTo).includes('*');

/** A Service or ServiceEntry as `InitServiceEntryHostMap` records it. */
export interface HostEntry {
  readonly ports: ReadonlyArray<{ readonly number: number; readonly name: string; readonly protocol: string }>;
  readonly workloadSelectorLabels: Readonly<Record<string, string>>;
}

interface HostMap {
  readonly entries: Map<string, HostEntry>;
  /** Entries whose host is a wildcard, in insertion order: [scope, host without `*`, entry]. */
  readonly wildcards: Array<[string, string, HostEntry]>;
}

/**
 * `InitServiceEntryHostMap` (util/service_lookup.go:29-90): every ServiceEntry host and Service
 * FQDN, scoped by the namespaces it is exported to (`*` for all).
 */
export function hostMap(resources: Resources): HostMap {
  return resources.memo('host-map', () => {
    const entries = new Map<string, HostEntry>();
    for (const r of resources.list('ServiceEntry')) {
      const se = rec(r.spec);
      const entry: HostEntry = {
        ports: arr(se.ports).map((p) => ({ number: Number(p?.number ?? 0), name: str(p?.name), protocol: str(p?.protocol) })),
        workloadSelectorLabels: setSelector(rec(se.workloadSelector).labels).labels,
      };
      const exportTo = arr(se.exportTo).map(str);
      let all = false;
      for (const h of arr(se.hosts).map(str)) {
        const fqdn = toFqdn(r.namespace, h);
        if (exportTo.length === 0 || all) {
          entries.set(`*/${fqdn}`, entry);
          continue;
        }
        for (const e of exportTo) {
          if (e === '*') {
            entries.set(`*/${fqdn}`, entry);
            all = true;
            break;
          }
          entries.set(`${e === '.' ? r.namespace : e}/${fqdn}`, entry);
        }
      }
    }
    for (const r of resources.list('Service')) {
      const entry: HostEntry = {
        ports: arr(rec(r.spec).ports).map((p) => ({ number: Number(p?.port ?? 0), name: str(p?.name), protocol: str(p?.protocol) })),
        workloadSelectorLabels: {},
      };
      const anno = r.annotations['networking.istio.io/exportTo'];
      const scopes = !anno ? ['*'] : anno.split(',').map((x) => x.trim()).map((x) => (x === '.' ? r.namespace : x));
      for (const scope of scopes) entries.set(`${scope}/${toFqdn(r.namespace, r.name)}`, entry);
    }
    const wildcards: Array<[string, string, HostEntry]> = [];
    for (const [key, entry] of entries) {
      const i = key.indexOf('/');
      const host = key.slice(i + 1);
      if (host.startsWith('*')) wildcards.push([key.slice(0, i), host.slice(1), entry]);
    }
    return { entries, wildcards };
  });
}

/**
 * `GetDestinationHost` (util/service_lookup.go:109-163): the Service or ServiceEntry a host of a
 * resource of `namespace` (exported to `exportTo`) names, exported to all namespaces, to those of
 * `exportTo` (its own without any), or a wildcard ServiceEntry host it ends with.
 */
export function destinationHost(resources: Resources, namespace: string, exportTo: unknown, host: string): HostEntry | undefined {
  const { entries, wildcards } = hostMap(resources);
  const fqdn = toFqdn(namespace, host);
  const all = entries.get(`*/${fqdn}`);
  if (all) return all;
  const scopes = arr(exportTo).map(str);
  for (const scope of scopes.length === 0 ? [namespace] : scopes.map((e) => (e === '.' ? namespace : e))) {
    const found = entries.get(`${scope}/${fqdn}`);
    if (found) return found;
  }
  const bare = host.startsWith('*') ? host.slice(1) : host;
  for (const [scope, suffix, entry] of wildcards) {
    if ((scope === '*' || scope === namespace) && bare.endsWith(suffix)) return entry;
  }
  return undefined;
}

// ------------------------------------------------------------------------------------ workloads
// util/in_mesh.go, util/config.go

/**
 * `inMesh` (util/in_mesh.go:68-91): an `istio-proxy` container with an image, else the
 * `sidecar.istio.io/inject` label, else the annotation, else the namespace's `istio-injection`.
 */
export function inMesh(resources: Resources, annotations: Readonly<Record<string, string>>, labels: Readonly<Record<string, string>>, namespace: string, containers: readonly any[]): boolean {
  const proxy = containers.find((c) => c?.name === 'istio-proxy');
  if (proxy && str(proxy.image) !== '') return true;
  if (has(labels, 'sidecar.istio.io/inject')) return labels['sidecar.istio.io/inject'] === 'true';
  if (has(annotations, 'sidecar.istio.io/inject')) return annotations['sidecar.istio.io/inject'] === 'true';
  const ns = resources.namespace(namespace);
  return ns !== undefined && ns.labels['istio-injection'] === 'enabled';
}

/** `PodInMesh`: a pod's containers and init containers. */
export function podInMesh(resources: Resources, pod: PodView): boolean {
  return inMesh(resources, pod.annotations, pod.labels, pod.namespace, [...arr(pod.spec.containers), ...arr(pod.spec.initContainers)]);
}

/** `DeploymentInMesh`: a Deployment's pod template (containers only). */
export function deploymentInMesh(resources: Resources, deployment: AnalyzedResource): boolean {
  const template = rec(rec(deployment.spec).template);
  const metadata = rec(template.metadata);
  return inMesh(resources, metadata.annotations ?? {}, metadata.labels ?? {}, deployment.namespace, arr(rec(template.spec).containers));
}

/** `NamespaceInAmbientMode` (util/in_mesh.go:54-66). */
export function namespaceInAmbient(ns: AnalyzedResource | undefined): boolean {
  if (!ns) return false;
  if (ns.labels['istio-injection'] === 'enabled') return false;
  if (ns.labels['istio.io/rev']) return false;
  return ns.labels['istio.io/dataplane-mode'] === 'ambient';
}

/**
 * `PodInAmbientMode` (util/in_mesh.go:45-51): the `ambient.istio.io/redirection: enabled`
 * annotation Istio's CNI sets on a running pod. A pod template has none yet: it counts as ambient
 * when its pods will be (the `istio.io/dataplane-mode: ambient` label, or an ambient namespace
 * without the template opting out with `istio.io/dataplane-mode: none`).
 */
export function podInAmbient(resources: Resources, pod: PodView): boolean {
  if (pod.annotations['ambient.istio.io/redirection'] === 'enabled') return true;
  if (!pod.template) return false;
  const mode = pod.labels['istio.io/dataplane-mode'];
  return mode === 'ambient' || (mode !== 'none' && namespaceInAmbient(resources.namespace(pod.namespace)));
}

/** `IsIstioControlPlane` (util/config.go:22-30): the object's own labels have `istio`, or `release: istio`. */
export const isControlPlane = (r: AnalyzedResource): boolean => has(r.labels, 'istio') || r.labels.release === 'istio';

/** `GetInjectorConfigMapName`: `istio-sidecar-injector`, or `istio-sidecar-injector-<rev>`. */
export const injectorConfigMapName = (revision: string): string => (!revision || revision === 'default' ? 'istio-sidecar-injector' : `istio-sidecar-injector-${revision}`);

/** `intstr.IntValue()`: an integer, or a string holding one; 0 otherwise. */
export function intValue(v: unknown): number {
  if (typeof v === 'number') return Number.isInteger(v) ? v : 0;
  if (typeof v === 'string' && /^[+-]?\d+$/.test(v)) return parseInt(v, 10);
  return 0;
}

/** A target port as istioctl prints it: the number or name; `0` when absent. */
export const targetPortText = (v: unknown): string => (v === undefined || v === null ? '0' : String(v));

/** Go's `%q` of a string. */
export const goQuote = (s: string): string => JSON.stringify(s);

/**
 * The Services of `namespace` whose selector selects `labels`, in manifest order, through an index
 * by selector label; with `withoutSelector`, Services without a selector too (Go's empty selector
 * matches everything).
 */
export function servicesSelecting(resources: Resources, namespace: string, labels: Readonly<Record<string, string>>, withoutSelector: boolean): AnalyzedResource[] {
  type Entry = [number, AnalyzedResource, SetSelector];
  const index = resources.memo('services-by-selector-label', () => {
    const byLabel = new Map<string, Entry[]>();
    const unselective = new Map<string, Entry[]>();
    resources.list('Service').forEach((s, i) => {
      const sel = setSelector(rec(s.spec).selector);
      // One entry per Service: under its alphabetically first selector label, or as selecting everything.
      const first = Object.keys(sel.labels).sort()[0];
      const key = sel.empty ? s.namespace : `${s.namespace}\u0000${first}=${sel.labels[first]}`;
      const map = sel.empty ? unselective : byLabel;
      const list = map.get(key);
      if (list) list.push([i, s, sel]); else map.set(key, [[i, s, sel]]);
    });
    return { byLabel, unselective };
  });
  const found: Entry[] = withoutSelector ? [...(index.unselective.get(namespace) ?? [])] : [];
  for (const [k, v] of Object.entries(labels)) {
    for (const entry of index.byLabel.get(`${namespace}\u0000${k}=${v}`) ?? []) {
      if (entry[2].matches(labels)) found.push(entry);
    }
  }
  return found.length < 2 ? found.map(([, s]) => s) : found.sort((a, b) => a[0] - b[0]).map(([, s]) => s);
}
