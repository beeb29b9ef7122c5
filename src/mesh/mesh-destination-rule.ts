import { ApiObject, Duration, Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import * as istio from '../../imports/networking.istio.io';
import { MeshService } from './mesh-service';
import { checkDuration, istioDuration } from '../private/routes';
import { checkDnsLabel, checkDnsSubdomain, checkEnum, checkInt, checkShape, checkUnique, DNS_SUBDOMAIN, fail, oneOf } from '../private/validation';

/** TLS towards the destination. @see https://istio.io/latest/docs/reference/config/networking/destination-rule/#ClientTLSSettings-TLSmode */
export enum TlsMode {
  /** Plain text. */
  DISABLE = 'DISABLE',
  /** TLS with the destination's server certificate. */
  SIMPLE = 'SIMPLE',
  /** Mutual TLS with certificates you provide. */
  MUTUAL = 'MUTUAL',
  /** Mutual TLS with the mesh's own workload certificates. */
  ISTIO_MUTUAL = 'ISTIO_MUTUAL',
}

/** Load-balancing algorithm. @see https://istio.io/latest/docs/reference/config/networking/destination-rule/#LoadBalancerSettings-SimpleLB */
export enum LoadBalancer {
  /** Each endpoint in turn. */
  ROUND_ROBIN = 'ROUND_ROBIN',
  /** The endpoint with the fewest outstanding requests (Istio's default). */
  LEAST_REQUEST = 'LEAST_REQUEST',
  /** A random endpoint. */
  RANDOM = 'RANDOM',
  /** The original destination address, no load balancing. */
  PASSTHROUGH = 'PASSTHROUGH',
}

/** Connection pool limits, the first half of circuit breaking. */
export interface ConnectionPool {
  /**
   * Maximum TCP connections to the destination.
   * @default - unlimited (2^32-1)
   * @see https://istio.io/latest/docs/reference/config/networking/destination-rule/#ConnectionPoolSettings-TCPSettings
   */
  readonly maxConnections?: number;
  /**
   * Maximum requests queued while waiting for a connection.
   * @default - unlimited (2^32-1)
   * @see https://istio.io/latest/docs/reference/config/networking/destination-rule/#ConnectionPoolSettings-HTTPSettings
   */
  readonly http1MaxPendingRequests?: number;
  /**
   * Maximum concurrent requests to the destination.
   * @default - unlimited (2^32-1)
   * @see https://istio.io/latest/docs/reference/config/networking/destination-rule/#ConnectionPoolSettings-HTTPSettings
   */
  readonly http2MaxRequests?: number;
  /**
   * Maximum requests per connection; 1 disables keep-alive.
   * @default - unlimited
   * @see https://istio.io/latest/docs/reference/config/networking/destination-rule/#ConnectionPoolSettings-HTTPSettings
   */
  readonly maxRequestsPerConnection?: number;
  /**
   * TCP connect timeout.
   * @default - 10s
   * @see https://istio.io/latest/docs/reference/config/networking/destination-rule/#ConnectionPoolSettings-TCPSettings
   */
  readonly connectTimeout?: Duration;
}

/** Ejection of failing endpoints, the second half of circuit breaking. */
export interface OutlierDetection {
  /**
   * Consecutive 5xx responses before an endpoint is ejected.
   * @default 5
   * @see https://istio.io/latest/docs/reference/config/networking/destination-rule/#OutlierDetection
   */
  readonly consecutive5xxErrors?: number;
  /**
   * Time between ejection sweeps.
   * @default - 10s
   * @see https://istio.io/latest/docs/reference/config/networking/destination-rule/#OutlierDetection
   */
  readonly interval?: Duration;
  /**
   * Minimum ejection duration.
   * @default - 30s
   * @see https://istio.io/latest/docs/reference/config/networking/destination-rule/#OutlierDetection
   */
  readonly baseEjectionTime?: Duration;
  /**
   * Maximum share of endpoints that can be ejected, a percentage.
   * @default 10
   * @see https://istio.io/latest/docs/reference/config/networking/destination-rule/#OutlierDetection
   */
  readonly maxEjectionPercent?: number;
}

/** Props of {@link MeshDestinationRule}. */
export interface MeshDestinationRuleProps {
  /** The service whose traffic this rule governs; its host is the rule's host. */
  readonly service: MeshService;
  /**
   * The DestinationRule name.
   * @default - the service name
   * @see https://istio.io/latest/docs/reference/config/networking/destination-rule/
   */
  readonly name?: string;
  /**
   * Version subsets, each selecting pods by their `version` label. Subsets for versions that
   * are not deployed yet are allowed (routes fail over nothing until they exist).
   * @default - the service's versions
   * @see https://istio.io/latest/docs/reference/config/networking/destination-rule/#Subset
   */
  readonly subsets?: string[];
  /**
   * TLS mode towards the service.
   * @default - none set: Istio's auto mTLS picks ISTIO_MUTUAL for sidecar-injected destinations
   * @see https://istio.io/latest/docs/tasks/security/authentication/mtls-migration/
   */
  readonly tlsMode?: TlsMode;
  /**
   * Name of the Secret with the certificates for TLS origination (`SIMPLE`: the CA to verify the
   * destination; `MUTUAL`: the client certificate and key too), in the namespace of the client
   * workloads. Required with `MUTUAL`; not with `ISTIO_MUTUAL`, which uses the mesh's own.
   * @default - none
   * @see https://istio.io/latest/docs/reference/config/networking/destination-rule/#ClientTLSSettings
   */
  readonly credentialName?: string;
  /**
   * Load-balancing algorithm.
   * @default - Istio's default (LEAST_REQUEST)
   * @see https://istio.io/latest/docs/reference/config/networking/destination-rule/#LoadBalancerSettings
   */
  readonly loadBalancer?: LoadBalancer;
  /**
   * Connection pool limits (circuit breaking).
   * @default - none
   * @see https://istio.io/latest/docs/tasks/traffic-management/circuit-breaking/
   */
  readonly connectionPool?: ConnectionPool;
  /**
   * Outlier detection (circuit breaking).
   * @default - none
   * @see https://istio.io/latest/docs/reference/config/networking/destination-rule/#OutlierDetection
   */
  readonly outlierDetection?: OutlierDetection;
}

/**
 * A DestinationRule for one {@link MeshService}: version subsets from the service's
 * versions, and optionally mTLS, load balancing and circuit breaking.
 * @see https://istio.io/latest/docs/reference/config/networking/destination-rule/
 */
export class MeshDestinationRule extends Construct {
  /** The DestinationRule name. */
  public readonly name: string;
  /** The host the rule applies to (the service's short name, as upstream writes it). */
  public readonly host: string;
  /** The service the rule governs. */
  public readonly service: MeshService;
  /** The generated DestinationRule; `resource.addJsonPatch()` is the escape hatch for fields not modelled here. */
  public readonly resource: ApiObject;

  // Listed subsets, or undefined for the service's versions as they are at synthesis.
  private readonly listed?: string[];
  private readonly added: string[] = [];
  private readonly trafficPolicy?: istio.DestinationRuleSpecTrafficPolicy;

  constructor(scope: Construct, id: string, props: MeshDestinationRuleProps) {
    super(scope, id);
    props = checkShape(this, 'MeshDestinationRuleProps', props, {
      service: [MeshService, 'a MeshService'], name: ['string', DNS_SUBDOMAIN], subsets: ['strings', 'a list of version names'], tlsMode: ['string', oneOf(TlsMode)], credentialName: ['string', DNS_SUBDOMAIN],
      loadBalancer: ['string', oneOf(LoadBalancer)], connectionPool: ['object', 'an object of ConnectionPool'], outlierDetection: ['object', 'an object of OutlierDetection'],
    });
    const count = ['number', 'an integer from 1 to 2147483647'] as const;
    const duration = [Duration, 'a Duration of whole milliseconds, at least 1 ms (e.g. Duration.seconds(7))'] as const;
    checkShape(this, 'ConnectionPool', props.connectionPool, {
      maxConnections: count, http1MaxPendingRequests: count, http2MaxRequests: count, maxRequestsPerConnection: count, connectTimeout: duration,
    }, 'connectionPool.');
    checkShape(this, 'OutlierDetection', props.outlierDetection, {
      consecutive5xxErrors: ['number', 'an integer from 0 to 2147483647'], interval: duration, baseEjectionTime: duration, maxEjectionPercent: ['number', 'an integer from 0 to 100'],
    }, 'outlierDetection.');
    if (!(props?.service instanceof MeshService)) fail(this, 'service', props?.service, 'a MeshService');
    this.service = props.service;
    this.host = props.service.host;
    this.name = checkDnsSubdomain(this, 'name', props.name ?? props.service.name);
    if (props.subsets !== undefined) {
      if (!Array.isArray(props.subsets)) fail(this, 'subsets', props.subsets, 'a list of version names');
      props.subsets.forEach((s) => checkDnsLabel(this, 'subsets', s));
      checkUnique(this, 'subsets', props.subsets);
      this.listed = [...props.subsets];
    }
    this.trafficPolicy = this.policy(props);

    this.resource = new istio.DestinationRule(this, 'Resource', {
      metadata: { name: this.name, namespace: props.service.namespace },
      spec: Lazy.any({ produce: () => this._toKube() }),
    });
  }

  /**
   * Subset names, in order: the listed ones, or the service's versions (those added so far; the
   * DestinationRule gets those of synthesis time), then those of `addSubset()`.
   */
  public get subsets(): string[] {
    return [...new Set([...(this.listed ?? this.service.versions), ...this.added])];
  }

  /** Adds a version subset (`version: <name>`) and returns its name. */
  public addSubset(version: string): string {
    checkDnsLabel(this, 'subset', version);
    if (this.subsets.includes(version)) fail(this, 'subset', version, `a subset not defined yet (have ${this.subsets.join(', ')})`);
    this.added.push(version);
    return version;
  }

  /** @internal */
  public _toKube(): istio.DestinationRuleSpec {
    const subsets = this.subsets;
    return {
      host: this.host,
      trafficPolicy: this.trafficPolicy,
      subsets: subsets.length ? subsets.map((name) => ({ name, labels: { version: name } })) : undefined,
    };
  }

  private policy(props: MeshDestinationRuleProps): istio.DestinationRuleSpecTrafficPolicy | undefined {
    const { tlsMode, credentialName, loadBalancer, connectionPool: pool, outlierDetection: outlier } = props;
    if (tlsMode !== undefined) checkEnum(this, 'tlsMode', tlsMode, TlsMode);
    if (credentialName !== undefined) {
      checkDnsSubdomain(this, 'credentialName', credentialName);
      // agent/validation.go:315 and validation.go:572: certificates only for origination the mesh does not do itself.
      if (tlsMode !== TlsMode.SIMPLE && tlsMode !== TlsMode.MUTUAL) fail(this, 'credentialName', credentialName, `left out unless tlsMode is SIMPLE or MUTUAL (it is ${tlsMode ?? 'not set'})`);
    } else if (tlsMode === TlsMode.MUTUAL) {
      // agent/validation.go:325-328: "client certificate required for mutual tls".
      fail(this, 'credentialName', credentialName, 'set with tlsMode MUTUAL: the Secret with the client certificate and key (ISTIO_MUTUAL uses the mesh\'s own)');
    }
    if (loadBalancer !== undefined) checkEnum(this, 'loadBalancer', loadBalancer, LoadBalancer);
    const count = (prop: string, v: number | undefined) => (v === undefined ? undefined : checkInt(this, prop, v, 1, 2 ** 31 - 1));
    const duration = (prop: string, d: Duration | undefined) => (d === undefined ? undefined : (checkDuration(this, prop, d), istioDuration(d)));
    const policy: istio.DestinationRuleSpecTrafficPolicy = {
      tls: tlsMode && { mode: tlsMode as string as istio.DestinationRuleSpecTrafficPolicyTlsMode, credentialName },
      loadBalancer: loadBalancer && { simple: loadBalancer as string as istio.DestinationRuleSpecTrafficPolicyLoadBalancerSimple },
      connectionPool: pool && {
        tcp: pool.maxConnections !== undefined || pool.connectTimeout !== undefined ? {
          maxConnections: count('connectionPool.maxConnections', pool.maxConnections),
          connectTimeout: duration('connectionPool.connectTimeout', pool.connectTimeout),
        } : undefined,
        http: pool.http1MaxPendingRequests !== undefined || pool.http2MaxRequests !== undefined || pool.maxRequestsPerConnection !== undefined ? {
          http1MaxPendingRequests: count('connectionPool.http1MaxPendingRequests', pool.http1MaxPendingRequests),
          http2MaxRequests: count('connectionPool.http2MaxRequests', pool.http2MaxRequests),
          maxRequestsPerConnection: count('connectionPool.maxRequestsPerConnection', pool.maxRequestsPerConnection),
        } : undefined,
      },
      outlierDetection: outlier && {
        consecutive5XxErrors: outlier.consecutive5xxErrors === undefined ? undefined : checkInt(this, 'outlierDetection.consecutive5xxErrors', outlier.consecutive5xxErrors, 0, 2 ** 31 - 1),
        interval: duration('outlierDetection.interval', outlier.interval),
        baseEjectionTime: duration('outlierDetection.baseEjectionTime', outlier.baseEjectionTime),
        maxEjectionPercent: outlier.maxEjectionPercent === undefined ? undefined : checkInt(this, 'outlierDetection.maxEjectionPercent', outlier.maxEjectionPercent, 0, 100),
      },
    };
    return Object.values(policy).some((v) => v !== undefined) ? policy : undefined;
  }
}
