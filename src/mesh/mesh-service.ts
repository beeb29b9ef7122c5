import { ApiObject, ApiObjectMetadata, Size, SizeRoundingBehavior } from 'cdk8s';
import type { ContainerResources } from 'cdk8s-plus-28';
// The Kubernetes L1 classes only: the rest of cdk8s-plus-28 (its L2 constructs) is not loaded.
import * as k8s from 'cdk8s-plus-28/lib/imports/k8s';
import { Construct, IConstruct } from 'constructs';
import { MeshChecks } from '../checks/mesh-checks';
import {
  checkAnnotations, checkDnsLabel, checkDnsSubdomain, checkEnum, checkInt, checkLabels, checkNonEmpty, checkPort, checkServiceName, checkShape, checkUnique, DNS_1035, DNS_LABEL, DNS_SUBDOMAIN, fail, oneOf, PORT, resolveNamespace,
} from '../private/validation';

/**
 * The application protocol of a Service port. Istio selects the protocol from the port
 * name prefix (`http`, `http-web`, `grpc`...), so the port is named after it.
 * @see https://istio.io/latest/docs/ops/configuration/traffic-management/protocol-selection/
 */
export enum Protocol {
  /** HTTP/1.1 (and HTTP/2 with prior knowledge): Istio routes and authorizes by request. */
  HTTP = 'http',
  /** HTTP/2. */
  HTTP2 = 'http2',
  /** TLS-wrapped HTTP the application terminates itself: opaque to the sidecar. */
  HTTPS = 'https',
  /** gRPC, over HTTP/2. */
  GRPC = 'grpc',
  /** Plain TCP: no HTTP routing or HTTP authorization fields. */
  TCP = 'tcp',
  /** TLS the application terminates: routed by SNI. */
  TLS = 'tls',
}

/** When the kubelet pulls the image. */
export enum ImagePullPolicy {
  /** Pull the image every time a container starts. */
  ALWAYS = 'Always',
  /** Pull only when the node does not have the image. */
  IF_NOT_PRESENT = 'IfNotPresent',
  /** Never pull: the node must have the image. */
  NEVER = 'Never',
}

/** A writable scratch directory backed by an `emptyDir` volume. */
export interface ScratchVolume {
  /** Volume name, unique within the pod. */
  readonly name: string;
  /** Where the container sees it. */
  readonly mountPath: string;
}

/**
 * Security settings of a container, beyond `allowPrivilegeEscalation: false` and the
 * `RuntimeDefault` seccomp profile, which every container gets. With `runAsNonRoot` and
 * `dropAllCapabilities` a container meets Kubernetes' restricted Pod Security Standard; set only
 * what the image is known to tolerate.
 * @see https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted
 */
export interface ContainerSecurity {
  /**
   * Run as this user id.
   * @default - the image's user
   * @see https://kubernetes.io/docs/tasks/configure-pod-container/security-context/
   */
  readonly runAsUser?: number;
  /**
   * Refuse to start if the image would run as root.
   * @default false
   * @see https://kubernetes.io/docs/tasks/configure-pod-container/security-context/
   */
  readonly runAsNonRoot?: boolean;
  /**
   * Mount the root filesystem read-only.
   * @default false
   * @see https://kubernetes.io/docs/tasks/configure-pod-container/security-context/
   */
  readonly readOnlyRootFilesystem?: boolean;
  /**
   * Drop every Linux capability.
   * @default false
   * @see https://kubernetes.io/docs/tasks/configure-pod-container/security-context/
   */
  readonly dropAllCapabilities?: boolean;
}

