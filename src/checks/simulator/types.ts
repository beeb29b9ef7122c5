// The public types of the mesh simulator (simulate(), the CLI's --json output).

/**
 * A JSON Web Token the request carries, as a RequestAuthentication would validate it: the
 * simulator trusts its signature and expiry, and checks only that a RequestAuthentication of the
 * workload names its issuer.
 */
export interface SimulatedJwt {
  /** The issuer (`iss` claim). */
  readonly iss: string;
  /** The subject (`sub` claim). */
  readonly sub: string;
  /**
   * The audiences (`aud` claim), for `request.auth.audiences` conditions.
   * @default - none
   * @see https://istio.io/latest/docs/reference/config/security/conditions/
   */
  readonly aud?: readonly string[];
  /**
   * The authorized presenter (`azp` claim), for `request.auth.presenter` conditions.
   * @default - none
   * @see https://istio.io/latest/docs/reference/config/security/conditions/
   */
  readonly azp?: string;
  /**
   * Other claims, for `request.auth.claims[...]` conditions (nested objects allowed).
   * @default - none
   * @see https://istio.io/latest/docs/reference/config/security/conditions/
   */
  readonly claims?: Readonly<Record<string, unknown>>;
}

/** One HTTP request to simulate. */
export interface SimulationRequest {
  /**
   * The caller, by service account: `namespace/serviceaccount`. The ingress is named by its
   * service account too: `istio-system/istio-ingressgateway-service-account` (istioctl's ingress
   * gateway, pods labelled `istio: ingressgateway`) or `<namespace>/<gateway>-istio` (the pods
   * Istio deploys for a Gateway API Gateway of class `istio`).
   */
  readonly from: string;
  /**
   * The host and port called, as in a URL: `reviews:9080`, `reviews.bookinfo`,
   * `productpage.bookinfo.svc.cluster.local:9080`. A short name resolves in the caller's
   * namespace (Kubernetes DNS). Without a port: the Service's only port, else 80. For a gateway
   * caller this is the Host header of the request arriving at the gateway, and the port picks
   * the gateway listener when it is one.
   */
  readonly to: string;
  /**
   * The request path, with an optional query string.
   * @default '/'
   * @see https://istio.io/latest/docs/reference/config/security/authorization-policy/#Operation
   */
  readonly path?: string;
  /**
   * The HTTP method (upper case: proxies answer 400 to any other).
   * @default 'GET'
   * @see https://istio.io/latest/docs/reference/config/security/authorization-policy/#Operation
   */
  readonly method?: string;
  /**
   * Request headers (names are case-insensitive); `host` overrides the Host header taken from `to`.
   * @default - none besides Host
   * @see https://istio.io/latest/docs/reference/config/networking/virtual-service/#HTTPMatchRequest
   */
  readonly headers?: Readonly<Record<string, string>>;
  /**
   * A JWT the request carries (a request has no request principal without one).
   * @default - no token
   * @see https://istio.io/latest/docs/reference/config/security/request_authentication/
   */
  readonly jwt?: SimulatedJwt;
}

/** Fault injection of the route taken (VirtualService `fault`). */
export interface SimulatedFault {
  /** A delay, when configured. */
  readonly delay?: {
    /** The delay, as written (`7s`). */
    readonly fixedDelay: string;
    /** Share of requests delayed, 0 to 100 (0 when the rule has no percentage). */
    readonly percentage: number;
  };
  /** An abort, when configured. */
  readonly abort?: {
    /** The status returned instead of calling the destination. */
    readonly httpStatus: number;
    /** Share of requests aborted, 0 to 100 (0 when the rule has no percentage). */
    readonly percentage: number;
  };
}

/** Retries of the route taken. */
export interface SimulatedRetries {
  /** Retry attempts after the first try (0: no retries). */
  readonly attempts: number;
  /** Envoy retry conditions. */
  readonly retryOn?: string;
  /** Timeout of each try, when set. */
  readonly perTryTimeout?: string;
  /** True when the mesh default applies (the route sets no retries). */
  readonly isDefault: boolean;
}

/** A mirror of the route taken: a copy of the request is sent there, its answer ignored. */
export interface SimulatedMirror {
  /** The mirror's host (FQDN). */
  readonly host: string;
  /** The DestinationRule subset, when named. */
  readonly subset?: string;
  /** The port, when named. */
  readonly port?: number;
  /** Share of requests mirrored, 0 to 100. */
  readonly percentage: number;
}

