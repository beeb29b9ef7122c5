// Plain JavaScript and JSON-config-driven apps pass whatever they read: every public constructor
// and method answers a value of the wrong type (null, a string where a list is expected, a number
// where a quantity is expected...) with the same precise error as a typed mistake: the construct
// path, the prop as written, the value, what is allowed. Never a TypeError from inside, and never
// a silent acceptance.
import { Chart, Duration, Size, Testing } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-28';
import {
  AuthorizationPolicy, BookinfoApp, BookinfoDestinationRules, CallGraphAuthorization, Canary, DemoCurlPair, IstioGateway, MeshApp,
  MeshDestinationRule, MeshNamespace, MeshService, MeshTelemetry, PeerAuthentication, PolicyTarget, RequestAuthentication, ReviewsCanary,
  ServiceRoutes, Waypoint,
} from '../src';

/** What a prop holds; each kind gets the wrong values of every other kind. */
type Kind = 'string' | 'int' | 'number' | 'bool' | 'strings' | 'ints' | 'objects' | 'map' | 'object' | 'enum' | 'duration' | 'construct' | 'constructs';
const SAMPLES: Record<string, unknown> = {
  null: null, string: 'text', int: 42, bool: true, object: { a: 1 }, list: ['text'], ints: [42], nulls: [null], map: { a: null }, duration: Duration.seconds(1),
};
const WRONG: Record<Kind, string[]> = {
  string: ['null', 'int', 'bool', 'object', 'list'],
  int: ['null', 'string', 'bool', 'object', 'list'],
  number: ['null', 'string', 'bool', 'object', 'list'],
  bool: ['null', 'string', 'int', 'object', 'list'],
  strings: ['null', 'string', 'int', 'bool', 'object', 'ints', 'nulls'],
  ints: ['null', 'string', 'int', 'bool', 'object', 'list', 'nulls'],
  objects: ['null', 'string', 'int', 'bool', 'object', 'list', 'nulls'],
  map: ['null', 'string', 'int', 'bool', 'list', 'map'],
  object: ['null', 'string', 'int', 'bool', 'list'],
  enum: ['null', 'string', 'int', 'bool', 'object', 'list'],
  duration: ['null', 'string', 'int', 'bool', 'object', 'list'],
  construct: ['null', 'string', 'int', 'bool', 'object', 'list'],
  constructs: ['null', 'string', 'int', 'bool', 'object', 'list', 'nulls'],
};

