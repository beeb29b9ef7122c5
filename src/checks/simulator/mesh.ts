// The mesh as the simulator sees it: workloads with their proxies, callers, Services and the
// Istio / Gateway API objects, each list or map computed once per ManifestIndex (memo), so a
// simulation stays linear in the number of objects.
import { IndexedWorkload, ManifestIndex } from '../manifest-index';
import { groupOf, nsOf } from '../../private/manifests';

/** MeshConfig defaults (istio:pkg/config/mesh/mesh.go): root namespace and trust domain. */
export const ROOT_NAMESPACE = 'istio-system';
export const TRUST_DOMAIN = 'cluster.local';
export const NET = 'networking.istio.io';
export const SEC = 'security.istio.io';
export const GWAPI = 'gateway.networking.k8s.io';

/** The service account of istioctl's ingress gateway, and the labels of its pods. */
export const ISTIO_INGRESS_SA = 'istio-system/istio-ingressgateway-service-account';
const ISTIO_INGRESS_LABELS = { app: 'istio-ingressgateway', istio: 'ingressgateway' };
/** The label Istio puts on the pods it deploys for a Gateway API Gateway. */
export const GATEWAY_NAME_LABEL = 'gateway.networking.k8s.io/gateway-name';

/** What proxy a workload runs: a sidecar, a gateway (router) or none. */
export type ProxyKind = 'sidecar' | 'gateway' | 'none';

/** A workload (pod controller) with what the simulator needs of it. */
export interface SimWorkload {
  /** `Deployment bookinfo/reviews-v1`. */
  readonly id: string;
  readonly namespace: string;
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly serviceAccount: string;
  readonly proxy: ProxyKind;
  /** For the pods Istio deploys for a Gateway API Gateway: the Gateway's name. */
  readonly gatewayApiName?: string;
  /** Pods it runs (spec.replicas, default 1). */
  readonly replicas: number;
  /** Container ports, for named targetPorts. */
  readonly containerPorts: ReadonlyArray<{ readonly name?: string; readonly containerPort: number }>;
  /** How a Service port maps to this workload's port, for gateways not in the manifests. */
  readonly servicePorts?: ReadonlyMap<number, number>;
  /** Why it is known without being in the manifests. */
  readonly builtIn?: string;
}

/**
 * Objects oldest first, as Istio orders configuration (istio:pilot/pkg/model/config.go:305-320):
 * by creationTimestamp, then name, then namespace. Manifests usually have no timestamp (and
 * objects applied together share one: it counts seconds), so name and namespace decide.
 */
export function byAge<T>(objects: readonly T[]): T[] {
  const key = (o: any) => [String(o?.metadata?.creationTimestamp ?? ''), String(o?.metadata?.name ?? ''), nsOf(o)];
  return [...objects].sort((a, b) => {
    const [ka, kb] = [key(a), key(b)];
    for (let i = 0; i < 3; i++) if (ka[i] !== kb[i]) return ka[i] < kb[i] ? -1 : 1;
    return 0;
  });
}

/** `Kind ns/name`, as results name objects. */
export const idOf = (o: any): string => `${o?.kind} ${nsOf(o)}/${o?.metadata?.name}`;

/** True when every label of `selector` is on `labels`. */
export const selects = (selector: Readonly<Record<string, string>> | undefined, labels: Readonly<Record<string, string>>): boolean =>
  Object.entries(selector ?? {}).every(([k, v]) => labels[k] === v);

/**
 * The sidecar decision of the injection webhooks: a namespace labelled `istio-injection: enabled`
 * or `istio.io/rev`, or (in an unlabelled namespace) a pod labelled `sidecar.istio.io/inject: "true"`;
 * `istio-injection: disabled` and a pod's `sidecar.istio.io/inject: "false"` opt out.
 * @see https://istio.io/latest/docs/setup/additional-setup/sidecar-injection/#controlling-the-injection-policy
 */
export function injected(ns: any, labels: Readonly<Record<string, string>>, annotations: Readonly<Record<string, string>>): boolean {
  const nsLabels = ns?.metadata?.labels ?? {};
  if (nsLabels['istio-injection'] === 'disabled' || nsLabels['istio.io/dataplane-mode'] === 'ambient') return false;
  const pod = labels['sidecar.istio.io/inject'] ?? annotations['sidecar.istio.io/inject'];
  if (pod === 'false') return false;
  if (nsLabels['istio-injection'] === 'enabled' || nsLabels['istio.io/rev'] !== undefined) return true;
  return labels['sidecar.istio.io/inject'] === 'true';
}