/** One destination of the route taken, with its share of the requests. */
export interface SimulatedDestination {
  /** The destination host (FQDN of the Service). */
  readonly host: string;
  /** The DestinationRule subset, when the route names one. */
  readonly subset?: string;
  /**
   * The `version` label of the pods it reaches (from the subset's labels or the per-version
   * Service's selector, matched against the pod templates), when they share one.
   */
  readonly version?: string;
  /** The Service port called. */
  readonly port?: number;
  /** Share of the requests, in percent (rounded to 0.01). */
  readonly weight: number;
  /** The workloads (pod controllers) behind it: `Deployment bookinfo/reviews-v1`. */
  readonly workloads: readonly string[];
  /** Whether requests to this destination reach the application (absent when not simulated, e.g. a 0 weight). */
  readonly allowed?: boolean;
  /** What the mesh answers instead, when it does not reach the application (see {@link SimulationResult.response}). */
  readonly response?: number | string;
}

/** The route a request takes. */
export interface SimulatedRoute {
  /**
   * The routing object: `VirtualService ns/name` or `HTTPRoute ns/name`. Absent when none applies:
   * then the request goes to the Service, split evenly over its endpoints (pods).
   */
  readonly object?: string;
  /** Index of the rule taken (`http[i]` of a VirtualService, `rules[i]` of an HTTPRoute). */
  readonly rule?: number;
  /** Index of the match entry of that rule that matched (absent for a rule without matches). */
  readonly match?: number;
  /** Where the requests go, with their shares. Empty when the route answers itself (404, redirect...). */
  readonly destinations: readonly SimulatedDestination[];
  /** Fault injection, when configured. */
  readonly fault?: SimulatedFault;
  /** The route timeout (absent: disabled). */
  readonly timeout?: string;
  /** Retries (the mesh default when the route sets none). */
  readonly retries?: SimulatedRetries;
  /** Mirrors, when configured. */
  readonly mirror?: readonly SimulatedMirror[];
  /** The path the destination receives, when the route rewrites it. */
  readonly rewrite?: string;
  /** A redirect the route answers with, when it does (`301 https://host/path`). */
  readonly redirect?: string;
  /** One sentence: how the route was chosen. */
  readonly description: string;
}

/** The mutual TLS in force between the caller and the destination. */
export interface SimulatedMtls {
  /**
   * The PeerAuthentication mode in force at the destination workload and port: `STRICT`,
   * `PERMISSIVE` or `DISABLE` (never for an ambient pod, where DISABLE is ignored); `NONE` when the
   * destination has no proxy.
   */
  readonly mode: string;
  /**
   * Where the mode comes from: `PeerAuthentication ns/name (workload, port 9080)`, `(workload)`,
   * `(namespace)`, `(mesh)`, or `default (no PeerAuthentication)`.
   */
  readonly source: string;
  /** The workload port the mode applies to (the pod's port, not the Service's). */
  readonly port?: number;
  /** The destination workload: `Deployment bookinfo/productpage-v1`. */
  readonly workload?: string;
  /** Whether the caller's connection is Istio mutual TLS (a caller without a proxy never is). */
  readonly callerMtls: boolean;
  /** What the client sends: `mTLS`, `plaintext`, or `TLS` (a DestinationRule's SIMPLE or MUTUAL, not Istio mTLS). */
  readonly transport: string;
  /**
   * What decided the client side: `auto mTLS`, `DestinationRule ns/name (tls MODE)`, `HBONE from ...`
   * (ambient: mutual TLS to an ambient pod, or from ztunnel or a waypoint), or `no client proxy`.
   */
  readonly clientTls: string;
  /** The peer principal the destination sees (absent on plain text). */
  readonly principal?: string;
  /** `ok`, or what the connection fails with: `connection reset`, `503`. */
  readonly outcome: string;
}

