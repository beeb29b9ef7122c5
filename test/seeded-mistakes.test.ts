// One seeded mistake, one finding. Each app below is right but for one mistake, made the way a
// user would make it (a construct prop, a raw L1 object, an escape-hatch patch); its synthesis
// must report exactly one finding, through MeshChecks as every synth path runs them, naming the
// code, the construct path of the object at fault, the object (`Kind namespace/name`) and a fix.
import { App, Chart, JsonPatch, Size } from 'cdk8s';
import { Cpu, k8s } from 'cdk8s-plus-28';
import {
  AuthorizationPolicy, BookinfoApp, CallGraphAuthorization, Canary, DataplaneMode, IstioGateway, MeshChecks, MeshDestinationRule, MeshFinding,
  MeshNamespace, MeshService, MeshTelemetry, PeerAuthentication, PolicyTarget, ServiceRoutes, TrafficApi, Waypoint, WaypointFor,
} from '../src';
import * as gw from '../imports/gateway.networking.k8s.io';
import * as istio from '../imports/networking.istio.io';

type Mistake = (chart: Chart, bookinfo: BookinfoApp) => void;

/** Synthesizes Bookinfo, in an injected namespace, with `mistake`; returns the unsuppressed findings. */
function findingsOf(mistake: Mistake, dataplaneMode = DataplaneMode.SIDECAR): MeshFinding[] {
  const app = new App({ outdir: '/tmp/cdk8s-istio-seeded' });
  const namespaces = new Chart(app, 'namespaces');
  new MeshNamespace(namespaces, 'bookinfo', { dataplaneMode });
  const chart = new Chart(app, 'app', { namespace: 'bookinfo' });
  chart.addDependency(namespaces);
  mistake(chart, new BookinfoApp(chart, 'bookinfo'));
  const checks = MeshChecks.of(app);
  checks.configure({ warn: () => undefined });
  try {
    app.synth();
  } catch {
    // errors fail synthesis; the findings are kept either way
  }
  return checks.findings;
}

