import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import * as security from '../../imports/security.istio.io';
import {
  checkDnsSubdomain, checkEnum, checkLabels, checkPort, checkShape, DNS_LABEL, DNS_SUBDOMAIN, fail, LABELS, oneOf, resolveNamespace,
} from '../private/validation';

/** Whether a workload accepts plain text. @see https://istio.io/latest/docs/reference/config/security/peer_authentication/#PeerAuthentication-MutualTLS-Mode */
export enum MtlsMode {
  /** Only mutual TLS. */
  STRICT = 'STRICT',
  /** Mutual TLS and plain text, for migration. */
  PERMISSIVE = 'PERMISSIVE',
  /** Plain text only. */
  DISABLE = 'DISABLE',
}

/** Props of {@link PeerAuthentication}. */
export interface PeerAuthenticationProps {
  /**
   * The PeerAuthentication name.
   * @default 'default' for a namespace-wide policy, else the construct id
   * @see https://istio.io/latest/docs/reference/config/security/peer_authentication/
   */
  readonly name?: string;
  /**
   * Its namespace; `istio-system` makes it mesh-wide.
   * @default - the chart's namespace
   * @see https://istio.io/latest/docs/reference/config/security/peer_authentication/
   */
  readonly namespace?: string;
  /**
   * The mutual TLS mode.
   * @default MtlsMode.STRICT
   * @see https://istio.io/latest/docs/reference/config/security/peer_authentication/
   */
  readonly mode?: MtlsMode;
  /**
   * Labels of the workloads it applies to (e.g. `service.selectorLabels`).
   * @default - every workload of the namespace
   * @see https://istio.io/latest/docs/reference/config/security/peer_authentication/
   */
  readonly selector?: Record<string, string>;
  /**
   * Modes for individual container ports; Istio requires a selector for these.
   * @default - none
   * @see https://istio.io/latest/docs/reference/config/security/peer_authentication/#PeerAuthentication
   */
  readonly portLevelMtls?: Record<number, MtlsMode>;
}

/**
 * Mutual TLS for the workloads of a namespace, or of selected workloads.
 * @see https://istio.io/latest/docs/tasks/security/authentication/mtls-migration/
 */
export class PeerAuthentication extends Construct {
  /** The PeerAuthentication name. */
  public readonly name: string;
  /** Its namespace. */
  public readonly namespace: string;
  /** The mutual TLS mode. */
  public readonly mode: MtlsMode;
  /** The generated PeerAuthentication; `addJsonPatch()` is the escape hatch. */
  public readonly resource: ApiObject;

  constructor(scope: Construct, id: string, props: PeerAuthenticationProps = {}) {
    super(scope, id);
    props = checkShape(this, 'PeerAuthenticationProps', props, {
      name: ['string', DNS_SUBDOMAIN], namespace: ['string', DNS_LABEL], mode: ['string', oneOf(MtlsMode)], selector: ['map', LABELS],
      portLevelMtls: ['map', 'an object of ports and MtlsModes'],
    });
    const selector = props.selector === undefined ? undefined : checkLabels(this, 'selector', props.selector);
    if (selector && Object.keys(selector).length === 0) fail(this, 'selector', selector, 'at least one label (leave it out for the whole namespace)');
    this.name = checkDnsSubdomain(this, 'name', props.name ?? (selector ? id : 'default'));
    this.namespace = resolveNamespace(this, props.namespace);
    this.mode = checkMode(this, 'mode', props.mode ?? MtlsMode.STRICT);
    const ports = Object.entries(props.portLevelMtls ?? {});
    if (ports.length && !selector) {
      fail(this, 'portLevelMtls', props.portLevelMtls, 'used with a selector (Istio rejects port-level mTLS in a namespace-wide PeerAuthentication)');
    }
    const portLevelMtls = ports.length ? Object.fromEntries(ports.map(([port, mode]) => {
      checkPort(this, 'portLevelMtls port', Number(port));
      return [port, { mode: checkMode(this, `portLevelMtls[${port}]`, mode) as string as security.PeerAuthenticationSpecPortLevelMtlsMode }];
    })) : undefined;

    this.resource = new security.PeerAuthentication(this, 'Resource', {
      metadata: { name: this.name, namespace: this.namespace },
      spec: {
        selector: selector && { matchLabels: selector },
        mtls: { mode: this.mode as string as security.PeerAuthenticationSpecMtlsMode },
        portLevelMtls,
      },
    });
  }
}

function checkMode(scope: Construct, prop: string, mode: MtlsMode): MtlsMode {
  return checkEnum(scope, prop, mode, MtlsMode);
}