/** The simulator's view of one ManifestIndex. */
export class Mesh {
  /** The Mesh of an index, built once. */
  public static of(index: ManifestIndex): Mesh {
    return index.memo('simulator:mesh', () => new Mesh(index));
  }

  private constructor(public readonly index: ManifestIndex) {}

  /** Objects of a kind, by namespace. */
  public byNamespace(group: string, kind: string): ReadonlyMap<string, readonly any[]> {
    return this.index.memo(`simulator:${group}/${kind}:by-namespace`, () => {
      const map = new Map<string, any[]>();
      for (const o of byAge(this.index.list(group, kind))) {
        const list = map.get(nsOf(o));
        if (list) list.push(o); else map.set(nsOf(o), [o]);
      }
      return map;
    });
  }

  /** Objects of a kind in a namespace, oldest first. */
  public inNamespace(group: string, kind: string, namespace: string): readonly any[] {
    return this.byNamespace(group, kind).get(namespace) ?? [];
  }

  /** Objects of a kind, oldest first. */
  public all(group: string, kind: string): readonly any[] {
    return this.index.memo(`simulator:${group}/${kind}:by-age`, () => byAge(this.index.list(group, kind)));
  }

  /** Every workload of the manifests, with its proxy. */
  public get workloads(): readonly SimWorkload[] {
    return this.index.memo('simulator:workloads', () => this.index.workloads.map((w) => this.toWorkload(w)));
  }

  private toWorkload(w: IndexedWorkload): SimWorkload {
    const ns = this.index.namespaces.get(w.namespace);
    const sidecar = injected(ns, w.labels, w.annotations);
    const templates = String(w.annotations['inject.istio.io/templates'] ?? '');
    const gatewayName = w.labels[GATEWAY_NAME_LABEL];
    // A gateway Deployment of the manifests: the gateway injection template, or Istio's proxy image itself.
    const router = templates.split(',').includes('gateway') || (w.spec?.containers ?? []).some((c: any) => /\/proxyv2(:|@|$)/.test(String(c?.image ?? '')));
    return {
      id: `${w.kind} ${w.namespace}/${w.name}`,
      namespace: w.namespace,
      name: w.name,
      labels: w.labels,
      serviceAccount: w.spec?.serviceAccountName ?? w.spec?.serviceAccount ?? 'default',
      proxy: gatewayName !== undefined || router ? 'gateway' : sidecar ? 'sidecar' : 'none',
      gatewayApiName: gatewayName,
      replicas: w.kind === 'Pod' ? 1 : typeof w.object?.spec?.replicas === 'number' ? w.object.spec.replicas : 1,
      containerPorts: (w.spec?.containers ?? []).flatMap((c: any) => c?.ports ?? []),
    };
  }

  /** Workloads by `namespace/serviceaccount`. */
  private get workloadsBySa(): ReadonlyMap<string, SimWorkload[]> {
    return this.index.memo('simulator:workloads-by-sa', () => {
      const map = new Map<string, SimWorkload[]>();
      for (const w of this.workloads) {
        const key = `${w.namespace}/${w.serviceAccount}`;
        const list = map.get(key);
        if (list) list.push(w); else map.set(key, [w]);
      }
      return map;
    });
  }

  /** Gateway API Gateways by `namespace/name`. */
  public get k8sGateways(): ReadonlyMap<string, any> {
    return this.index.memo('simulator:k8s-gateways', () => new Map(this.all(GWAPI, 'Gateway').map((g) => [`${nsOf(g)}/${g.metadata?.name}`, g])));
  }