// [mistake, how it is made, code, construct path, object]
const MISTAKES: Array<[string, Mistake, string, string, string]> = [
  ['a route to a subset no DestinationRule defines', (c, b) => {
    new MeshDestinationRule(c, 'dr', { service: b.reviews, subsets: ['v1'] });
    new ServiceRoutes(c, 'routes', { service: b.reviews, rules: [{ destinations: [{ subset: 'v3' }] }] });
  }, 'IST0101', 'app/routes/Resource', 'VirtualService bookinfo/reviews'],
  ['a raw VirtualService to a host that does not exist', (c) => {
    new istio.VirtualService(c, 'typo', { metadata: { name: 'typo' }, spec: { hosts: ['reviews'], http: [{ route: [{ destination: { host: 'reviewz' } }] }] } });
  }, 'IST0101', 'app/typo', 'VirtualService bookinfo/typo'],
  ['a subset whose version is deployed nowhere', (c, b) => { new MeshDestinationRule(c, 'dr', { service: b.ratings, subsets: ['v1', 'v9'] }); },
    'IST0173', 'app/dr/Resource', 'DestinationRule bookinfo/ratings'],
  ['two VirtualServices for one host', (c, b) => {
    new ServiceRoutes(c, 'a', { service: b.details, rules: [{ destinations: [{}] }] });
    new ServiceRoutes(c, 'b', { service: b.details, name: 'details-2', rules: [{ destinations: [{}] }] });
  }, 'IST0109', 'app/a/Resource', 'VirtualService bookinfo/details'],
  ['the same object twice', (c, b) => {
    new MeshDestinationRule(c, 'a', { service: b.details });
    new MeshDestinationRule(c, 'b', { service: b.details });
  }, 'CI0401', 'app/b/Resource', 'DestinationRule bookinfo/details'],
  ['an escape-hatch patch the schema refuses', (_c, b) => { b.ratings.service.addJsonPatch(JsonPatch.replace('/spec/ports/0/port', 'ninety')); },
    'CI0101', 'app/bookinfo/ratings/Resource', 'Service bookinfo/ratings'],
  ['an escape-hatch patch the API server refuses', (_c, b) => { b.ratings.service.addJsonPatch(JsonPatch.replace('/spec/ports/0/name', 'HTTP_web')); },
    'CI0102', 'app/bookinfo/ratings/Resource', 'Service bookinfo/ratings'],
  ['a raw object Istio\'s webhook refuses', (c) => { new istio.VirtualService(c, 'empty', { metadata: { name: 'empty' }, spec: { hosts: ['reviews'] } }); },
    'IST0106', 'app/empty', 'VirtualService bookinfo/empty'],
  ['a port name without a protocol', (_c, b) => { b.details.service.addJsonPatch(JsonPatch.replace('/spec/ports/0/name', 'web')); },
    'IST0118', 'app/bookinfo/details/Resource', 'Service bookinfo/details'],
  ['a principal of a service account that does not exist', (c) => {
    new AuthorizationPolicy(c, 'ap', { name: 'allow-ratings', selector: { app: 'ratings' }, rules: [{ principals: ['cluster.local/ns/bookinfo/sa/bookinfo-reviewz'] }] });
  }, 'KIA0106', 'app/ap/Resource', 'AuthorizationPolicy bookinfo/allow-ratings'],
  ['a policy for pods that do not exist', (c) => { new AuthorizationPolicy(c, 'ap', { name: 'allow-cart', selector: { app: 'cart' }, rules: [{ ports: [9080] }] }); },
    'IST0127', 'app/ap/Resource', 'AuthorizationPolicy bookinfo/allow-cart'],
  ['two namespace-wide PeerAuthentications', (c) => {
    new PeerAuthentication(c, 'a', { name: 'default' });
    new PeerAuthentication(c, 'b', { name: 'strict' });
  }, 'KIA0002', 'app/a/Resource', 'PeerAuthentication bookinfo/default'],
  ['two namespace-wide Telemetries', (c) => {
    new MeshTelemetry(c, 'a', { name: 'tracing' });
    new MeshTelemetry(c, 'b', { name: 'logs' });
  }, 'IST0160', 'app/a/Resource', 'Telemetry bookinfo/tracing'],
  ['an ALLOW policy for the root namespace', (c) => { AuthorizationPolicy.allowNothing(c, 'deny', { namespace: 'istio-system' }); },
    'CI0403', 'app/deny/Resource', 'AuthorizationPolicy istio-system/allow-nothing'],
  ['a workload in a namespace declared nowhere', (c) => { new MeshService(c, 'cart', { namespace: 'shop' }).addVersion('v1', { image: 'example/cart:1', resources: SMALL }); },
    'CI0404', 'app/cart/Resource', 'Service shop/cart'],
  ['an HTTPRoute to a Gateway that does not exist', (c) => {
    new gw.HttpRoute(c, 'route', { metadata: { name: 'front' }, spec: { parentRefs: [{ name: 'frontdoor' }], rules: [{ backendRefs: [{ name: 'productpage', port: 9080 }] }] } });
  }, 'KIA1401', 'app/route', 'HTTPRoute bookinfo/front'],
  ['a Gateway API canary of a version never deployed', (c, b) => {
    new Canary(c, 'canary', { service: b.ratings, stableVersion: 'v1', canaryVersion: 'v2', canaryWeight: 10, api: TrafficApi.GATEWAY_API });
  }, 'CI0201', 'app/canary/Routes/Resource', 'HTTPRoute bookinfo/ratings'],
  ['an Istio Gateway for pods that do not exist', (c, b) => { new IstioGateway(c, 'gw', { routes: [b.ingressRule], selector: { istio: 'ingress' } }); },
    'IST0101', 'app/gw/Resource', 'Gateway bookinfo/gw'],
  ['a call graph policy left to a raw duplicate', (c, b) => {
    new CallGraphAuthorization(c, 'authz', { services: b.services });
    new k8s.KubeServiceAccount(c, 'sa', { metadata: { name: 'bookinfo-ratings' } });
  }, 'CI0401', 'app/sa', 'ServiceAccount bookinfo/bookinfo-ratings'],
];
const SMALL = { cpu: { request: Cpu.millis(10) }, memory: { request: Size.mebibytes(16) } };

