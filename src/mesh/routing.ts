import { Duration } from 'cdk8s';

/**
 * Which API a routing construct emits. Both are rendered from the same route model.
 * @see https://istio.io/latest/docs/tasks/traffic-management/ingress/gateway-api/
 */
export enum TrafficApi {
  /** Istio's `Gateway`, `VirtualService` and `DestinationRule` (networking.istio.io/v1). */
  ISTIO = 'istio',
  /** Kubernetes Gateway API `Gateway` and `HTTPRoute` (gateway.networking.k8s.io/v1); GAMMA for east-west. */
  GATEWAY_API = 'gateway-api',
}

/** How a match compares a string. */
export enum StringMatchKind {
  /** The whole value. */
  EXACT = 'exact',
  /** The start of the value. */
  PREFIX = 'prefix',
  /** An RE2 regular expression, anchored (it must match the whole value). */
  REGEX = 'regex',
}

/** A string comparison in a route match: `StringMatch.exact('jason')`. */
export class StringMatch {
  /** Matches the value exactly. */
  public static exact(value: string): StringMatch {
    return new StringMatch(StringMatchKind.EXACT, value);
  }

  /** Matches values that start with `value`. */
  public static prefix(value: string): StringMatch {
    return new StringMatch(StringMatchKind.PREFIX, value);
  }

  /** Matches values that the RE2 regular expression matches as a whole. */
  public static regex(value: string): StringMatch {
    return new StringMatch(StringMatchKind.REGEX, value);
  }

  private constructor(
    /** How the value is compared. */
    public readonly kind: StringMatchKind,
    /** The value compared with. */
    public readonly value: string,
  ) {}
}

/** Conditions on a request; all set fields must hold. */
export interface HttpMatch {
  /**
   * Condition on the path.
   * @default - any path
   * @see https://istio.io/latest/docs/reference/config/networking/virtual-service/#HTTPMatchRequest
   */
  readonly uri?: StringMatch;
  /**
   * Conditions on request headers, by lowercase header name.
   * @default - any headers
   * @see https://istio.io/latest/docs/reference/config/networking/virtual-service/#HTTPMatchRequest
   */
  readonly headers?: Record<string, StringMatch>;
}

/** Where matching requests go. */
export interface RouteDestination {
  /**
   * The destination Service: its name in the route's namespace, or a fully qualified name.
   * @default - the routed service (ServiceRoutes, ReviewsCanary); IstioGateway requires it
   * @see https://istio.io/latest/docs/reference/config/networking/virtual-service/#Destination
   */
  readonly host?: string;
  /**
   * Version subset of the destination (a DestinationRule subset; in the Gateway API, the
   * per-version Service `<host>-<subset>`).
   * @default - any version
   * @see https://istio.io/latest/docs/reference/config/networking/virtual-service/#Destination
   */
  readonly subset?: string;
  /**
   * Share of the requests, an integer percentage. The weights of one rule must add up to 100.
   * Zero-weight destinations are left out.
   * @default - 100 when it is the only destination
   * @see https://istio.io/latest/docs/reference/config/networking/virtual-service/#HTTPRouteDestination
   */
  readonly weight?: number;
  /**
   * Destination port.
   * @default - the Service's only port (always written in the Gateway API, which requires it)
   * @see https://istio.io/latest/docs/reference/config/networking/virtual-service/#Destination
   */
  readonly port?: number;
}

/** A fixed delay injected into a share of the requests. */
export interface DelayFault {
  /** The delay, a whole number of milliseconds, at least 1 ms. */
  readonly fixedDelay: Duration;
  /** Share of the requests delayed, a percentage in (0, 100]. */
  readonly percentage: number;
}

/** An HTTP error returned instead of forwarding a share of the requests. */
export interface AbortFault {
  /** The HTTP status returned, 200 to 599. */
  readonly httpStatus: number;
  /** Share of the requests aborted, a percentage in (0, 100]. */
  readonly percentage: number;
}

