// One table of bad input across every construct and every kind of rule: Istio's admission webhook
// (pkg/config/validation), the Kubernetes API server, the mesh analyzer's codes, and the app as a
// whole. A prop the construct can judge alone throws when the construct is made; what needs other
// objects is reported once when the app is synthesized. Each case asserts the exact message: the
// construct path, the field as written, the value as given, what is allowed. (Values of the wrong
// type, from plain JavaScript or JSON configs: untyped-input.test.ts.)
import { ApiObject, Chart, Duration, JsonPatch, Size, Testing } from 'cdk8s';
import { Cpu, k8s } from 'cdk8s-plus-28';
import {
  AuthorizationAction, AuthorizationPolicy, BookinfoApp, CallGraphAuthorization, Canary, DataplaneMode, DemoCurlPair, formatFinding,
  GatewayServiceType, IstioGateway, MeshApp, MeshChecks, MeshDestinationRule, MeshNamespace, MeshService, MeshTelemetry, MtlsMode,
  PeerAuthentication, PolicyTarget, Protocol, RequestAuthentication, ReviewsCanary, ReviewsVersion, ServiceRoutes, StringMatch, TlsMode,
  TrafficApi, Waypoint, WaypointFor,
} from '../src';
import * as istio from '../imports/networking.istio.io';

function scope() {
  const chart = new Chart(Testing.app(), 'app', { namespace: 'bookinfo' });
  return { chart, bookinfo: new BookinfoApp(chart, 'bookinfo') };
}
const routes = (rule: any, api = TrafficApi.ISTIO) => () => {
  const { chart, bookinfo } = scope();
  new ServiceRoutes(chart, 'routes', { service: bookinfo.reviews, api, rules: [rule] });
};
const service = (props: any = {}) => () => new MeshService(scope().chart, 'svc', props);
const version = (options: any) => () => new MeshService(scope().chart, 'svc').addVersion('v1', { image: 'example/app:1', resources: small, ...options });
const gateway = (props: any) => () => {
  const { chart, bookinfo } = scope();
  new IstioGateway(chart, 'gw', { routes: [bookinfo.ingressRule], ...props });
};
const policy = (props: any) => () => new AuthorizationPolicy(scope().chart, 'ap', { rules: [{ ports: [9080] }], ...props });
const rule = (r: any) => policy({ rules: [r] });
const issuer = { issuer: 'testing@secure.istio.io', jwksUri: 'https://example.com/jwks.json' };
const small = { cpu: { request: Cpu.millis(10) }, memory: { request: Size.mebibytes(16) } };

/** Synthesizes the app of `build` and returns its findings, suppressed ones left out. */
function findings(build: (chart: Chart, bookinfo: BookinfoApp) => void, namespace = 'bookinfo'): string[] {
  const app = Testing.app();
  const ns = new Chart(app, 'ns');
  new MeshNamespace(ns, namespace);
  const chart = new Chart(app, 'app', { namespace });
  chart.addDependency(ns);
  build(chart, new BookinfoApp(chart, 'bookinfo'));
  try {
    app.synth();
  } catch (e) {
    return [String((e as Error).message)];
  }
  return MeshChecks.of(app).findings.map(formatFinding);
}

