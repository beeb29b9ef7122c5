// Where a policy is enforced. Sidecar mode: the destination's own proxy (or a gateway's, for
// requests from outside). Ambient mode: the waypoint a Service is enrolled in (L7, policies with
// targetRefs) and then the destination's ztunnel (L4, selector, namespace and root namespace
// policies), which sees the waypoint's identity rather than the caller's
// (https://istio.io/latest/docs/ambient/usage/l4-policy/, table "Enforced By").
import { SimWaypoint, SimWorkload } from './mesh';

/** The protocol of a port, from its `appProtocol` or its name prefix (`http-web`, `tcp-db`). */
export type PortProtocol = 'http' | 'tcp';

/**
 * A proxy that evaluates authorization for requests to a workload. `layer` says what it sees:
 * `L7` the HTTP request, `L4` the connection only (HTTP-only rule fields cannot apply, AZ-9).
 */
export interface EnforcementPoint {
  /**
   * `sidecar` (the workload's own proxy), `gateway` (a gateway's proxy, for requests from
   * outside), `waypoint` (an ambient Service's waypoint) or `ztunnel` (an ambient pod's node proxy).
   */
  readonly kind: 'sidecar' | 'gateway' | 'waypoint' | 'ztunnel';
  readonly layer: 'L7' | 'L4';
  /** The workload whose policies apply (for a waypoint: the waypoint's pods). */
  readonly workload: SimWorkload;
  /** The port the request arrives on (the pod's port; a waypoint's: the Service port). */
  readonly port: number;
  /** `sidecar Deployment bookinfo/reviews-v1`, `waypoint Gateway bookinfo/waypoint`, `ztunnel for Deployment bookinfo/ratings-v1`. */
  readonly at: string;
  /** At a waypoint: the waypoint, and the Service the request is addressed to (policies attach to either). */
  readonly waypoint?: SimWaypoint;
  readonly service?: any;
}

/**
 * The protocol Istio gives a Service port: its `appProtocol`, else its name's prefix
 * (https://istio.io/latest/docs/ops/configuration/traffic-management/protocol-selection/).
 * Unnamed ports are sniffed, which detects an HTTP request as HTTP.
 */
export function portProtocol(port: any): PortProtocol {
  const declared = String(port?.appProtocol ?? String(port?.name ?? '').split('-')[0]).toLowerCase();
  return ['tcp', 'tls', 'https', 'mongo', 'mysql', 'redis'].includes(declared) ? 'tcp' : 'http';
}

/**
 * The enforcement points of a request arriving at `workload` on `port`, in the order they run:
 * the workload's sidecar (or gateway proxy), or its ztunnel in ambient mode (L4 whatever the
 * protocol: ztunnel never parses HTTP), or none when it has no proxy (then nothing enforces
 * AuthorizationPolicies for it).
 */
export function enforcementPoints(workload: SimWorkload, port: number, protocol: PortProtocol): EnforcementPoint[] {
  if (workload.proxy === 'none') return [];
  if (workload.proxy === 'ztunnel') return [{ kind: 'ztunnel', layer: 'L4', workload, port, at: `ztunnel for ${workload.id}` }];
  const kind = workload.proxy === 'gateway' ? 'gateway' : 'sidecar';
  return [{ kind, layer: protocol === 'tcp' ? 'L4' : 'L7', workload, port, at: `${kind} ${workload.id}` }];
}

/** The waypoint's enforcement point for a request to `service` on its `port` (L7 on HTTP ports). */
export function waypointPoint(waypoint: SimWaypoint, service: any, port: number, protocol: PortProtocol): EnforcementPoint {
  return { kind: 'waypoint', layer: protocol === 'tcp' ? 'L4' : 'L7', workload: waypoint.workload, port, at: `waypoint ${waypoint.id}`, waypoint, service };
}
