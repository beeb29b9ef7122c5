// The objects as istioctl analyze's analyzers see them (pkg/config/analysis/local, Istio 1.28.10):
// only the kinds and API versions it reads, namespaces as given ("" when left out), cluster-scoped
// kinds without one, system namespaces hidden from iteration, a later object replacing an earlier
// one of the same identity, and the resources istioctl adds itself: the default ingress gateway,
// the MeshConfig and the MeshNetworks.
import { ManifestIndex } from '../manifest-index';
import { MeshNetworks, ResolvedMeshConfig } from '../mesh-config';

/** The kinds istioctl analyze reads: type → accepted API group, versions, kind, cluster scope. */
interface KindInfo {
  readonly type: string;
  readonly group: string;
  readonly versions: readonly string[];
  readonly kind: string;
  readonly clusterScoped: boolean;
}

const NET = 'networking.istio.io';
const SEC = 'security.istio.io';
const GW = 'gateway.networking.k8s.io';
const ADM = 'admissionregistration.k8s.io';
const V1_BETA_ALPHA = ['v1', 'v1alpha3', 'v1beta1'];

// pkg/config/schema/collections/collections.gen.go at 1.28.10: group, version and its aliases.
const KINDS: readonly KindInfo[] = [
  ['AuthorizationPolicy', SEC, ['v1', 'v1beta1']],
  ['ConfigMap', '', ['v1']],
  ['CustomResourceDefinition', 'apiextensions.k8s.io', ['v1'], true],
  ['Deployment', 'apps', ['v1']],
  ['DestinationRule', NET, V1_BETA_ALPHA],
  ['EnvoyFilter', NET, ['v1alpha3']],
  ['Gateway', NET, V1_BETA_ALPHA],
  ['KubernetesGateway', GW, ['v1beta1', 'v1alpha2', 'v1'], false, 'Gateway'],
  ['GRPCRoute', GW, ['v1', 'v1alpha2']],
  ['HTTPRoute', GW, ['v1beta1', 'v1alpha2', 'v1']],
  ['MutatingWebhookConfiguration', ADM, ['v1'], true],
  ['ValidatingWebhookConfiguration', ADM, ['v1'], true],
  ['Namespace', '', ['v1'], true],
  ['Node', '', ['v1'], true],
  ['Pod', '', ['v1']],
  ['ProxyConfig', NET, ['v1beta1']],
  ['RequestAuthentication', SEC, ['v1', 'v1beta1']],
  ['PeerAuthentication', SEC, ['v1', 'v1beta1']],
  ['Secret', '', ['v1']],
  ['Service', '', ['v1']],
  ['ServiceEntry', NET, V1_BETA_ALPHA],
  ['Sidecar', NET, V1_BETA_ALPHA],
  ['Telemetry', 'telemetry.istio.io', ['v1', 'v1alpha1']],
  ['VirtualService', NET, V1_BETA_ALPHA],
  ['WasmPlugin', 'extensions.istio.io', ['v1alpha1']],
  ['WorkloadEntry', NET, V1_BETA_ALPHA],
  ['WorkloadGroup', NET, V1_BETA_ALPHA],
].map(([type, group, versions, clusterScoped, kind]: any) => ({ type, group, versions, kind: kind ?? type, clusterScoped: clusterScoped === true }));

const KIND_BY_GROUP_KIND = new Map(KINDS.map((k) => [`${k.group}/${k.kind}`, k]));

/** The resource types an analyzer can list: the kinds above (`KubernetesGateway` is Gateway API's Gateway). */
export type ResourceType = 'AuthorizationPolicy' | 'ConfigMap' | 'CustomResourceDefinition' | 'Deployment' | 'DestinationRule'
| 'EnvoyFilter' | 'Gateway' | 'KubernetesGateway' | 'GRPCRoute' | 'HTTPRoute' | 'MutatingWebhookConfiguration'
| 'ValidatingWebhookConfiguration' | 'Namespace' | 'Node' | 'Pod' | 'ProxyConfig' | 'RequestAuthentication'
| 'PeerAuthentication' | 'Secret' | 'Service' | 'ServiceEntry' | 'Sidecar' | 'Telemetry' | 'VirtualService'
| 'WasmPlugin' | 'WorkloadEntry' | 'WorkloadGroup' | 'MeshConfig' | 'MeshNetworks';