// [what, how it is made, the exact message]
const CONSTRUCTION: Array<[string, () => unknown, string]> = [
  // Routes: Istio's webhook (validation.go validateHTTPRoute and friends) and the Gateway API CRD.
  ['retries attempts 0 with a perTryTimeout', routes({ destinations: [{}], retries: { attempts: 0, perTryTimeout: Duration.seconds(1) } }), 'app/routes: rules[0].retries.attempts must be at least 1 with perTryTimeout or retryOn (0 disables retries, and Istio refuses a retry policy then), got 0'],
  ['retries attempts 0 with retryOn', routes({ destinations: [{}], retries: { attempts: 0, retryOn: ['5xx'] } }), 'app/routes: rules[0].retries.attempts must be at least 1 with perTryTimeout or retryOn (0 disables retries, and Istio refuses a retry policy then), got 0'],
  ['retryOn an unknown condition', routes({ destinations: [{}], retries: { attempts: 2, retryOn: ['on-5xx'] } }), 'app/routes: rules[0].retries.retryOn must be a retry condition Istio accepts (5xx, gateway-error, reset, reset-before-request, connect-failure, retriable-4xx, refused-stream, retriable-status-codes, retriable-headers, envoy-ratelimited, http3-post-connect-failure, cancelled, deadline-exceeded, internal, resource-exhausted, unavailable) or an HTTP status code, got "on-5xx"'],
  ['retries attempts 101', routes({ destinations: [{}], retries: { attempts: 101 } }), 'app/routes: rules[0].retries.attempts must be an integer from 0 to 100, got 101'],
  ['retries attempts -1', routes({ destinations: [{}], retries: { attempts: -1 } }), 'app/routes: rules[0].retries.attempts must be an integer from 0 to 100, got -1'],
  ['perTryTimeout of half a millisecond', routes({ destinations: [{}], retries: { attempts: 2, perTryTimeout: Duration.millis(0.5) } }), 'app/routes: rules[0].retries.perTryTimeout must be a Duration of whole milliseconds, at least 1 ms (e.g. Duration.seconds(7)), got "0.5ms"'],
  ['a timeout "7 s"', routes({ destinations: [{}], timeout: '7 s' }), 'app/routes: rules[0].timeout must be a Duration of whole milliseconds, at least 1 ms (e.g. Duration.seconds(7)), got "7 s"'],
  ['a timeout below 1 ms', routes({ destinations: [{}], timeout: Duration.millis(0) }), 'app/routes: rules[0].timeout must be a Duration of whole milliseconds, at least 1 ms (e.g. Duration.seconds(7)), got "0ms"'],
  ['a fault delay of 1.5 ms', routes({ destinations: [{}], fault: { delay: { fixedDelay: Duration.millis(1.5), percentage: 10 } } }), 'app/routes: rules[0].fault.delay.fixedDelay must be a Duration of whole milliseconds, at least 1 ms (e.g. Duration.seconds(7)), got "1.5ms"'],
  ['a fault without delay or abort', routes({ destinations: [{}], fault: {} }), 'app/routes: rules[0].fault must be a delay, an abort or both, got {}'],
  ['a fault percentage above 100', routes({ destinations: [{}], fault: { delay: { fixedDelay: Duration.seconds(7), percentage: 101 } } }), 'app/routes: rules[0].fault.delay.percentage must be a percentage greater than 0 and at most 100, got 101'],
  ['a fault percentage 0', routes({ destinations: [{}], fault: { delay: { fixedDelay: Duration.seconds(7), percentage: 0 } } }), 'app/routes: rules[0].fault.delay.percentage must be a percentage greater than 0 and at most 100, got 0'],
  ['an abort status 199', routes({ destinations: [{}], fault: { abort: { httpStatus: 199, percentage: 100 } } }), 'app/routes: rules[0].fault.abort.httpStatus must be an integer from 200 to 599, got 199'],
  ['an abort status 600', routes({ destinations: [{}], fault: { abort: { httpStatus: 600, percentage: 100 } } }), 'app/routes: rules[0].fault.abort.httpStatus must be an integer from 200 to 599, got 600'],
  ['a mirror percentage 0', routes({ destinations: [{}], mirror: { host: 'reviews', percentage: 0 } }), 'app/routes: rules[0].mirror.percentage must be an integer from 1 to 100, got 0'],
  ['a mirror percentage 101', routes({ destinations: [{}], mirror: { host: 'reviews', percentage: 101 } }), 'app/routes: rules[0].mirror.percentage must be an integer from 1 to 100, got 101'],
  ['a mirror host with a capital', routes({ destinations: [{}], mirror: { host: 'Reviews' } }), 'app/routes: rules[0].mirror.host must be a Service name or fully qualified host name (labels of at most 63 characters, 253 in all), got "Reviews"'],
  ['a mirror subset with a capital', routes({ destinations: [{}], mirror: { host: 'reviews', subset: 'V2' } }), 'app/routes: rules[0].mirror.subset must be a DNS-1123 label (lowercase letters, digits and "-", starting and ending with a letter or digit, at most 63 characters), got "V2"'],
  ['a host Istio does not expand (name.namespace)', routes({ destinations: [{ host: 'reviews.bookinfo' }] }), 'app/routes: rules[0].destinations[0].host must be a short Service name or a fully qualified one (reviews.bookinfo.svc.cluster.local): Istio does not expand "reviews.bookinfo", got "reviews.bookinfo"'],
  ['a host Istio does not expand (name.namespace.svc)', routes({ destinations: [{ host: 'reviews.bookinfo.svc' }] }), 'app/routes: rules[0].destinations[0].host must be a short Service name or a fully qualified one (reviews.bookinfo.svc.cluster.local): Istio does not expand "reviews.bookinfo.svc", got "reviews.bookinfo.svc"'],
  ['a host with a label of 64 characters', routes({ destinations: [{ host: `${'a'.repeat(64)}.example.com` }] }), 'app/routes: rules[0].destinations[0].host must be a Service name or fully qualified host name (labels of at most 63 characters, 253 in all), got "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.example.com"'],
  ['a destination port 0', routes({ destinations: [{ port: 0 }] }), 'app/routes: rules[0].destinations[0].port must be an integer from 1 to 65535, got 0'],
  ['a destination subset with a capital', routes({ destinations: [{ subset: 'V1' }] }), 'app/routes: rules[0].destinations[0].subset must be a DNS-1123 label (lowercase letters, digits and "-", starting and ending with a letter or digit, at most 63 characters), got "V1"'],
  ['weights below 0', routes({ destinations: [{ subset: 'v1', weight: -10 }, { subset: 'v2', weight: 110 }] }), 'app/routes: rules[0].destinations[0].weight must be an integer from 0 to 100, got -10'],
  ['a weight above 100', routes({ destinations: [{ subset: 'v1', weight: 150 }] }), 'app/routes: rules[0].destinations[0].weight must be an integer from 0 to 100, got 150'],
  ['a fractional weight', routes({ destinations: [{ subset: 'v1', weight: 33.3 }, { subset: 'v2', weight: 66.7 }] }), 'app/routes: rules[0].destinations[0].weight must be an integer from 0 to 100, got 33.3'],
  ['weights adding up to 80', routes({ destinations: [{ subset: 'v1', weight: 50 }, { subset: 'v2', weight: 30 }] }), 'app/routes: rules[0].destinations weights must be integers that add up to 100 (Istio would normalize other sums silently; this library asks for the exact split), got "reviews/v1=50, reviews/v2=30"'],
  ['no destinations', routes({ destinations: [] }), 'app/routes: rules[0].destinations must be a non-empty list of destinations, each { host?, subset?, weight?, port? }, got []'],
  ['an uppercase header name', routes({ destinations: [{}], matches: [{ headers: { 'End-User': StringMatch.exact('jason') } }] }), 'app/routes: rules[0].matches[0].headers key must be a lowercase HTTP header name, got "End-User"'],
  ['an empty header value', routes({ destinations: [{}], matches: [{ headers: { 'end-user': StringMatch.exact('') } }] }), 'app/routes: rules[0].matches[0].headers["end-user"] must be a non-empty string, got ""'],
  ['an exact path without a slash', routes({ destinations: [{}], matches: [{ uri: StringMatch.exact('productpage') }] }), 'app/routes: rules[0].matches[0].uri must be a normalized absolute path: starting with "/", without "//", "/./", "/../", "%2f" or "#", at most 1024 URL path characters, got "productpage"'],
  ['a prefix path with //', routes({ destinations: [{}], matches: [{ uri: StringMatch.prefix('/api//v1') }] }), 'app/routes: rules[0].matches[0].uri must be a normalized absolute path: starting with "/", without "//", "/./", "/../", "%2f" or "#", at most 1024 URL path characters, got "/api//v1"'],
  ['a path with /../', routes({ destinations: [{}], matches: [{ uri: StringMatch.exact('/a/../b') }] }), 'app/routes: rules[0].matches[0].uri must be a normalized absolute path: starting with "/", without "//", "/./", "/../", "%2f" or "#", at most 1024 URL path characters, got "/a/../b"'],
  ['a path with an encoded slash', routes({ destinations: [{}], matches: [{ uri: StringMatch.exact('/a%2fb') }] }), 'app/routes: rules[0].matches[0].uri must be a normalized absolute path: starting with "/", without "//", "/./", "/../", "%2f" or "#", at most 1024 URL path characters, got "/a%2fb"'],
  ['a regex with lookbehind (not RE2)', routes({ destinations: [{}], matches: [{ uri: StringMatch.regex('/(?<=x)y') }] }), 'app/routes: rules[0].matches[0].uri must be an RE2 regular expression (error parsing regexp: invalid named capture: `(?<=x)y`), got "/(?<=x)y"'],
  ['a regex that does not parse', routes({ destinations: [{}], matches: [{ uri: StringMatch.regex('/(a') }] }), 'app/routes: rules[0].matches[0].uri must be an RE2 regular expression (error parsing regexp: missing closing ): `/(a`), got "/(a"'],
  ['an empty match', routes({ destinations: [{}], matches: [{}] }), 'app/routes: rules[0].matches[0] must be a match with a uri or at least one header (leave matches out to match every request), got {}'],
  ['a rule name with a space', routes({ name: 'rule one', destinations: [{}] }), 'app/routes: rules[0].name must be a DNS-1123 label (lowercase letters, digits and "-", starting and ending with a letter or digit, at most 63 characters), got "rule one"'],
  ['a header prefix match with the Gateway API', routes({ destinations: [{}], matches: [{ headers: { 'end-user': StringMatch.prefix('ja') } }] }, TrafficApi.GATEWAY_API), 'app/routes: rules[0].matches[0].headers["end-user"] must be an exact or regex header match with TrafficApi.GATEWAY_API, which has no header prefix match; use StringMatch.regex(), got "prefix ja"'],
  ['retries with the Gateway API', routes({ destinations: [{}], retries: { attempts: 2 } }, TrafficApi.GATEWAY_API), 'app/routes: rules[0].retries must be left out with TrafficApi.GATEWAY_API (retries are not in its standard channel); use TrafficApi.ISTIO, got {"attempts":2}'],
  ['fault injection with the Gateway API', routes({ destinations: [{}], fault: { abort: { httpStatus: 500, percentage: 50 } } }, TrafficApi.GATEWAY_API), 'app/routes: rules[0].fault must be left out with TrafficApi.GATEWAY_API (it has no fault injection); use TrafficApi.ISTIO, got {"abort":{"httpStatus":500,"percentage":50}}'],
  ['ServiceRoutes gateways with a space', () => { const { chart, bookinfo } = scope(); new ServiceRoutes(chart, 'routes', { service: bookinfo.reviews, gateways: ['my gateway'] }); }, 'app/routes: gateways must be a Gateway name, "namespace/name" or "mesh", got "my gateway"'],
  ['ServiceRoutes gateways with the Gateway API', () => { const { chart, bookinfo } = scope(); new ServiceRoutes(chart, 'routes', { service: bookinfo.reviews, api: TrafficApi.GATEWAY_API, gateways: ['gw'] }); }, 'app/routes: gateways must be left out with TrafficApi.GATEWAY_API (bind routes to a Gateway with IstioGateway), got ["gw"]'],
  ['ServiceRoutes on a TCP service', () => { const c = scope().chart; new ServiceRoutes(c, 'routes', { service: new MeshService(c, 'db', { protocol: Protocol.TCP }) }); }, 'app/routes: service must be a service that speaks HTTP, HTTP/2 or gRPC: these are HTTP routes, which Istio does not apply to a tcp, tls or https port, got "bookinfo/db (tcp)"'],
  ['ServiceRoutes of an unknown API', () => { const { chart, bookinfo } = scope(); new ServiceRoutes(chart, 'routes', { service: bookinfo.reviews, api: 'grpc' as TrafficApi }); }, 'app/routes: api must be one of istio, gateway-api, got "grpc"'],
  // Ingress (validation.go ValidateGateway, the Gateway API CRD).
  ['gateway hosts "*" with a host name', gateway({ hosts: ['*', 'bookinfo.example.com'] }), 'app/gw: hosts must be ["*"] alone or a list of host names ("*" already matches every host), got ["*","bookinfo.example.com"]'],
  ['gateway hosts of another namespace', gateway({ hosts: ['shop/bookinfo.example.com'] }), 'app/gw: hosts must be a host of this Gateway\'s namespace ("bookinfo/", "./" or "*/"), where its VirtualService lives, got "shop/bookinfo.example.com"'],
  ['gateway hosts twice', gateway({ hosts: ['bookinfo.example.com', 'bookinfo.example.com'] }), 'app/gw: hosts must be a list without duplicates ("bookinfo.example.com" appears twice), got ["bookinfo.example.com","bookinfo.example.com"]'],
  ['gateway host with a 64-character label', gateway({ hosts: [`${'a'.repeat(64)}.example.com`] }), 'app/gw: hosts must be "*", a host name or a "*." wildcard (labels of at most 63 characters), optionally prefixed "namespace/", got "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.example.com"'],
  ['gateway host that is not an FQDN', gateway({ hosts: ['bookinfo'] }), 'app/gw: hosts must be "*", a host name or a "*." wildcard (labels of at most 63 characters), optionally prefixed "namespace/", got "bookinfo"'],
  ['gateway hosts empty', gateway({ hosts: [] }), 'app/gw: hosts must be a non-empty list (use ["*"] for any host), got []'],
  ['HTTPS without a certificate', gateway({ tls: {} }), 'app/gw: tls.credentialName must be the name of a kubernetes.io/tls Secret (HTTPS needs a certificate), got undefined'],
  ['HTTPS with a credential name that is not a name', gateway({ tls: { credentialName: 'Bookinfo_Cert' } }), 'app/gw: tls.credentialName must be a DNS-1123 subdomain (lowercase letters, digits, "-" and ".", at most 253 characters), got "Bookinfo_Cert"'],
  ['HTTPS on the HTTP port', gateway({ tls: { credentialName: 'cert', port: 8080 } }), 'app/gw: tls.port must be a port other than httpPort (8080), got 8080'],
  ['a selector without labels', gateway({ selector: {} }), 'app/gw: selector must be at least one label, or the Gateway would configure every gateway pod, got {}'],
  ['a selector with the Gateway API', gateway({ api: TrafficApi.GATEWAY_API, selector: { istio: 'ingressgateway' } }), 'app/gw: selector must be left out with TrafficApi.GATEWAY_API (gatewayClassName picks the implementation), got {"istio":"ingressgateway"}'],
  ['a gateway class with the Istio API', gateway({ gatewayClassName: 'istio' }), 'app/gw: gatewayClassName must be left out with TrafficApi.ISTIO (selector picks the gateway pods), got "istio"'],
  ['a workload namespace with the Gateway API', gateway({ api: TrafficApi.GATEWAY_API, workloadNamespace: 'istio-ingress' }), 'app/gw: workloadNamespace must be left out with TrafficApi.GATEWAY_API (Istio deploys the gateway pods in the Gateway\'s namespace, as <name>-<class>), got "istio-ingress"'],
  ['a Service type with the Istio API', gateway({ serviceType: GatewayServiceType.CLUSTER_IP }), 'app/gw: serviceType must be left out with TrafficApi.ISTIO (istioctl installs the ingress gateway\'s Service), got "ClusterIP"'],
  ['an unknown Service type', gateway({ api: TrafficApi.GATEWAY_API, serviceType: 'Public' }), 'app/gw: serviceType must be one of LoadBalancer, ClusterIP, NodePort, got "Public"'],
  ['an HTTP port 70000', gateway({ httpPort: 70000 }), 'app/gw: httpPort must be an integer from 1 to 65535, got 70000'],
  ['a gateway route without a host', gateway({ routes: [{ destinations: [{ subset: 'v1' }] }] }), 'app/gw: routes[0].destinations[0].host must be set (there is no default service here), got undefined'],
  // DestinationRule (validation.go ValidateDestinationRule, agent/validation.go ValidateTLS).
  ['subsets twice', () => { const { chart, bookinfo } = scope(); new MeshDestinationRule(chart, 'dr', { service: bookinfo.reviews, subsets: ['v1', 'v1'] }); }, 'app/dr: subsets must be a list without duplicates ("v1" appears twice), got ["v1","v1"]'],
  ['a subset with a capital', () => { const { chart, bookinfo } = scope(); new MeshDestinationRule(chart, 'dr', { service: bookinfo.reviews, subsets: ['V1'] }); }, 'app/dr: subsets must be a DNS-1123 label (lowercase letters, digits and "-", starting and ending with a letter or digit, at most 63 characters), got "V1"'],
  ['MUTUAL TLS without certificates', () => { const { chart, bookinfo } = scope(); new MeshDestinationRule(chart, 'dr', { service: bookinfo.reviews, tlsMode: TlsMode.MUTUAL }); }, 'app/dr: credentialName must be set with tlsMode MUTUAL: the Secret with the client certificate and key (ISTIO_MUTUAL uses the mesh\'s own), got undefined'],
  ['certificates with ISTIO_MUTUAL', () => { const { chart, bookinfo } = scope(); new MeshDestinationRule(chart, 'dr', { service: bookinfo.reviews, tlsMode: TlsMode.ISTIO_MUTUAL, credentialName: 'client-cert' }); }, 'app/dr: credentialName must be left out unless tlsMode is SIMPLE or MUTUAL (it is ISTIO_MUTUAL), got "client-cert"'],
  ['an unknown load balancer', () => { const { chart, bookinfo } = scope(); new MeshDestinationRule(chart, 'dr', { service: bookinfo.reviews, loadBalancer: 'FASTEST' as any }); }, 'app/dr: loadBalancer must be one of ROUND_ROBIN, LEAST_REQUEST, RANDOM, PASSTHROUGH, got "FASTEST"'],
  ['maxConnections 0', () => { const { chart, bookinfo } = scope(); new MeshDestinationRule(chart, 'dr', { service: bookinfo.reviews, connectionPool: { maxConnections: 0 } }); }, 'app/dr: connectionPool.maxConnections must be an integer from 1 to 2147483647, got 0'],
  ['a connect timeout of half a millisecond', () => { const { chart, bookinfo } = scope(); new MeshDestinationRule(chart, 'dr', { service: bookinfo.reviews, connectionPool: { connectTimeout: Duration.millis(0.5) } }); }, 'app/dr: connectionPool.connectTimeout must be a Duration of whole milliseconds, at least 1 ms (e.g. Duration.seconds(7)), got "0.5ms"'],
  ['maxEjectionPercent 101', () => { const { chart, bookinfo } = scope(); new MeshDestinationRule(chart, 'dr', { service: bookinfo.reviews, outlierDetection: { maxEjectionPercent: 101 } }); }, 'app/dr: outlierDetection.maxEjectionPercent must be an integer from 0 to 100, got 101'],
  ['consecutive5xxErrors -1', () => { const { chart, bookinfo } = scope(); new MeshDestinationRule(chart, 'dr', { service: bookinfo.reviews, outlierDetection: { consecutive5xxErrors: -1 } }); }, 'app/dr: outlierDetection.consecutive5xxErrors must be an integer from 0 to 2147483647, got -1'],
  ['a subset added twice', () => { const { chart, bookinfo } = scope(); new MeshDestinationRule(chart, 'dr', { service: bookinfo.reviews }).addSubset('v1'); }, 'app/dr: subset must be a subset not defined yet (have v1, v2, v3), got "v1"'],
  // AuthorizationPolicy (validation.go ValidateAuthorizationPolicy, security.go).
  ['a DENY policy without rules', policy({ action: AuthorizationAction.DENY, rules: [] }), 'app/ap: rules must be a non-empty list (Istio refuses a DENY policy without rules), got []'],
  ['an ALLOW policy without rules', policy({ rules: [] }), 'app/ap: rules must be a non-empty list (an ALLOW policy without rules denies everything; say so with AuthorizationPolicy.allowNothing()), got []'],
  ['an empty rule', rule({}), 'app/ap: rules[0] must be a rule with at least one field (an empty rule matches every request), got {}'],
  ['a lowercase method', rule({ methods: ['get'] }), 'app/ap: rules[0].methods must be an uppercase HTTP method such as "GET", got "get"'],
  ['a path without a slash', rule({ paths: ['productpage'] }), 'app/ap: rules[0].paths must be a path starting with "/" (a leading or trailing "*" is a wildcard), got "productpage"'],
  // Istio accepts literals after {**}, not another template (pkg/config/security/security.go:166).
  ['a template after {**}', rule({ paths: ['/api/{**}/{*}'] }), 'app/ap: rules[0].paths must be a path whose templates are whole segments: {*} for one segment, {**} for the rest, no template after {**}, other segments plain URL characters, got "/api/{**}/{*}"'],
  ['{*} inside a segment', rule({ paths: ['/api/{*}x'] }), 'app/ap: rules[0].paths must be a path whose templates are whole segments: {*} for one segment, {**} for the rest, no template after {**}, other segments plain URL characters, got "/api/{*}x"'],
  ['a template that is not {*} or {**}', rule({ paths: ['/products/{id}'] }), 'app/ap: rules[0].paths must be a path whose templates are whole segments: {*} for one segment, {**} for the rest, no template after {**}, other segments plain URL characters, got "/products/{id}"'],
  ['an empty list of principals', rule({ principals: [] }), 'app/ap: rules[0].principals must be a non-empty list, or left out to match any, got []'],
  ['a principal with a space', rule({ principals: ['cluster.local/ns/bookinfo/sa/book info'] }), 'app/ap: rules[0].principals must be a principal such as "cluster.local/ns/bookinfo/sa/bookinfo-productpage", got "cluster.local/ns/bookinfo/sa/book info"'],
  ['a namespace with a capital', rule({ namespaces: ['Bookinfo'] }), 'app/ap: rules[0].namespaces must be a namespace name, got "Bookinfo"'],
  ['a port 0', rule({ ports: [0] }), 'app/ap: rules[0].ports must be an integer from 1 to 65535, got 0'],
  ['a host with * at both ends', rule({ hosts: ['*example*'] }), 'app/ap: rules[0].hosts must be a host name, optionally with ":<port>" or ":*", with "*" as a prefix or a suffix, got "*example*"'],
  ['a host with a space', rule({ hosts: ['book info'] }), 'app/ap: rules[0].hosts must be a host name, optionally with ":<port>" or ":*", with "*" as a prefix or a suffix, got "book info"'],
  ['a selector without labels', policy({ selector: {} }), 'app/ap: selector must be at least one label (leave it out for the whole namespace), got {}'],
  ['a selector and targets', policy({ selector: { app: 'reviews' }, targets: [PolicyTarget.service('reviews')] }), 'app/ap: targets must be left out with a selector (a policy has a selector or targetRefs, not both), got ["Service/reviews"]'],
  ['empty targets', policy({ targets: [] }), 'app/ap: targets must be a non-empty list of PolicyTargets (PolicyTarget.gateway(), PolicyTarget.service()), got []'],
  ['an unknown action', policy({ action: 'LOG' }), 'app/ap: action must be one of ALLOW, DENY, AUDIT, got "LOG"'],
  // PeerAuthentication (validation.go ValidatePeerAuthentication).
  ['port-level mTLS without a selector', () => new PeerAuthentication(scope().chart, 'pa', { portLevelMtls: { 9080: MtlsMode.DISABLE } }), 'app/pa: portLevelMtls must be used with a selector (Istio rejects port-level mTLS in a namespace-wide PeerAuthentication), got {"9080":"DISABLE"}'],
  ['an unknown mTLS mode', () => new PeerAuthentication(scope().chart, 'pa', { mode: 'ON' as MtlsMode }), 'app/pa: mode must be one of STRICT, PERMISSIVE, DISABLE, got "ON"'],
  ['port-level mTLS on port 0', () => new PeerAuthentication(scope().chart, 'pa', { selector: { app: 'reviews' }, portLevelMtls: { 0: MtlsMode.DISABLE } }), 'app/pa: portLevelMtls port must be an integer from 1 to 65535, got 0'],
  ['an unknown port-level mode', () => new PeerAuthentication(scope().chart, 'pa', { selector: { app: 'reviews' }, portLevelMtls: { 9080: 'OFF' as MtlsMode } }), 'app/pa: portLevelMtls[9080] must be one of STRICT, PERMISSIVE, DISABLE, got "OFF"'],
  ['a PeerAuthentication selector without labels', () => new PeerAuthentication(scope().chart, 'pa', { selector: {} }), 'app/pa: selector must be at least one label (leave it out for the whole namespace), got {}'],
  // RequestAuthentication (validation.go ValidateRequestAuthentication, the CRD).
  ['no issuers', () => new RequestAuthentication(scope().chart, 'jwt', { issuers: [] }), 'app/jwt: issuers must be a non-empty list of JWT issuers, got []'],
  ['an empty issuer', () => new RequestAuthentication(scope().chart, 'jwt', { issuers: [{ ...issuer, issuer: '' }] }), 'app/jwt: issuers[0].issuer must be a non-empty issuer (the tokens\' iss claim), got ""'],
  ['a JWKS over ftp', () => new RequestAuthentication(scope().chart, 'jwt', { issuers: [{ ...issuer, jwksUri: 'ftp://example.com/jwks' }] }), 'app/jwt: issuers[0].jwksUri must be an https:// (or http://) URL of a JSON Web Key Set, got "ftp://example.com/jwks"'],
  ['a JWKS that is not a URL', () => new RequestAuthentication(scope().chart, 'jwt', { issuers: [{ ...issuer, jwksUri: 'jwks.json' }] }), 'app/jwt: issuers[0].jwksUri must be an https:// (or http://) URL of a JSON Web Key Set, got "jwks.json"'],
  ['an issuer twice', () => new RequestAuthentication(scope().chart, 'jwt', { issuers: [issuer, issuer] }), 'app/jwt: issuers must be a list without duplicates ("testing@secure.istio.io" appears twice), got ["testing@secure.istio.io","testing@secure.istio.io"]'],
  ['an empty audience', () => new RequestAuthentication(scope().chart, 'jwt', { issuers: [{ ...issuer, audiences: [''] }] }), 'app/jwt: issuers[0].audiences[0] must be a non-empty audience, got ""'],
  ['requireTokenOnPaths empty', () => new RequestAuthentication(scope().chart, 'jwt', { issuers: [issuer], requireTokenOnPaths: [] }), 'app/jwt: requireTokenOnPaths must be a non-empty list of paths, or left out, got []'],
  ['a gateway and a namespace', () => { const { chart, bookinfo } = scope(); new RequestAuthentication(chart, 'jwt', { gateway: new IstioGateway(chart, 'gw', { routes: [bookinfo.ingressRule] }), namespace: 'bookinfo', issuers: [issuer] }); }, 'app/jwt: gateway must be used without namespace and selector, which it provides, got "app/gw"'],
  ['a token required at the shared ingress for every host', () => { const { chart, bookinfo } = scope(); new RequestAuthentication(chart, 'jwt', { gateway: new IstioGateway(chart, 'gw', { routes: [bookinfo.ingressRule] }), issuers: [issuer], requireTokenOnPaths: ['/productpage'] }); }, 'app/jwt: requireTokenOnPaths must be used with a gateway of exact hosts: on istioctl\'s shared ingress gateway, a gateway serving "*" would require a token on those paths for other apps too, or let requests with a port in the Host header pass (give the IstioGateway its exact hosts, or pods of its own with selector), got "app/gw"'],
  ['a token required at the shared ingress for a wildcard host', () => { const { chart, bookinfo } = scope(); new RequestAuthentication(chart, 'jwt', { gateway: new IstioGateway(chart, 'gw', { hosts: ['*.example.com'], routes: [bookinfo.ingressRule] }), issuers: [issuer], requireTokenOnPaths: ['/productpage'] }); }, 'app/jwt: requireTokenOnPaths must be used with a gateway of exact hosts: on istioctl\'s shared ingress gateway, a gateway serving "*.example.com" would require a token on those paths for other apps too, or let requests with a port in the Host header pass (give the IstioGateway its exact hosts, or pods of its own with selector), got "app/gw"'],
  // Zero trust.
  ['CallGraphAuthorization without services', () => new CallGraphAuthorization(scope().chart, 'authz', { services: [] }), 'app/authz: services must be a non-empty list of MeshServices, got []'],
  ['CallGraphAuthorization with a service of another namespace', () => { const c = scope().chart; new CallGraphAuthorization(c, 'authz', { services: [new MeshService(c, 'cart', { namespace: 'shop' })] }); }, 'app/authz: services must be services of namespace bookinfo, got "shop/cart"'],
  ['CallGraphAuthorization with mTLS DISABLE', () => { const { chart, bookinfo } = scope(); new CallGraphAuthorization(chart, 'authz', { services: bookinfo.services, mtlsMode: MtlsMode.DISABLE }); }, 'app/authz: mtlsMode must be STRICT or PERMISSIVE (plain-text callers have no principal, so with DISABLE every derived policy would deny), got "DISABLE"'],
  ['CallGraphAuthorization out of the mesh', () => { const { chart, bookinfo } = scope(); new CallGraphAuthorization(chart, 'authz', { services: bookinfo.services, dataplaneMode: DataplaneMode.NONE }); }, 'app/authz: dataplaneMode must be SIDECAR or AMBIENT (a namespace out of the mesh has no proxy to enforce policies, and its callers no identity), got "none"'],
  ['a waypoint with sidecars', () => { const { chart, bookinfo } = scope(); new CallGraphAuthorization(chart, 'authz', { services: bookinfo.services, waypoint: new Waypoint(chart, 'w') }); }, 'app/authz: waypoint must be left out unless dataplaneMode is AMBIENT (sidecars enforce L7 policies themselves), got "app/w"'],
  ['a waypoint of another namespace', () => { const { chart, bookinfo } = scope(); new CallGraphAuthorization(chart, 'authz', { services: bookinfo.services, dataplaneMode: DataplaneMode.AMBIENT, waypoint: new Waypoint(chart, 'w', { namespace: 'shop' }) }); }, 'app/authz: waypoint must be a waypoint of namespace bookinfo, got "app/w"'],
  // Telemetry.
  ['a sampling percentage of 150', () => new MeshTelemetry(scope().chart, 't', { tracingSamplingPercentage: 150 }), 'app/t: tracingSamplingPercentage must be a percentage from 0 to 100, got 150'],
  ['a sampling percentage of -1', () => new MeshTelemetry(scope().chart, 't', { tracingSamplingPercentage: -1 }), 'app/t: tracingSamplingPercentage must be a percentage from 0 to 100, got -1'],
  ['a tracing provider with a space', () => new MeshTelemetry(scope().chart, 't', { tracingProvider: 'jaeger tracing' }), 'app/t: tracingProvider must be the name of an extension provider of the mesh config, e.g. "jaeger", got "jaeger tracing"'],
  ['empty telemetry targets', () => new MeshTelemetry(scope().chart, 't', { targets: [] }), 'app/t: targets must be a non-empty list of PolicyTargets (PolicyTarget.gateway(), PolicyTarget.service()), got []'],
  // Namespaces (the API server's names and labels; Istio's injection labels).
  ['a namespace name with an underscore', () => new MeshNamespace(scope().chart, 'ns', { name: 'Book_Info' }), 'app/ns: name must be a DNS-1123 label (lowercase letters, digits and "-", starting and ending with a letter or digit, at most 63 characters), got "Book_Info"'],
  ['a revision with ambient', () => new MeshNamespace(scope().chart, 'ns', { dataplaneMode: DataplaneMode.AMBIENT, revision: '1-28' }), 'app/ns: revision must be left out with dataplaneMode ambient (a revision only applies to sidecar injection), got "1-28"'],
  ['an injection label by hand', () => new MeshNamespace(scope().chart, 'ns', { labels: { 'istio-injection': 'enabled' } }), 'app/ns: labels["istio-injection"] must be left out: the mesh labels come from the dataplaneMode and revision props, which keep them consistent, got "enabled"'],
  ['a data plane label by hand', () => new MeshNamespace(scope().chart, 'ns', { labels: { 'istio.io/dataplane-mode': 'ambient' } }), 'app/ns: labels["istio.io/dataplane-mode"] must be left out: the mesh labels come from the dataplaneMode and revision props, which keep them consistent, got "ambient"'],
  ['an unknown data plane mode', () => new MeshNamespace(scope().chart, 'ns', { dataplaneMode: 'hybrid' as DataplaneMode }), 'app/ns: dataplaneMode must be one of sidecar, ambient, none, got "hybrid"'],
  ['a label key with a space', () => new MeshNamespace(scope().chart, 'ns', { labels: { 'team name': 'books' } }), 'app/ns: labels key must be a Kubernetes label key ([prefix/]name, name at most 63 characters), got "team name"'],
  ['a label value of 64 characters', () => new MeshNamespace(scope().chart, 'ns', { labels: { team: 'b'.repeat(64) } }), 'app/ns: labels["team"] must be a Kubernetes label value (at most 63 letters, digits, "-", "_" or ".", starting and ending with a letter or digit), got "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"'],
  // Workloads (the API server's Service, Deployment and pod validation).
  ['a Service name starting with a digit (DNS-1035)', service({ name: '1cart' }), 'app/svc: name must be a DNS-1035 label (lowercase letters, digits and "-", starting with a letter and ending with a letter or digit, at most 63 characters), as Kubernetes requires of Service names, got "1cart"'],
  ['a Service name of 64 characters', service({ name: 'a'.repeat(64) }), 'app/svc: name must be a DNS-1035 label (lowercase letters, digits and "-", starting with a letter and ending with a letter or digit, at most 63 characters), as Kubernetes requires of Service names, got "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"'],
  ['a port 0', service({ port: 0 }), 'app/svc: port must be an integer from 1 to 65535, got 0'],
  ['a port 65536', service({ port: 65536 }), 'app/svc: port must be an integer from 1 to 65535, got 65536'],
  ['a target port 0', service({ targetPort: 0 }), 'app/svc: targetPort must be an integer from 1 to 65535, got 0'],
  ['an unknown protocol', service({ protocol: 'HTTP' }), 'app/svc: protocol must be one of http, http2, https, grpc, tcp, tls, got "HTTP"'],
  ['a service account with a capital', service({ serviceAccountName: 'Cart' }), 'app/svc: serviceAccountName must be a DNS-1123 subdomain (lowercase letters, digits, "-" and ".", at most 253 characters), got "Cart"'],
  ['a version twice', () => { const { bookinfo } = scope(); bookinfo.ratings.addVersion('v1', { image: 'x:1', resources: small }); }, 'app/bookinfo/ratings: version must be a version not added yet (have v1), got "v1"'],
  ['a version with a capital', () => { const { bookinfo } = scope(); bookinfo.ratings.addVersion('V2', { image: 'x:1', resources: small }); }, 'app/bookinfo/ratings: version must be a DNS-1123 label (lowercase letters, digits and "-", starting and ending with a letter or digit, at most 63 characters), got "V2"'],
  ['an empty image', version({ image: '' }), 'app/svc: versions.v1.image must be a non-empty string without whitespace, got ""'],
  ['an image with a space', version({ image: 'example/app 1' }), 'app/svc: versions.v1.image must be a non-empty string without whitespace, got "example/app 1"'],
  ['replicas -1', version({ replicas: -1 }), 'app/svc: versions.v1.replicas must be an integer from 0 to 1000, got -1'],
  ['replicas 1001', version({ replicas: 1001 }), 'app/svc: versions.v1.replicas must be an integer from 0 to 1000, got 1001'],
  ['no memory request', version({ resources: { cpu: { request: Cpu.millis(10) } } }), 'app/svc: versions.v1.resources must be set with cpu.request and memory.request, e.g. { cpu: { request: Cpu.millis(50) }, memory: { request: Size.mebibytes(64) } }, got {"cpu":{"request":{"amount":"10m"}}}'],
  ['a CPU limit below the request', version({ resources: { cpu: { request: Cpu.millis(100), limit: Cpu.millis(50) }, memory: { request: Size.mebibytes(16) } } }), 'app/svc: versions.v1.resources.cpu.limit must be at least the CPU request (100m), got "50m"'],
  ['a memory limit below the request', version({ resources: { cpu: { request: Cpu.millis(10) }, memory: { request: Size.mebibytes(64), limit: Size.mebibytes(32) } } }), 'app/svc: versions.v1.resources.memory.limit must be at least the memory request (64Mi), got "32Mi"'],
  ['a memory request that is not whole mebibytes', version({ resources: { cpu: { request: Cpu.millis(10) }, memory: { request: Size.kibibytes(100) } } }), 'app/svc: versions.v1.resources.memory.request must be a whole, non-negative number of mebibytes, got "0.09765625Mi"'],
  ['a negative CPU request', version({ resources: { cpu: { request: Cpu.millis(-5) }, memory: { request: Size.mebibytes(16) } } }), 'app/svc: versions.v1.resources.cpu.request must be a Cpu (Cpu.millis(50), Cpu.units(1)) of a non-negative amount, got {"amount":"-5m"}'],
  ['a CPU request as a number', version({ resources: { cpu: { request: 0.5 }, memory: { request: Size.mebibytes(16) } } }), 'app/svc: versions.v1.resources.cpu.request must be a Cpu (Cpu.millis(50), Cpu.units(1)) of a non-negative amount, got 0.5'],
  ['a memory request as a number', version({ resources: { cpu: { request: Cpu.millis(10) }, memory: { request: 512 } } }), 'app/svc: versions.v1.resources.memory.request must be a Size (Size.mebibytes(64), Size.gibibytes(1)), got 512'],
  ['two volumes of one name', version({ scratchVolumes: [{ name: 'tmp', mountPath: '/tmp' }, { name: 'tmp', mountPath: '/var/tmp' }] }), 'app/svc: versions.v1.scratchVolumes names must be a list without duplicates ("tmp" appears twice), got ["tmp","tmp"]'],
  ['two mounts on one path', version({ scratchVolumes: [{ name: 'tmp', mountPath: '/tmp' }, { name: 'scratch', mountPath: '/tmp/' }] }), 'app/svc: versions.v1.scratchVolumes mountPaths must be a list without duplicates ("/tmp" appears twice), got ["/tmp","/tmp"]'],
  ['a mount path with ..', version({ scratchVolumes: [{ name: 'tmp', mountPath: '/var/../tmp' }] }), 'app/svc: versions.v1.scratchVolumes["tmp"].mountPath must be an absolute path without ".." (the API server refuses others), got "/var/../tmp"'],
  ['an environment variable starting with a digit', version({ env: { '1VAR': 'x' } }), 'app/svc: versions.v1.env name must be a C identifier-like environment variable name, got "1VAR"'],
  ['an annotation key with a space', version({ podAnnotations: { 'prometheus scrape': 'true' } }), 'app/svc: versions.v1.podAnnotations key must be a qualified name: an optional DNS-subdomain prefix and "/", then at most 63 letters, digits, "-", "_" or ".", starting and ending with a letter or digit, got "prometheus scrape"'],
  ['a helper named as the main container', version({ helpers: [{ name: 'svc', image: 'x:1', resources: small }] }), 'app/svc: versions.v1.container names must be a list without duplicates ("svc" appears twice), got ["svc","svc"]'],
  ['a helper without an image', version({ helpers: [{ name: 'curl', image: '', resources: small }] }), 'app/svc: versions.v1.helpers[0].image must be a non-empty string without whitespace, got ""'],
  ['a negative user id', version({ security: { runAsUser: -1 } }), 'app/svc: versions.v1.security.runAsUser must be an integer from 0 to 2147483647, got -1'],
  ['user 0 with runAsNonRoot', version({ security: { runAsUser: 0, runAsNonRoot: true } }), 'app/svc: versions.v1.security.runAsUser must be a non-zero user id with runAsNonRoot (the kubelet refuses to start the container), got 0'],
  ['an unknown pull policy', version({ imagePullPolicy: 'Sometimes' }), 'app/svc: versions.v1.imagePullPolicy must be one of Always, IfNotPresent, Never, got "Sometimes"'],
  ['a call to something that is not a MeshService', () => { const { bookinfo } = scope(); bookinfo.productpage.addCall({} as MeshService); }, 'app/bookinfo/productpage: addCall(callee) must be a MeshService, got {}'],
  // Bookinfo and the canaries.
  ['Bookinfo replicas -1', () => new BookinfoApp(scope().chart, 'b2', { replicas: -1 }), 'app/b2: replicas must be an integer from 0 to 1000, got -1'],
  ['Bookinfo reviews versions twice', () => new BookinfoApp(scope().chart, 'b2', { reviewsVersions: [ReviewsVersion.V2, ReviewsVersion.V2] }), 'app/b2: reviewsVersions must be a list without duplicates ("v2" appears twice), got ["v2","v2"]'],
  ['Bookinfo reviews v4', () => new BookinfoApp(scope().chart, 'b2', { reviewsVersions: ['v4' as ReviewsVersion] }), 'app/b2: reviewsVersions must be one of v1, v2, v3 (the versions Istio publishes images for), got "v4"'],
  ['Bookinfo without reviews versions', () => new BookinfoApp(scope().chart, 'b2', { reviewsVersions: [] }), 'app/b2: reviewsVersions must be a non-empty list of v1, v2, v3, got []'],
  ['Bookinfo image tag with a !', () => new BookinfoApp(scope().chart, 'b2', { imageTag: '1.20!' }), 'app/b2: imageTag must be a Docker tag (letters, digits, "_", "." and "-", at most 128 characters), got "1.20!"'],
  ['Bookinfo namespace with a capital', () => new BookinfoApp(scope().chart, 'b2', { namespace: 'Bookinfo' }), 'app/b2: namespace must be a DNS-1123 label (lowercase letters, digits and "-", starting and ending with a letter or digit, at most 63 characters), got "Bookinfo"'],
  ['a canary weight of 101', () => { const { chart, bookinfo } = scope(); new ReviewsCanary(chart, 'c', { bookinfo, canaryWeight: 101 }); }, 'app/c: canaryWeight must be an integer from 0 to 100, got 101'],
  ['a fractional canary weight', () => { const { chart, bookinfo } = scope(); new ReviewsCanary(chart, 'c', { bookinfo, canaryWeight: 0.5 }); }, 'app/c: canaryWeight must be an integer from 0 to 100, got 0.5'],
  ['a canary of the stable version', () => { const { chart, bookinfo } = scope(); new ReviewsCanary(chart, 'c', { bookinfo, canaryVersion: ReviewsVersion.V1 }); }, 'app/c: canaryVersion must be a version other than the stable one (v1), got "v1"'],
  ['a reviews canary of v4', () => { const { chart, bookinfo } = scope(); new ReviewsCanary(chart, 'c', { bookinfo, canaryVersion: 'v4' as ReviewsVersion }); }, 'app/c: canaryVersion must be one of the reviews versions this BookinfoApp deploys (v1, v2, v3), got "v4"'],
  ['a reviews canary of stable v0', () => { const { chart, bookinfo } = scope(); new ReviewsCanary(chart, 'c', { bookinfo, stableVersion: 'v0' as ReviewsVersion }); }, 'app/c: stableVersion must be one of the reviews versions this BookinfoApp deploys (v1, v2, v3), got "v0"'],
  ['a canary DestinationRule of another service', () => { const { chart, bookinfo } = scope(); new Canary(chart, 'c', { service: bookinfo.reviews, stableVersion: 'v1', canaryVersion: 'v2', destinationRule: new MeshDestinationRule(chart, 'dr', { service: bookinfo.ratings }) }); }, 'app/c: destinationRule must be a MeshDestinationRule for reviews, got "app/dr"'],
  ['a canary DestinationRule with the Gateway API', () => { const { chart, bookinfo } = scope(); new Canary(chart, 'c', { service: bookinfo.reviews, stableVersion: 'v1', canaryVersion: 'v2', api: TrafficApi.GATEWAY_API, destinationRule: new MeshDestinationRule(chart, 'dr', { service: bookinfo.reviews }) }); }, 'app/c: destinationRule must be left out with TrafficApi.GATEWAY_API, which routes to per-version Services, got "app/dr"'],
  ['a canary header name with a capital', () => { const { chart, bookinfo } = scope(); new ReviewsCanary(chart, 'c', { bookinfo, canaryHeader: { name: 'End-User', value: StringMatch.exact('jason') } }); }, 'app/c: canaryHeader.name must be a lowercase HTTP header name, got "End-User"'],
  ['a canary header prefix with the Gateway API', () => { const { chart, bookinfo } = scope(); new Canary(chart, 'c', { service: bookinfo.reviews, stableVersion: 'v1', canaryVersion: 'v2', api: TrafficApi.GATEWAY_API, canaryHeader: { name: 'end-user', value: StringMatch.prefix('ja') } }); }, 'app/c: canaryHeader.value must be an exact or regex header match with TrafficApi.GATEWAY_API, which has no header prefix match; use StringMatch.regex(), got "prefix ja"'],
  // The curl pair and ambient.
  ['a curl interval of half a second', () => new DemoCurlPair(scope().chart, 'pair', { interval: Duration.millis(500) }), 'app/pair: interval must be a Duration of whole seconds from 1 to 3600, got "0.5s"'],
  ['a curl interval of two hours', () => new DemoCurlPair(scope().chart, 'pair', { interval: Duration.hours(2) }), 'app/pair: interval must be a Duration of whole seconds from 1 to 3600, got "7200s"'],
  ['the curl pair under one name', () => new DemoCurlPair(scope().chart, 'pair', { names: { nginx: 'web', httpd: 'web' } }), 'app/pair: names.httpd must be a name other than names.nginx ("web"), got "web"'],
  ['the curl pair without a curl image', () => new DemoCurlPair(scope().chart, 'pair', { images: { curl: '' } }), 'app/pair: images.curl must be a non-empty string without whitespace, got ""'],
  ['the curl pair out of the mesh', () => new DemoCurlPair(scope().chart, 'pair', { dataplaneMode: DataplaneMode.NONE }), 'app/pair: dataplaneMode must be SIDECAR or AMBIENT: the pair shows mesh traffic, got "none"'],
  ['a waypoint named none', () => new Waypoint(scope().chart, 'w', { name: 'none' }), 'app/w: name must be a name other than "none", which istio.io/use-waypoint reserves for opting out, got "none"'],
  ['an unknown waypoint traffic type', () => new Waypoint(scope().chart, 'w', { waypointFor: 'pods' as WaypointFor }), 'app/w: waypointFor must be one of service, workload, all, none, got "pods"'],
  ['a waypoint enrolling another namespace', () => { const c = scope().chart; new Waypoint(c, 'w').enroll(new MeshNamespace(c, 'shop')); }, 'app/w: enroll namespace must be the waypoint\'s own namespace (bookinfo): a waypoint takes routes from its namespace only, got "shop"'],
  ['a workload waypoint enrolling a Service', () => { const { chart, bookinfo } = scope(); new Waypoint(chart, 'w', { waypointFor: WaypointFor.WORKLOAD }).enroll(bookinfo.reviews); }, 'app/w: enroll service must be enrolled in a waypoint for service or all traffic (this one is for workload), got "bookinfo/reviews"'],
  ['a policy target that is not a name', () => PolicyTarget.gateway('Bookinfo Gateway'), 'PolicyTarget.gateway(): name must be the name of a Gateway (a DNS-1123 subdomain), got "Bookinfo Gateway"'],
  ['MeshApp fastYaml "yes"', () => new MeshApp({ fastYaml: 'yes' as any }), 'MeshApp: fastYaml must be true or false, got "yes"'],
];