// The Bookinfo app, made on first use: most constructs do not need it.
type Make = (chart: Chart, bookinfo: () => BookinfoApp, props: any) => unknown;
const issuer = { issuer: 'me', jwksUri: 'https://example.com/jwks.json' };
const resources = { cpu: { request: Cpu.millis(10) }, memory: { request: Size.mebibytes(16) } };
// [what, how to make it with the prop, the path errors name, { prop: kind }]
const CONSTRUCTS: Array<[string, Make, string, Record<string, Kind>]> = [
  ['MeshNamespace', (c, _, p) => new MeshNamespace(c, 'x', p), 'app/x', { name: 'string', dataplaneMode: 'enum', revision: 'string', labels: 'map' }],
  ['MeshService', (c, _, p) => new MeshService(c, 'x', p), 'app/x', {
    name: 'string', namespace: 'string', port: 'int', targetPort: 'int', protocol: 'enum', serviceAccountName: 'string', containerName: 'string', versions: 'map',
  }],
  ['MeshService.addVersion', (c, _, p) => new MeshService(c, 'x').addVersion('v1', { image: 'x:1', resources, ...p }), 'app/x', {
    image: 'string', resources: 'object', replicas: 'int', imagePullPolicy: 'enum', env: 'map', command: 'strings', args: 'strings', scratchVolumes: 'objects',
    podAnnotations: 'map', security: 'object', helpers: 'objects',
  }],
  ['MeshService.addVersion security', (c, _, p) => new MeshService(c, 'x').addVersion('v1', { image: 'x:1', resources, security: p }), 'app/x', {
    runAsUser: 'int', runAsNonRoot: 'bool', readOnlyRootFilesystem: 'bool', dropAllCapabilities: 'bool',
  }],
  ['MeshService.addCall', (_, b, p) => b().productpage.addCall(p.callee), 'app/bookinfo/productpage', { callee: 'construct' }],
  ['MeshDestinationRule', (c, b, p) => new MeshDestinationRule(c, 'x', { service: b().reviews, ...p }), 'app/x', {
    service: 'construct', name: 'string', subsets: 'strings', tlsMode: 'enum', loadBalancer: 'enum', connectionPool: 'object', outlierDetection: 'object',
  }],
  ['MeshDestinationRule connectionPool', (c, b, p) => new MeshDestinationRule(c, 'x', { service: b().reviews, connectionPool: p }), 'app/x', {
    maxConnections: 'int', http1MaxPendingRequests: 'int', http2MaxRequests: 'int', maxRequestsPerConnection: 'int', connectTimeout: 'duration',
  }],
  ['ServiceRoutes', (c, b, p) => new ServiceRoutes(c, 'x', { service: b().reviews, rules: [{ destinations: [{}] }], ...p }), 'app/x', {
    service: 'construct', name: 'string', api: 'enum', rules: 'objects', gateways: 'strings',
  }],
  ['ServiceRoutes rule', (c, b, p) => new ServiceRoutes(c, 'x', { service: b().reviews, rules: [{ destinations: [{}], ...p }] }), 'app/x', {
    name: 'string', matches: 'objects', destinations: 'objects', timeout: 'duration', retries: 'object', fault: 'object', mirror: 'object',
  }],
  ['ServiceRoutes destination', (c, b, p) => new ServiceRoutes(c, 'x', { service: b().reviews, rules: [{ destinations: [p] }] }), 'app/x', {
    host: 'string', subset: 'string', weight: 'int', port: 'int',
  }],
  ['ServiceRoutes match', (c, b, p) => new ServiceRoutes(c, 'x', { service: b().reviews, rules: [{ destinations: [{}], matches: [p] }] }), 'app/x', { uri: 'object', headers: 'map' }],
  ['ServiceRoutes retries', (c, b, p) => new ServiceRoutes(c, 'x', { service: b().reviews, rules: [{ destinations: [{}], retries: { attempts: 1, ...p } }] }), 'app/x', {
    attempts: 'int', perTryTimeout: 'duration', retryOn: 'strings',
  }],
  ['IstioGateway', (c, b, p) => new IstioGateway(c, 'x', { routes: [b().ingressRule], ...p }), 'app/x', {
    name: 'string', namespace: 'string', api: 'enum', hosts: 'strings', routeName: 'string', routes: 'objects', selector: 'map', workloadNamespace: 'string',
    workloadServiceAccount: 'string', httpPort: 'int', tls: 'object',
  }],
  ['IstioGateway tls', (c, b, p) => new IstioGateway(c, 'x', { routes: [b().ingressRule], tls: { credentialName: 'cert', ...p } }), 'app/x', {
    credentialName: 'string', port: 'int', redirectHttp: 'bool',
  }],
  ['Canary', (c, b, p) => new Canary(c, 'x', { service: b().reviews, stableVersion: 'v1', canaryVersion: 'v2', ...p }), 'app/x', {
    service: 'construct', stableVersion: 'string', canaryVersion: 'string', canaryWeight: 'int', canaryHeader: 'object', api: 'enum', destinationRule: 'construct',
  }],
  ['ReviewsCanary', (c, b, p) => new ReviewsCanary(c, 'x', { bookinfo: b(), ...p }), 'app/x', {
    bookinfo: 'construct', canaryVersion: 'enum', stableVersion: 'enum', canaryWeight: 'int', api: 'enum',
  }],
  ['PeerAuthentication', (c, _, p) => new PeerAuthentication(c, 'x', p), 'app/x', { name: 'string', namespace: 'string', mode: 'enum', selector: 'map', portLevelMtls: 'map' }],
  ['AuthorizationPolicy', (c, _, p) => new AuthorizationPolicy(c, 'x', { rules: [{ ports: [80] }], ...p }), 'app/x', {
    name: 'string', namespace: 'string', selector: 'map', targets: 'constructs', action: 'enum', rules: 'objects',
  }],
  ['AuthorizationPolicy rule', (c, _, p) => new AuthorizationPolicy(c, 'x', { rules: [{ ports: [80], ...p }] }), 'app/x', {
    principals: 'strings', namespaces: 'strings', requestPrincipals: 'strings', notRequestPrincipals: 'strings', methods: 'strings', paths: 'strings', ports: 'ints', hosts: 'strings',
  }],
  ['RequestAuthentication', (c, _, p) => new RequestAuthentication(c, 'x', { issuers: [issuer], ...p }), 'app/x', {
    name: 'string', gateway: 'construct', namespace: 'string', selector: 'map', issuers: 'objects', requireTokenOnPaths: 'strings',
  }],
  ['RequestAuthentication issuer', (c, _, p) => new RequestAuthentication(c, 'x', { issuers: [{ ...issuer, ...p }] }), 'app/x', {
    issuer: 'string', jwksUri: 'string', audiences: 'strings', forwardOriginalToken: 'bool',
  }],
  ['CallGraphAuthorization', (c, b, p) => new CallGraphAuthorization(c, 'x', { services: b().services, ...p }), 'app/x', {
    namespace: 'string', services: 'constructs', gateways: 'constructs', mtlsMode: 'enum', denyByDefault: 'bool', dataplaneMode: 'enum', waypoint: 'construct',
  }],
  ['MeshTelemetry', (c, _, p) => new MeshTelemetry(c, 'x', p), 'app/x', {
    name: 'string', namespace: 'string', tracingSamplingPercentage: 'number', tracingProvider: 'string', accessLogging: 'bool', targets: 'constructs',
  }],
  ['BookinfoApp', (c, _, p) => new BookinfoApp(c, 'x', p), 'app/x', {
    namespace: 'string', imageRegistry: 'string', imageTag: 'string', replicas: 'int', reviewsVersions: 'strings', resources: 'object',
  }],
  ['BookinfoDestinationRules', (c, b, p) => new BookinfoDestinationRules(c, 'x', { bookinfo: b(), ...p }), 'app/x', { bookinfo: 'construct', tlsMode: 'enum', subsets: 'enum' }],
  ['DemoCurlPair', (c, _, p) => new DemoCurlPair(c, 'x', p), 'app/x', {
    namespace: 'string', interval: 'duration', images: 'object', names: 'object', dataplaneMode: 'enum',
  }],
  ['Waypoint', (c, _, p) => new Waypoint(c, 'x', p), 'app/x', { name: 'string', namespace: 'string', waypointFor: 'enum', revision: 'string' }],
];

