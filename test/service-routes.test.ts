import { Chart, Duration, Testing } from 'cdk8s';
import * as gw from '../imports/gateway.networking.k8s.io';
import { BookinfoApp, IstioGateway, MeshDestinationRule, ServiceRoutes, StringMatch, TrafficApi } from '../src';
import { chartIn, find } from './util/manifests';
import { SchemaValidator } from '../src/checks/schema-validator';

function setup() {
  const chart = chartIn('bookinfo');
  const bookinfo = new BookinfoApp(chart, 'bookinfo');
  return { chart, bookinfo };
}

describe('ServiceRoutes (Istio API)', () => {
  test('renders matches, weights, timeout, retries and mirror', () => {
    // given
    const { chart, bookinfo } = setup();
    new MeshDestinationRule(chart, 'dr', { service: bookinfo.reviews });
    // when
    new ServiceRoutes(chart, 'routes', {
      service: bookinfo.reviews,
      rules: [
        {
          name: 'beta-users',
          matches: [
            { headers: { 'end-user': StringMatch.prefix('beta-'), 'x-canary': StringMatch.regex('^(yes|true)$') } },
            { uri: StringMatch.prefix('/reviews/beta') },
          ],
          destinations: [{ subset: 'v3' }],
        },
        {
          destinations: [{ subset: 'v1', weight: 70 }, { subset: 'v2', weight: 30 }],
          timeout: Duration.millis(1500),
          retries: { attempts: 3, perTryTimeout: Duration.millis(500), retryOn: ['5xx', 'connect-failure'] },
          mirror: { host: 'reviews', subset: 'v3', percentage: 25 },
        },
      ],
    });
    const objects = Testing.synth(chart);
    // then
    expect(find(objects, 'VirtualService', 'reviews').spec).toEqual({
      hosts: ['reviews'],
      http: [
        {
          name: 'beta-users',
          match: [
            { headers: { 'end-user': { prefix: 'beta-' }, 'x-canary': { regex: '^(yes|true)$' } } },
            { uri: { prefix: '/reviews/beta' } },
          ],
          route: [{ destination: { host: 'reviews', subset: 'v3' } }],
        },
        {
          route: [{ destination: { host: 'reviews', subset: 'v1' }, weight: 70 }, { destination: { host: 'reviews', subset: 'v2' }, weight: 30 }],
          timeout: '1.5s',
          retries: { attempts: 3, perTryTimeout: '0.5s', retryOn: '5xx,connect-failure' },
          mirror: { host: 'reviews', subset: 'v3' },
          mirrorPercentage: { value: 25 },
        },
      ],
    });
    expect(new SchemaValidator().validate(objects)).toEqual([]);
  });

  test('leaves zero-weight destinations out', () => {
    const { chart, bookinfo } = setup();
    new MeshDestinationRule(chart, 'dr', { service: bookinfo.reviews });
    new ServiceRoutes(chart, 'routes', { service: bookinfo.reviews, rules: [{ destinations: [{ subset: 'v1', weight: 0 }, { subset: 'v2', weight: 100 }, { subset: 'v3', weight: 0 }] }] });
    expect(find(Testing.synth(chart), 'VirtualService', 'reviews').spec.http).toEqual([{ route: [{ destination: { host: 'reviews', subset: 'v2' } }] }]);
  });

  test('rules added after construction are rendered', () => {
    const { chart, bookinfo } = setup();
    const routes = new ServiceRoutes(chart, 'routes', { service: bookinfo.ratings });
    routes.addRule({ destinations: [{}] });
    expect(find(Testing.synth(chart), 'VirtualService', 'ratings').spec.http).toEqual([{ route: [{ destination: { host: 'ratings' } }] }]);
  });

  test('fails synth when a subset has no DestinationRule, naming both objects', () => {
    const { chart, bookinfo } = setup();
    new MeshDestinationRule(chart, 'dr', { service: bookinfo.reviews, subsets: ['v1', 'v2'] });
    new ServiceRoutes(chart, 'routes', { service: bookinfo.reviews, rules: [{ destinations: [{ subset: 'v3' }] }] });
    expect(() => Testing.synth(chart)).toThrow('Error [IST0101] (VirtualService bookinfo/reviews) Referenced host+subset in destinationrule not found: "reviews+v3" at test/routes/Resource\n    fix: Add subset v3 to the DestinationRule of reviews (DestinationRule bookinfo/reviews defines v1, v2), or route to one of its subsets.');
  });

  test('fails synth when a subset is routed to and the host has no DestinationRule', () => {
    const { chart, bookinfo } = setup();
    new ServiceRoutes(chart, 'routes', { service: bookinfo.reviews, rules: [{ destinations: [{ subset: 'v1' }] }] });
    expect(() => Testing.synth(chart)).toThrow('fix: Add a DestinationRule for reviews with subset v1 (MeshDestinationRule), or route without a subset.');
  });

  test('fails synth when a host has no Service in the app', () => {
    const { chart, bookinfo } = setup();
    new ServiceRoutes(chart, 'routes', { service: bookinfo.reviews, rules: [{ destinations: [{ host: 'reviewz' }] }] });
    expect(() => Testing.synth(chart)).toThrow('Error [IST0101] (VirtualService bookinfo/reviews) Referenced host not found: "reviewz" at test/routes/Resource');
  });

  test('routes bound to a gateway keep applying to the mesh', () => {
    const { chart, bookinfo } = setup();
    new IstioGateway(chart, 'gw', { routes: [bookinfo.ingressRule] });
    new ServiceRoutes(chart, 'routes', { service: bookinfo.ratings, gateways: ['gw'], rules: [{ destinations: [{}] }] });
    expect(find(Testing.synth(chart), 'VirtualService', 'ratings').spec.gateways).toEqual(['gw', 'mesh']);
  });

  test.each([['ratings.bookinfo'], ['ratings.bookinfo.svc']])('refuses the host %s, which Istio would not expand', (host) => {
    const { chart, bookinfo } = setup();
    expect(() => new ServiceRoutes(chart, 'routes', { service: bookinfo.ratings, rules: [{ destinations: [{ host }] }] }))
      .toThrow(`test/routes: rules[0].destinations[0].host must be a short Service name or a fully qualified one (ratings.bookinfo.svc.cluster.local): Istio does not expand "${host}", got "${host}"`);
  });

  test('accepts a fully qualified host', () => {
    const { chart, bookinfo } = setup();
    new ServiceRoutes(chart, 'routes', { service: bookinfo.ratings, rules: [{ destinations: [{ host: 'ratings.bookinfo.svc.cluster.local' }] }] });
    expect(find(Testing.synth(chart), 'VirtualService', 'ratings').spec.http[0].route[0].destination.host).toBe('ratings.bookinfo.svc.cluster.local');
  });

  test('fails synth when bound to a Gateway that does not exist', () => {
    const { chart, bookinfo } = setup();
    new ServiceRoutes(chart, 'routes', { service: bookinfo.reviews, gateways: ['mesh', 'bookinfo-gateway'], rules: [{ destinations: [{}] }] });
    expect(() => Testing.synth(chart)).toThrow('Error [IST0101] (VirtualService bookinfo/reviews) Referenced gateway not found: "bookinfo-gateway" at test/routes/Resource');
  });

  test('fails synth without rules', () => {
    const { chart, bookinfo } = setup();
    new ServiceRoutes(chart, 'routes', { service: bookinfo.reviews });
    expect(() => Testing.synth(chart)).toThrow('[test/routes] has no rules; add one with addRule()');
  });

  test.each([
    [{ destinations: [{ subset: 'v1', weight: 80 }, { subset: 'v2', weight: 30 }] }, 'test/routes: rules[0].destinations weights must be integers that add up to 100 (Istio would normalize other sums silently; this library asks for the exact split), got "reviews/v1=80, reviews/v2=30"'],
    [{ destinations: [{ subset: 'v1' }, { subset: 'v2' }] }, 'rules[0].destinations weights must be integers that add up to 100'],
    [{ destinations: [{ subset: 'v1', weight: 50.5 }, { subset: 'v2', weight: 49.5 }] }, 'test/routes: rules[0].destinations[0].weight must be an integer from 0 to 100, got 50.5'],
    [{ destinations: [{ subset: 'v1', weight: -10 }, { subset: 'v2', weight: 110 }] }, 'test/routes: rules[0].destinations[0].weight must be an integer from 0 to 100, got -10'],
    [{ destinations: [] }, 'test/routes: rules[0].destinations must be a non-empty list of destinations, each { host?, subset?, weight?, port? }, got []'],
    [{ destinations: [{ host: '' }] }, 'test/routes: rules[0].destinations[0].host must be a Service name or fully qualified host name (labels of at most 63 characters, 253 in all), got ""'],
    [{ destinations: [{}], timeout: Duration.millis(0.5) }, 'test/routes: rules[0].timeout must be a Duration of whole milliseconds, at least 1 ms (e.g. Duration.seconds(7)), got "0.5ms"'],
    [{ destinations: [{}], fault: { abort: { httpStatus: 600, percentage: 10 } } }, 'test/routes: rules[0].fault.abort.httpStatus must be an integer from 200 to 599, got 600'],
    [{ destinations: [{}], fault: { delay: { fixedDelay: Duration.seconds(7), percentage: 150 } } }, 'test/routes: rules[0].fault.delay.percentage must be a percentage greater than 0 and at most 100, got 150'],
    [{ destinations: [{}], fault: { abort: { httpStatus: 500, percentage: 0 } } }, 'rules[0].fault.abort.percentage must be a percentage greater than 0 and at most 100, got 0'],
    [{ destinations: [{}], fault: {} }, 'test/routes: rules[0].fault must be a delay, an abort or both, got {}'],
    [{ destinations: [{}], matches: [{ uri: StringMatch.exact('productpage') }] }, 'test/routes: rules[0].matches[0].uri must be a normalized absolute path: starting with "/", without "//", "/./", "/../", "%2f" or "#", at most 1024 URL path characters, got "productpage"'],
    [{ destinations: [{}], matches: [{ uri: StringMatch.prefix('/api//v1') }] }, 'test/routes: rules[0].matches[0].uri must be a normalized absolute path: starting with "/", without "//", "/./", "/../", "%2f" or "#", at most 1024 URL path characters, got "/api//v1"'],
    [{ destinations: [{}], matches: [{ headers: { 'End-User': StringMatch.exact('jason') } }] }, 'test/routes: rules[0].matches[0].headers key must be a lowercase HTTP header name, got "End-User"'],
    [{ destinations: [{}], matches: [{}] }, 'test/routes: rules[0].matches[0] must be a match with a uri or at least one header'],
    [{ destinations: [{}], matches: [{ uri: StringMatch.regex('/(unclosed') }] }, 'test/routes: rules[0].matches[0].uri must be an RE2 regular expression (error parsing regexp: missing closing ): `/(unclosed`), got "/(unclosed"'],
    [{ destinations: [{}], matches: [{ headers: { cookie: StringMatch.regex('^(?!session=).*') } }] }, 'test/routes: rules[0].matches[0].headers["cookie"] must be an RE2 regular expression (error parsing regexp: invalid or unsupported Perl syntax: `(?!`), got "^(?!session=).*"'],
    [{ destinations: [{}], retries: { attempts: -1 } }, 'test/routes: rules[0].retries.attempts must be an integer from 0 to 100, got -1'],
    [{ destinations: [{}], mirror: { host: 'ratings', percentage: 0 } }, 'test/routes: rules[0].mirror.percentage must be an integer from 1 to 100, got 0'],
  ])('fails on a bad rule %#', (rule, message) => {
    const { chart, bookinfo } = setup();
    expect(() => new ServiceRoutes(chart, 'routes', { service: bookinfo.reviews, rules: [rule as any] })).toThrow(message);
  });
});