// [what, the app, the exact report of its synthesis]
const SYNTHESIS: Array<[string, (chart: Chart, bookinfo: BookinfoApp) => void, string[]]> = [
  ['the same object twice', (c, b) => { new MeshDestinationRule(c, 'a', { service: b.reviews }); new MeshDestinationRule(c, 'b', { service: b.reviews }); }, ['Validation failed with the following errors:\n  [] the mesh checks found 1 error:\n  Error [CI0401] (DestinationRule bookinfo/reviews) The app has this kind, namespace and name twice (the other at app/a/Resource): applied, one overwrites the other. at app/b/Resource\n    fix: Give one of them another name (or namespace), or remove the duplicate.']],
  ['a called workload left out of CallGraphAuthorization', (c, b) => { new CallGraphAuthorization(c, 'authz', { services: [b.productpage, b.details, b.reviews] }); }, ['Validation failed with the following errors:\n  [app/authz] services must list every called workload of namespace bookinfo: bookinfo/ratings is called by bookinfo/productpage, bookinfo/reviews but left out, so allow-nothing denies those calls; add it to services']],
  ['an AuthorizationPolicy in a namespace out of the mesh (istioctl)', (c) => { new MeshNamespace(c, 'legacy', { dataplaneMode: DataplaneMode.NONE }); AuthorizationPolicy.allowNothing(c, 'deny', { namespace: 'legacy' }); }, ['Warning [IST0127] (AuthorizationPolicy legacy/allow-nothing) No matching workloads for this resource with the following labels:  at app/deny/Resource']],
  ['mTLS for a namespace out of the mesh', (c) => { new MeshNamespace(c, 'legacy', { dataplaneMode: DataplaneMode.NONE }); new PeerAuthentication(c, 'mtls', { namespace: 'legacy' }); }, ['Warning [CI0402] (PeerAuthentication legacy/default) Namespace legacy has no data plane (no sidecar injection, not ambient), so nothing enforces the security policies in it: PeerAuthentication default. at app/mtls/Resource']],
  ['allow-nothing in the root namespace', (c) => { AuthorizationPolicy.allowNothing(c, 'deny', { namespace: 'istio-system' }); }, ['Warning [CI0403] (AuthorizationPolicy istio-system/allow-nothing) It has no selector or targetRefs and is in the root namespace istio-system: it applies to every workload of the mesh. at app/deny/Resource']],
  ['a workload in a namespace declared nowhere', (c) => { new MeshService(c, 'cart', { namespace: 'shopp' }).addVersion('v1', { image: 'x:1', resources: small }); }, ['Warning [CI0404] (Service shopp/cart) Its namespace shopp is declared nowhere in the app (no Namespace object); 3 objects of the app are in it. at app/cart/Resource']],
  ['a route to a subset no DestinationRule defines', (c, b) => { new MeshDestinationRule(c, 'dr', { service: b.reviews, subsets: ['v1'] }); new ServiceRoutes(c, 'r', { service: b.reviews, rules: [{ destinations: [{ subset: 'v2' }] }] }); }, ['Validation failed with the following errors:\n  [] the mesh checks found 1 error:\n  Error [IST0101] (VirtualService bookinfo/reviews) Referenced host+subset in destinationrule not found: "reviews+v2" at app/r/Resource\n    fix: Add subset v2 to the DestinationRule of reviews (DestinationRule bookinfo/reviews defines v1), or route to one of its subsets.']],
  ['a canary of a version never deployed (Gateway API)', (c, b) => { new Canary(c, 'canary', { service: b.ratings, stableVersion: 'v1', canaryVersion: 'v2', canaryWeight: 10, api: TrafficApi.GATEWAY_API }); }, ['Validation failed with the following errors:\n  [] the mesh checks found 1 error:\n  Error [CI0201] (HTTPRoute bookinfo/ratings) The backend Service bookinfo/ratings-v2 selects no pods, so requests routed to it fail (503). at app/canary/Routes/Resource\n    fix: Deploy the pods the Service bookinfo/ratings-v2 selects ({"app":"ratings","version":"v2"}; for a version, MeshService.addVersion()), or route elsewhere.']],
  ['an escape-hatch patch the API server refuses (schema)', (_c, b) => { b.reviews.service.addJsonPatch(JsonPatch.replace('/spec/ports/0/port', 'ninety')); }, ['Validation failed with the following errors:\n  [] the mesh checks found 1 error:\n  Error [CI0101] (Service bookinfo/reviews) The API server refuses it: /spec/ports/0/port must be number {"type":"number"} at app/bookinfo/reviews/Resource\n    fix: Fix the construct props or the escape-hatch patch (addJsonPatch) that produce these fields.']],
  ['an escape-hatch patch the API server refuses (validation)', (_c, b) => { b.reviews.service.addJsonPatch(JsonPatch.replace('/spec/ports/0/name', 'HTTP_web')); }, ['Validation failed with the following errors:\n  [] the mesh checks found 1 error:\n  Error [CI0102] (Service bookinfo/reviews) The API server refuses it: spec.ports[0].name: Invalid value: "HTTP_web": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or \'-\', and must start and end with an alphanumeric character (e.g. \'my-name\',  or \'123-abc\', regex used for validation is \'[a-z0-9]([-a-z0-9]*[a-z0-9])?\') at app/bookinfo/reviews/Resource\n    fix: Fix spec.ports[0].name (the construct prop or escape-hatch patch that writes it).']],
  ['a raw VirtualService Istio\'s webhook refuses', (c) => { new istio.VirtualService(c, 'vs', { metadata: { name: 'vs' }, spec: { hosts: ['reviews'] } }); }, ['Validation failed with the following errors:\n  [] the mesh checks found 1 error:\n  Error [IST0106] (VirtualService bookinfo/vs) Schema validation error: http, tcp or tls must be provided in virtual service at app/vs\n    fix: Fix spec (the construct prop or escape-hatch patch that writes it).']],
  ['a raw Service with an invalid selector label', (c) => { new k8s.KubeService(c, 'svc', { metadata: { name: 'legacy' }, spec: { selector: { 'app!': 'x' }, ports: [{ port: 80, name: 'http' }] } }); }, ['Validation failed with the following errors:\n  [] the mesh checks found 1 error:\n  Error [CI0102] (Service bookinfo/legacy) The API server refuses it: spec.selector: Invalid value: "app!": name part must consist of alphanumeric characters, \'-\', \'_\' or \'.\', and must start and end with an alphanumeric character (e.g. \'MyName\',  or \'my.name\',  or \'123-abc\', regex used for validation is \'([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]\') at app/svc\n    fix: Fix spec.selector (the construct prop or escape-hatch patch that writes it).']],
];

describe('bad input, refused when the construct is made', () => {
  test.each(CONSTRUCTION)('%s', (_, build, message) => {
    expect(build).toThrow(message);
  });
});

describe('bad input, reported once when the app is synthesized', () => {
  test.each(SYNTHESIS)('%s', (_, build, expected) => {
    expect(findings(build)).toEqual(expected);
  });
});

// Untouched props are in bad shape when they hold another object: ApiObject is in use above.
void ApiObject;
