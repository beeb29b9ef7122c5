/**
 * The parts of Istio's MeshConfig the checks read (istioctl analyze reads the mesh's own, or the
 * file of `--meshConfigFile`). Fields left out take Istio 1.28's defaults; `defaultConfig` and
 * `defaultProviders` are merged into the defaults and `extensionProviders` replace the default
 * provider of the same name, as istiod applies a mesh config file.
 * @see https://istio.io/latest/docs/reference/config/istio.mesh.v1alpha1/
 */
export interface MeshConfig {
  /**
   * The namespace whose policies apply mesh-wide.
   * @default 'istio-system'
   * @see https://istio.io/latest/docs/reference/config/istio.mesh.v1alpha1/#MeshConfig-root_namespace
   */
  readonly rootNamespace?: string;
  /**
   * Whether clients pick mutual TLS by themselves (auto mTLS) where no DestinationRule sets a TLS
   * mode: with it, a PeerAuthentication alone turns mutual TLS on, and the Kiali checks that want
   * a DestinationRule beside it (KIA0205, KIA0206, KIA0401, KIA0501) stay quiet.
   * @default true
   * @see https://istio.io/latest/docs/reference/config/istio.mesh.v1alpha1/#MeshConfig-enable_auto_mtls
   */
  readonly enableAutoMtls?: boolean;
  /**
   * The trust domain of the mesh's workload identities (`<trustDomain>/ns/<namespace>/sa/<account>`).
   * @default 'cluster.local'
   * @see https://istio.io/latest/docs/reference/config/istio.mesh.v1alpha1/#MeshConfig-trust_domain
   */
  readonly trustDomain?: string;
  /**
   * Other trust domains the mesh treats as its own, in AuthorizationPolicy principals.
   * @default []
   * @see https://istio.io/latest/docs/reference/config/istio.mesh.v1alpha1/#MeshConfig-trust_domain_aliases
   */
  readonly trustDomainAliases?: string[];
  /**
   * Whether Istio's ingress controller handles Kubernetes Ingresses: `OFF`, `DEFAULT` or `STRICT`.
   * With `OFF` the analyzer does not assume the default ingress gateway (Service and pod
   * `istio-system/istio-ingressgateway`) exists.
   * @default 'STRICT'
   * @see https://istio.io/latest/docs/reference/config/istio.mesh.v1alpha1/#MeshConfig-IngressControllerMode
   */
  readonly ingressControllerMode?: string;
  /**
   * The name of the ingress gateway's Service, which the analyzer assumes exists in the Istio
   * namespace (labelled `istio: ingressgateway`).
   * @default 'istio-ingressgateway'
   * @see https://istio.io/latest/docs/reference/config/istio.mesh.v1alpha1/#MeshConfig-ingress_service
   */
  readonly ingressService?: string;
  /**
   * The proxy configuration of every workload, merged into Istio's default (the analyzers read
   * `image.imageType` and `proxyMetadata`).
   * @default - Istio's default ProxyConfig (no image type, no proxy metadata)
   * @see https://istio.io/latest/docs/reference/config/istio.mesh.v1alpha1/#ProxyConfig
   */
  readonly defaultConfig?: MeshProxyConfig;
  /**
   * The providers used when a Telemetry resource names none.
   * @default - none
   * @see https://istio.io/latest/docs/reference/config/istio.mesh.v1alpha1/#MeshConfig-DefaultProviders
   */
  readonly defaultProviders?: MeshDefaultProviders;
  /**
   * Extension providers (tracing, access logging, metrics, authorization); each replaces the
   * default provider of the same name (`prometheus`, `stackdriver`, `envoy`) or is added.
   * @default - Istio's `prometheus`, `stackdriver` and `envoy` (file access log to /dev/stdout)
   * @see https://istio.io/latest/docs/reference/config/istio.mesh.v1alpha1/#MeshConfig-ExtensionProvider
   */
  readonly extensionProviders?: MeshExtensionProvider[];
}

/**
 * The parts of a ProxyConfig the analyzers read.
 * @see https://istio.io/latest/docs/reference/config/istio.mesh.v1alpha1/#ProxyConfig
 */
export interface MeshProxyConfig {
  /**
   * The proxy image variant.
   * @default - the default image
   * @see https://istio.io/latest/docs/reference/config/networking/proxy-config/#ProxyImage
   */
  readonly image?: MeshProxyImage;
  /**
   * Environment variables of the proxy (e.g. `ISTIO_META_DNS_CAPTURE`), merged key by key into the
   * default's.
   * @default - none
   */
  readonly proxyMetadata?: Record<string, string>;
}

/** The proxy image variant. */
export interface MeshProxyImage {
  /**
   * `default`, `debug` or `distroless`.
   * @default 'default'
   */
  readonly imageType?: string;
}

/**
 * Default telemetry providers, by name.
 * @see https://istio.io/latest/docs/reference/config/istio.mesh.v1alpha1/#MeshConfig-DefaultProviders
 */