/** A helper container beside the main one, in every pod of a version. */
export interface HelperContainer {
  /** Container name, unique in the pod. */
  readonly name: string;
  /** Container image, with a tag or digest. */
  readonly image: string;
  /** Resource requests (required) and limits. */
  readonly resources: ContainerResources;
  /**
   * Entrypoint override.
   * @default - the image's entrypoint
   * @see https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/pod-v1/#Container
   */
  readonly command?: string[];
  /**
   * Arguments.
   * @default - the image's command
   * @see https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/pod-v1/#Container
   */
  readonly args?: string[];
  /**
   * Environment variables, in this order.
   * @default - none
   * @see https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/pod-v1/#Container
   */
  readonly env?: Record<string, string>;
  /**
   * Security settings.
   * @default - allowPrivilegeEscalation: false and the RuntimeDefault seccomp profile only
   * @see https://kubernetes.io/docs/tasks/configure-pod-container/security-context/
   */
  readonly security?: ContainerSecurity;
  /**
   * Image pull policy.
   * @default ImagePullPolicy.IF_NOT_PRESENT
   * @see https://kubernetes.io/docs/concepts/containers/images/#image-pull-policy
   */
  readonly imagePullPolicy?: ImagePullPolicy;
}

/** Options of one version of a {@link MeshService}: one Deployment `<name>-<version>`. */
export interface MeshServiceVersionOptions {
  /** Container image, with a tag or digest. */
  readonly image: string;
  /**
   * Resource requests and limits of the main container. Required: the mesh adds an Envoy
   * sidecar to every pod, so each workload states what it needs.
   */
  readonly resources: ContainerResources;
  /**
   * Number of pods.
   * @default 1
   * @see https://kubernetes.io/docs/concepts/workloads/controllers/deployment/
   */
  readonly replicas?: number;
  /**
   * Image pull policy.
   * @default ImagePullPolicy.IF_NOT_PRESENT
   * @see https://kubernetes.io/docs/concepts/containers/images/#image-pull-policy
   */
  readonly imagePullPolicy?: ImagePullPolicy;
  /**
   * Environment variables of the main container, in this order.
   * @default - none
   * @see https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/pod-v1/#Container
   */
  readonly env?: Record<string, string>;
  /**
   * Entrypoint override of the main container.
   * @default - the image's entrypoint
   * @see https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/pod-v1/#Container
   */
  readonly command?: string[];
  /**
   * Arguments of the main container.
   * @default - the image's command
   * @see https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/pod-v1/#Container
   */
  readonly args?: string[];
  /**
   * Writable `emptyDir` directories of the main container.
   * @default - none
   * @see https://kubernetes.io/docs/concepts/storage/volumes/#emptydir
   */
  readonly scratchVolumes?: ScratchVolume[];
  /**
   * Annotations of the pod template (e.g. Prometheus scrape hints, `proxy.istio.io/config`).
   * @default - none
   * @see https://istio.io/latest/docs/reference/config/annotations/
   */
  readonly podAnnotations?: Record<string, string>;
  /**
   * Security settings of the main container.
   * @default - allowPrivilegeEscalation: false and the RuntimeDefault seccomp profile only
   * @see https://kubernetes.io/docs/tasks/configure-pod-container/security-context/
   */
  readonly security?: ContainerSecurity;
  /**
   * Helper containers beside the main one.
   * @default - none
   * @see https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/pod-v1/#Container
   */
  readonly helpers?: HelperContainer[];
}

/** Something that calls services in the mesh, identified by its mTLS principal. */
export interface IMeshCaller {
  /** The SPIFFE principal, `cluster.local/ns/<namespace>/sa/<service account>`. */
  readonly principal: string;
  /** A readable name for messages and diagrams. */
  readonly callerName: string;
}

// The MeshServices of each app by FQDN, for the constructs that render references to them.
const registries = new WeakMap<IConstruct, Map<string, MeshService>>();

