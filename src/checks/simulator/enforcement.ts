// Where a policy is enforced: an explicit step, so that Istio's ambient mode can be added later
// (ztunnel enforcing L4 rules for every pod of an ambient namespace, a waypoint enforcing L7 rules
// for the policies that target it) next to the sidecar mode simulated today.
import { SimWorkload } from './mesh';

/** The protocol of a port, from its `appProtocol` or its name prefix (`http-web`, `tcp-db`). */
export type PortProtocol = 'http' | 'tcp';

/**
 * A proxy that evaluates authorization for requests to a workload. `layer` says what it sees:
 * `L7` the HTTP request, `L4` the connection only (HTTP-only rule fields cannot apply, AZ-9).
 */
export interface EnforcementPoint {
  /** `sidecar` (the workload's own proxy) or `gateway` (a gateway's proxy, for requests from outside). Ambient adds `ztunnel` and `waypoint`. */
  readonly kind: 'sidecar' | 'gateway';
  readonly layer: 'L7' | 'L4';
  /** The workload whose policies apply (selector, namespace, root namespace; targetRefs for Gateway API gateway pods). */
  readonly workload: SimWorkload;
  /** The port the request arrives on (the pod's port). */
  readonly port: number;
  /** `sidecar Deployment bookinfo/reviews-v1`. */
  readonly at: string;
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
 * The enforcement points of a request arriving at `workload` on `port`, in the order they run.
 * Sidecar mode: the workload's own proxy, or none when it has no proxy (then nothing enforces
 * AuthorizationPolicies for it).
 */
export function enforcementPoints(workload: SimWorkload, port: number, protocol: PortProtocol): EnforcementPoint[] {
  if (workload.proxy === 'none') return [];
  const kind = workload.proxy === 'gateway' ? 'gateway' : 'sidecar';
  return [{ kind, layer: protocol === 'tcp' ? 'L4' : 'L7', workload, port, at: `${kind} ${workload.id}` }];
}