// Ambient mode: [mistake, how it is made, code, construct path, object]
const AMBIENT_MISTAKES: Array<[string, Mistake, string, string, string]> = [
  ['a waypoint nothing is enrolled in', (c) => { new Waypoint(c, 'waypoint'); }, 'CI0302', 'app/waypoint/Resource', 'Gateway bookinfo/waypoint'],
  ['a Service enrolled in a waypoint that does not exist', (_c, b) => { b.reviews.service.metadata.addLabel('istio.io/use-waypoint', 'waypoint'); },
    'CI0303', 'app/bookinfo/reviews/Resource', 'Service bookinfo/reviews'],
  ['a Service enrolled in a waypoint for workload traffic only', (c, b) => {
    new Waypoint(c, 'waypoint', { waypointFor: WaypointFor.WORKLOAD });
    // details' pods use it, as a waypoint for workloads is meant; reviews' Service cannot.
    b.details.findVersion('v1')!.deployment.addJsonPatch(JsonPatch.add('/spec/template/metadata/labels/istio.io~1use-waypoint', 'waypoint'));
    b.reviews.service.metadata.addLabel('istio.io/use-waypoint', 'waypoint');
  }, 'CI0303', 'app/bookinfo/reviews/Resource', 'Service bookinfo/reviews'],
  ['pods enrolled in a waypoint that does not exist', (_c, b) => {
    b.ratings.findVersion('v1')!.deployment.addJsonPatch(JsonPatch.add('/spec/template/metadata/labels/istio.io~1use-waypoint', 'waypoint'));
  }, 'KIA1313', 'app/bookinfo/ratings/Deployment-v1', 'Deployment bookinfo/ratings-v1'],
  ['pods with a sidecar in an ambient namespace', (_c, b) => {
    b.ratings.findVersion('v1')!.deployment.addJsonPatch(JsonPatch.add('/spec/template/metadata/labels/sidecar.istio.io~1inject', 'true'));
  }, 'KIA1311', 'app/bookinfo/ratings/Deployment-v1', 'Deployment bookinfo/ratings-v1'],
  ['a mesh VirtualService for a Service no waypoint takes', (c, b) => { new ServiceRoutes(c, 'routes', { service: b.reviews, rules: [{ destinations: [{ host: 'reviews' }] }] }); },
    'KIA1113', 'app/routes/Resource', 'VirtualService bookinfo/reviews'],
  ['an L7 policy for a Service no waypoint takes', (c) => {
    new AuthorizationPolicy(c, 'ap', { name: 'get-only', targets: [PolicyTarget.service('ratings')], rules: [{ methods: ['GET'] }] });
  }, 'KIA0109', 'app/ap/Resource', 'AuthorizationPolicy bookinfo/get-only'],
  ['an L7 policy by selector without a waypoint', (c) => {
    new AuthorizationPolicy(c, 'ap', { name: 'get-only', selector: { app: 'ratings' }, rules: [{ methods: ['GET'] }] });
  }, 'KIA0110', 'app/ap/Resource', 'AuthorizationPolicy bookinfo/get-only'],
];

describe('each seeded mistake gives exactly one finding, with its code, construct path, object and fix', () => {
  test.each(MISTAKES)('%s', (_, mistake, code, path, resource) => {
    const findings = findingsOf(mistake);
    expect(findings.map((f) => [f.code, f.path, f.resource])).toEqual([[code, path, resource]]);
    expect(findings[0].fix).toMatch(/\w+/);
  });

  test.each(AMBIENT_MISTAKES)('ambient: %s', (_, mistake, code, path, resource) => {
    const findings = findingsOf(mistake, DataplaneMode.AMBIENT);
    expect(findings.map((f) => [f.code, f.path, f.resource])).toEqual([[code, path, resource]]);
    expect(findings[0].fix).toMatch(/\w+/);
  });

  test('the app without a mistake gives none', () => {
    expect(findingsOf(() => undefined)).toEqual([]);
    expect(findingsOf(() => undefined, DataplaneMode.AMBIENT)).toEqual([]);
  });
});
