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

/**
 * What proxy handles a workload's traffic: its own sidecar, a gateway (router), the node's ztunnel
 * (ambient mode), a waypoint (the pods Istio deploys for a waypoint Gateway) or none.
 */
export type ProxyKind = 'sidecar' | 'gateway' | 'ztunnel' | 'waypoint' | 'none';

/** The GatewayClass of Istio's waypoints (istio:pkg/config/constants/constants.go:180). */
export const WAYPOINT_CLASS = 'istio-waypoint';

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
 * `istio-injection: disabled` and a pod's `sidecar.istio.io/inject: "false"` opt out. The webhooks
 * know nothing of ambient mode, so a namespace labelled for both still injects (and the sidecar
 * then wins, see {@link ambientCaptured}).
 * @see https://istio.io/latest/docs/setup/additional-setup/sidecar-injection/#controlling-the-injection-policy
 */
export function injected(ns: any, labels: Readonly<Record<string, string>>, annotations: Readonly<Record<string, string>>): boolean {
  const nsLabels = ns?.metadata?.labels ?? {};
  if (nsLabels['istio-injection'] === 'disabled') return false;
  const pod = labels['sidecar.istio.io/inject'] ?? annotations['sidecar.istio.io/inject'];
  if (pod === 'false') return false;
  if (nsLabels['istio-injection'] === 'enabled' || nsLabels['istio.io/rev'] !== undefined) return true;
  return labels['sidecar.istio.io/inject'] === 'true';
}

/**
 * Whether ztunnel captures a pod (ambient mode): the namespace or the pod is labelled
 * `istio.io/dataplane-mode: ambient`, the pod is not labelled `none`, and it has no sidecar
 * (istio:cni/README.md:55-60; https://istio.io/latest/docs/ambient/usage/add-workloads/ "the sidecar
 * mode currently takes precedence").
 */
export function ambientCaptured(ns: any, labels: Readonly<Record<string, string>>, sidecar: boolean): boolean {
  const pod = labels['istio.io/dataplane-mode'];
  if (sidecar || pod === 'none') return false;
  return pod === 'ambient' || ns?.metadata?.labels?.['istio.io/dataplane-mode'] === 'ambient';
}

/** A waypoint: a Gateway of class `istio-waypoint` and the pods Istio deploys for it. */
export interface SimWaypoint {
  /** `Gateway ns/name`. */
  readonly id: string;
  readonly namespace: string;
  readonly name: string;
  /** `istio.io/waypoint-for`: the traffic it takes, `service` (the default), `workload`, `all` or `none`. */
  readonly trafficType: string;
  /** Which namespaces may enroll in it (its HBONE listener's `allowedRoutes`, default `Same`). */
  readonly allowedRoutes: { readonly from: string; readonly selector?: Readonly<Record<string, string>> };
  /** The waypoint's pods: a Deployment named as the Gateway, running as its service account. */
  readonly workload: SimWorkload;
  /** Its identity: `cluster.local/ns/<ns>/sa/<service account>`. */
  readonly principal: string;
}

/** Where a Service's waypoint comes from, or why it has none. */
export interface WaypointEnrollment {
  readonly waypoint?: SimWaypoint;
  /** The label that enrolls it: `Service bookinfo/reviews` or `Namespace bookinfo`. */
  readonly via?: string;
  /** Why an enrollment does not take effect (a missing waypoint, a refused namespace, the wrong traffic type). */
  readonly problem?: string;
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
    const ambient = ambientCaptured(ns, w.labels, sidecar);
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
      proxy: gatewayName !== undefined || router ? 'gateway' : sidecar ? 'sidecar' : ambient ? 'ztunnel' : 'none',
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

  /** Whether ztunnel captures the pods of a namespace that carry no label of their own. */
  public namespaceAmbient(namespace: string): boolean {
    return ambientCaptured(this.index.namespaces.get(namespace), {}, this.namespaceInjected(namespace));
  }

  /** Whether pods of a namespace get a sidecar (namespace labels only). */
  public namespaceInjected(namespace: string): boolean {
    return injected(this.index.namespaces.get(namespace), {}, {});
  }