/**
 * Namespaces whose objects istioctl does not iterate (it still finds them by name):
 * istiod_analyze.go:293-303 and pkg/kube/inject/initializer.go:38-42.
 */
export const SYSTEM_NAMESPACES: ReadonlySet<string> = new Set(['kube-system', 'kube-public', 'kube-node-lease', 'local-path-storage']);

/** Controllers whose pod template the analyzers read as the pod it makes. */
const TEMPLATE_KINDS: ReadonlyMap<string, string> = new Map([
  ['apps/Deployment', 'spec.template'],
  ['apps/StatefulSet', 'spec.template'],
  ['apps/DaemonSet', 'spec.template'],
  ['apps/ReplicaSet', 'spec.template'],
  ['/ReplicationController', 'spec.template'],
  ['batch/Job', 'spec.template'],
  ['batch/CronJob', 'spec.jobTemplate.spec.template'],
]);

const record = (v: unknown): Record<string, any> => (typeof v === 'object' && v !== null && !Array.isArray(v) ? v as Record<string, any> : {});
const stringRecord = (v: unknown): Record<string, string> => {
  const out: Record<string, string> = {};
  for (const [k, x] of Object.entries(record(v))) if (x !== null && x !== undefined) out[k] = String(x);
  return out;
};

/** An object as an analyzer sees it: what istioctl's `resource.Instance` holds. */
export class AnalyzedResource {
  /** `Kind namespace/name`, or `Kind name` without a namespace: istioctl's friendly name. */
  public readonly id: string;
  /** `namespace/name`, or `name` without a namespace. */
  public readonly fullName: string;

  constructor(
    /** The manifest object (findings are attached to it). */
    public readonly object: any,
    /** The kind (Gateway API's Gateway is `Gateway` too). */
    public readonly kind: string,
    public readonly namespace: string,
    public readonly name: string,
    public readonly labels: Readonly<Record<string, string>>,
    public readonly annotations: Readonly<Record<string, string>>,
    /** `spec`, or the whole object when it has none (ConfigMap, Secret, webhook configurations). */
    public readonly spec: any,
    public readonly status: any,
  ) {
    this.fullName = namespace ? `${namespace}/${name}` : name;
    this.id = `${kind} ${this.fullName}`;
  }
}

/**
 * A pod as the analyzers see it: a Pod, or the pod template of a controller (Deployment,
 * StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Job, CronJob), which stands for the
 * pods it makes. Findings about it are attached to the Pod or the controller.
 */
export interface PodView {
  /** The Pod, or the controller of the template. */
  readonly resource: AnalyzedResource;
  /** True for a pod template, false for a Pod. */
  readonly template: boolean;
  readonly namespace: string;
  /** The Pod's name, or the controller's. */
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
  /** The pod spec. */
  readonly spec: any;
}

/**
 * The ports of the ingress gateway Service istioctl assumes (pkg/config/analysis/local/defaults.go),
 * with the target ports of the gateway Istio 1.28 installs (manifests/charts/gateways/istio-ingress:
 * 80 → 8080, 443 → 8443, as the gateway runs unprivileged). istioctl's file template still says
 * 80 → 80 and 443 → 443, which would flag a Gateway on the pod's real ports 8080/8443.
 */
const INGRESS_PORTS = [
  { name: 'http2', nodePort: 31380, port: 80, protocol: 'TCP', targetPort: 8080 },
  { name: 'https', nodePort: 31390, port: 443, protocol: 'TCP', targetPort: 8443 },
  { name: 'tcp', nodePort: 31400, port: 31400, protocol: 'TCP', targetPort: 31400 },
  { name: 'tls', nodePort: 31447, port: 15443, protocol: 'TCP', targetPort: 15443 },
];

