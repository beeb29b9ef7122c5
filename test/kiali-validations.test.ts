// Kiali's validations (KIA codes) in analyzeMesh: for each code, small manifests of our own that
// yield exactly that finding, and a near miss that yields none. Each case cites the Kiali v2.30.0
// source (kiali/kiali, business/checkers/...) of the check it follows; where this library
// corrects Kiali (research/kiali/MAPPING.md), the case says so. Only KIA findings are compared:
// istioctl's codes and the library's own are tested in their own files.
import { analyzeMesh, AnalyzeOptions, ANALYZER_CODES, FindingLevel, KIALI_MESSAGES } from '../src';

const { ERROR, WARNING, INFO } = FindingLevel;

/** Kiali's texts and levels, copied from models/istio_validation.go (KIA0102: Kiali's master). */
const KIALI: Record<string, [FindingLevel, string]> = {
  KIA0002: [ERROR, 'More than one selector-less object in the same namespace'],
  KIA0003: [ERROR, 'More than one object applied to the same workload'],
  KIA0004: [WARNING, 'No matching workload found for the selector in this namespace'],
  KIA0005: [ERROR, 'No matching namespace found or namespace is not accessible'],
  KIA0102: [WARNING, 'Only HTTP methods and Istio wildcards are allowed'],
  KIA0104: [WARNING, 'This host has no matching entry in the service registry'],
  KIA0105: [ERROR, 'This field requires mTLS to be enabled'],
  KIA0106: [ERROR, 'Service Account not found for this principal'],
  KIA0108: [WARNING, 'Unable to verify principal, trust domain is not known to Kiali'],
  KIA0109: [WARNING, 'L7 AuthorizationPolicy in Ambient namespace requires waypoint enrollment (istio.io/use-waypoint)'],
  KIA0110: [WARNING, 'L7 AuthorizationPolicy in Ambient requires targetRefs to a Service or Gateway; selector policies are ignored by waypoints'],
  KIA0201: [WARNING, 'More than one DestinationRules for the same host subset combination'],
  KIA0204: [WARNING, 'mTLS settings of a non-local Destination Rule are overridden'],
  KIA0205: [ERROR, 'PeerAuthentication enabling mTLS at mesh level is missing'],
  KIA0206: [ERROR, 'PeerAuthentication enabling namespace-wide mTLS is missing'],
  KIA0207: [ERROR, 'PeerAuthentication with TLS strict mode found, it should be permissive'],
  KIA0208: [ERROR, 'PeerAuthentication enabling mTLS found, permissive mode needed'],
  KIA0209: [WARNING, 'This subset has not labels'],
  KIA0210: [WARNING, 'L7 DestinationRule features in Ambient namespace require waypoint enrollment (istio.io/use-waypoint)'],
  KIA0211: [WARNING, 'L7 DestinationRule targets a service not enrolled to use a waypoint (istio.io/use-waypoint)'],
  KIA0212: [WARNING, 'L7 DestinationRule should be in the same namespace as the Ambient destination service to take effect'],
  KIA0401: [ERROR, 'Mesh-wide Destination Rule enabling mTLS is missing'],
  KIA0501: [ERROR, 'Destination Rule enabling namespace-wide mTLS is missing'],
  KIA0505: [ERROR, 'Destination Rule disabling namespace-wide mTLS is missing'],
  KIA0506: [ERROR, 'Destination Rule disabling mesh-wide mTLS is missing'],
  KIA0701: [WARNING, 'Deployment exposing same port as Service not found'],
  KIA1004: [WARNING, 'This host has no matching entry in the service registry'],
  KIA1006: [WARNING, 'Global default sidecar should not have workloadSelector'],
  KIA1102: [ERROR, 'VirtualService is pointing to a non-existent gateway'],
  KIA1104: [WARNING, 'The weight is assumed to be 100 because there is only one route destination'],
  KIA1105: [WARNING, 'This host subset combination is already referenced in another route destination'],
  KIA1108: [INFO, 'Preferred nomenclature: <gateway namespace>/<gateway name>'],
  KIA1109: [WARNING, 'L7 VirtualService for mesh traffic in Ambient namespace requires waypoint enrollment (istio.io/use-waypoint)'],
  KIA1110: [WARNING, 'RequestAuthentication in Ambient namespace requires waypoint enrollment (istio.io/use-waypoint)'],
  KIA1111: [WARNING, 'WasmPlugin in Ambient namespace requires waypoint enrollment (istio.io/use-waypoint)'],
  KIA1112: [WARNING, 'L7 Telemetry in Ambient namespace requires waypoint enrollment (istio.io/use-waypoint)'],
  KIA1113: [WARNING, 'L7 VirtualService targets a service not enrolled to use a waypoint (istio.io/use-waypoint)'],
  KIA1114: [WARNING, 'L7 VirtualService should be in the same namespace as the Ambient destination service to take effect'],
  KIA1115: [WARNING, 'RequestAuthentication in Ambient requires targetRefs to a Service or Gateway; selector policies are ignored by waypoints'],
  KIA1116: [WARNING, 'WasmPlugin in Ambient requires targetRefs to a Service or Gateway; selector policies are ignored by waypoints'],
  KIA1117: [WARNING, 'L7 Telemetry in Ambient requires targetRefs to a Service or Gateway; selector policies are ignored by waypoints'],
  KIA1211: [WARNING, 'More than one ServiceEntry for the same host and port'],
  KIA1212: [WARNING, 'ServiceEntries have conflicting protocols for the same host and port'],
  KIA1301: [WARNING, 'This workload is not covered by any authorization policy'],
  KIA1311: [ERROR, 'This workload has both sidecar and Ambient label'],
  KIA1312: [WARNING, 'This workload has waypoint labels but is not in Ambient'],
  KIA1313: [ERROR, 'This workload has annotated waypoint but it does not exist or is misconfigured'],
  KIA1317: [WARNING, 'This workload has L7 Authorization Policies but no Waypoint'],
  KIA1401: [ERROR, 'Route is pointing to a non-existent or inaccessible K8s gateway'],
  KIA1402: [ERROR, 'Reference doesn\'t have a valid service (Service name not found)'],
  KIA1501: [WARNING, 'More than one K8s Gateway for the same host port combination'],
  KIA1502: [WARNING, 'More than one K8s Gateway for the same address and type combination'],
  KIA1504: [ERROR, 'Gateway API Class not found in Kiali configuration'],
  KIA1601: [ERROR, 'Namespace is not found or is not accessible'],
  KIA1701: [WARNING, 'Service Account not found in this namespace'],
  KIA1702: [WARNING, 'More than one Workload Group with duplicate labels found in the same namespace'],
};

