import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import * as gw from '../../imports/gateway.networking.k8s.io';
import { IMeshCaller, MeshService } from './mesh-service';
import { MeshNamespace } from './mesh-namespace';
import { PolicyTarget } from './policy-target';
import { MeshChecks } from '../checks/mesh-checks';
import {
  checkDnsLabel, checkDnsSubdomain, checkEnum, checkShape, DNS_LABEL, DNS_SUBDOMAIN, fail, oneOf, resolveNamespace,
} from '../private/validation';

/**
 * The traffic a waypoint takes (its `istio.io/waypoint-for` label).
 * @see https://istio.io/latest/docs/ambient/usage/waypoint/#waypoint-traffic-types
 */
export enum WaypointFor {
  /** Traffic addressed to the Services enrolled in it (istiod's default). */
  SERVICE = 'service',
  /** Traffic addressed to the pods enrolled in it. */
  WORKLOAD = 'workload',
  /** Both. */
  ALL = 'all',
  /** Neither: the waypoint is not used for traffic. */
  NONE = 'none',
}

/** The label that enrolls a Namespace, Service or Pod in a waypoint. */
export const USE_WAYPOINT_LABEL = 'istio.io/use-waypoint';

/** Props of {@link Waypoint}. */
export interface WaypointProps {
  /**
   * The waypoint's name: the Gateway's, and that of the Deployment, Service and ServiceAccount
   * Istio deploys for it.
   * @default 'waypoint' (istioctl's)
   * @see https://istio.io/latest/docs/ambient/usage/waypoint/
   */
  readonly name?: string;
  /**
   * Its namespace.
   * @default - the chart's namespace
   * @see https://istio.io/latest/docs/ambient/usage/waypoint/
   */
  readonly namespace?: string;
  /**
   * The traffic it takes. Left out, no `istio.io/waypoint-for` label is written, as
   * `istioctl waypoint generate` writes none, and istiod takes Service traffic.
   * @default - service traffic (no label)
   * @see https://istio.io/latest/docs/ambient/usage/waypoint/#waypoint-traffic-types
   */
  readonly waypointFor?: WaypointFor;
  /**
   * The istiod revision that deploys it (`istio.io/rev`), for canary control planes. Put the
   * revision here rather than on an ambient namespace, where it would inject sidecars.
   * @default - the default revision
   * @see https://istio.io/latest/docs/ambient/upgrade/helm/
   */
  readonly revision?: string;
}

/**
 * An ambient-mode waypoint: a Gateway API Gateway of class `istio-waypoint` with the single
 * `mesh` listener on port 15008 (HBONE), as `istioctl waypoint generate` writes it. Istio deploys
 * an Envoy for it that applies L7 routing (HTTPRoutes whose parent is a Service) and L7 policies
 * (attached with `targetRefs`) to the traffic of what is enrolled in it: a namespace, or a
 * Service (`enroll()`, the `istio.io/use-waypoint` label).
 * @see https://istio.io/latest/docs/ambient/usage/waypoint/
 */
export class Waypoint extends Construct implements IMeshCaller {
  /** The waypoint's name. */
  public readonly name: string;
  /** Its namespace. */
  public readonly namespace: string;
  /** The traffic it takes, when set. */
  public readonly waypointFor?: WaypointFor;
  /** The generated Gateway. */
  public readonly resource: ApiObject;

  private readonly enrolled = new Set<string>();

  constructor(scope: Construct, id: string, props: WaypointProps = {}) {
    super(scope, id);
    props = checkShape(this, 'WaypointProps', props, {
      name: ['string', DNS_LABEL], namespace: ['string', DNS_LABEL], waypointFor: ['string', oneOf(WaypointFor)], revision: ['string', DNS_SUBDOMAIN],
    });
    this.name = checkDnsLabel(this, 'name', props.name ?? 'waypoint');
    // istiod reserves "none" in istio.io/use-waypoint: a waypoint of that name cannot be used.
    if (this.name === 'none') fail(this, 'name', this.name, 'a name other than "none", which istio.io/use-waypoint reserves for opting out');
    this.namespace = resolveNamespace(this, props.namespace);
    if (props.waypointFor !== undefined) this.waypointFor = checkEnum(this, 'waypointFor', props.waypointFor, WaypointFor);
    const labels: Record<string, string> = {};
    if (this.waypointFor !== undefined) labels['istio.io/waypoint-for'] = this.waypointFor;
    if (props.revision !== undefined) labels['istio.io/rev'] = checkDnsSubdomain(this, 'revision', props.revision);
    this.resource = new gw.Gateway(this, 'Resource', {
      metadata: { name: this.name, namespace: this.namespace, labels: Object.keys(labels).length ? labels : undefined },
      spec: {
        gatewayClassName: 'istio-waypoint',
        listeners: [{ name: 'mesh', port: 15008, protocol: 'HBONE' }],
      },
    });
    MeshChecks.of(this);
  }

  /**
   * The identity the waypoint's Envoy calls workloads with: Istio deploys it with a
   * ServiceAccount of the Gateway's name. Policies that ztunnel enforces at the destination must
   * allow it for traffic that goes through the waypoint.
   */
  public get principal(): string {
    return `cluster.local/ns/${this.namespace}/sa/${this.name}`;
  }

  /** The caller name of the waypoint, for messages and diagrams. */
  public get callerName(): string {
    return `waypoint ${this.namespace}/${this.name}`;
  }

  /** How a policy attaches to the whole waypoint (`targetRefs` to its Gateway). */
  public get policyTarget(): PolicyTarget {
    return PolicyTarget.gateway(this.name);
  }

  /** Whether it takes the traffic of enrolled Services. */
  public get takesServiceTraffic(): boolean {
    return this.waypointFor === undefined || this.waypointFor === WaypointFor.SERVICE || this.waypointFor === WaypointFor.ALL;
  }

  /**
   * Enrolls a namespace (every Service and pod of it) or one Service in this waypoint: the
   * `istio.io/use-waypoint` label, as `istioctl waypoint apply --enroll-namespace` or
   * `kubectl label service ... istio.io/use-waypoint=...` set it. The namespace or Service must be
   * in the waypoint's own namespace (a waypoint allows only its namespace by default).
   */
  public enroll(target: MeshNamespace | MeshService): void {
    if (target instanceof MeshNamespace) {
      if (target.name !== this.namespace) fail(this, 'enroll namespace', target.name, `the waypoint's own namespace (${this.namespace}): a waypoint takes routes from its namespace only`);
      this.label(target.resource, `Namespace ${target.name}`);
    } else if (target instanceof MeshService) {
      if (target.namespace !== this.namespace) fail(this, 'enroll service', target.callerName, `a Service of the waypoint's own namespace (${this.namespace})`);
      if (this.waypointFor !== undefined && !this.takesServiceTraffic) {
        fail(this, 'enroll service', target.callerName, `enrolled in a waypoint for service or all traffic (this one is for ${this.waypointFor})`);
      }
      this.label(target.service, `Service ${target.callerName}`);
    } else {
      fail(this, 'enroll target', target, 'a MeshNamespace or a MeshService');
    }
  }

  private label(obj: ApiObject, what: string): void {
    if (this.enrolled.has(what)) return;
    this.enrolled.add(what);
    obj.metadata.addLabel(USE_WAYPOINT_LABEL, this.name);
  }
}