  /**
   * The waypoints: Gateways of class `istio-waypoint`, by `namespace/name`. Istio deploys each as a
   * Deployment named as the Gateway running as a service account of that name (no class suffix,
   * istio:pilot/pkg/config/kube/gateway/deploymentcontroller.go:197-203,532-533) unless
   * `gateway.istio.io/service-account` names another; `istio.io/waypoint-for` on the Gateway, else
   * on its GatewayClass, else `service` (istio:pilot/pkg/serviceregistry/kube/controller/ambient/waypoints.go:240-254).
   */
  public get waypoints(): ReadonlyMap<string, SimWaypoint> {
    return this.index.memo('simulator:waypoints', () => {
      const classes = new Map(this.all(GWAPI, 'GatewayClass').map((c) => [c.metadata?.name, c]));
      const map = new Map<string, SimWaypoint>();
      for (const gw of this.all(GWAPI, 'Gateway')) {
        if (gw.spec?.gatewayClassName !== WAYPOINT_CLASS) continue;
        const namespace = nsOf(gw);
        const name = String(gw.metadata?.name);
        const sa = gw.metadata?.annotations?.['gateway.istio.io/service-account'] ?? name;
        const trafficType = gw.metadata?.labels?.['istio.io/waypoint-for'] ?? classes.get(WAYPOINT_CLASS)?.metadata?.labels?.['istio.io/waypoint-for'] ?? 'service';
        // waypoints.go:479-497: the HBONE listener on 15008 says who may enroll; without one, only the Gateway's namespace.
        const hbone = (gw.spec?.listeners ?? []).find((l: any) => l?.protocol === 'HBONE' && Number(l?.port) === 15008);
        const from = hbone?.allowedRoutes?.namespaces?.from ?? 'Same';
        const workload: SimWorkload = {
          id: `Deployment ${namespace}/${name}`,
          namespace,
          name,
          labels: { [GATEWAY_NAME_LABEL]: name, 'gateway.networking.k8s.io/gateway-class-name': WAYPOINT_CLASS },
          serviceAccount: sa,
          proxy: 'waypoint',
          gatewayApiName: name,
          replicas: 1,
          containerPorts: [{ name: 'mesh', containerPort: 15008 }],
          builtIn: `the waypoint Istio deploys for Gateway ${namespace}/${name} (class ${WAYPOINT_CLASS}), not in the manifests`,
        };
        map.set(`${namespace}/${name}`, {
          id: `Gateway ${namespace}/${name}`, namespace, name, trafficType, workload,
          allowedRoutes: { from, selector: hbone?.allowedRoutes?.namespaces?.selector?.matchLabels },
          principal: `${TRUST_DOMAIN}/ns/${namespace}/sa/${sa}`,
        });
      }
      return map;
    });
  }

  /**
   * The waypoint that takes traffic addressed to a Service (istio:pilot/pkg/serviceregistry/kube/controller/ambient/waypoints.go:99-174):
   * the Service's own `istio.io/use-waypoint` (with `istio.io/use-waypoint-namespace`), `none`
   * opting out; else its namespace's. A label naming a waypoint that does not exist leaves the
   * Service without one (no fallback to the namespace's); the waypoint must admit the Service's
   * namespace and take `service` or `all` traffic.
   */
  public serviceWaypoint(service: any): WaypointEnrollment {
    const memo = this.index.memo('simulator:service-waypoint', () => new Map<any, WaypointEnrollment>());
    let found = memo.get(service);
    if (!found) {
      found = this.enrollment(service);
      memo.set(service, found);
    }
    return found;
  }

  private enrollment(service: any): WaypointEnrollment {
    const svcNs = nsOf(service);
    const svcId = `Service ${svcNs}/${service.metadata?.name}`;
    const nsObject = this.index.namespaces.get(svcNs);
    const label = (o: any) => o?.metadata?.labels?.['istio.io/use-waypoint'] as string | undefined;
    let source: any;
    let via: string;
    if (label(service) !== undefined) {
      if (label(service) === 'none') return { via: `${svcId} (istio.io/use-waypoint: none)` };
      source = service;
      via = svcId;
    } else if (label(nsObject) !== undefined && label(nsObject) !== 'none') {
      source = nsObject;
      via = `Namespace ${svcNs}`;
    } else {
      return {};
    }
    const wpNs = source.metadata?.labels?.['istio.io/use-waypoint-namespace'] ?? svcNs;
    const key = `${wpNs}/${label(source)}`;
    const waypoint = this.waypoints.get(key);
    if (!waypoint) return { via, problem: `${via} names waypoint ${key}, which is no Gateway of class ${WAYPOINT_CLASS} in the manifests ("waypoint is not ready")` };
    const { from, selector } = waypoint.allowedRoutes;
    const admitted = from === 'All' || (from === 'Selector' ? selects(selector, nsObject?.metadata?.labels ?? {}) : waypoint.namespace === svcNs);
    if (!admitted) return { via, problem: `${waypoint.id} does not admit namespace ${svcNs} (allowedRoutes from ${from}): "we are not permitted to attach to waypoint"` };
    if (waypoint.trafficType !== 'service' && waypoint.trafficType !== 'all') {
      return { via, problem: `${waypoint.id} takes ${waypoint.trafficType} traffic (istio.io/waypoint-for), not traffic addressed to a Service` };
    }
    return { waypoint, via };
  }

  /**
   * Whether an ingress gateway sends a Service's traffic through its waypoint: the Service's
   * `istio.io/ingress-use-waypoint` label when it has one, else its namespace's; only the value
   * `true` (any case) opts in (istio:pilot/pkg/serviceregistry/kube/controller/ambient/sidecar_interop.go:174-182).
   */
  public ingressUsesWaypoint(service: any): boolean {
    const key = 'istio.io/ingress-use-waypoint';
    const own = service?.metadata?.labels?.[key];
    const value = own ?? this.index.namespaces.get(nsOf(service))?.metadata?.labels?.[key];
    return String(value ?? '').toLowerCase() === 'true';
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