// --- manifests -------------------------------------------------------------------------------

type Labels = Record<string, string>;
const AMBIENT = { 'istio.io/dataplane-mode': 'ambient' };
const USE_WAYPOINT = { 'istio.io/use-waypoint': 'waypoint' };

const namespace = (name: string, labels: Labels = { 'istio-injection': 'enabled' }) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels } });
const serviceAccount = (name: string, ns: string) => ({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name, namespace: ns } });
const deployment = (name: string, ns: string, labels: Labels, sa = 'cart', ports: any[] = [{ containerPort: 9080 }]) => ({
  apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name, namespace: ns },
  spec: { selector: { matchLabels: labels }, template: { metadata: { labels }, spec: { serviceAccountName: sa, containers: [{ name: 'app', image: 'app:1', ports }] } } },
});
const service = (name: string, ns: string, selector: Labels, labels: Labels = {}, ports: any[] = [{ name: 'http', port: 9080 }]) => ({
  apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: ns, labels }, spec: { selector, ports },
});
const resource = (group: string, kind: string, name: string, ns: string | undefined, spec: any, metadata: any = {}) => ({
  apiVersion: `${group}/v1`, kind, metadata: { name, ...(ns ? { namespace: ns } : {}), ...metadata }, spec,
});
const net = (kind: string, name: string, ns: string, spec: any) => resource('networking.istio.io', kind, name, ns, spec);
const sec = (kind: string, name: string, ns: string, spec: any) => resource('security.istio.io', kind, name, ns, spec);
const gw = (kind: string, name: string, ns: string | undefined, spec: any, labels: Labels = {}) => resource('gateway.networking.k8s.io', kind, name, ns, spec, { labels });

/** A waypoint as `istioctl waypoint generate` writes it. */
const waypoint = (ns: string, labels: Labels = {}, listener: any = {}) =>
  gw('Gateway', 'waypoint', ns, { gatewayClassName: 'istio-waypoint', listeners: [{ name: 'mesh', port: 15008, protocol: 'HBONE', ...listener }] }, labels);

/** Namespace `shop` (sidecars): Service cart selecting Deployment cart-v1, run as service account cart. */
const shop = (nsLabels: Labels = {}, podLabels: Labels = {}) => [
  namespace('shop', { 'istio-injection': 'enabled', ...nsLabels }), serviceAccount('cart', 'shop'),
  deployment('cart-v1', 'shop', { app: 'cart', version: 'v1', ...podLabels }), service('cart', 'shop', { app: 'cart' }),
];
/** The same app in namespace `amb` (ambient), enrolled to a waypoint or not. */
const amb = (nsLabels: Labels = {}, svcLabels: Labels = {}, podLabels: Labels = {}) => [
  namespace('amb', { ...AMBIENT, ...nsLabels }), serviceAccount('cart', 'amb'),
  deployment('cart-v1', 'amb', { app: 'cart', version: 'v1', ...podLabels }), service('cart', 'amb', { app: 'cart' }, svcLabels),
];
/** `amb` with the namespace enrolled to its waypoint. */
const enrolledAmb = () => [...amb(USE_WAYPOINT), waypoint('amb')];

const route = (host: string, extra: any = {}) => ({ destination: { host }, ...extra });
const mtls = (mode: string) => ({ mtls: { mode } });
const tls = (host: string, mode: string) => ({ host, trafficPolicy: { tls: { mode } } });
const allowFrom = (principal: string) => ({ selector: { matchLabels: { app: 'cart' } }, rules: [{ from: [{ source: { principals: [principal] } }] }] });
const httpRouteTo = (parentRefs: any[], backend: string) => ({ parentRefs, rules: [{ backendRefs: [{ name: backend, port: 9080 }] }] });
const k8sGateway = (name: string, ns: string, listener: any = {}, extra: any = {}) =>
  gw('Gateway', name, ns, { gatewayClassName: 'istio', listeners: [{ name: 'http', port: 80, protocol: 'HTTP', ...listener }], ...extra });
const serviceEntry = (name: string, ns: string, protocol: string, extra: any = {}) =>
  net('ServiceEntry', name, ns, { hosts: ['api.example.com'], ports: [{ number: 443, name: 'tls', protocol }], resolution: 'DNS', ...extra });
const workloadGroup = (name: string, labels: Labels, serviceAccount_ = 'cart') =>
  net('WorkloadGroup', name, 'shop', { metadata: { labels }, template: { serviceAccount: serviceAccount_ } });

const NO_AUTO_MTLS: AnalyzeOptions = { meshConfig: { enableAutoMtls: false } };

/** The Kiali findings of `analyzeMesh`, as compared here. */
function kiali(objects: any[], options: AnalyzeOptions = {}) {
  return analyzeMesh(objects, { schemas: false, ...options }).filter((f) => f.code.startsWith('KIA'))
    .map((f) => ({ code: f.code, level: f.level, resource: f.resource, message: f.message }));
}

/** [code, resources it is reported on, manifests that yield it, a near miss, analyze options]. */
type Case = [string, string[], () => any[], () => any[], AnalyzeOptions?];

