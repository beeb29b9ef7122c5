import { ApiObject, Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import * as gw from '../../imports/gateway.networking.k8s.io';
import * as istio from '../../imports/networking.istio.io';
import { MeshService, Protocol } from './mesh-service';
import { MeshChecks } from '../checks/mesh-checks';
import { checkRule, ResolvedRule, toGatewayRule, toIstioHttp } from '../private/routes';
import { checkDnsSubdomain, checkEnum, checkShape, DNS_SUBDOMAIN, fail, oneOf } from '../private/validation';
import { HttpRouteRule, TrafficApi } from './routing';

/** Props of {@link ServiceRoutes}. */
export interface ServiceRoutesProps {
  /** The service whose requests these rules route. */
  readonly service: MeshService;
  /**
   * Name of the VirtualService or HTTPRoute.
   * @default - the service name
   * @see https://istio.io/latest/docs/reference/config/networking/virtual-service/
   */
  readonly name?: string;
  /**
   * Which API to emit.
   * @default TrafficApi.ISTIO
   * @see https://gateway-api.sigs.k8s.io/mesh/
   */
  readonly api?: TrafficApi;
  /**
   * Routing rules, tried in order; more with `addRule()`. A destination without a host goes to
   * this service.
   * @default - none
   * @see https://istio.io/latest/docs/reference/config/networking/virtual-service/
   */
  readonly rules?: HttpRouteRule[];
  /**
   * Istio Gateways the VirtualService also applies to (`name` or `namespace/name`), besides the
   * sidecars of the mesh, which it always applies to (`mesh` is added). Istio API only.
   * @default - the mesh only
   * @see https://istio.io/latest/docs/reference/config/networking/virtual-service/#VirtualService
   */
  readonly gateways?: string[];
}

/**
 * Routes for the requests that workloads in the mesh send to one service (east-west): an Istio
 * `VirtualService`, or with the Gateway API a GAMMA `HTTPRoute` whose parent is the Service.
 * @see https://istio.io/latest/docs/reference/config/networking/virtual-service/
 * @see https://gateway-api.sigs.k8s.io/mesh/
 */
export class ServiceRoutes extends Construct {
  /** The routed service. */
  public readonly service: MeshService;
  /** The VirtualService or HTTPRoute name. */
  public readonly name: string;
  /** The emitted API. */
  public readonly api: TrafficApi;
  /** The generated VirtualService or HTTPRoute; `resource.addJsonPatch()` is the escape hatch. */
  public readonly resource: ApiObject;

  private readonly _rules: ResolvedRule[] = [];
  private readonly gateways?: string[];

  constructor(scope: Construct, id: string, props: ServiceRoutesProps) {
    super(scope, id);
    props = checkShape(this, 'ServiceRoutesProps', props, {
      service: [MeshService, 'a MeshService'], name: ['string', DNS_SUBDOMAIN], api: ['string', oneOf(TrafficApi)],
      rules: ['objects', 'a list of rules, each { destinations, matches?, ... } (HttpRouteRule)'], gateways: ['strings', 'a list of Gateway names ("name", "namespace/name" or "mesh")'],
    });
    if (!(props?.service instanceof MeshService)) fail(this, 'service', props?.service, 'a MeshService');
    this.service = props.service;
    // These are HTTP routes: for a port Istio treats as TCP or as TLS it does not parse, they never apply.
    if (![Protocol.HTTP, Protocol.HTTP2, Protocol.GRPC].includes(this.service.protocol)) {
      fail(this, 'service', `${this.service.callerName} (${this.service.protocol})`, 'a service that speaks HTTP, HTTP/2 or gRPC: these are HTTP routes, which Istio does not apply to a tcp, tls or https port');
    }
    this.name = checkDnsSubdomain(this, 'name', props.name ?? props.service.name);
    this.api = props.api ?? TrafficApi.ISTIO;
    checkEnum(this, 'api', this.api, TrafficApi);
    if (props.gateways !== undefined) {
      if (this.api !== TrafficApi.ISTIO) fail(this, 'gateways', props.gateways, 'left out with TrafficApi.GATEWAY_API (bind routes to a Gateway with IstioGateway)');
      props.gateways.forEach((g) => {
        if (!/^([a-z0-9-]+\/)?[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(g)) fail(this, 'gateways', g, 'a Gateway name, "namespace/name" or "mesh"');
      });
      this.gateways = [...props.gateways];
    }
    (props.rules ?? []).forEach((r) => this.addRule(r));

    const metadata = { name: this.name, namespace: this.service.namespace };
    this.resource = this.api === TrafficApi.ISTIO
      ? new istio.VirtualService(this, 'Resource', { metadata, spec: Lazy.any({ produce: () => this._toIstio() }) })
      : new gw.HttpRoute(this, 'Resource', { metadata, spec: Lazy.any({ produce: () => this._toGatewayApi() }) });

    this.node.addValidation({ validate: () => (this._rules.length ? [] : ['has no rules; add one with addRule()']) });
    MeshChecks.of(this);
  }

  /** Appends a rule; rules are tried in order. Returns the rule with its defaults resolved. */
  public addRule(rule: HttpRouteRule): HttpRouteRule {
    const resolved = checkRule(this, `rules[${this._rules.length}]`, rule, this.api, this.service.host);
    this._rules.push(resolved);
    return resolved;
  }

  /** The rules, in order. */
  public get rules(): HttpRouteRule[] {
    return [...this._rules];
  }

  /** @internal */
  public _toIstio(): istio.VirtualServiceSpec {
    // A VirtualService with gateways applies to those only, unless `mesh` is listed too.
    const gateways = this.gateways && [...new Set([...this.gateways, 'mesh'])];
    return { hosts: [this.service.host], gateways, http: this._rules.map(toIstioHttp) };
  }

  /** @internal */
  public _toGatewayApi(): gw.HttpRouteSpec {
    return {
      parentRefs: [{ group: '', kind: 'Service', name: this.service.name, port: this.service.port }],
      rules: this._rules.map((r) => toGatewayRule(r, this.service.namespace, (name, ns) => MeshService._find(this, name, ns)?.port)),
    };
  }
}