describe('untyped input', () => {
  const cases = CONSTRUCTS.flatMap(([what, make, at, props]) => Object.entries(props)
    .flatMap(([prop, kind]) => WRONG[kind].map((sample) => [what, prop, sample, make, at] as const)));

  test.each(cases)('%s: %s = %s is refused with the construct path, the prop and the value', (_, prop, sample, make, at) => {
    const chart = new Chart(Testing.app(), 'app', { namespace: 'bookinfo' });
    let bookinfo: BookinfoApp | undefined;
    let error: unknown;
    try {
      make(chart, () => (bookinfo ??= new BookinfoApp(chart, 'bookinfo')), { [prop]: SAMPLES[sample] });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).constructor).toBe(Error); // not a TypeError from inside
    expect((error as Error).message).toMatch(new RegExp(`^${at}: \\S*${prop.replace(/[[\]]/g, '\\$&')}`));
    expect((error as Error).message).toContain(' must be ');
    expect((error as Error).message).toMatch(/, got .+$/);
  });

  test('a props object that is not an object', () => {
    for (const value of [null, 'text', 42, []]) {
      expect(() => new MeshService(new Chart(Testing.app(), 'app', { namespace: 'bookinfo' }), 'x', value as any))
        .toThrow(`app/x: props must be an object of MeshServiceProps, got ${JSON.stringify(value)}`);
    }
  });

  test('MeshApp and PolicyTarget', () => {
    expect(() => new MeshApp({ fastYaml: 'yes' as any })).toThrow('MeshApp: fastYaml must be true or false, got "yes"');
    expect(() => new MeshApp({ topology: 42 as any })).toThrow('MeshApp: topology must be true, false or a file path, got 42');
    expect(() => PolicyTarget.service(null as any)).toThrow('PolicyTarget.service(): name must be the name of a Service (a DNS-1123 subdomain), got null');
  });
});
