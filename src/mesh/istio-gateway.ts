import { ApiObject, Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import * as gw from '../../imports/gateway.networking.k8s.io';
import * as istio from '../../imports/networking.istio.io';
import { IMeshCaller, MeshService } from './mesh-service';
import { PolicyTarget } from './policy-target';
import { MeshChecks } from '../checks/mesh-checks';
import { checkRule, ResolvedRule, toGatewayRule, toIstioHttp } from '../private/routes';
import {
  checkDnsLabel, checkDnsSubdomain, checkEnum, checkLabels, checkPort, checkShape, checkUnique, DNS_LABEL, DNS_SUBDOMAIN, fail, LABELS, oneOf, PORT, resolveNamespace,
} from '../private/validation';
import { HttpRouteRule, TrafficApi } from './routing';

/**
 * The type of the Service Istio deploys for a Gateway API Gateway (its
 * `networking.istio.io/service-type` annotation).
 * @see https://istio.io/latest/docs/tasks/traffic-management/ingress/gateway-api/#automated-deployment
 */
export enum GatewayServiceType {
  /** An external load balancer: Istio's default; kind and minikube give it no address. */
  LOAD_BALANCER = 'LoadBalancer',
  /** A cluster-internal address, reached with `kubectl port-forward` (Istio's getting-started). */
  CLUSTER_IP = 'ClusterIP',
  /** A port on every node. */
  NODE_PORT = 'NodePort',
}

/** HTTPS on the gateway. */
export interface GatewayTls {
  /**
   * Name of the `kubernetes.io/tls` Secret with the certificate: in the ingress gateway's
   * namespace (`istio-system`) for the Istio API, in the Gateway's namespace for the Gateway API.
   */
  readonly credentialName: string;
  /**
   * HTTPS port.
   * @default 8443 (the Istio ingress gateway pod's HTTPS port) / 443 (Gateway API)
   * @see https://istio.io/latest/docs/reference/config/networking/gateway/#Port
   */
  readonly port?: number;
  /**
   * Answer plain HTTP with a redirect to HTTPS (301).
   * @default true
   * @see https://istio.io/latest/docs/reference/config/networking/gateway/#ServerTLSSettings
   */
  readonly redirectHttp?: boolean;
}

/** Props of {@link IstioGateway}. */
export interface IstioGatewayProps {
  /**
   * The Gateway name.
   * @default - the construct id
   * @see https://istio.io/latest/docs/reference/config/networking/gateway/
   */
  readonly name?: string;
  /**
   * Namespace of the Gateway and its routes.
   * @default - the chart's namespace
   * @see https://istio.io/latest/docs/reference/config/networking/gateway/
   */
  readonly namespace?: string;
  /**
   * Which API to emit.
   * @default TrafficApi.ISTIO
   * @see https://istio.io/latest/docs/tasks/traffic-management/ingress/gateway-api/
   */
  readonly api?: TrafficApi;
  /**
   * Host names served: FQDNs, `*.domain` wildcards or `*`; in the Istio API optionally
   * prefixed `namespace/`.
   * @default ['*']
   * @see https://istio.io/latest/docs/reference/config/networking/gateway/#Server
   */
  readonly hosts?: string[];
  /**
   * Name of the VirtualService or HTTPRoute.
   * @default - the Gateway name
   * @see https://istio.io/latest/docs/reference/config/networking/virtual-service/
   */
  readonly routeName?: string;
  /**
   * Routing rules for the incoming requests, tried in order; more with `addRoute()`.
   * Destinations need a host.
   * @default - none
   * @see https://istio.io/latest/docs/reference/config/networking/virtual-service/#HTTPRoute
   */
  readonly routes?: HttpRouteRule[];
  /**
   * Labels of the gateway pods the Istio Gateway configures. Istio API only.
   * @default { istio: 'ingressgateway' } (istioctl's default ingress gateway)
   * @see https://istio.io/latest/docs/reference/config/networking/gateway/#Gateway
   */
  readonly selector?: Record<string, string>;
  /**
   * Namespace of the gateway pods that `selector` picks (where policies for them go). Istio API only.
   * @default 'istio-system' (istioctl's ingress gateway; a Helm install uses 'istio-ingress')
   * @see https://istio.io/latest/docs/setup/additional-setup/gateway/
   */
  readonly workloadNamespace?: string;
  /**
   * Service account of those gateway pods: their mTLS identity. Istio API only.
   * @default 'istio-ingressgateway-service-account' (istioctl's; a Helm install uses 'istio-ingress')
   * @see https://istio.io/latest/docs/setup/additional-setup/gateway/
   */
  readonly workloadServiceAccount?: string;
  /**
   * GatewayClass of the Gateway API Gateway. Gateway API only.
   * @default 'istio'
   * @see https://gateway-api.sigs.k8s.io/api-types/gateway/
   */
  readonly gatewayClassName?: string;
  /**
   * Type of the Service Istio deploys for the Gateway. Gateway API only.
   * @default - Istio's default, GatewayServiceType.LOAD_BALANCER
   * @see https://istio.io/latest/docs/tasks/traffic-management/ingress/gateway-api/#automated-deployment
   */
  readonly serviceType?: GatewayServiceType;
  /**
   * HTTP port.
   * @default 8080 (the Istio ingress gateway pod's HTTP port, behind its Service's port 80) / 80 (Gateway API)
   * @see https://istio.io/latest/docs/reference/config/networking/gateway/#Port
   */
  readonly httpPort?: number;
  /**
   * Serve HTTPS too.
   * @default - HTTP only
   * @see https://istio.io/latest/docs/reference/config/networking/gateway/#ServerTLSSettings
   */
  readonly tls?: GatewayTls;
}

/**
 * Ingress into the mesh: an Istio `Gateway` with a `VirtualService` bound to it, or a Gateway
 * API `Gateway` (class `istio`) with an `HTTPRoute`.
 * @see https://istio.io/latest/docs/tasks/traffic-management/ingress/ingress-control/
 */
export class IstioGateway extends Construct implements IMeshCaller {
  /** The Gateway name. */
  public readonly name: string;
  /** The namespace of the Gateway and its routes. */
  public readonly namespace: string;
  /** The VirtualService or HTTPRoute name. */
  public readonly routeName: string;
  /** The emitted API. */
  public readonly api: TrafficApi;
  /** Host names served. */
  public readonly hosts: string[];
  /** The HTTP port. */
  public readonly httpPort: number;
  /** The HTTPS port, when TLS is on. */
  public readonly httpsPort?: number;
  /** The generated Gateway. */
  public readonly gateway: ApiObject;
  /** The generated VirtualService or HTTPRoute; `addJsonPatch()` is the escape hatch. */
  public readonly route: ApiObject;

  private readonly _rules: ResolvedRule[] = [];
  private readonly routeObservers: Array<(rule: HttpRouteRule) => void> = [];
  private readonly selector: Record<string, string>;
  private readonly podNamespace: string;
  private readonly podServiceAccount: string;
  private readonly gatewayClassName: string;
  private readonly tls?: GatewayTls & { readonly redirectHttp: boolean };

  constructor(scope: Construct, id: string, props: IstioGatewayProps = {}) {
    super(scope, id);
    props = checkShape(this, 'IstioGatewayProps', props, {
      name: ['string', DNS_SUBDOMAIN], namespace: ['string', DNS_LABEL], api: ['string', oneOf(TrafficApi)], hosts: ['strings', 'a non-empty list of host names ("*", FQDNs, "*." wildcards)'],
      routeName: ['string', DNS_SUBDOMAIN], routes: ['objects', 'a list of rules, each { destinations, matches?, ... } (HttpRouteRule)'], selector: ['map', LABELS],
      workloadNamespace: ['string', DNS_LABEL], workloadServiceAccount: ['string', DNS_SUBDOMAIN], gatewayClassName: ['string', DNS_SUBDOMAIN],
      serviceType: ['string', oneOf(GatewayServiceType)], httpPort: ['number', PORT], tls: ['object', 'an object of GatewayTls { credentialName, port?, redirectHttp? }'],
    });
    if (props.tls !== undefined) {
      checkShape(this, 'GatewayTls', props.tls, {
        credentialName: ['string', 'the name of a kubernetes.io/tls Secret (HTTPS needs a certificate)'], port: ['number', PORT], redirectHttp: ['boolean', 'true or false'],
      }, 'tls.');
    }
    this.api = props.api ?? TrafficApi.ISTIO;
    checkEnum(this, 'api', this.api, TrafficApi);
    const istioApi = this.api === TrafficApi.ISTIO;
    this.name = checkDnsSubdomain(this, 'name', props.name ?? id);
    this.namespace = resolveNamespace(this, props.namespace);
    this.routeName = checkDnsSubdomain(this, 'routeName', props.routeName ?? this.name);
    this.hosts = [...(props.hosts ?? ['*'])];
    if (this.hosts.length === 0) fail(this, 'hosts', this.hosts, 'a non-empty list (use ["*"] for any host)');
    this.hosts.forEach((h) => this.checkHost(h, istioApi));
    checkUnique(this, 'hosts', this.hosts);
    if (this.hosts.length > 1 && this.hosts.some((h) => h.replace(/^[^/]*\//, '') === '*')) {
      fail(this, 'hosts', this.hosts, '["*"] alone or a list of host names ("*" already matches every host)');
    }
    if (!istioApi && props.selector !== undefined) fail(this, 'selector', props.selector, 'left out with TrafficApi.GATEWAY_API (gatewayClassName picks the implementation)');
    if (istioApi && props.gatewayClassName !== undefined) fail(this, 'gatewayClassName', props.gatewayClassName, 'left out with TrafficApi.ISTIO (selector picks the gateway pods)');
    this.selector = checkLabels(this, 'selector', props.selector ?? { istio: 'ingressgateway' });
    if (Object.keys(this.selector).length === 0) fail(this, 'selector', this.selector, 'at least one label, or the Gateway would configure every gateway pod');
    this.gatewayClassName = checkDnsSubdomain(this, 'gatewayClassName', props.gatewayClassName ?? 'istio');
    for (const prop of ['workloadNamespace', 'workloadServiceAccount'] as const) {
      if (!istioApi && props[prop] !== undefined) fail(this, prop, props[prop], 'left out with TrafficApi.GATEWAY_API (Istio deploys the gateway pods in the Gateway\'s namespace, as <name>-<class>)');
    }
    if (props.serviceType !== undefined) {
      if (istioApi) fail(this, 'serviceType', props.serviceType, 'left out with TrafficApi.ISTIO (istioctl installs the ingress gateway\'s Service)');
      checkEnum(this, 'serviceType', props.serviceType, GatewayServiceType);
    }
    this.podNamespace = checkDnsLabel(this, 'workloadNamespace', props.workloadNamespace ?? 'istio-system');
    this.podServiceAccount = checkDnsSubdomain(this, 'workloadServiceAccount', props.workloadServiceAccount ?? 'istio-ingressgateway-service-account');
    this.httpPort = checkPort(this, 'httpPort', props.httpPort ?? (istioApi ? 8080 : 80));
    if (props.tls !== undefined) {
      const credentialName = props.tls.credentialName;
      if (typeof credentialName !== 'string' || credentialName === '') {
        fail(this, 'tls.credentialName', credentialName, 'the name of a kubernetes.io/tls Secret (HTTPS needs a certificate)');
      }
      checkDnsSubdomain(this, 'tls.credentialName', credentialName);
      this.httpsPort = checkPort(this, 'tls.port', props.tls.port ?? (istioApi ? 8443 : 443));
      if (this.httpsPort === this.httpPort) fail(this, 'tls.port', this.httpsPort, `a port other than httpPort (${this.httpPort})`);
      this.tls = { ...props.tls, redirectHttp: props.tls.redirectHttp ?? true };
    }
    (props.routes ?? []).forEach((r) => this.addRoute(r));

    const metadata = (name: string) => ({ name, namespace: this.namespace });
    if (istioApi) {
      this.gateway = new istio.Gateway(this, 'Resource', { metadata: metadata(this.name), spec: this.istioGateway() });
      this.route = new istio.VirtualService(this, 'Route', {
        metadata: metadata(this.routeName),
        spec: Lazy.any({ produce: () => this._toIstioRoute() }),
      });
    } else {
      const annotations = props.serviceType ? { 'networking.istio.io/service-type': props.serviceType } : undefined;
      this.gateway = new gw.Gateway(this, 'Resource', { metadata: { ...metadata(this.name), annotations }, spec: this.gatewayApiGateway() });
      this.route = new gw.HttpRoute(this, 'Route', {
        metadata: metadata(this.routeName),
        spec: Lazy.any({ produce: () => this._toHttpRoute() }),
      });
      if (this.tls?.redirectHttp) {
        new gw.HttpRoute(this, 'Redirect', {
          metadata: metadata(`${this.routeName}-https-redirect`),
          spec: {
            parentRefs: [{ name: this.name, sectionName: 'http' }],
            hostnames: this.routeHostnames(),
            rules: [{
              filters: [{
                type: gw.HttpRouteSpecRulesFiltersType.REQUEST_REDIRECT,
                requestRedirect: {
                  scheme: gw.HttpRouteSpecRulesFiltersRequestRedirectScheme.HTTPS,
                  statusCode: gw.HttpRouteSpecRulesFiltersRequestRedirectStatusCode.VALUE_301,
                  // Without a port the redirect goes to 443.
                  port: this.httpsPort === 443 ? undefined : this.httpsPort,
                },
              }],
            }],
          },
        });
      }
    }

    this.node.addValidation({ validate: () => (this._rules.length ? [] : ['has no routes; add one with addRoute()']) });
    MeshChecks.of(this);
  }

  /**
   * The identity of the gateway pods, as AuthorizationPolicies name it: the selected ingress
   * gateway's (Istio API) or that of the Deployment Istio generates for the Gateway (Gateway API).
   */
  public get principal(): string {
    return this.api === TrafficApi.ISTIO
      ? `cluster.local/ns/${this.podNamespace}/sa/${this.podServiceAccount}`
      : `cluster.local/ns/${this.namespace}/sa/${this.name}-${this.gatewayClassName}`;
  }

  /** Ports the gateway listens on (HTTP, then HTTPS when TLS is on). */
  public get ports(): number[] {
    return this.httpsPort === undefined ? [this.httpPort] : [this.httpPort, this.httpsPort];
  }

  /** The caller name of the gateway, for messages and diagrams. */
  public get callerName(): string {
    return `gateway ${this.namespace}/${this.name}`;
  }

  /**
   * True when the gateway configures the pods of istioctl's default ingress gateway (selector
   * `istio: ingressgateway`), which every app's Istio Gateway shares.
   */
  public get sharesIngressPods(): boolean {
    return this.api === TrafficApi.ISTIO && Object.keys(this.selector).length === 1 && this.selector.istio === 'ingressgateway';
  }

  /** Namespace of the gateway pods (where RequestAuthentication and policies for them go). */
  public get workloadNamespace(): string {
    return this.api === TrafficApi.ISTIO ? this.podNamespace : this.namespace;
  }

  /** Labels of the gateway pods. */
  public get workloadSelector(): Record<string, string> {
    return this.api === TrafficApi.ISTIO ? { ...this.selector } : { 'gateway.networking.k8s.io/gateway-name': this.name };
  }

  /**
   * How a policy reaches the gateway pods: Istio ignores a selector on the pods of a Gateway API
   * Gateway (IST0166), so policies for them name the Gateway in `targetRefs`; the Istio API's
   * pods are selected by their labels.
   */
  public get policyAttachment(): { readonly selector?: Record<string, string>; readonly targets?: PolicyTarget[] } {
    return this.api === TrafficApi.ISTIO ? { selector: { ...this.selector } } : { targets: [PolicyTarget.gateway(this.name)] };
  }

  /** Appends a route rule; every destination needs a host. Returns the rule. */
  public addRoute(rule: HttpRouteRule): HttpRouteRule {
    const resolved = checkRule(this, `routes[${this._rules.length}]`, rule, this.api);
    this._rules.push(resolved);
    this.routeObservers.forEach((observe) => observe(resolved));
    return resolved;
  }

  /** The route rules, in order. */
  public get routes(): HttpRouteRule[] {
    return [...this._rules];
  }

  /** @internal Calls `observe` for every route added from now on. */
  public _observeRoutes(observe: (rule: HttpRouteRule) => void): void {
    this.routeObservers.push(observe);
  }

  /** @internal */
  public _toIstioRoute(): istio.VirtualServiceSpec {
    return {
      hosts: this.hosts.map((h) => h.replace(/^[^/]*\//, '')),
      gateways: [this.name],
      http: this._rules.map(toIstioHttp),
    };
  }

  /** @internal */
  public _toHttpRoute(): gw.HttpRouteSpec {
    return {
      parentRefs: [{ name: this.name, sectionName: this.tls?.redirectHttp ? 'https' : undefined }],
      hostnames: this.routeHostnames(),
      rules: this._rules.map((r) => toGatewayRule(r, this.namespace, (name, ns) => MeshService._find(this, name, ns)?.port)),
    };
  }

  private istioGateway(): istio.GatewaySpec {
    const servers: istio.GatewaySpecServers[] = [{
      port: { number: this.httpPort, name: 'http', protocol: 'HTTP' },
      hosts: this.hosts,
      tls: this.tls?.redirectHttp ? { httpsRedirect: true } : undefined,
    }];
    if (this.tls) {
      servers.push({
        port: { number: this.httpsPort!, name: 'https', protocol: 'HTTPS' },
        hosts: this.hosts,
        tls: { mode: istio.GatewaySpecServersTlsMode.SIMPLE, credentialName: this.tls.credentialName },
      });
    }
    return { selector: this.selector, servers };
  }

  private gatewayApiGateway(): gw.GatewaySpec {
    const allowedRoutes = { namespaces: { from: gw.GatewaySpecListenersAllowedRoutesNamespacesFrom.SAME } };
    const listeners: gw.GatewaySpecListeners[] = [{ name: 'http', port: this.httpPort, protocol: 'HTTP', allowedRoutes }];
    if (this.tls) {
      listeners.push({
        name: 'https',
        port: this.httpsPort!,
        protocol: 'HTTPS',
        tls: { mode: gw.GatewaySpecListenersTlsMode.TERMINATE, certificateRefs: [{ name: this.tls.credentialName }] },
        allowedRoutes,
      });
    }
    return { gatewayClassName: this.gatewayClassName, listeners };
  }

  private routeHostnames(): string[] | undefined {
    return this.hosts.includes('*') ? undefined : this.hosts;
  }

  private checkHost(host: string, istioApi: boolean): void {
    const allowed = istioApi
      ? '"*", a host name or a "*." wildcard (labels of at most 63 characters), optionally prefixed "namespace/"'
      : '"*", a host name or a "*." wildcard (labels of at most 63 characters)';
    const m = /^(?:([a-z0-9]([-a-z0-9]*[a-z0-9])?|\*|\.)\/)?(.*)$/.exec(host ?? '');
    if (!m || (m[1] !== undefined && !istioApi)) fail(this, 'hosts', host, allowed);
    // The VirtualService lives in the Gateway's namespace: a host exported to another one would
    // never bind to it.
    if (m[1] !== undefined && ![this.namespace, '.', '*'].includes(m[1])) {
      fail(this, 'hosts', host, `a host of this Gateway's namespace ("${this.namespace}/", "./" or "*/"), where its VirtualService lives`);
    }
    const name = m[3];
    const fqdn = /^(\*\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)+$/;
    if (name !== '*' && (!fqdn.test(name) || name.length > 253 || name.split('.').some((label) => label.length > 63))) fail(this, 'hosts', host, allowed);
  }
}