  /**
   * The workload behind a service account: the manifests' own, else istioctl's ingress gateway
   * or the pods Istio deploys for a Gateway API Gateway (`<gateway>-<class>`), else none.
   */
  public workloadOf(serviceAccount: string): { workload?: SimWorkload; all: readonly SimWorkload[] } {
    const found = this.workloadsBySa.get(serviceAccount) ?? [];
    if (found.length) return { workload: found[0], all: found };
    const [ns, sa] = serviceAccount.split('/');
    if (serviceAccount === ISTIO_INGRESS_SA) {
      const w: SimWorkload = {
        id: 'Deployment istio-system/istio-ingressgateway',
        namespace: ns,
        name: 'istio-ingressgateway',
        labels: ISTIO_INGRESS_LABELS,
        serviceAccount: sa,
        proxy: 'gateway',
        replicas: 1,
        containerPorts: [{ name: 'http2', containerPort: 8080 }, { name: 'https', containerPort: 8443 }],
        // The istio-ingress chart's Service: 80 → 8080, 443 → 8443 (values.yaml:23-30).
        servicePorts: new Map([[80, 8080], [443, 8443]]),
        builtIn: "istioctl's ingress gateway (istio-system/istio-ingressgateway, pods labelled istio: ingressgateway), not in the manifests",
      };
      return { workload: w, all: [w] };
    }
    for (const [key, gw] of this.k8sGateways) {
      if (!key.startsWith(`${ns}/`) || gw.spec?.gatewayClassName !== 'istio' || `${gw.metadata?.name}-istio` !== sa) continue;
      const listeners: any[] = gw.spec?.listeners ?? [];
      const w: SimWorkload = {
        id: `Deployment ${ns}/${sa}`,
        namespace: ns,
        name: sa,
        labels: { [GATEWAY_NAME_LABEL]: gw.metadata.name },
        serviceAccount: sa,
        proxy: 'gateway',
        gatewayApiName: gw.metadata.name,
        replicas: 1,
        // Istio's deployed gateways listen on the listener ports themselves.
        containerPorts: listeners.map((l) => ({ name: l?.name, containerPort: Number(l?.port) })),
        builtIn: `the pods Istio deploys for Gateway ${key} (class istio), not in the manifests`,
      };
      return { workload: w, all: [w] };
    }
    return { all: [] };
  }

  /** Whether a namespace is in ambient mode (not simulated yet: its pods count as without proxy). */
  public ambient(namespace: string): boolean {
    return this.index.namespaces.get(namespace)?.metadata?.labels?.['istio.io/dataplane-mode'] === 'ambient';
  }

  /** Whether pods of a namespace get a sidecar (namespace labels only). */
  public namespaceInjected(namespace: string): boolean {
    return injected(this.index.namespaces.get(namespace), {}, {});
  }

  /** The workloads a Service selects (pods of its namespace whose labels include its selector). */
  public serviceWorkloads(service: any): readonly SimWorkload[] {
    const memo = this.index.memo('simulator:service-workloads', () => new Map<any, SimWorkload[]>());
    let list = memo.get(service);
    if (!list) {
      const selector = service?.spec?.selector;
      const byObject = this.index.memo('simulator:workload-by-object', () => new Map(this.index.workloads.map((w, i) => [w, this.workloads[i]])));
      list = selector && Object.keys(selector).length
        ? this.index.selectWorkloads(nsOf(service), selector).map((w) => byObject.get(w)!)
        : [];
      memo.set(service, list);
    }
    return list;
  }

  /** The Service of an FQDN (`name.ns.svc.cluster.local`). */
  public service(fqdn: string): any | undefined {
    return this.index.services.get(fqdn.toLowerCase());
  }

  /** Istio Gateways (networking.istio.io) whose selector picks a workload's pods, in any namespace (GW-1). */
  public istioGatewaysOf(workload: SimWorkload): readonly any[] {
    return this.all(NET, 'Gateway').filter((g) => groupOf(g) === NET && g.spec?.selector && Object.keys(g.spec.selector).length > 0 && selects(g.spec.selector, workload.labels));
  }
}

/**
 * Resolves a host as the caller's DNS does (search path `<ns>.svc.cluster.local svc.cluster.local
 * cluster.local`): `reviews` → `reviews.<caller ns>.svc.cluster.local`, `reviews.bookinfo` and
 * `reviews.bookinfo.svc` → `reviews.bookinfo.svc.cluster.local`.
 */
export function resolveHost(host: string, callerNamespace: string): string {
  const h = host.toLowerCase().replace(/\.$/, '');
  const labels = h.split('.');
  if (labels.length === 1) return `${h}.${callerNamespace}.svc.cluster.local`;
  if (labels.length === 2) return `${h}.svc.cluster.local`;
  if (labels.length === 3 && labels[2] === 'svc') return `${h}.cluster.local`;
  return h;
}
