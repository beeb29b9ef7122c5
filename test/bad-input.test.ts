// One table of bad input across every construct: each throws at construction with the
// construct path, the prop, the value received and what is allowed. The README lists the rules.
import { Chart, Duration, Testing } from 'cdk8s';
import {
  AuthorizationAction, AuthorizationPolicy, BookinfoApp, CallGraphAuthorization, DataplaneMode, DemoCurlPair, IstioGateway,
  MeshDestinationRule, MeshNamespace, MeshService, MeshTelemetry, MtlsMode, PeerAuthentication, RequestAuthentication,
  ReviewsCanary, ReviewsVersion, ServiceRoutes, StringMatch, TrafficApi,
} from '../src';

function scope() {
  const chart = new Chart(Testing.app(), 'app', { namespace: 'bookinfo' });
  return { chart, bookinfo: new BookinfoApp(chart, 'bookinfo') };
}
const routes = (rule: any, api = TrafficApi.ISTIO) => () => {
  const { chart, bookinfo } = scope();
  new ServiceRoutes(chart, 'routes', { service: bookinfo.reviews, api, rules: [rule] });
};

const cases: Array<[string, () => unknown, string]> = [
  ['MeshNamespace name not DNS-1123', () => new MeshNamespace(scope().chart, 'ns', { name: 'Book_Info' }), 'app/ns: name must be a DNS-1123 label (lowercase letters, digits and "-", starting and ending with a letter or digit, at most 63 characters), got "Book_Info"'],
  ['MeshNamespace sidecar revision and ambient at once', () => new MeshNamespace(scope().chart, 'ns', { dataplaneMode: DataplaneMode.AMBIENT, revision: '1-28' }), 'app/ns: revision must be left out with dataplaneMode ambient (a revision only applies to sidecar injection), got "1-28"'],
  ['MeshNamespace injection label set by hand', () => new MeshNamespace(scope().chart, 'ns', { labels: { 'istio-injection': 'enabled' } }), 'app/ns: labels["istio-injection"] must be left out: the mesh labels come from the dataplaneMode and revision props, which keep them consistent, got "enabled"'],
  ['MeshService name too long', () => new MeshService(scope().chart, 'svc', { name: 'a'.repeat(64) }), `app/svc: name must be a DNS-1035 label (lowercase letters, digits and "-", starting with a letter and ending with a letter or digit, at most 63 characters), as Kubernetes requires of Service names, got "${'a'.repeat(64)}"`],
  ['MeshService port 0', () => new MeshService(scope().chart, 'svc', { port: 0 }), 'app/svc: port must be an integer from 1 to 65535, got 0'],
  ['MeshService port 65536', () => new MeshService(scope().chart, 'svc', { port: 65536 }), 'app/svc: port must be an integer from 1 to 65535, got 65536'],
  ['MeshService duplicate version', () => { const { bookinfo } = scope(); bookinfo.ratings.addVersion('v1', { image: 'x:1', resources: {} as any }); }, 'app/bookinfo/ratings: version must be a version not added yet (have v1), got "v1"'],
  ['MeshService version not DNS-1123', () => { const { bookinfo } = scope(); bookinfo.ratings.addVersion('V2', { image: 'x:1', resources: {} as any }); }, 'app/bookinfo/ratings: version must be a DNS-1123 label'],
  ['BookinfoApp negative replicas', () => new BookinfoApp(scope().chart, 'b2', { replicas: -1 }), 'app/b2: replicas must be an integer from 0 to 1000, got -1'],
  ['BookinfoApp duplicate reviews versions', () => new BookinfoApp(scope().chart, 'b2', { reviewsVersions: [ReviewsVersion.V2, ReviewsVersion.V2] }), 'app/b2: reviewsVersions must be a list without duplicates ("v2" appears twice), got ["v2","v2"]'],
  ['BookinfoApp unknown reviews version', () => new BookinfoApp(scope().chart, 'b2', { reviewsVersions: ['v4' as ReviewsVersion] }), 'app/b2: reviewsVersions must be one of v1, v2, v3 (the versions Istio publishes images for), got "v4"'],
  ['route weight below 0', routes({ destinations: [{ subset: 'v1', weight: -10 }, { subset: 'v2', weight: 110 }] }), 'app/routes: rules[0].destinations[0].weight must be an integer from 0 to 100, got -10'],
  ['route weight above 100', routes({ destinations: [{ subset: 'v1', weight: 150 }] }), 'app/routes: rules[0].destinations[0].weight must be an integer from 0 to 100, got 150'],
  ['route weight fractional', routes({ destinations: [{ subset: 'v1', weight: 33.3 }, { subset: 'v2', weight: 66.7 }] }), 'app/routes: rules[0].destinations[0].weight must be an integer from 0 to 100, got 33.3'],
  ['route weights not adding up to 100', routes({ destinations: [{ subset: 'v1', weight: 50 }, { subset: 'v2', weight: 30 }] }), 'app/routes: rules[0].destinations weights must be integers that add up to 100'],
  ['route duration "7 s"', routes({ destinations: [{}], timeout: '7 s' }), 'app/routes: rules[0].timeout must be a Duration of whole milliseconds, at least 1 ms (e.g. Duration.seconds(7)), got "7 s"'],
  ['route duration below 1 ms', routes({ destinations: [{}], timeout: Duration.millis(0) }), 'app/routes: rules[0].timeout must be a Duration of whole milliseconds, at least 1 ms (e.g. Duration.seconds(7)), got "0ms"'],
  ['fault percentage above 100', routes({ destinations: [{}], fault: { delay: { fixedDelay: Duration.seconds(7), percentage: 101 } } }), 'app/routes: rules[0].fault.delay.percentage must be a percentage greater than 0 and at most 100, got 101'],
  ['fault percentage 0', routes({ destinations: [{}], fault: { delay: { fixedDelay: Duration.seconds(7), percentage: 0 } } }), 'app/routes: rules[0].fault.delay.percentage must be a percentage greater than 0 and at most 100, got 0'],
  ['abort status 199', routes({ destinations: [{}], fault: { abort: { httpStatus: 199, percentage: 100 } } }), 'app/routes: rules[0].fault.abort.httpStatus must be an integer from 200 to 599, got 199'],
  ['abort status 600', routes({ destinations: [{}], fault: { abort: { httpStatus: 600, percentage: 100 } } }), 'app/routes: rules[0].fault.abort.httpStatus must be an integer from 200 to 599, got 600'],
  ['regex that is not RE2', routes({ destinations: [{}], matches: [{ uri: StringMatch.regex('/(?<=x)y') }] }), 'app/routes: rules[0].matches[0].uri must be an RE2 regular expression'],
  ['fault injection with the Gateway API', routes({ destinations: [{}], fault: { abort: { httpStatus: 500, percentage: 50 } } }, TrafficApi.GATEWAY_API), 'app/routes: rules[0].fault must be left out with TrafficApi.GATEWAY_API (it has no fault injection); use TrafficApi.ISTIO'],
  ['canary weight above 100', () => { const { chart, bookinfo } = scope(); new ReviewsCanary(chart, 'c', { bookinfo, canaryWeight: 101 }); }, 'app/c: canaryWeight must be an integer from 0 to 100, got 101'],
  ['canary weight fractional', () => { const { chart, bookinfo } = scope(); new ReviewsCanary(chart, 'c', { bookinfo, canaryWeight: 0.5 }); }, 'app/c: canaryWeight must be an integer from 0 to 100, got 0.5'],
  ['unknown canary version', () => { const { chart, bookinfo } = scope(); new ReviewsCanary(chart, 'c', { bookinfo, canaryVersion: 'v4' as ReviewsVersion }); }, 'app/c: canaryVersion must be one of the reviews versions this BookinfoApp deploys (v1, v2, v3), got "v4"'],
  ['IstioGateway empty hosts', () => new IstioGateway(scope().chart, 'gw', { hosts: [] }), 'app/gw: hosts must be a non-empty list (use ["*"] for any host), got []'],
  ['IstioGateway host not an FQDN', () => new IstioGateway(scope().chart, 'gw', { hosts: ['bookinfo'] }), 'app/gw: hosts must be "*", a host name or a "*." wildcard (labels of at most 63 characters), optionally prefixed "namespace/", got "bookinfo"'],
  ['IstioGateway HTTPS without a credential', () => new IstioGateway(scope().chart, 'gw', { tls: {} as any }), 'app/gw: tls.credentialName must be the name of a kubernetes.io/tls Secret (HTTPS needs a certificate), got undefined'],
  ['MeshDestinationRule duplicate subsets', () => { const { chart, bookinfo } = scope(); new MeshDestinationRule(chart, 'dr', { service: bookinfo.reviews, subsets: ['v1', 'v1'] }); }, 'app/dr: subsets must be a list without duplicates ("v1" appears twice), got ["v1","v1"]'],
  ['PeerAuthentication port-level mTLS without a selector', () => new PeerAuthentication(scope().chart, 'pa', { portLevelMtls: { 9080: MtlsMode.DISABLE } }), 'app/pa: portLevelMtls must be used with a selector (Istio rejects port-level mTLS in a namespace-wide PeerAuthentication), got {"9080":"DISABLE"}'],
  ['AuthorizationPolicy DENY without rules', () => new AuthorizationPolicy(scope().chart, 'ap', { action: AuthorizationAction.DENY, rules: [] }), 'app/ap: rules must be a non-empty list (Istio refuses a DENY policy without rules), got []'],
  ['AuthorizationPolicy ALLOW without rules', () => new AuthorizationPolicy(scope().chart, 'ap', { rules: [] }), 'app/ap: rules must be a non-empty list (an ALLOW policy without rules denies everything; say so with AuthorizationPolicy.allowNothing()), got []'],
  ['AuthorizationPolicy port 0', () => new AuthorizationPolicy(scope().chart, 'ap', { rules: [{ ports: [0] }] }), 'app/ap: rules[0].ports must be an integer from 1 to 65535, got 0'],
  ['RequestAuthentication jwksUri over http', () => new RequestAuthentication(scope().chart, 'jwt', { issuers: [{ issuer: 'me', jwksUri: 'http://example.com/jwks' }] }), 'app/jwt: issuers[0].jwksUri must be an https:// URL of a JSON Web Key Set, got "http://example.com/jwks"'],
  ['CallGraphAuthorization without services', () => new CallGraphAuthorization(scope().chart, 'authz', { services: [] }), 'app/authz: services must be a non-empty list of MeshServices, got []'],
  ['MeshTelemetry sampling above 100', () => new MeshTelemetry(scope().chart, 't', { tracingSamplingPercentage: 150 }), 'app/t: tracingSamplingPercentage must be a percentage from 0 to 100, got 150'],
  ['DemoCurlPair interval below 1 s', () => new DemoCurlPair(scope().chart, 'pair', { interval: Duration.millis(500) }), 'app/pair: interval must be a Duration of whole seconds from 1 to 3600, got "0.5s"'],
];

describe('bad input', () => {
  test.each(cases)('%s', (_, build, message) => {
    expect(build).toThrow(message);
  });
});
