/**
 * The parts of Istio's MeshConfig the checks read (istioctl analyze reads the mesh's own).
 * @see https://istio.io/latest/docs/reference/config/istio.mesh.v1alpha1/
 */
export interface MeshConfig {
  /**
   * The namespace whose policies apply mesh-wide.
   * @default 'istio-system'
   */
  readonly rootNamespace?: string;
}

/** A MeshConfig with every default resolved. */
export type ResolvedMeshConfig = Required<MeshConfig>;

/** Resolves the defaults of a MeshConfig (Istio's own). */
export function resolveMeshConfig(config: MeshConfig = {}): ResolvedMeshConfig {
  return { rootNamespace: config.rootNamespace ?? 'istio-system' };
}