const CASES: Case[] = [
  // KIA0002 business/checkers/common/multi_match_selector_checker.go:166 (PeerAuthentication only; IST0111 covers Sidecars)
  ['KIA0002', ['PeerAuthentication shop/a', 'PeerAuthentication shop/b'],
    () => [...shop(), sec('PeerAuthentication', 'a', 'shop', mtls('STRICT')), sec('PeerAuthentication', 'b', 'shop', mtls('PERMISSIVE'))],
    () => [...shop(), sec('PeerAuthentication', 'a', 'shop', mtls('STRICT')), sec('PeerAuthentication', 'b', 'shop', { selector: { matchLabels: { app: 'cart' } }, ...mtls('PERMISSIVE') })]],
  // KIA0003 business/checkers/common/multi_match_selector_checker.go:219 (pods of the PeerAuthentication's namespace, as Istio applies them)
  ['KIA0003', ['PeerAuthentication shop/a', 'PeerAuthentication shop/b'],
    () => [...shop(), sec('PeerAuthentication', 'a', 'shop', { selector: { matchLabels: { app: 'cart' } }, ...mtls('STRICT') }),
      sec('PeerAuthentication', 'b', 'shop', { selector: { matchLabels: { version: 'v1' } }, ...mtls('PERMISSIVE') })],
    () => [...shop(), sec('PeerAuthentication', 'a', 'shop', { selector: { matchLabels: { app: 'cart' } }, ...mtls('STRICT') }),
      sec('PeerAuthentication', 'b', 'shop', mtls('PERMISSIVE'))]],
  // KIA0004 business/checkers/common/workload_selector_checker.go:35 (PeerAuthentication; own namespace only, as on Kiali's master)
  ['KIA0004', ['PeerAuthentication shop/strict'],
    () => [...shop(), sec('PeerAuthentication', 'strict', 'shop', { selector: { matchLabels: { app: 'kart' } }, ...mtls('STRICT') })],
    // a namespace the manifests do not create may have pods they do not show
    () => [...shop(), sec('PeerAuthentication', 'strict', 'elsewhere', { selector: { matchLabels: { app: 'kart' } }, ...mtls('STRICT') })]],
  // KIA0004 business/checkers/request_authentication_checker.go:38 (RequestAuthentication)
  ['KIA0004', ['RequestAuthentication shop/jwt'],
    () => [...shop(), sec('RequestAuthentication', 'jwt', 'shop', { selector: { matchLabels: { app: 'cart', version: 'v2' } }, jwtRules: [{ issuer: 'me' }] })],
    () => [...shop(), sec('RequestAuthentication', 'jwt', 'shop', { selector: { matchLabels: { app: 'cart', version: 'v1' } }, jwtRules: [{ issuer: 'me' }] })]],
  // KIA0005 business/checkers/common/export_to_namespace_checker.go:21
  ['KIA0005', ['VirtualService shop/cart'],
    () => [...shop(), net('VirtualService', 'cart', 'shop', { hosts: ['cart'], exportTo: ['shop', 'shoq'], http: [{ route: [route('cart')] }] })],
    // `~` is Istio's "nobody" for ServiceEntries (Kiali flags it)
    () => [...shop(), net('VirtualService', 'cart', 'shop', { hosts: ['cart'], exportTo: ['.', 'istio-system'], http: [{ route: [route('cart')] }] }),
      serviceEntry('api', 'shop', 'TLS', { exportTo: ['~'] })]],
  // KIA0102 business/checkers/authorization/namespace_method_checker.go:98 (master semantics: HTTP methods and wildcards; case-sensitive)
  ['KIA0102', ['AuthorizationPolicy shop/methods'],
    () => [...shop(), sec('AuthorizationPolicy', 'methods', 'shop', { selector: { matchLabels: { app: 'cart' } }, rules: [{ to: [{ operation: { methods: ['get', '/shop.Cart/Add'] } }] }] })],
    () => [...shop(), sec('AuthorizationPolicy', 'methods', 'shop', { selector: { matchLabels: { app: 'cart' } }, rules: [{ to: [{ operation: { methods: ['GET', 'PO*', '*ET', '*'] } }] }] })]],
  // KIA0104 business/checkers/authorization/no_host_checker.go:74 (master: only Service-style names are registry-checked)
  ['KIA0104', ['AuthorizationPolicy shop/hosts'],
    () => [...shop(), sec('AuthorizationPolicy', 'hosts', 'shop', { rules: [{ to: [{ operation: { hosts: ['kart'] } }] }] })],
    () => [...shop(), sec('AuthorizationPolicy', 'hosts', 'shop', { rules: [{ to: [{ operation: { hosts: ['cart', 'cart.shop', 'cart:9080', 'www.example.com', '*.shop'] } }] }] })]],
  // KIA0105 business/checkers/authorization/mtls_enabled_checker.go:42
  ['KIA0105', ['AuthorizationPolicy shop/from-cart'],
    () => [...shop(), sec('PeerAuthentication', 'default', 'shop', mtls('DISABLE')), sec('AuthorizationPolicy', 'from-cart', 'shop', allowFrom('cluster.local/ns/shop/sa/cart'))],
    // PERMISSIVE with auto mTLS (Istio's default) receives mTLS from sidecars
    () => [...shop(), sec('PeerAuthentication', 'default', 'shop', mtls('PERMISSIVE')), sec('AuthorizationPolicy', 'from-cart', 'shop', allowFrom('cluster.local/ns/shop/sa/cart'))]],
  // KIA0105 util/mtls/status.go:119 (auto mTLS off and no ISTIO_MUTUAL DestinationRule: clients send plaintext)
  ['KIA0105', ['AuthorizationPolicy shop/from-cart'],
    () => [...shop(), sec('AuthorizationPolicy', 'from-cart', 'shop', allowFrom('cluster.local/ns/shop/sa/cart'))],
    () => [...shop(), net('DestinationRule', 'cart', 'shop', tls('cart', 'ISTIO_MUTUAL')), sec('AuthorizationPolicy', 'from-cart', 'shop', allowFrom('cluster.local/ns/shop/sa/cart'))],
    NO_AUTO_MTLS],
  // KIA0106 business/checkers/authorization/principals_checker.go:81
  ['KIA0106', ['AuthorizationPolicy shop/from-cart'],
    () => [...shop(), sec('AuthorizationPolicy', 'from-cart', 'shop', allowFrom('cluster.local/ns/shop/sa/kart'))],
    // patterns match existing accounts; a namespace the manifests do not create is not checked
    () => [...shop(), sec('AuthorizationPolicy', 'from-cart', 'shop', { rules: [{ from: [{ source: { principals: ['cluster.local/ns/shop/sa/ca*', 'cluster.local/ns/shop/sa/default', 'cluster.local/ns/other/sa/x'] } }] }] })]],
  // KIA0108 business/checkers/authorization/principals_checker.go:116 (cluster.local is always the mesh's own, as in Istio)
  ['KIA0108', ['AuthorizationPolicy shop/from-cart'],
    () => [...shop(), sec('AuthorizationPolicy', 'from-cart', 'shop', allowFrom('example.org/ns/shop/sa/cart'))],
    () => [...shop(), sec('AuthorizationPolicy', 'from-cart', 'shop', { rules: [{ from: [{ source: { principals: ['old.example/ns/shop/sa/cart', 'cluster.local/ns/shop/sa/cart'] } }] }] })],
    { meshConfig: { trustDomain: 'example.net', trustDomainAliases: ['old.example'] } }],
  // KIA0109 business/checkers/ambient_policy_checker.go:96 (targetRefs to a Service that is not enrolled; its pods have a waypoint)
  ['KIA0109', ['AuthorizationPolicy amb/get-only'],
    () => [...amb({}, {}, USE_WAYPOINT), waypoint('amb', { 'istio.io/waypoint-for': 'all' }),
      sec('AuthorizationPolicy', 'get-only', 'amb', { targetRefs: [{ kind: 'Service', group: '', name: 'cart' }], rules: [{ to: [{ operation: { methods: ['GET'] } }] }] })],
    () => [...amb({}, USE_WAYPOINT, USE_WAYPOINT), waypoint('amb', { 'istio.io/waypoint-for': 'all' }),
      sec('AuthorizationPolicy', 'get-only', 'amb', { targetRefs: [{ kind: 'Service', group: '', name: 'cart' }], rules: [{ to: [{ operation: { methods: ['GET'] } }] }] })]],
  // KIA0110 business/checkers/ambient_policy_checker.go:89
  ['KIA0110', ['AuthorizationPolicy amb/get-only'],
    () => [...enrolledAmb(), sec('AuthorizationPolicy', 'get-only', 'amb', { selector: { matchLabels: { app: 'cart' } }, rules: [{ to: [{ operation: { paths: ['/cart'] } }] }] })],
    // L4 fields only: ztunnel enforces it
    () => [...enrolledAmb(), sec('AuthorizationPolicy', 'get-only', 'amb', { selector: { matchLabels: { app: 'cart' } }, rules: [{ to: [{ operation: { ports: ['9080'] } }] }] })]],
  // KIA0201 business/checkers/destinationrules/multi_match_checker.go:131 (Istio's merge: a subset twice, or two top-level policies)
  ['KIA0201', ['DestinationRule shop/cart-a', 'DestinationRule shop/cart-b'],
    () => [...shop(), net('DestinationRule', 'cart-a', 'shop', { host: 'cart', subsets: [{ name: 'v1', labels: { version: 'v1' } }] }),
      net('DestinationRule', 'cart-b', 'shop', { host: 'cart.shop.svc.cluster.local', subsets: [{ name: 'v1', labels: { version: 'v1' } }] })],
    // Istio merges a rule with subsets and one with a traffic policy
    () => [...shop(), net('DestinationRule', 'cart-a', 'shop', { host: 'cart', subsets: [{ name: 'v1', labels: { version: 'v1' } }] }),
      net('DestinationRule', 'cart-b', 'shop', { host: 'cart', trafficPolicy: { loadBalancer: { simple: 'ROUND_ROBIN' } } })]],
  // KIA0204 business/checkers/destinationrules/traffic_policy_checker.go:67
  ['KIA0204', ['DestinationRule shop/cart'],
    () => [...shop(), net('DestinationRule', 'mesh', 'istio-system', tls('*.local', 'ISTIO_MUTUAL')), net('DestinationRule', 'cart', 'shop', { host: 'cart', trafficPolicy: { loadBalancer: { simple: 'LEAST_REQUEST' } } })],
    () => [...shop(), net('DestinationRule', 'mesh', 'istio-system', tls('*.local', 'ISTIO_MUTUAL')), net('DestinationRule', 'cart', 'shop', tls('cart', 'ISTIO_MUTUAL')),
      net('DestinationRule', 'api', 'shop', { host: 'api.example.com' })]],
  // KIA0205 business/checkers/destinationrules/meshwide_mtls_checker.go:30 (quiet with auto mTLS, as on Kiali's master)
  ['KIA0205', ['DestinationRule istio-system/mesh'],
    () => [...shop(), net('DestinationRule', 'mesh', 'istio-system', tls('*.local', 'ISTIO_MUTUAL'))],
    () => [...shop(), net('DestinationRule', 'mesh', 'istio-system', tls('*.local', 'ISTIO_MUTUAL')), sec('PeerAuthentication', 'default', 'istio-system', mtls('STRICT'))],
    NO_AUTO_MTLS],
  // KIA0206 business/checkers/destinationrules/namespacewide_mtls_checker.go:40
  ['KIA0206', ['DestinationRule shop/all'],
    () => [...shop(), net('DestinationRule', 'all', 'shop', tls('*.shop.svc.cluster.local', 'ISTIO_MUTUAL'))],
    () => [...shop(), net('DestinationRule', 'all', 'shop', tls('*.shop.svc.cluster.local', 'ISTIO_MUTUAL')), sec('PeerAuthentication', 'default', 'shop', mtls('PERMISSIVE'))],
    NO_AUTO_MTLS],
  // KIA0207 business/checkers/destinationrules/disabled_namespacewide_mtls_checker.go:35
  ['KIA0207', ['DestinationRule shop/all'],
    () => [...shop(), net('DestinationRule', 'all', 'shop', tls('*.shop.svc.cluster.local', 'DISABLE')), sec('PeerAuthentication', 'default', 'shop', mtls('STRICT'))],
    () => [...shop(), net('DestinationRule', 'all', 'shop', tls('*.shop.svc.cluster.local', 'DISABLE')), sec('PeerAuthentication', 'default', 'shop', mtls('PERMISSIVE'))]],
  // KIA0208 business/checkers/destinationrules/disabled_meshwide_mtls_checker.go:25
  ['KIA0208', ['DestinationRule istio-system/mesh'],
    () => [...shop(), net('DestinationRule', 'mesh', 'istio-system', tls('*.local', 'DISABLE')), sec('PeerAuthentication', 'default', 'istio-system', mtls('STRICT'))],
    () => [...shop(), net('DestinationRule', 'mesh', 'istio-system', tls('*.local', 'DISABLE')), sec('PeerAuthentication', 'default', 'istio-system', mtls('PERMISSIVE'))]],
  // KIA0208 business/checkers/destinationrules/disabled_namespacewide_mtls_checker.go:53 (namespace-wide DISABLE under a STRICT mesh)
  ['KIA0208', ['DestinationRule shop/all'],
    () => [...shop(), net('DestinationRule', 'all', 'shop', tls('*.shop.svc.cluster.local', 'DISABLE')), sec('PeerAuthentication', 'default', 'istio-system', mtls('STRICT'))],
    () => [...shop(), net('DestinationRule', 'all', 'shop', tls('*.shop.svc.cluster.local', 'DISABLE')), sec('PeerAuthentication', 'default', 'istio-system', mtls('STRICT')),
      sec('PeerAuthentication', 'default', 'shop', mtls('PERMISSIVE'))]],
  // KIA0209 business/checkers/destinationrules/no_dest_checker.go:71
  ['KIA0209', ['DestinationRule shop/cart'],
    () => [...shop(), net('DestinationRule', 'cart', 'shop', { host: 'cart', subsets: [{ name: 'v1', labels: { version: 'v1' } }, { name: 'all' }] })],
    () => [...shop(), net('DestinationRule', 'cart', 'shop', { host: 'cart', subsets: [{ name: 'v1', labels: { version: 'v1' } }] })]],
  // KIA0210 business/checkers/ambient_policy_checker.go:140
  ['KIA0210', ['DestinationRule amb/api'],
    () => [...amb(), net('DestinationRule', 'api', 'amb', { host: 'api.example.com', trafficPolicy: { outlierDetection: { consecutive5xxErrors: 5 } } })],
    () => [...amb(), net('DestinationRule', 'api', 'amb', { host: 'api.example.com', trafficPolicy: { tls: { mode: 'SIMPLE' } } })]],
  // KIA0211 business/checkers/ambient_policy_checker.go:138
  ['KIA0211', ['DestinationRule amb/cart'],
    () => [...amb(), net('DestinationRule', 'cart', 'amb', { host: 'cart', trafficPolicy: { connectionPool: { http: { http1MaxPendingRequests: 1 } } } })],
    () => [...amb({}, USE_WAYPOINT), waypoint('amb'), net('DestinationRule', 'cart', 'amb', { host: 'cart', trafficPolicy: { connectionPool: { http: { http1MaxPendingRequests: 1 } } } })]],
  // KIA0212 business/checkers/ambient_policy_checker.go:139
  ['KIA0212', ['DestinationRule shop/amb-cart'],
    () => [...shop(), ...enrolledAmb(), net('DestinationRule', 'amb-cart', 'shop', { host: 'cart.amb.svc.cluster.local', trafficPolicy: { outlierDetection: {} } })],
    () => [...shop(), ...enrolledAmb(), net('DestinationRule', 'amb-cart', 'amb', { host: 'cart.amb.svc.cluster.local', trafficPolicy: { outlierDetection: {} } })]],
  // KIA0401 business/checkers/peerauthentications/mesh_mtls_checker.go:37
  ['KIA0401', ['PeerAuthentication istio-system/default'],
    () => [...shop(), sec('PeerAuthentication', 'default', 'istio-system', mtls('STRICT'))],
    () => [...shop(), sec('PeerAuthentication', 'default', 'istio-system', mtls('STRICT')), net('DestinationRule', 'mesh', 'istio-system', tls('*.local', 'ISTIO_MUTUAL'))],
    NO_AUTO_MTLS],
  // KIA0501 business/checkers/peerauthentications/namespace_mtls_checker.go:45
  ['KIA0501', ['PeerAuthentication shop/default'],
    () => [...shop(), sec('PeerAuthentication', 'default', 'shop', mtls('STRICT'))],
    () => [...shop(), sec('PeerAuthentication', 'default', 'shop', mtls('STRICT')), net('DestinationRule', 'all', 'shop', tls('*.shop.svc.cluster.local', 'ISTIO_MUTUAL'))],
    NO_AUTO_MTLS],
  // KIA0505 business/checkers/peerauthentications/disabled_namespacewide_checker.go:33
  ['KIA0505', ['PeerAuthentication shop/default'],
    () => [...shop(), sec('PeerAuthentication', 'default', 'shop', mtls('DISABLE')), net('DestinationRule', 'all', 'shop', tls('*.shop.svc.cluster.local', 'ISTIO_MUTUAL'))],
    () => [...shop(), sec('PeerAuthentication', 'default', 'shop', mtls('DISABLE')), net('DestinationRule', 'all', 'shop', tls('*.shop.svc.cluster.local', 'DISABLE'))]],
  // KIA0506 business/checkers/peerauthentications/disabled_meshwide_checker.go:26
  ['KIA0506', ['PeerAuthentication istio-system/default'],
    () => [...shop(), sec('PeerAuthentication', 'default', 'istio-system', mtls('DISABLE')), net('DestinationRule', 'mesh', 'istio-system', tls('*.local', 'ISTIO_MUTUAL'))],
    () => [...shop(), sec('PeerAuthentication', 'default', 'istio-system', mtls('DISABLE')), net('DestinationRule', 'mesh', 'istio-system', tls('*.local', 'DISABLE'))]],
  // KIA0701 business/checkers/services/port_mapping_checker.go:124 (pod templates of the Service's namespace)
  ['KIA0701', ['Service shop/cart'],
    () => [namespace('shop'), deployment('cart-v1', 'shop', { app: 'cart', version: 'v1' }, 'default', [{ containerPort: 9080 }]),
      service('cart', 'shop', { app: 'cart' }, {}, [{ name: 'http', port: 80, targetPort: 8080 }])],
    () => [namespace('shop'), deployment('cart-v1', 'shop', { app: 'cart', version: 'v1' }, 'default', [{ name: 'http', containerPort: 8080 }]),
      service('cart', 'shop', { app: 'cart' }, {}, [{ name: 'http', port: 80, targetPort: 'http' }])]],
  // KIA1004 business/checkers/sidecars/egress_listener_checker.go:84 (short names read in the ns/ part)
  ['KIA1004', ['Sidecar shop/default'],
    () => [...shop(), net('Sidecar', 'default', 'shop', { egress: [{ hosts: ['./kart', 'istio-system/*'] }] })],
    () => [...shop(), net('Sidecar', 'default', 'shop', { egress: [{ hosts: ['./cart', 'shop/cart.shop.svc.cluster.local', 'elsewhere/billing', '*/*.example.com'] }] })]],
  // KIA1006 business/checkers/sidecars/global_checker.go:30
  ['KIA1006', ['Sidecar istio-system/default'],
    () => [...shop(), net('Sidecar', 'default', 'istio-system', { workloadSelector: { labels: { app: 'cart' } }, egress: [{ hosts: ['*/*'] }] })],
    () => [...shop(), net('Sidecar', 'default', 'istio-system', { egress: [{ hosts: ['*/*'] }] })]],
  // KIA1102 business/checkers/virtualservices/no_gateway_checker.go:71 (http[].match[].gateways; IST0101 covers spec.gateways)
  ['KIA1102', ['VirtualService shop/cart'],
    () => [...shop(), net('VirtualService', 'cart', 'shop', { hosts: ['cart'], gateways: ['mesh'], http: [{ match: [{ gateways: ['front'] }], route: [route('cart')] }] })],
    () => [...shop(), net('Gateway', 'front', 'shop', { selector: { istio: 'ingressgateway' }, servers: [{ port: { number: 80, name: 'http', protocol: 'HTTP' }, hosts: ['*'] }] }),
      net('VirtualService', 'cart', 'shop', { hosts: ['cart'], gateways: ['mesh'], http: [{ match: [{ gateways: ['front'] }], route: [route('cart')] }] })]],
  // KIA1104 business/checkers/virtualservices/route_checker.go:66
  ['KIA1104', ['VirtualService shop/cart'],
    () => [...shop(), net('VirtualService', 'cart', 'shop', { hosts: ['cart'], http: [{ route: [route('cart', { weight: 50 })] }] })],
    () => [...shop(), net('VirtualService', 'cart', 'shop', { hosts: ['cart'], http: [{ route: [route('cart', { weight: 100 })] }] })]],
  // KIA1105 business/checkers/virtualservices/route_checker.go:187
  ['KIA1105', ['VirtualService shop/cart'],
    () => [...shop(), net('VirtualService', 'cart', 'shop', { hosts: ['cart'], tcp: [{ route: [route('cart', { weight: 50 }), route('cart.shop.svc.cluster.local', { weight: 50 })] }] })],
    () => [...shop(), net('VirtualService', 'cart', 'shop', { hosts: ['cart'], tcp: [{ route: [route('cart', { weight: 50 }), route('api.example.com', { weight: 50 })] }] })]],
  // KIA1108 business/checkers/virtualservices/no_gateway_checker.go:81
  ['KIA1108', ['VirtualService shop/cart'],
    () => [...shop(), net('Gateway', 'front', 'shop', { selector: { istio: 'ingressgateway' }, servers: [{ port: { number: 80, name: 'http', protocol: 'HTTP' }, hosts: ['*'] }] }),
      net('VirtualService', 'cart', 'shop', { hosts: ['*'], gateways: ['front.shop'], http: [{ route: [route('cart')] }] })],
    () => [...shop(), net('Gateway', 'front', 'shop', { selector: { istio: 'ingressgateway' }, servers: [{ port: { number: 80, name: 'http', protocol: 'HTTP' }, hosts: ['*'] }] }),
      net('VirtualService', 'cart', 'shop', { hosts: ['*'], gateways: ['shop/front'], http: [{ route: [route('cart')] }] })]],
  // KIA1109 business/checkers/ambient_policy_checker.go:127
  ['KIA1109', ['VirtualService amb/api'],
    () => [...amb(), net('VirtualService', 'api', 'amb', { hosts: ['api.example.com'], http: [{ timeout: '5s', route: [route('api.example.com')] }] })],
    // TCP routes are L4: ztunnel has no use for them, but needs no waypoint either
    () => [...amb(), net('VirtualService', 'api', 'amb', { hosts: ['api.example.com'], tcp: [{ route: [route('api.example.com')] }] })]],
  // KIA1110 business/checkers/ambient_policy_checker.go:114
  ['KIA1110', ['RequestAuthentication amb/jwt'],
    () => [...amb(), waypoint('amb'), sec('RequestAuthentication', 'jwt', 'amb', { targetRefs: [{ kind: 'Service', group: '', name: 'cart' }], jwtRules: [{ issuer: 'me' }] })],
    () => [...amb({}, USE_WAYPOINT), waypoint('amb'), sec('RequestAuthentication', 'jwt', 'amb', { targetRefs: [{ kind: 'Service', group: '', name: 'cart' }], jwtRules: [{ issuer: 'me' }] })]],
  // KIA1111 business/checkers/ambient_policy_checker.go:161
  ['KIA1111', ['WasmPlugin amb/filter'],
    () => [...amb(), waypoint('amb'), resource('extensions.istio.io', 'WasmPlugin', 'filter', 'amb', { url: 'oci://example/filter:1', targetRefs: [{ kind: 'Service', group: '', name: 'cart' }] })],
    () => [...amb({}, USE_WAYPOINT), waypoint('amb'), resource('extensions.istio.io', 'WasmPlugin', 'filter', 'amb', { url: 'oci://example/filter:1', targetRefs: [{ kind: 'Service', group: '', name: 'cart' }] })]],
  // KIA1112 business/checkers/ambient_policy_checker.go:187
  ['KIA1112', ['Telemetry amb/logs'],
    () => [...amb(), waypoint('amb'), resource('telemetry.istio.io', 'Telemetry', 'logs', 'amb', { targetRefs: [{ kind: 'Gateway', group: 'gateway.networking.k8s.io', name: 'waypoint' }], accessLogging: [{ providers: [{ name: 'envoy' }] }] })],
    () => [...enrolledAmb(), resource('telemetry.istio.io', 'Telemetry', 'logs', 'amb', { targetRefs: [{ kind: 'Gateway', group: 'gateway.networking.k8s.io', name: 'waypoint' }], accessLogging: [{ providers: [{ name: 'envoy' }] }] })]],
  // KIA1113 business/checkers/ambient_policy_checker.go:125
  ['KIA1113', ['VirtualService amb/cart'],
    () => [...amb(), net('VirtualService', 'cart', 'amb', { hosts: ['cart'], http: [{ route: [route('cart')] }] })],
    () => [...amb({}, USE_WAYPOINT), waypoint('amb'), net('VirtualService', 'cart', 'amb', { hosts: ['cart'], http: [{ route: [route('cart')] }] })]],
  // KIA1114 business/checkers/ambient_policy_checker.go:126 (the waypoint's own namespace also counts, as Istio reads it)
  ['KIA1114', ['VirtualService shop/amb-cart'],
    () => [...shop(), ...enrolledAmb(), net('VirtualService', 'amb-cart', 'shop', { hosts: ['cart.amb.svc.cluster.local'], http: [{ route: [route('cart.amb.svc.cluster.local')] }] })],
    () => [...shop(), ...amb({ 'istio.io/use-waypoint': 'waypoint', 'istio.io/use-waypoint-namespace': 'shop' }), waypoint('shop', {}, { allowedRoutes: { namespaces: { from: 'All' } } }),
      net('VirtualService', 'amb-cart', 'shop', { hosts: ['cart.amb.svc.cluster.local'], http: [{ route: [route('cart.amb.svc.cluster.local')] }] })]],
  // KIA1115 business/checkers/ambient_policy_checker.go:107
  ['KIA1115', ['RequestAuthentication amb/jwt'],
    () => [...enrolledAmb(), sec('RequestAuthentication', 'jwt', 'amb', { selector: { matchLabels: { app: 'cart' } }, jwtRules: [{ issuer: 'me' }] })],
    () => [...enrolledAmb(), sec('RequestAuthentication', 'jwt', 'amb', { targetRefs: [{ kind: 'Gateway', group: 'gateway.networking.k8s.io', name: 'waypoint' }], jwtRules: [{ issuer: 'me' }] })]],
  // KIA1116 business/checkers/ambient_policy_checker.go:152
  ['KIA1116', ['WasmPlugin amb/filter'],
    () => [...enrolledAmb(), resource('extensions.istio.io', 'WasmPlugin', 'filter', 'amb', { url: 'oci://example/filter:1' })],
    () => [...enrolledAmb(), resource('extensions.istio.io', 'WasmPlugin', 'filter', 'amb', { url: 'oci://example/filter:1', targetRefs: [{ kind: 'Service', group: '', name: 'cart' }] })]],
  // KIA1117 business/checkers/ambient_policy_checker.go:178
  ['KIA1117', ['Telemetry amb/traces'],
    () => [...enrolledAmb(), resource('telemetry.istio.io', 'Telemetry', 'traces', 'amb', { tracing: [{ randomSamplingPercentage: 10 }] })],
    // metrics without overrides are L4: ztunnel reports them
    () => [...enrolledAmb(), resource('telemetry.istio.io', 'Telemetry', 'traces', 'amb', { metrics: [{ providers: [{ name: 'prometheus' }] }] })]],
  // KIA1211 business/checkers/serviceentries/multi_match_checker.go:57
  ['KIA1211', ['ServiceEntry shop/api-a', 'ServiceEntry shop/api-b'],
    () => [...shop(), serviceEntry('api-a', 'shop', 'TLS'), serviceEntry('api-b', 'shop', 'TLS')],
    // exported to disjoint namespaces: no namespace sees both
    () => [...shop(), serviceEntry('api-a', 'shop', 'TLS', { exportTo: ['.'] }), serviceEntry('api-b', 'shop', 'TLS', { exportTo: ['istio-system'] })]],
  // KIA1212 business/checkers/serviceentries/multi_match_checker.go:67
  ['KIA1212', ['ServiceEntry shop/api-a', 'ServiceEntry shop/api-b'],
    () => [...shop(), serviceEntry('api-a', 'shop', 'TLS'), serviceEntry('api-b', 'shop', 'HTTPS')],
    () => [...shop(), serviceEntry('api-a', 'shop', 'TLS'), net('ServiceEntry', 'api-b', 'shop', { hosts: ['api.example.com'], ports: [{ number: 80, name: 'http', protocol: 'HTTP' }], resolution: 'DNS' })]],
  // KIA1301 business/checkers/workloads/uncovered_workload_checker.go:41 (opt-in)
  ['KIA1301', ['Deployment shop/cart-v1'],
    () => shop(),
    () => [...shop(), sec('AuthorizationPolicy', 'allow-nothing', 'shop', {})],
    { uncoveredWorkloads: true }],
  // KIA1311 business/checkers/ambient/ambient_workload_checker.go:49 (Istio's "true" as well as Kiali's "enabled")
  ['KIA1311', ['Deployment amb/cart-v1'],
    () => amb({}, {}, { 'sidecar.istio.io/inject': 'true' }),
    // a sidecar pod that opts out of ambient
    () => amb({}, {}, { 'sidecar.istio.io/inject': 'true', 'istio.io/dataplane-mode': 'none' })],
  // KIA1312 business/checkers/ambient/ambient_workload_checker.go:91
  ['KIA1312', ['Deployment shop/cart-v1'],
    () => [...shop(USE_WAYPOINT), waypoint('shop')],
    () => [...shop(), waypoint('shop')]],
  // KIA1313 business/checkers/ambient/ambient_workload_checker.go:95 (the waypoint Gateway must exist)
  // (a namespace's label naming a missing waypoint is one finding on the Namespace: CI0303)
  ['KIA1313', ['Deployment amb/cart-v1'],
    () => amb({}, {}, USE_WAYPOINT),
    () => [...amb({}, {}, USE_WAYPOINT), waypoint('amb', { 'istio.io/waypoint-for': 'all' })]],
  // KIA1313 (Istio: a pod binds only to a waypoint for workload traffic; istio.io/waypoint-for defaults to service)
  ['KIA1313', ['Deployment amb/cart-v1'],
    () => [...amb({}, {}, USE_WAYPOINT), waypoint('amb')],
    () => [...amb({}, {}, USE_WAYPOINT), waypoint('amb', { 'istio.io/waypoint-for': 'workload' })]],
  // KIA1317 business/checkers/ambient/ambient_workload_checker.go:133 (an ambient pod in a namespace that is not)
  ['KIA1317', ['Deployment plain/cart-v1'],
    () => [namespace('plain', {}), deployment('cart-v1', 'plain', { app: 'cart', version: 'v1', ...AMBIENT }, 'default'),
      sec('AuthorizationPolicy', 'get-only', 'plain', { selector: { matchLabels: { app: 'cart' } }, rules: [{ to: [{ operation: { methods: ['GET'] } }] }] })],
    () => [namespace('plain', {}), deployment('cart-v1', 'plain', { app: 'cart', version: 'v1', ...AMBIENT }, 'default'),
      sec('AuthorizationPolicy', 'get-only', 'plain', { selector: { matchLabels: { app: 'cart' } }, rules: [{ to: [{ operation: { ports: ['9080'] } }] }] })]],
  // KIA1401 business/checkers/k8shttproutes/no_k8sgateway_checker.go:66 (a Gateway of another namespace that admits only its own)
  ['KIA1401', ['HTTPRoute shop/cart'],
    () => [...shop(), namespace('edge', {}), k8sGateway('front', 'edge'), gw('HTTPRoute', 'cart', 'shop', httpRouteTo([{ name: 'front', namespace: 'edge' }], 'cart'))],
    () => [...shop(), namespace('edge', {}), k8sGateway('front', 'edge', { allowedRoutes: { namespaces: { from: 'Selector', selector: { matchLabels: { 'kubernetes.io/metadata.name': 'shop' } } } } }),
      gw('HTTPRoute', 'cart', 'shop', httpRouteTo([{ name: 'front', namespace: 'edge' }], 'cart'))]],
  // KIA1401 business/checkers/k8sgrpcroutes/no_k8sgateway_checker.go:33 (a GRPCRoute to a Gateway that does not exist)
  ['KIA1401', ['GRPCRoute shop/cart'],
    () => [...shop(), gw('GRPCRoute', 'cart', 'shop', httpRouteTo([{ name: 'front' }], 'cart'))],
    () => [...shop(), k8sGateway('front', 'shop'), gw('GRPCRoute', 'cart', 'shop', httpRouteTo([{ name: 'front' }], 'cart'))]],
  // KIA1402 business/checkers/k8shttproutes/no_host_checker.go:47
  ['KIA1402', ['HTTPRoute shop/cart'],
    () => [...shop(), gw('HTTPRoute', 'cart', 'shop', httpRouteTo([{ group: '', kind: 'Service', name: 'cart' }], 'kart'))],
    () => [...shop(), gw('HTTPRoute', 'cart', 'shop', httpRouteTo([{ group: '', kind: 'Service', name: 'cart' }], 'cart'))]],
  // KIA1501 business/checkers/k8sgateways/multi_match_checker.go:76 (only Gateways that share an address can clash)
  ['KIA1501', ['Gateway shop/a', 'Gateway edge/b'],
    () => ['a', 'b'].map((name, i) => k8sGateway(name, ['shop', 'edge'][i], { hostname: 'shop.example.com' }, { addresses: [{ type: 'Hostname', value: 'ingress.istio-system.svc.cluster.local' }] })),
    () => ['a', 'b'].map((name, i) => k8sGateway(name, ['shop', 'edge'][i], { hostname: `${name}.example.com` }, { addresses: [{ type: 'Hostname', value: 'ingress.istio-system.svc.cluster.local' }] }))],
  // KIA1502 business/checkers/k8sgateways/multi_match_checker.go:95 (address type IPAddress by default)
  ['KIA1502', ['Gateway shop/a', 'Gateway shop/b'],
    () => ['a', 'b'].map((name) => k8sGateway(name, 'shop', { hostname: `${name}.example.com` }, { addresses: [{ value: '10.0.0.1' }] })),
    () => ['a', 'b'].map((name, i) => k8sGateway(name, 'shop', { hostname: `${name}.example.com` }, { addresses: [{ value: `10.0.0.${i + 1}` }] }))],
  // KIA1504 business/checkers/k8sgateways/gatewayclass_checker.go:19
  ['KIA1504', ['Gateway shop/front'],
    () => [gw('Gateway', 'front', 'shop', { gatewayClassName: 'nginx', listeners: [{ name: 'http', port: 80, protocol: 'HTTP' }] })],
    () => [gw('GatewayClass', 'nginx', undefined, { controllerName: 'example.com/gateway' }),
      gw('Gateway', 'front', 'shop', { gatewayClassName: 'nginx', listeners: [{ name: 'http', port: 80, protocol: 'HTTP' }] })]],
  // KIA1601 business/checkers/k8sreferencegrants/namespace_checker.go:22
  ['KIA1601', ['ReferenceGrant shop/from-edge'],
    () => [...shop(), gw('ReferenceGrant', 'from-edge', 'shop', { from: [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', namespace: 'egde' }], to: [{ group: '', kind: 'Service' }] })],
    () => [...shop(), namespace('edge', {}), gw('ReferenceGrant', 'from-edge', 'shop', { from: [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', namespace: 'edge' }], to: [{ group: '', kind: 'Service' }] })]],
  // KIA1701 business/checkers/workloadgroups/service_accounts_checker.go:27
  ['KIA1701', ['WorkloadGroup shop/vm'],
    () => [...shop(), workloadGroup('vm', { app: 'vm' }, 'kart')],
    () => [...shop(), workloadGroup('vm', { app: 'vm' }, 'cart')]],
  // KIA1702 business/checkers/workloadgroups/duplicate_labels_checker.go:71
  ['KIA1702', ['WorkloadGroup shop/vm-a', 'WorkloadGroup shop/vm-b'],
    () => [...shop(), workloadGroup('vm-a', { app: 'vm' }), workloadGroup('vm-b', { app: 'vm' })],
    () => [...shop(), workloadGroup('vm-a', { app: 'vm', zone: 'a' }), workloadGroup('vm-b', { app: 'vm', zone: 'b' })]],
];

describe('Kiali validations', () => {
  // (options as a rest parameter: jest reads a fifth declared parameter as a done callback)
  test.each(CASES)('%s: reported on %j, not on its near miss', (code, resources, hit, miss, ...rest) => {
    const options = rest[0];
    const [level, message] = KIALI[code];
    expect(kiali(hit(), options)).toEqual(resources.map((r) => ({ code, level, resource: r, message })));
    expect(kiali(miss(), options)).toEqual([]);
  });

  test('every Kiali message has its Kiali key, level and text, and a case above', () => {
    const ours = Object.keys(KIALI_MESSAGES).filter((c) => c !== 'KIA0203'); // KIA0203 belongs to istioctl's IST0173 side
    expect(ours.sort()).toEqual(Object.keys(KIALI).sort());
    for (const code of ours) {
      expect([KIALI_MESSAGES[code].level, KIALI_MESSAGES[code].template]).toEqual(KIALI[code]);
      expect(KIALI_MESSAGES[code].name).toMatch(/^[a-z0-9]+(\.[a-z0-9]+)+$/);
    }
    expect(new Set(CASES.map(([code]) => code))).toEqual(new Set(ours));
    expect(ANALYZER_CODES).toEqual(expect.arrayContaining(ours));
  });

  test('where Istio differs from Kiali, Istio decides', () => {
    // ambient pods always talk mTLS through ztunnel; a DISABLE PeerAuthentication is ignored there (no KIA0105)
    expect(kiali([...enrolledAmb(), sec('PeerAuthentication', 'default', 'amb', mtls('DISABLE')),
      sec('AuthorizationPolicy', 'from-cart', 'amb', allowFrom('cluster.local/ns/amb/sa/cart'))])).toEqual([]);
    // an ingress Gateway honors selector policies: no waypoint needed (no KIA0109, KIA0110)
    expect(kiali([...amb(), k8sGateway('front', 'amb'), sec('AuthorizationPolicy', 'jwt-paths', 'amb', {
      selector: { matchLabels: { 'gateway.networking.k8s.io/gateway-name': 'front' } }, rules: [{ to: [{ operation: { paths: ['/cart'] } }] }],
    })])).toEqual([]);
    // a waypoint in another namespace that admits this one (no KIA1313)
    const inInfra = { 'istio.io/use-waypoint': 'waypoint', 'istio.io/use-waypoint-namespace': 'infra' };
    expect(kiali([...amb({}, {}, inInfra), namespace('infra', {}),
      waypoint('infra', { 'istio.io/waypoint-for': 'workload' }, { allowedRoutes: { namespaces: { from: 'All' } } })])).toEqual([]);
    // ...but one that admits only its own namespace, as istioctl waypoint generate writes it, is KIA1313
    expect(kiali([...amb({}, {}, inInfra), namespace('infra', {}),
      waypoint('infra', { 'istio.io/waypoint-for': 'workload' })]).map((f) => `${f.code} ${f.resource}`)).toEqual(['KIA1313 Deployment amb/cart-v1']);
  });

  test('KIA1301 is opt-in', () => {
    expect(kiali(shop())).toEqual([]);
  });

  test('a fix line names what is wrong', () => {
    const [finding] = analyzeMesh([...shop(), sec('AuthorizationPolicy', 'from-cart', 'shop', allowFrom('cluster.local/ns/shop/sa/kart'))], { schemas: false })
      .filter((f) => f.code === 'KIA0106');
    expect(finding.fix).toContain('"cluster.local/ns/shop/sa/kart"');
  });
});
