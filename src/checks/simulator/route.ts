// What the routing step hands on, shared by VirtualService and HTTPRoute routing.
import { SimulatedFault, SimulatedMirror, SimulatedRetries } from './types';

/** The request as routing sees it. */
export interface RoutedRequest {
  /** The Host header without its port, lower case. */
  readonly host: string;
  /** The `:authority` as sent (with its port when there is one). */
  readonly authority: string;
  /** The normalized path, without the query. */
  readonly path: string;
  /** The query parameters, for `queryParams` matches. */
  readonly query: ReadonlyMap<string, string>;
  /** The HTTP method. */
  readonly method: string;
  /** Headers by lower-case name. */
  readonly headers: Readonly<Record<string, string>>;
  /** The listener port: the Service port at a sidecar, the server/listener port at a gateway. */
  readonly port: number;
}

/** One backend of a route, before it is resolved to a Service and its pods. */
export interface RouteTarget {
  /** Host FQDN (`reviews.bookinfo.svc.cluster.local`). */
  readonly host: string;
  readonly subset?: string;
  readonly port?: number;
  /** Relative weight (the share is weight / sum of weights). */
  readonly weight: number;
  /** A status the proxy answers for this backend's share instead (an invalid backendRef: 500). */
  readonly status?: number;
  readonly statusReason?: string;
  /** The default route: every endpoint of the Service alike, reported per version. */
  readonly split?: boolean;
}

/** Header changes a route makes before the request goes on. */
export interface HeaderOps {
  readonly set?: Readonly<Record<string, string>>;
  readonly add?: Readonly<Record<string, string>>;
  readonly remove?: readonly string[];
}

/** The outcome of routing: where the request goes, or what the proxy answers. */
export interface RouteOutcome {
  /** `VirtualService ns/name` or `HTTPRoute ns/name`; absent for the default route. */
  readonly object?: string;
  readonly rule?: number;
  readonly match?: number;
  readonly targets: readonly RouteTarget[];
  /** A status the proxy answers itself (404 no route, a redirect, a direct response, 500). */
  readonly response?: number;
  readonly redirect?: string;
  readonly fault?: SimulatedFault;
  readonly timeout?: string;
  readonly retries?: SimulatedRetries;
  readonly mirror?: readonly SimulatedMirror[];
  /** The path after a rewrite, when the route rewrites it. */
  readonly rewrite?: string;
  readonly headers?: HeaderOps;
  readonly description: string;
}

/** Istio's retry default, from mesh `defaultHttpRetryPolicy` unset (VS-10: retry.go:44-51). */
export const DEFAULT_RETRIES: SimulatedRetries = {
  attempts: 2,
  retryOn: 'connect-failure,refused-stream,unavailable,cancelled,retriable-status-codes',
  isDefault: true,
};

/** Applies a route's header changes to request headers (lower-case names). */
export function applyHeaderOps(headers: Readonly<Record<string, string>>, ops: HeaderOps | undefined): Record<string, string> {
  const out: Record<string, string> = { ...headers };
  if (!ops) return out;
  for (const k of ops.remove ?? []) delete out[k.toLowerCase()];
  for (const [k, v] of Object.entries(ops.set ?? {})) out[k.toLowerCase()] = v;
  for (const [k, v] of Object.entries(ops.add ?? {})) out[k.toLowerCase()] = out[k.toLowerCase()] !== undefined ? `${out[k.toLowerCase()]},${v}` : v;
  return out;
}
