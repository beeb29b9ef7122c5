/**
 * The parts of Istio's MeshConfig the checks read (istioctl analyze reads the mesh's own).
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
}

/** A MeshConfig with every default resolved. */
export type ResolvedMeshConfig = Required<MeshConfig>;

/** Resolves the defaults of a MeshConfig (Istio's own). */
export function resolveMeshConfig(config: MeshConfig = {}): ResolvedMeshConfig {
  return {
    rootNamespace: config.rootNamespace ?? 'istio-system',
    enableAutoMtls: config.enableAutoMtls ?? true,
    trustDomain: config.trustDomain ?? 'cluster.local',
    trustDomainAliases: config.trustDomainAliases ?? [],
  };
}