/** Props of {@link MeshService}. */
export interface MeshServiceProps {
  /**
   * The Service name: the mesh host name and the value of the `app` label.
   * @default - the construct id
   * @see https://istio.io/latest/docs/ops/deployment/application-requirements/
   */
  readonly name?: string;
  /**
   * Namespace of every object.
   * @default - the chart's namespace
   * @see https://kubernetes.io/docs/concepts/services-networking/service/
   */
  readonly namespace?: string;
  /**
   * Port the Service listens on.
   * @default 80
   * @see https://kubernetes.io/docs/concepts/services-networking/service/
   */
  readonly port?: number;
  /**
   * Port the containers listen on.
   * @default - same as `port`
   * @see https://kubernetes.io/docs/concepts/services-networking/service/
   */
  readonly targetPort?: number;
  /**
   * Application protocol; the Service port is named after it so Istio and Kiali see it.
   * @default Protocol.HTTP
   * @see https://istio.io/latest/docs/ops/configuration/traffic-management/protocol-selection/
   */
  readonly protocol?: Protocol;
  /**
   * Name of the ServiceAccount the pods run as; it is the workload's mTLS identity.
   * @default - the service name
   * @see https://istio.io/latest/docs/ops/deployment/application-requirements/
   */
  readonly serviceAccountName?: string;
  /**
   * Name of the main container of every version.
   * @default - the service name
   * @see https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/pod-v1/#Container
   */
  readonly containerName?: string;
  /**
   * Versions to run, each a Deployment `<name>-<version>`; more with `addVersion()`.
   * @default - none
   * @see https://istio.io/latest/docs/ops/deployment/application-requirements/
   */
  readonly versions?: Record<string, MeshServiceVersionOptions>;
}

/** One version of a {@link MeshService}. */
export interface MeshServiceVersion {
  /** The `version` label value and the DestinationRule subset name. */
  readonly version: string;
  /** Labels of the pods of this version (`app`, `version`). */
  readonly podLabels: Record<string, string>;
  /** The generated Deployment. */
  readonly deployment: ApiObject;
}

/**
 * A workload in the mesh: a Service, a ServiceAccount and one Deployment per version,
 * labelled `app`/`version` so Istio subsets and Kiali see each version.
 *
 * Built on the `k8s` L1 objects of cdk8s-plus-28 rather than its L2 `Deployment`/`Service`:
 * the L2 constructs hash names, select pods by `cdk8s.io/metadata.addr`, and default to
 * 1 CPU / 512Mi requests, `runAsNonRoot` and a read-only root filesystem. Each of those
 * breaks routing, subsets, scheduling or the images, and undoing them costs more code than
 * writing the few fields a mesh workload needs.
 */
export class MeshService extends Construct implements IMeshCaller {
  /** @internal The MeshService of the app `scope` belongs to with this name and namespace. */
  public static _find(scope: IConstruct, name: string, namespace: string): MeshService | undefined {
    return registries.get(scope.node.root)?.get(`${name}.${namespace}.svc.cluster.local`);
  }

  /** @internal The MeshServices of the app `scope` belongs to in a namespace. */
  public static _inNamespace(scope: IConstruct, namespace: string): MeshService[] {
    return [...(registries.get(scope.node.root)?.values() ?? [])].filter((s) => s.namespace === namespace);
  }

  /** The Service name; also the short host name inside the namespace. */
  public readonly name: string;
  /** The namespace of every object. */
  public readonly namespace: string;
  /** The Service port. */
  public readonly port: number;
  /** The container port. */
  public readonly targetPort: number;
  /** The application protocol. */
  public readonly protocol: Protocol;
  /** The Service port name (`http`, `grpc`...). */
  public readonly portName: string;
  /** The ServiceAccount name. */
  public readonly serviceAccountName: string;
  /** The main container name. */
  public readonly containerName: string;
  /** The generated Service. */
  public readonly service: ApiObject;
  /** The generated ServiceAccount. */
  public readonly serviceAccount: ApiObject;

  private readonly _versions = new Map<string, MeshServiceVersion>();
  private readonly _versionServices = new Map<string, ApiObject>();
  private readonly _callers = new Map<string, IMeshCaller>();
  private readonly callerObservers: Array<(caller: IMeshCaller) => void> = [];

