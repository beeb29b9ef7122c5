import { ApiObject, ApiObjectMetadata } from 'cdk8s';
// The Kubernetes L1 classes only: the rest of cdk8s-plus-28 (its L2 constructs) is not loaded.
import * as k8s from 'cdk8s-plus-28/lib/imports/k8s';
import { Construct } from 'constructs';
import {
  checkDnsLabel, checkEnum, checkLabels, checkShape, DNS_LABEL, fail, LABELS, oneOf,
} from '../private/validation';

/** How the pods of a namespace join the mesh. */
export enum DataplaneMode {
  /** An Envoy sidecar is injected into every pod (`istio-injection: enabled` or `istio.io/rev`). */
  SIDECAR = 'sidecar',
  /** Ztunnel and optional waypoints, no sidecars (`istio.io/dataplane-mode: ambient`). */
  AMBIENT = 'ambient',
  /** The namespace is explicitly left out of the mesh (`istio-injection: disabled`). */
  NONE = 'none',
}

/** Props of {@link MeshNamespace}. */
export interface MeshNamespaceProps {
  /**
   * The namespace name.
   * @default - the construct id
   * @see https://istio.io/latest/docs/setup/additional-setup/sidecar-injection/
   */
  readonly name?: string;
  /**
   * How pods of this namespace join the mesh.
   * @default DataplaneMode.SIDECAR
   * @see https://istio.io/latest/docs/setup/additional-setup/sidecar-injection/
   */
  readonly dataplaneMode?: DataplaneMode;
  /**
   * Inject sidecars from this istiod revision (`istio.io/rev: <revision>`) instead of the default one.
   * Only valid with `DataplaneMode.SIDECAR`.
   * @default - the default revision (`istio-injection: enabled`)
   * @see https://istio.io/latest/docs/setup/upgrade/canary/
   */
  readonly revision?: string;
  /**
   * Extra labels on the Namespace. The mesh labels (`istio-injection`, `istio.io/rev`,
   * `istio.io/dataplane-mode`) come from `dataplaneMode` and `revision` only.
   * @default - none
   * @see https://istio.io/latest/docs/setup/additional-setup/sidecar-injection/
   */
  readonly labels?: Record<string, string>;
}

/**
 * A Namespace enrolled in the mesh: `istio-injection: enabled` by default, or a revision
 * label for canary control planes, or the ambient data plane.
 */
export class MeshNamespace extends Construct {
  /** The namespace name. */
  public readonly name: string;
  /** How pods of this namespace join the mesh. */
  public readonly dataplaneMode: DataplaneMode;
  /** The istiod revision that injects sidecars, when one is set. */
  public readonly revision?: string;
  /** The generated Namespace. */
  public readonly resource: ApiObject;

  constructor(scope: Construct, id: string, props: MeshNamespaceProps = {}) {
    super(scope, id);
    props = checkShape(this, 'MeshNamespaceProps', props, {
      name: ['string', DNS_LABEL], dataplaneMode: ['string', oneOf(DataplaneMode)], revision: ['string', DNS_LABEL], labels: ['map', LABELS],
    });
    this.name = checkDnsLabel(this, 'name', props.name ?? id);
    this.dataplaneMode = props.dataplaneMode ?? DataplaneMode.SIDECAR;
    checkEnum(this, 'dataplaneMode', this.dataplaneMode, DataplaneMode);
    if (props.revision !== undefined) {
      if (this.dataplaneMode !== DataplaneMode.SIDECAR) {
        // Istio ignores istio.io/rev for sidecar injection when the namespace is ambient or disabled.
        fail(this, 'revision', props.revision, `left out with dataplaneMode ${this.dataplaneMode} (a revision only applies to sidecar injection)`);
      }
      this.revision = checkDnsLabel(this, 'revision', props.revision);
    }
    for (const key of MESH_LABEL_KEYS) {
      if (props.labels?.[key] !== undefined) {
        fail(this, `labels["${key}"]`, props.labels[key], 'left out: the mesh labels come from the dataplaneMode and revision props, which keep them consistent');
      }
    }
    const labels = { ...checkLabels(this, 'labels', props.labels), ...meshLabels(this.dataplaneMode, this.revision) };

    const metadata: ApiObjectMetadata = { name: this.name, labels };
    this.resource = new k8s.KubeNamespace(this, 'Resource', { metadata });
  }

  /** True when pods of this namespace get an Envoy sidecar. */
  public get sidecarInjected(): boolean {
    return this.dataplaneMode === DataplaneMode.SIDECAR;
  }
}

// Istio reads these to decide injection; istio-injection wins over istio.io/rev, so never mix them.
const MESH_LABEL_KEYS = ['istio-injection', 'istio.io/rev', 'istio.io/dataplane-mode'];

function meshLabels(mode: DataplaneMode, revision?: string): Record<string, string> {
  switch (mode) {
    case DataplaneMode.SIDECAR:
      return revision ? { 'istio.io/rev': revision } : { 'istio-injection': 'enabled' };
    case DataplaneMode.AMBIENT:
      return { 'istio.io/dataplane-mode': 'ambient' };
    case DataplaneMode.NONE:
      return { 'istio-injection': 'disabled' };
  }
}