/** The proxy image of the pods Istio installs itself, whose real image the manifests do not say. */
const INSTALLED_PROXY_IMAGE = 'istio/proxyv2';

/**
 * The GatewayClasses whose Gateways Istio deploys itself (a Deployment of `<name>-<class>`), and
 * the `gateway.istio.io/managed` label of the pods.
 */
const DEPLOYED_GATEWAY_CLASSES: ReadonlyMap<string, string> = new Map([
  ['istio', 'istio.io-gateway-controller'],
  ['istio-waypoint', 'istio.io-mesh-controller'],
  ['istio-east-west', 'istio.io-eastwest-controller'],
]);

/** Options of {@link Resources}. */
export interface ResourcesOptions {
  /** The mesh config the analyzers read, defaults resolved. */
  readonly mesh: ResolvedMeshConfig;
  /**
   * The networks of a multi-network mesh.
   * @default - none
   * @see https://istio.io/latest/docs/reference/config/istio.mesh.v1alpha1/#MeshNetworks
   */
  readonly meshNetworks?: MeshNetworks;
  /** The namespace Istio is installed in. */
  readonly istioNamespace: string;
}

/**
 * The objects of an index as istioctl analyze's analyzers see them (its "context"): `list()` is
 * `ForEach` (system namespaces hidden), `get()` is `Find` (everything).
 */
export class Resources {
  /** The MeshConfig resource (`MeshConfig istio-system/meshconfig`). */
  public readonly meshConfig: AnalyzedResource;
  /** The MeshNetworks resource (`MeshNetworks istio-system/meshnetworks`). */
  public readonly meshNetworks: AnalyzedResource;

  private readonly byType = new Map<string, Map<string, AnalyzedResource>>();
  private readonly visible = new Map<string, AnalyzedResource[]>();
  private readonly memos = new Map<string, unknown>();
  private readonly synthetic = new Set<AnalyzedResource>();
  private readonly templates = new Map<string, { resource: AnalyzedResource; template: any }>();