  constructor(scope: Construct, id: string, props: MeshServiceProps = {}) {
    super(scope, id);
    props = checkShape(this, 'MeshServiceProps', props, {
      name: ['string', DNS_1035], namespace: ['string', DNS_LABEL], port: ['number', PORT], targetPort: ['number', PORT],
      protocol: ['string', oneOf(Protocol)], serviceAccountName: ['string', DNS_SUBDOMAIN], containerName: ['string', DNS_LABEL],
      versions: ['object', 'an object of versions, each { image, resources, ... } (MeshServiceVersionOptions)'],
    });
    this.name = checkServiceName(this, 'name', props.name ?? id);
    this.namespace = resolveNamespace(this, props.namespace);
    this.port = checkPort(this, 'port', props.port ?? 80);
    this.targetPort = checkPort(this, 'targetPort', props.targetPort ?? this.port);
    this.protocol = props.protocol ?? Protocol.HTTP;
    checkEnum(this, 'protocol', this.protocol, Protocol);
    this.portName = this.protocol;
    this.serviceAccountName = checkDnsSubdomain(this, 'serviceAccountName', props.serviceAccountName ?? this.name);
    this.containerName = checkDnsLabel(this, 'containerName', props.containerName ?? this.name);

    this.service = new k8s.KubeService(this, 'Resource', {
      metadata: this.metadata(this.name, { app: this.name, service: this.name }),
      spec: {
        ports: [{
          port: this.port,
          name: this.portName,
          // Upstream manifests leave targetPort out when it equals port; so do we.
          targetPort: this.targetPort === this.port ? undefined : k8s.IntOrString.fromNumber(this.targetPort),
        }],
        selector: { app: this.name },
      },
    });
    this.serviceAccount = new k8s.KubeServiceAccount(this, 'ServiceAccount', {
      metadata: this.metadata(this.serviceAccountName, { account: this.name }),
    });

    for (const [version, options] of Object.entries(props.versions ?? {})) {
      this.addVersion(version, options);
    }
    const registry = registries.get(this.node.root) ?? new Map<string, MeshService>();
    registries.set(this.node.root, registry);
    registry.set(this.fqdn, this);
    MeshChecks.of(this);
  }

  /** Short host name of the Service, as routes inside the namespace name it. */
  public get host(): string {
    return this.name;
  }

  /** Fully qualified host name of the Service. */
  public get fqdn(): string {
    return `${this.name}.${this.namespace}.svc.cluster.local`;
  }

  /** The SPIFFE principal of the workload, as AuthorizationPolicies name it. */
  public get principal(): string {
    return `cluster.local/ns/${this.namespace}/sa/${this.serviceAccountName}`;
  }

  /** The caller name of this service (`namespace/name`). */
  public get callerName(): string {
    return `${this.namespace}/${this.name}`;
  }

  /** Labels that select every pod of this service, all versions. */
  public get selectorLabels(): Record<string, string> {
    return { app: this.name };
  }

  /**
   * Declares that this service calls `callee`: the call graph from which
   * {@link CallGraphAuthorization} derives who may call whom. Calls declared at any time before
   * synthesis count.
   */
  public addCall(callee: MeshService): void {
    if (!(callee instanceof MeshService)) fail(this, 'addCall(callee)', callee, 'a MeshService');
    if (callee._callers.has(this.principal)) return;
    callee._callers.set(this.principal, this);
    callee.callerObservers.forEach((observe) => observe(this));
  }

  /** Who calls this service, as declared with `addCall()`, in the order declared. */
  public get callers(): IMeshCaller[] {
    return [...this._callers.values()];
  }

  /** @internal Calls `observe` for every caller declared from now on. */
  public _observeCallers(observe: (caller: IMeshCaller) => void): void {
    this.callerObservers.push(observe);
  }

  /** Version labels in the order they were added. */
  public get versions(): string[] {
    return [...this._versions.keys()];
  }

  /** The version with this label, if it exists. */
  public findVersion(version: string): MeshServiceVersion | undefined {
    return this._versions.get(version);
  }