export interface MeshDefaultProviders {
  /**
   * @default - none
   */
  readonly tracing?: string[];
  /**
   * @default - none
   */
  readonly metrics?: string[];
  /**
   * @default - none
   */
  readonly accessLogging?: string[];
}

/**
 * One extension provider: its name and one provider field (`lightstep`, `opentelemetry`,
 * `envoyFileAccessLog`...), as in the mesh config.
 * @see https://istio.io/latest/docs/reference/config/istio.mesh.v1alpha1/#MeshConfig-ExtensionProvider
 */
export interface MeshExtensionProvider {
  /** The provider's name, as Telemetry resources refer to it. */
  readonly name: string;
  /** The provider's settings, one field named after its type. */
  readonly [type: string]: unknown;
}

/**
 * Istio's MeshNetworks: the networks of a multi-network mesh and how their endpoints are found.
 * @see https://istio.io/latest/docs/reference/config/istio.mesh.v1alpha1/#MeshNetworks
 */
export interface MeshNetworks {
  /**
   * The networks, by name.
   * @default - none
   */
  readonly networks?: Record<string, MeshNetwork>;
}

/**
 * One network of {@link MeshNetworks}.
 * @see https://istio.io/latest/docs/reference/config/istio.mesh.v1alpha1/#Network
 */
export interface MeshNetwork {
  /**
   * Where the network's endpoints come from.
   * @default - none
   */
  readonly endpoints?: MeshNetworkEndpoint[];
  /**
   * The network's gateways (not read by the analyzers).
   * @default - none
   */
  readonly gateways?: unknown[];
}

/**
 * A source of endpoints of a network: a service registry (`Kubernetes`, or a remote cluster's
 * name) or a CIDR range.
 * @see https://istio.io/latest/docs/reference/config/istio.mesh.v1alpha1/#Network-NetworkEndpoints
 */
export interface MeshNetworkEndpoint {
  /**
   * A service registry: `Kubernetes`, or the name of a remote cluster's secret key.
   * @default - none
   */
  readonly fromRegistry?: string;
  /**
   * A CIDR range of the network's endpoints.
   * @default - none
   */
  readonly fromCidr?: string;
}

/** A MeshConfig with every default the analyzers read resolved. */
export interface ResolvedMeshConfig {
  readonly rootNamespace: string;
  readonly enableAutoMtls: boolean;
  readonly trustDomain: string;
  readonly trustDomainAliases: readonly string[];
  readonly ingressControllerMode: string;
  readonly ingressService: string;
  readonly defaultConfig: { readonly image?: MeshProxyImage; readonly proxyMetadata: Readonly<Record<string, string>>; readonly [field: string]: unknown };
  readonly defaultProviders: MeshDefaultProviders;
  readonly extensionProviders: readonly MeshExtensionProvider[];
  /** Any other field of the given config, as it was. */
  readonly [field: string]: unknown;
}

// Istio 1.28's mesh.DefaultMeshConfig() (pkg/config/mesh/mesh.go:65-131), the fields analyzers read.
const DEFAULT_EXTENSION_PROVIDERS: readonly MeshExtensionProvider[] = [
  { name: 'prometheus', prometheus: {} },
  { name: 'stackdriver', stackdriver: {} },
  { name: 'envoy', envoyFileAccessLog: { path: '/dev/stdout' } },
];

const isObject = (v: unknown): v is Record<string, any> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Resolves a MeshConfig over Istio's defaults as istiod applies a mesh config file
 * (pkg/config/mesh/mesh.go ApplyMeshConfig): top-level fields replace the defaults,
 * `defaultConfig` (with `proxyMetadata` key by key) and `defaultProviders` are merged,
 * `extensionProviders` replace the default of the same name or are appended.
 */
export function resolveMeshConfig(config: MeshConfig = {}): ResolvedMeshConfig {
  const given: Record<string, any> = isObject(config) ? config : {};
  const defaultConfig = isObject(given.defaultConfig) ? given.defaultConfig : {};
  const providers = [...DEFAULT_EXTENSION_PROVIDERS];
  for (const p of Array.isArray(given.extensionProviders) ? given.extensionProviders : []) {
    const i = providers.findIndex((d) => d.name === p?.name);
    if (i >= 0) providers[i] = p; else providers.push(p);
  }
  return {
    ...given,
    rootNamespace: given.rootNamespace || 'istio-system',
    enableAutoMtls: given.enableAutoMtls ?? true,
    trustDomain: given.trustDomain || 'cluster.local',
    trustDomainAliases: Array.isArray(given.trustDomainAliases) ? given.trustDomainAliases : [],
    ingressControllerMode: given.ingressControllerMode ?? 'STRICT',
    ingressService: given.ingressService || 'istio-ingressgateway',
    defaultConfig: { ...defaultConfig, proxyMetadata: { ...(isObject(defaultConfig.proxyMetadata) ? defaultConfig.proxyMetadata : {}) } },
    defaultProviders: { ...(isObject(given.defaultProviders) ? given.defaultProviders : {}) },
    extensionProviders: providers,
  };
}