/** The authorization decision of one enforcement point (a proxy) on the request's way. */
export interface SimulatedEnforcement {
  /**
   * Where: `gateway Deployment istio-system/istio-ingressgateway`, `sidecar Deployment bookinfo/reviews-v1`,
   * `waypoint Gateway bookinfo/waypoint`, `ztunnel for Deployment bookinfo/ratings-v1`.
   */
  readonly at: string;
  /**
   * The kind of enforcement point: `sidecar`, `gateway`, or in ambient mode `waypoint` (the
   * policies that target the Service or the waypoint, with the caller's identity) and `ztunnel`
   * (the destination pod's L4 policies, with the identity of whoever connects: the waypoint's
   * when there is one).
   */
  readonly kind: string;
  /** `L7` (HTTP attributes seen) or `L4` (TCP: HTTP-only rule fields cannot apply). */
  readonly layer: string;
  /** The workload port the request arrives on. */
  readonly port: number;
  /** The peer principal the point sees (absent on plain text or from outside the mesh). */
  readonly principal?: string;
  /** The request principal (`iss/sub`) after RequestAuthentication, when the request has one. */
  readonly requestPrincipal?: string;
  /** Whether the point lets the request through. */
  readonly allowed: boolean;
  /** The deciding policy: `AuthorizationPolicy ns/name`, `no policy`, or the RequestAuthentications that refuse a token. */
  readonly policy: string;
  /** The index of the deciding rule in that policy. */
  readonly rule?: number;
  /** The action of the deciding policy: `ALLOW`, `DENY` (or `CUSTOM`). */
  readonly action?: string;
  /**
   * What the caller gets when the point stops the request: 401, 403; for ztunnel, which refuses
   * the connection, `connection reset` (from the caller's ztunnel) or 503 (from a waypoint,
   * gateway or sidecar in front of it).
   */
  readonly response?: number | string;
  /** Every rule that matched, as Envoy names them: `ns[bookinfo]-policy[allow-details]-rule[0]`. */
  readonly matched: readonly string[];
  /** One sentence: why. */
  readonly reason: string;
}

/** The caller as the simulator resolved it. */
export interface SimulatedCaller {
  /** `namespace/serviceaccount`, as given. */
  readonly serviceAccount: string;
  /** Its workload identity: `cluster.local/ns/<ns>/sa/<sa>`. */
  readonly principal: string;
  /**
   * Its proxy: `sidecar`, `gateway`, `ztunnel` (an ambient pod: mutual TLS, no routing of its own)
   * or `none` (no sidecar: plain text, no principal, no routing rules).
   */
  readonly proxy: string;
  /** The workload found for the service account, when one is: `Deployment bookinfo/productpage-v1`. */
  readonly workload?: string;
  /** For a gateway: the Gateway objects that configure it (`Gateway bookinfo/bookinfo-gateway`). */
  readonly gateways?: readonly string[];
}

/** What {@link simulate} finds for one request. */
export interface SimulationResult {
  /** The request, with its defaults filled in. */
  readonly request: {
    /** The caller, `ns/serviceaccount`. */
    readonly from: string;
    /** The host called. */
    readonly host: string;
    /** The port called. */
    readonly port: number;
    /** The path (with its query, as given). */
    readonly path: string;
    /** The method. */
    readonly method: string;
  };
  /** The caller. */
  readonly caller: SimulatedCaller;
  /** The route taken. */
  readonly route: SimulatedRoute;
  /**
   * True when the request reaches the destination application: every enforcement point allows
   * it, the connection is accepted and the route has a destination, for every destination that
   * receives a share of the requests.
   */
  readonly allowed: boolean;
  /**
   * The deciding policy, `AuthorizationPolicy ns/name` (for a denial by default, the allow-nothing
   * policy if there is one, else the first ALLOW policy), `no policy`, or the RequestAuthentications
   * that refuse a token.
   */
  readonly policy: string;
  /** The index of the deciding rule in that policy. */
  readonly rule?: number;
  /** The action of the deciding policy: `ALLOW`, `DENY`, `CUSTOM`. */
  readonly action?: string;
  /** Where the deciding policy was enforced (see {@link SimulatedEnforcement.at}). */
  readonly enforcedAt?: string;
  /**
   * What the mesh answers instead of the application, when it does: an HTTP status (403 denied,
   * 404 no route, 503 no upstream, 401 bad token, a fault's status, a redirect's), or
   * `connection reset` / `connection refused`.
   */
  readonly response?: number | string;
  /** One sentence: why. */
  readonly reason: string;
  /** The mutual TLS between the caller (its proxy, or the waypoint in between) and the first destination. */
  readonly mtls: SimulatedMtls;
  /** Every enforcement point on the way, in order (the gateway first, then the waypoint, then each destination workload). */
  readonly enforcement: readonly SimulatedEnforcement[];
  /** Assumptions and details worth knowing (defaults applied, things not simulated). */
  readonly notes: readonly string[];
}