  /**
   * Adds a version: a Deployment `<name>-<version>` whose pods carry `app` and `version` labels.
   * @param version the `version` label value, e.g. `v1`
   */
  public addVersion(version: string, options: MeshServiceVersionOptions): MeshServiceVersion {
    checkDnsLabel(this, 'version', version);
    if (this._versions.has(version)) {
      fail(this, 'version', version, `a version not added yet (have ${this.versions.join(', ')})`);
    }
    const deploymentName = checkDnsSubdomain(this, 'deployment name', `${this.name}-${version}`);
    options = checkShape(this, 'MeshServiceVersionOptions', options, {
      image: ['string', 'a non-empty string without whitespace'], resources: ['object', RESOURCES], replicas: ['number', 'an integer from 0 to 1000'],
      imagePullPolicy: ['string', oneOf(ImagePullPolicy)], env: ['map', 'an object of environment variables (names and string values)'],
      command: ['strings', 'a list of strings'], args: ['strings', 'a list of strings'],
      scratchVolumes: ['objects', 'a list of { name, mountPath }'], podAnnotations: ['map', 'an object of annotations (keys and string values)'],
      security: ['object', 'an object of ContainerSecurity'], helpers: ['objects', 'a list of helper containers (HelperContainer)'],
    }, `versions.${version}.`);
    const image = checkNonEmpty(this, `versions.${version}.image`, options.image);
    const replicas = checkInt(this, `versions.${version}.replicas`, options.replicas ?? 1, 0, 1000);
    const pullPolicy = options.imagePullPolicy ?? ImagePullPolicy.IF_NOT_PRESENT;
    checkEnum(this, `versions.${version}.imagePullPolicy`, pullPolicy, ImagePullPolicy);
    const volumes = options.scratchVolumes ?? [];
    checkUnique(this, `versions.${version}.scratchVolumes names`, volumes.map((v) => v.name));
    volumes.forEach((v) => {
      checkDnsLabel(this, `versions.${version}.scratchVolumes name`, v.name);
      if (typeof v.mountPath !== 'string' || !v.mountPath.startsWith('/') || v.mountPath.split('/').includes('..')) {
        fail(this, `versions.${version}.scratchVolumes["${v.name}"].mountPath`, v.mountPath, 'an absolute path without ".." (the API server refuses others)');
      }
    });
    // The API server refuses two mounts on one path in a container.
    checkUnique(this, `versions.${version}.scratchVolumes mountPaths`, volumes.map((v) => v.mountPath.replace(/\/+$/, '') || '/'));
    const podAnnotations = checkAnnotations(this, `versions.${version}.podAnnotations`, options.podAnnotations);
    const env = Object.entries(options.env ?? {});
    env.forEach(([name]) => {
      if (!/^[-._a-zA-Z][-._a-zA-Z0-9]*$/.test(name)) fail(this, `versions.${version}.env name`, name, 'a C identifier-like environment variable name');
    });
    const podLabels = { app: this.name, version };
    const helpers = (options.helpers ?? []).map((h, i) => this.helperContainer(`versions.${version}.helpers[${i}]`, h));
    checkUnique(this, `versions.${version}.container names`, [this.containerName, ...helpers.map((h) => h.name)]);

    const deployment = new k8s.KubeDeployment(this, `Deployment-${version}`, {
      metadata: this.metadata(deploymentName, podLabels),
      spec: {
        replicas,
        selector: { matchLabels: podLabels },
        template: {
          metadata: {
            labels: podLabels,
            annotations: Object.keys(podAnnotations).length ? podAnnotations : undefined,
          },
          spec: {
            serviceAccountName: this.serviceAccountName,
            containers: [{
              name: this.containerName,
              image,
              imagePullPolicy: pullPolicy,
              command: options.command ? [...options.command] : undefined,
              args: options.args ? [...options.args] : undefined,
              env: env.length ? env.map(([name, value]) => ({ name, value })) : undefined,
              ports: [{ containerPort: this.targetPort }],
              resources: toKubeResources(this, `versions.${version}.resources`, options.resources),
              securityContext: securityContext(this, `versions.${version}.security`, options.security),
              volumeMounts: volumes.length ? volumes.map((v) => ({ name: v.name, mountPath: v.mountPath })) : undefined,
            }, ...helpers],
            volumes: volumes.length ? volumes.map((v) => ({ name: v.name, emptyDir: {} })) : undefined,
          },
        },
      },
    });
    const added: MeshServiceVersion = { version, podLabels: { ...podLabels }, deployment };
    this._versions.set(version, added);
    return added;
  }