  constructor(index: ManifestIndex, options: ResourcesOptions) {
    const { mesh, istioNamespace } = options;
    const version = (obj: any) => String(obj.apiVersion ?? '').split('/').pop()!;
    for (const info of KINDS) {
      for (const obj of index.list(info.group, info.kind)) if (info.versions.includes(version(obj))) this.add(info, obj, false);
    }
    for (const [groupKind, templatePath] of TEMPLATE_KINDS) {
      const [group, kind] = groupKind.split('/');
      for (const obj of index.list(group, kind)) {
        // A Deployment is an analyzed resource too; other controllers are read for their template only.
        const deployment = kind === 'Deployment' && KIND_BY_GROUP_KIND.get(groupKind)!.versions.includes(version(obj));
        const resource = deployment ? this.get('Deployment', String(obj.metadata?.namespace ?? ''), nameOf(obj))! : this.wrap(obj, obj.kind, false);
        const template = templatePath.split('.').reduce((o: any, k) => o?.[k], obj);
        if (template && typeof template === 'object') this.templates.set(resource.id, { resource, template });
      }
    }
    // The default ingress gateway, unless the mesh config turns the ingress controller off
    // (istiod_analyze.go:485-501). An object of the manifests with the same name wins.
    if (mesh.ingressControllerMode !== 'OFF') {
      const svc = mesh.ingressService;
      this.add(KIND_BY_GROUP_KIND.get('/Pod')!, {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: `${svc}-dummypod`, namespace: istioNamespace, labels: { istio: 'ingressgateway' } },
        // istioctl's template leaves the proxy's image out, which would count the installed gateway
        // out of the mesh (and policies for it as matching no workload): it has one.
        spec: { containers: [{ name: 'istio-proxy', args: null, image: INSTALLED_PROXY_IMAGE }] },
      }, true);
      this.add(KIND_BY_GROUP_KIND.get('/Service')!, {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: svc, namespace: istioNamespace },
        spec: { ports: INGRESS_PORTS.map((p) => ({ ...p })), selector: { istio: 'ingressgateway' } },
      }, true);
    }
    const synthetic = (kind: string, name: string, spec: any) => {
      const r = new AnalyzedResource({ kind, metadata: { name, namespace: istioNamespace } }, kind, istioNamespace, name, {}, {}, spec, undefined);
      this.put(kind, r);
      return r;
    };
    this.meshConfig = synthetic('MeshConfig', 'meshconfig', mesh);
    this.meshNetworks = synthetic('MeshNetworks', 'meshnetworks', options.meshNetworks ?? { networks: {} });
  }

  /** The resources of a type istioctl iterates, in manifest order (system namespaces left out). */
  public list(type: ResourceType): readonly AnalyzedResource[] {
    let list = this.visible.get(type);
    if (!list) {
      list = [...(this.byType.get(type)?.values() ?? [])].filter((r) => !SYSTEM_NAMESPACES.has(r.kind === 'Namespace' ? r.name : r.namespace));
      this.visible.set(type, list);
    }
    return list;
  }

  /** The resource of a type with a namespace and name, system namespaces included. */
  public get(type: ResourceType, namespace: string, name: string): AnalyzedResource | undefined {
    return this.byType.get(type)?.get(`${namespace}\u0000${name}`);
  }

  /** The Namespace object named `name`, if any (system namespaces included). */
  public namespace(name: string): AnalyzedResource | undefined {
    return this.get('Namespace', '', name);
  }

  /** Whether istioctl adds the resource itself (the default ingress gateway's Pod and Service). */
  public isDefault(r: AnalyzedResource): boolean {
    return this.synthetic.has(r);
  }

  /**
   * Pods and pod templates, in manifest order (system namespaces left out): the Pods, the pod
   * templates, the pods Istio deploys for Gateway API Gateways, then the default ingress
   * gateway's Pod.
   */
  public get pods(): readonly PodView[] {
    const pod = (r: AnalyzedResource): PodView => ({
      resource: r, template: false, namespace: r.namespace, name: r.name, labels: r.labels, annotations: r.annotations, spec: record(r.spec),
    });
    return this.memo('pods', () => [
      ...this.list('Pod').filter((r) => !this.synthetic.has(r)).map(pod),
      ...[...this.templates.values()].filter((t) => !SYSTEM_NAMESPACES.has(t.resource.namespace)).map(({ resource, template }): PodView => ({
        resource,
        template: true,
        namespace: resource.namespace,
        name: resource.name,
        labels: stringRecord(template.metadata?.labels),
        annotations: stringRecord(template.metadata?.annotations),
        spec: record(template.spec),
      })),
      ...this.gatewayApiPods(),
      ...this.list('Pod').filter((r) => this.synthetic.has(r)).map(pod),
    ]);
  }

  /**
   * The pods whose labels include every label of `selector` (in `namespace`, or in any), through
   * an index by label so that selecting stays linear. An empty selector selects every pod.
   */
  public selectPods(selector: Readonly<Record<string, string>>, namespace?: string, pods: readonly PodView[] = this.pods, key = 'pods'): PodView[] {
    const entries = Object.entries(selector);
    return this.podCandidates(entries, namespace, pods, key).filter((p) => entries.every(([k, v]) => Object.prototype.hasOwnProperty.call(p.labels, k) && p.labels[k] === v));
  }

  /** Whether {@link selectPods} would select any pod; stops at the first (a subset's `version: v1` matches thousands). */
  public selectsPods(selector: Readonly<Record<string, string>>, namespace?: string, pods: readonly PodView[] = this.pods, key = 'pods'): boolean {
    const entries = Object.entries(selector);
    return this.podCandidates(entries, namespace, pods, key).some((p) => entries.every(([k, v]) => Object.prototype.hasOwnProperty.call(p.labels, k) && p.labels[k] === v));
  }

  /** The pods of the smallest label list of the selector (all of `namespace`, or all, for an empty one). */
  private podCandidates(entries: ReadonlyArray<[string, string]>, namespace: string | undefined, pods: readonly PodView[], key: string): readonly PodView[] {
    const byLabel = this.memo(`${key}-by-label`, () => {
      const map = new Map<string, PodView[]>();
      const push = (k: string, p: PodView) => {
        const list = map.get(k);
        if (list) list.push(p); else map.set(k, [p]);
      };
      for (const p of pods) {
        push(`\u0001${p.namespace}`, p);
        push('\u0002', p);
        for (const [k, v] of Object.entries(p.labels)) {
          push(`${p.namespace}\u0000${k}=${v}`, p);
          push(`\u0002${k}=${v}`, p);
        }
      }
      return map;
    });
    const scope = namespace === undefined ? '\u0002' : `${namespace}\u0000`;
    return entries.length === 0
      ? byLabel.get(namespace === undefined ? '\u0002' : `\u0001${namespace}`) ?? []
      : entries.map(([k, v]) => byLabel.get(`${scope}${k}=${v}`) ?? []).reduce((a, b) => (b.length < a.length ? b : a));
  }

  /**
   * The pods Istio deploys for the Gateway API Gateways of its classes (manifests/charts/
   * istio-control/istio-discovery/files/kube-gateway.yaml): labelled with the gateway's name and
   * class, running a proxy. istioctl finds them in a cluster; in manifests they stand for the
   * Gateway (findings about them are attached to it).
   */
  private gatewayApiPods(): PodView[] {
    return this.list('KubernetesGateway').flatMap((gw): PodView[] => {
      const spec = record(gw.spec);
      const className = String(spec.gatewayClassName ?? '');
      const managed = DEPLOYED_GATEWAY_CLASSES.get(className);
      if (!managed) return [];
      const name = `${gw.name}-${className}`;
      return [{
        resource: gw,
        template: true,
        namespace: gw.namespace,
        name,
        labels: {
          'sidecar.istio.io/inject': 'false',
          'service.istio.io/canonical-name': name,
          'service.istio.io/canonical-revision': 'latest',
          ...stringRecord(record(spec.infrastructure).labels),
          'gateway.networking.k8s.io/gateway-name': gw.name,
          'gateway.networking.k8s.io/gateway-class-name': className,
          'gateway.istio.io/managed': managed,
        },
        annotations: {},
        spec: { containers: [{ name: 'istio-proxy', image: INSTALLED_PROXY_IMAGE }] },
      }];
    });
  }

  /** Computes a derived lookup once per analysis. */
  public memo<T>(key: string, compute: () => T): T {
    if (!this.memos.has(key)) this.memos.set(key, compute());
    return this.memos.get(key) as T;
  }

  private wrap(obj: any, kind: string, clusterScoped: boolean): AnalyzedResource {
    const metadata = record(obj.metadata);
    const namespace = clusterScoped ? '' : String(metadata.namespace ?? '');
    const spec = Object.prototype.hasOwnProperty.call(obj, 'spec') ? record(obj.spec) : obj;
    return new AnalyzedResource(obj, kind, namespace, nameOf(obj), stringRecord(metadata.labels), stringRecord(metadata.annotations), spec, obj.status ?? undefined);
  }

  private add(info: KindInfo, obj: any, isDefault: boolean): void {
    const r = this.wrap(obj, info.kind, info.clusterScoped);
    if (isDefault && this.get(info.type as ResourceType, r.namespace, r.name)) return;
    if (isDefault) this.synthetic.add(r);
    this.put(info.type, r);
  }

  private put(type: string, r: AnalyzedResource): void {
    let map = this.byType.get(type);
    if (!map) this.byType.set(type, map = new Map());
    // A later object of the same identity replaces the earlier one (file/store.go ApplyContent).
    map.set(`${r.namespace}\u0000${r.name}`, r);
  }
}

function nameOf(o: any): string {
  return String(o?.metadata?.name ?? '');
}