/** Fault injection (Istio API only). @see https://istio.io/latest/docs/tasks/traffic-management/fault-injection/ */
export interface HttpFault {
  /**
   * Delay requests.
   * @default - no delay
   * @see https://istio.io/latest/docs/reference/config/networking/virtual-service/#HTTPFaultInjection-Delay
   */
  readonly delay?: DelayFault;
  /**
   * Abort requests.
   * @default - no abort
   * @see https://istio.io/latest/docs/reference/config/networking/virtual-service/#HTTPFaultInjection-Abort
   */
  readonly abort?: AbortFault;
}

/** Retry policy (Istio API only; the Gateway API's retries are not in its standard channel). */
export interface HttpRetries {
  /** Number of retries, 0 to 100. */
  readonly attempts: number;
  /**
   * Timeout of each try.
   * @default - the route timeout
   * @see https://istio.io/latest/docs/reference/config/networking/virtual-service/#HTTPRetry
   */
  readonly perTryTimeout?: Duration;
  /**
   * Conditions that trigger a retry, as Envoy names them (`5xx`, `gateway-error`, `connect-failure`, ...).
   * @default - Istio's default (`connect-failure,refused-stream,unavailable,cancelled,retriable-status-codes`)
   * @see https://istio.io/latest/docs/reference/config/networking/virtual-service/#HTTPRetry
   */
  readonly retryOn?: string[];
}

/** A copy of the traffic sent to another destination, responses discarded. */
export interface HttpMirror {
  /** Service receiving the copies. */
  readonly host: string;
  /**
   * Its version subset.
   * @default - any version
   * @see https://istio.io/latest/docs/reference/config/networking/virtual-service/#Destination
   */
  readonly subset?: string;
  /**
   * Its port.
   * @default - the Service's only port
   * @see https://istio.io/latest/docs/reference/config/networking/virtual-service/#Destination
   */
  readonly port?: number;
  /**
   * Share of the requests mirrored, an integer percentage 1 to 100.
   * @default 100
   * @see https://istio.io/latest/docs/reference/config/networking/virtual-service/#HTTPRoute
   */
  readonly percentage?: number;
}

/**
 * One HTTP routing rule: which requests (matches) go where (destinations), and how.
 *
 * Order: the Istio API tries rules in the order given, first match wins. The Gateway API picks
 * the most specific match instead (an exact path before a prefix, a longer prefix first, then more
 * header matches), and uses the order only between equally specific rules. Write rules whose
 * matches do not overlap, or list the most specific first, and both APIs agree.
 */
export interface HttpRouteRule {
  /**
   * Name of the rule, shown in Envoy's stats and access logs.
   * @default - unnamed
   * @see https://istio.io/latest/docs/reference/config/networking/virtual-service/#HTTPRoute
   */
  readonly name?: string;
  /**
   * Requests matching any of these take this rule (see the note on order above).
   * @default - every request
   * @see https://istio.io/latest/docs/reference/config/networking/virtual-service/#HTTPMatchRequest
   */
  readonly matches?: HttpMatch[];
  /** Where the requests go, with weights when there are several. */
  readonly destinations: RouteDestination[];
  /**
   * Request timeout.
   * @default - none (Istio) / the implementation's (Gateway API)
   * @see https://istio.io/latest/docs/reference/config/networking/virtual-service/#HTTPRoute
   */
  readonly timeout?: Duration;
  /**
   * Retries (Istio API only).
   * @default - Istio's default retry policy
   * @see https://istio.io/latest/docs/reference/config/networking/virtual-service/#HTTPRetry
   */
  readonly retries?: HttpRetries;
  /**
   * Fault injection (Istio API only).
   * @default - none
   * @see https://istio.io/latest/docs/reference/config/networking/virtual-service/#HTTPFaultInjection
   */
  readonly fault?: HttpFault;
  /**
   * Mirror the requests to another destination.
   * @default - no mirroring
   * @see https://istio.io/latest/docs/reference/config/networking/virtual-service/#HTTPRoute
   */
  readonly mirror?: HttpMirror;
}