  /**
   * Adds, once, a Service `<name>-<version>` that selects only that version's pods. The
   * Gateway API routes to versions through such Services (Istio's `bookinfo-versions.yaml`),
   * where the Istio API uses DestinationRule subsets. The version may be added before or after;
   * a version Service that selects no pods at synthesis is reported (CI0201).
   */
  public addVersionService(version: string): ApiObject {
    const existing = this._versionServices.get(version);
    if (existing) return existing;
    checkDnsLabel(this, 'version', version);
    const service = new k8s.KubeService(this, `Service-${version}`, {
      metadata: { name: checkServiceName(this, 'version service name', `${this.name}-${version}`), namespace: this.namespace },
      spec: {
        ports: [{ port: this.port, name: this.portName, targetPort: this.targetPort === this.port ? undefined : k8s.IntOrString.fromNumber(this.targetPort) }],
        selector: { app: this.name, version },
      },
    });
    this._versionServices.set(version, service);
    return service;
  }

  private helperContainer(prop: string, h: HelperContainer): k8s.Container {
    h = checkShape(this, 'HelperContainer', h, {
      name: ['string', DNS_LABEL], image: ['string', 'a non-empty string without whitespace'], resources: ['object', RESOURCES],
      command: ['strings', 'a list of strings'], args: ['strings', 'a list of strings'], env: ['map', 'an object of environment variables (names and string values)'],
      security: ['object', 'an object of ContainerSecurity'], imagePullPolicy: ['string', oneOf(ImagePullPolicy)],
    }, `${prop}.`);
    checkDnsLabel(this, `${prop}.name`, h.name);
    if (h.imagePullPolicy !== undefined) checkEnum(this, `${prop}.imagePullPolicy`, h.imagePullPolicy, ImagePullPolicy);
    const env = Object.entries(h.env ?? {});
    return {
      name: h.name,
      image: checkNonEmpty(this, `${prop}.image`, h.image),
      imagePullPolicy: h.imagePullPolicy ?? ImagePullPolicy.IF_NOT_PRESENT,
      command: h.command ? [...h.command] : undefined,
      args: h.args ? [...h.args] : undefined,
      env: env.length ? env.map(([name, value]) => ({ name, value })) : undefined,
      resources: toKubeResources(this, `${prop}.resources`, h.resources),
      securityContext: securityContext(this, `${prop}.security`, h.security),
    };
  }

  private metadata(name: string, labels: Record<string, string>): ApiObjectMetadata {
    return { name, namespace: this.namespace, labels: checkLabels(this, 'labels', labels) };
  }
}

// Every container gets what any image tolerates: no privilege escalation (nothing here relies on
// setuid binaries) and the runtime's default seccomp profile. The rest of Kubernetes' restricted
// profile (a non-root user, no capabilities) is opt-in, for images known to allow it.
function securityContext(scope: Construct, prop: string, security: ContainerSecurity | undefined): k8s.SecurityContext {
  security = checkShape(scope, 'ContainerSecurity', security, {
    runAsUser: ['number', 'an integer from 0 to 2147483647'], runAsNonRoot: ['boolean', 'true or false'],
    readOnlyRootFilesystem: ['boolean', 'true or false'], dropAllCapabilities: ['boolean', 'true or false'],
  }, `${prop}.`);
  // The API server's range for user ids (validation.go ValidateNonnegativeField and int32).
  if (security.runAsUser !== undefined) checkInt(scope, `${prop}.runAsUser`, security.runAsUser, 0, 2147483647);
  if (security.runAsNonRoot === true && security.runAsUser === 0) fail(scope, `${prop}.runAsUser`, 0, 'a non-zero user id with runAsNonRoot (the kubelet refuses to start the container)');
  return {
    allowPrivilegeEscalation: false,
    runAsUser: security.runAsUser,
    runAsNonRoot: security.runAsNonRoot || undefined,
    readOnlyRootFilesystem: security.readOnlyRootFilesystem || undefined,
    capabilities: security.dropAllCapabilities ? { drop: ['ALL'] } : undefined,
    seccompProfile: { type: 'RuntimeDefault' },
  };
}