describe('ServiceRoutes (Gateway API, GAMMA)', () => {
  test('renders an HTTPRoute whose parent is the Service, with per-version backends', () => {
    const { chart, bookinfo } = setup();
    bookinfo.reviews.addVersionService('v1');
    bookinfo.reviews.addVersionService('v3');
    new ServiceRoutes(chart, 'routes', {
      service: bookinfo.reviews,
      api: TrafficApi.GATEWAY_API,
      rules: [
        { matches: [{ headers: { 'end-user': StringMatch.exact('jason') }, uri: StringMatch.regex('/reviews/[0-9]+') }], destinations: [{ subset: 'v3' }] },
        { destinations: [{ subset: 'v1', weight: 75 }, { subset: 'v3', weight: 25 }], timeout: Duration.millis(1500), mirror: { host: 'reviews', subset: 'v3', percentage: 10 } },
      ],
    });
    const objects = Testing.synth(chart);
    expect(find(objects, 'HTTPRoute', 'reviews').spec).toEqual({
      parentRefs: [{ group: '', kind: 'Service', name: 'reviews', port: 9080 }],
      rules: [
        {
          matches: [{ path: { type: 'RegularExpression', value: '/reviews/[0-9]+' }, headers: [{ type: 'Exact', name: 'end-user', value: 'jason' }] }],
          backendRefs: [{ name: 'reviews-v3', port: 9080 }],
        },
        {
          backendRefs: [{ name: 'reviews-v1', port: 9080, weight: 75 }, { name: 'reviews-v3', port: 9080, weight: 25 }],
          timeouts: { request: '1s500ms' },
          filters: [{ type: 'RequestMirror', requestMirror: { backendRef: { name: 'reviews-v3', port: 9080 }, percent: 10 } }],
        },
      ],
    });
    expect(find(objects, 'Service', 'reviews-v3').spec).toEqual({ ports: [{ name: 'http', port: 9080 }], selector: { app: 'reviews', version: 'v3' } });
    expect(new SchemaValidator().validate(objects)).toEqual([]);
  });

  test('fails synth when a per-version Service is missing', () => {
    const { chart, bookinfo } = setup();
    new ServiceRoutes(chart, 'routes', { service: bookinfo.reviews, api: TrafficApi.GATEWAY_API, rules: [{ destinations: [{ subset: 'v2' }] }] });
    expect(() => Testing.synth(chart)).toThrow('Error [KIA1402] (HTTPRoute bookinfo/reviews) Reference doesn\'t have a valid service (Service name not found) at test/routes/Resource\n    fix: Create the Service bookinfo/reviews-v2 (for a version: MeshService.addVersionService()), or refer to an existing one.');
  });

  test.each([
    [{ destinations: [{}], fault: { abort: { httpStatus: 500, percentage: 100 } } }, 'test/routes: rules[0].fault must be left out with TrafficApi.GATEWAY_API (it has no fault injection); use TrafficApi.ISTIO, got {"abort":{"httpStatus":500,"percentage":100}}'],
    [{ destinations: [{}], retries: { attempts: 2 } }, 'test/routes: rules[0].retries must be left out with TrafficApi.GATEWAY_API (retries are not in its standard channel); use TrafficApi.ISTIO, got {"attempts":2}'],
    [{ destinations: [{}], matches: [{ headers: { 'end-user': StringMatch.prefix('j') } }] }, 'test/routes: rules[0].matches[0].headers["end-user"] must be an exact or regex header match with TrafficApi.GATEWAY_API, which has no header prefix match; use StringMatch.regex(), got "prefix j"'],
  ])('fails on what the Gateway API cannot express %#', (rule, message) => {
    const { chart, bookinfo } = setup();
    expect(() => new ServiceRoutes(chart, 'routes', { service: bookinfo.reviews, api: TrafficApi.GATEWAY_API, rules: [rule as any] })).toThrow(message);
  });

  test('a backend in another namespace needs a ReferenceGrant there', () => {
    const app = Testing.app();
    const shop = new Chart(app, 'shop', { namespace: 'shop' });
    const shopBookinfo = new BookinfoApp(shop, 'bookinfo');
    const chart = new Chart(app, 'test', { namespace: 'bookinfo' });
    const bookinfo = new BookinfoApp(chart, 'bookinfo');
    new ServiceRoutes(chart, 'routes', { service: bookinfo.ratings, api: TrafficApi.GATEWAY_API, rules: [{ destinations: [{ host: shopBookinfo.ratings.fqdn }] }] });
    expect(() => Testing.synth(chart)).toThrow('Error [CI0202] (HTTPRoute bookinfo/ratings) The backend Service shop/ratings is in namespace shop, and no ReferenceGrant there lets HTTPRoutes of bookinfo use it. at test/routes/Resource');
    new gw.ReferenceGrant(shop, 'grant', {
      metadata: { name: 'bookinfo-routes' },
      spec: { from: [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', namespace: 'bookinfo' }], to: [{ group: '', kind: 'Service' }] },
    });
    expect(find(Testing.synth(chart), 'HTTPRoute', 'ratings').spec.rules[0].backendRefs).toEqual([{ name: 'ratings', namespace: 'shop', port: 9080 }]);
  });

  test('fails when gateways are bound with the Gateway API', () => {
    const { chart, bookinfo } = setup();
    expect(() => new ServiceRoutes(chart, 'routes', { service: bookinfo.reviews, api: TrafficApi.GATEWAY_API, gateways: ['gw'] }))
      .toThrow('test/routes: gateways must be left out with TrafficApi.GATEWAY_API (bind routes to a Gateway with IstioGateway), got ["gw"]');
  });
});