/** What resources are, for messages. */
const RESOURCES = 'set with cpu.request and memory.request, e.g. { cpu: { request: Cpu.millis(50) }, memory: { request: Size.mebibytes(64) } }';

// A Cpu of cdk8s-plus (of any version: its `amount` is a Kubernetes quantity such as "50m" or "1").
const CPU_AMOUNT = /^(0|[1-9][0-9]*)(\.[0-9]+)?m?$/;
const millicores = (amount: string) => (amount.endsWith('m') ? Number(amount.slice(0, -1)) : Number(amount) * 1000);

/**
 * Converts cdk8s-plus resources to the wire format and insists on requests, as the API server
 * does: valid quantities, each limit at least its request.
 */
function toKubeResources(scope: Construct, prop: string, resources: ContainerResources): k8s.ResourceRequirements {
  if (typeof resources !== 'object' || resources === null || Array.isArray(resources)) fail(scope, prop, resources, RESOURCES);
  const cpu = (at: string, v: unknown): string => {
    const amount = (v as { amount?: unknown })?.amount;
    if (typeof v !== 'object' || v === null || typeof amount !== 'string' || !CPU_AMOUNT.test(amount)) {
      fail(scope, `${prop}.${at}`, v, 'a Cpu (Cpu.millis(50), Cpu.units(1)) of a non-negative amount');
    }
    return amount;
  };
  const mebibytes = (at: string, v: unknown): number => {
    if (!(v instanceof Size)) fail(scope, `${prop}.${at}`, v, 'a Size (Size.mebibytes(64), Size.gibibytes(1))');
    const mi = v.toMebibytes({ rounding: SizeRoundingBehavior.NONE });
    if (!Number.isInteger(mi) || mi < 0) fail(scope, `${prop}.${at}`, `${mi}Mi`, 'a whole, non-negative number of mebibytes');
    return mi;
  };
  const cpuRequest = resources.cpu?.request;
  const memoryRequest = resources.memory?.request;
  if (cpuRequest === undefined || memoryRequest === undefined) {
    fail(scope, prop, resources, RESOURCES);
  }
  const requests: Record<string, k8s.Quantity> = {
    cpu: k8s.Quantity.fromString(cpu('cpu.request', cpuRequest)),
    memory: k8s.Quantity.fromString(`${mebibytes('memory.request', memoryRequest)}Mi`),
  };
  const limits: Record<string, k8s.Quantity> = {};
  if (resources.cpu?.limit !== undefined) {
    const limit = cpu('cpu.limit', resources.cpu.limit);
    if (millicores(limit) < millicores(requests.cpu.value as string)) fail(scope, `${prop}.cpu.limit`, limit, `at least the CPU request (${requests.cpu.value})`);
    limits.cpu = k8s.Quantity.fromString(limit);
  }
  if (resources.memory?.limit !== undefined) {
    const limit = mebibytes('memory.limit', resources.memory.limit);
    if (limit < mebibytes('memory.request', memoryRequest)) fail(scope, `${prop}.memory.limit`, `${limit}Mi`, `at least the memory request (${requests.memory.value})`);
    limits.memory = k8s.Quantity.fromString(`${limit}Mi`);
  }
  if (resources.ephemeralStorage?.request !== undefined) requests['ephemeral-storage'] = k8s.Quantity.fromString(`${mebibytes('ephemeralStorage.request', resources.ephemeralStorage.request)}Mi`);
  if (resources.ephemeralStorage?.limit !== undefined) limits['ephemeral-storage'] = k8s.Quantity.fromString(`${mebibytes('ephemeralStorage.limit', resources.ephemeralStorage.limit)}Mi`);
  return { requests, limits: Object.keys(limits).length ? limits : undefined };
}
