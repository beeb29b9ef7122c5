// Ambient mode from the same model: a waypoint as istioctl makes it, the call graph as ztunnel
// (L4) and waypoint (L7) policies, GAMMA routes, and the demo with DATAPLANE_MODE=ambient, against
// the objects of Istio's ambient getting-started (test/fixtures/upstream/ambient/).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Chart, Testing } from 'cdk8s';
import { parseAllDocuments } from 'yaml';
import {
  analyzeMesh, AuthorizationPolicy, BookinfoApp, CallGraphAuthorization, DataplaneMode, formatFinding, IstioGateway, MeshNamespace, MeshService,
  PolicyTarget, TrafficApi, Waypoint, WaypointFor,
} from '../src';
import { demoConfigFromEnv } from '../app/config';
import { buildDemo } from '../app/demo-app';
import { find, parity, synthApp } from './util/manifests';

/** An ambient getting-started fixture, read for namespace bookinfo (the pages use default). */
function ambientFixture(file: string): any[] {
  const text = fs.readFileSync(path.join(__dirname, 'fixtures', 'upstream', 'ambient', file), 'utf8')
    .replace(/namespace: default/g, 'namespace: bookinfo').replace(/\/ns\/default\//g, '/ns/bookinfo/');
  return parseAllDocuments(text).map((d) => d.toJS()).filter((d) => d);
}

function ambientDemo(config: Parameters<typeof buildDemo>[1] = {}): any[] {
  const app = Testing.app();
  buildDemo(app, { dataplaneMode: DataplaneMode.AMBIENT, ...config });
  return synthApp(app);
}

describe('Waypoint', () => {
  test('is the Gateway `istioctl waypoint generate -n bookinfo` prints, with or without --for', () => {
    const chart = new Chart(Testing.app(), 'c', { namespace: 'bookinfo' });
    new Waypoint(chart, 'default-waypoint');
    new Waypoint(chart, 'service-waypoint', { name: 'reviews-waypoint', waypointFor: WaypointFor.SERVICE });
    const objects = Testing.synth(chart);
    expect(objects[0]).toEqual(ambientFixture('waypoint-generate-bookinfo.yaml')[0]);
    expect(objects[1]).toEqual({ ...ambientFixture('waypoint-generate-bookinfo-for-service.yaml')[0], metadata: { name: 'reviews-waypoint', namespace: 'bookinfo', labels: { 'istio.io/waypoint-for': 'service' } } });
  });

  test('enrolls a namespace or a Service with istio.io/use-waypoint, and exposes its identity and targetRef', () => {
    const app = Testing.app();
    const ns = new MeshNamespace(new Chart(app, 'ns'), 'bookinfo', { dataplaneMode: DataplaneMode.AMBIENT });
    const chart = new Chart(app, 'c', { namespace: 'bookinfo' });
    const bookinfo = new BookinfoApp(chart, 'bookinfo');
    const waypoint = new Waypoint(chart, 'waypoint');
    const reviews = new Waypoint(chart, 'reviews-waypoint', { name: 'reviews-waypoint' });
    waypoint.enroll(ns);
    reviews.enroll(bookinfo.reviews);
    const objects = synthApp(app);
    expect(find(objects, 'Namespace', 'bookinfo').metadata.labels).toEqual({ 'istio.io/dataplane-mode': 'ambient', 'istio.io/use-waypoint': 'waypoint' });
    expect(objects.find((o) => o.kind === 'Service' && o.metadata.name === 'reviews').metadata.labels['istio.io/use-waypoint']).toBe('reviews-waypoint');
    expect(waypoint.principal).toBe('cluster.local/ns/bookinfo/sa/waypoint');
    expect(waypoint.policyTarget._toKube()).toEqual({ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'waypoint' });
  });

  test.each<[string, (c: Chart) => unknown, string]>([
    ['a reserved name', (c) => new Waypoint(c, 'w', { name: 'none' }), 'c/w: name must be a name other than "none", which istio.io/use-waypoint reserves for opting out, got "none"'],
    ['a bad traffic type', (c) => new Waypoint(c, 'w', { waypointFor: 'pods' as WaypointFor }), 'c/w: waypointFor must be one of service, workload, all, none, got "pods"'],
    ['a namespace of another waypoint namespace', (c) => new Waypoint(c, 'w').enroll(new MeshNamespace(c, 'shop')), 'c/w: enroll namespace must be the waypoint\'s own namespace (bookinfo): a waypoint takes routes from its namespace only, got "shop"'],
    ['a Service in a waypoint for workloads', (c) => new Waypoint(c, 'w', { waypointFor: WaypointFor.WORKLOAD }).enroll(new MeshService(c, 'svc')), 'c/w: enroll service must be enrolled in a waypoint for service or all traffic (this one is for workload), got "bookinfo/svc"'],
  ])('fails on %s', (_, make, message) => {
    expect(() => make(new Chart(Testing.app(), 'c', { namespace: 'bookinfo' }))).toThrow(message);
  });
});

describe('CallGraphAuthorization in ambient mode', () => {
  function bookinfoWithWaypoint() {
    const chart = new Chart(Testing.app(), 'c', { namespace: 'bookinfo' });
    const bookinfo = new BookinfoApp(chart, 'bookinfo');
    const waypoint = new Waypoint(chart, 'waypoint');
    const curl = new MeshService(chart, 'curl', { port: 80 });
    curl.addCall(bookinfo.productpage);
    return { chart, bookinfo, waypoint };
  }

  test('ztunnel allows the waypoint (and the ingress), the waypoint allows the callers: the getting-started policies', () => {
    const { chart, bookinfo, waypoint } = bookinfoWithWaypoint();
    const gateway = new IstioGateway(chart, 'bookinfo-gateway', { api: TrafficApi.GATEWAY_API, routes: [bookinfo.ingressRule] });
    new CallGraphAuthorization(chart, 'authz', { services: bookinfo.services, gateways: [gateway], dataplaneMode: DataplaneMode.AMBIENT, waypoint });
    const objects = Testing.synth(chart);
    // istio.io/latest/docs/ambient/getting-started/enforce-auth-policies/: the L4 policy once the waypoint is in the path.
    const [l4] = ambientFixture('l4-productpage-ztunnel-updated.yaml');
    expect(parity(objects, [{ ...l4, metadata: { ...l4.metadata, name: 'allow-productpage' } }])).toEqual([]);
    expect(find(objects, 'AuthorizationPolicy', 'allow-productpage').spec.rules[0].from[0].source.principals)
      .toEqual(['cluster.local/ns/bookinfo/sa/bookinfo-gateway-istio', 'cluster.local/ns/bookinfo/sa/waypoint']);
    // ...and the L7 one, attached to the Service: the callers' own identities (curl here).
    expect(find(objects, 'AuthorizationPolicy', 'allow-productpage-waypoint').spec).toEqual({
      targetRefs: [{ group: '', kind: 'Service', name: 'productpage' }],
      action: 'ALLOW',
      rules: [{ from: [{ source: { principals: ['cluster.local/ns/bookinfo/sa/curl'] } }] }],
    });
    // ratings is called by productpage and reviews through the waypoint.
    expect(find(objects, 'AuthorizationPolicy', 'allow-ratings').spec.rules[0].from[0].source.principals).toEqual(['cluster.local/ns/bookinfo/sa/waypoint']);
    expect(find(objects, 'AuthorizationPolicy', 'allow-ratings-waypoint').spec.rules[0].from[0].source.principals)
      .toEqual(['cluster.local/ns/bookinfo/sa/bookinfo-productpage', 'cluster.local/ns/bookinfo/sa/bookinfo-reviews']);
  });

  test('an L7 policy of the getting-started is one AuthorizationPolicy with a Service target', () => {
    const chart = new Chart(Testing.app(), 'c', { namespace: 'bookinfo' });
    new AuthorizationPolicy(chart, 'productpage-waypoint', {
      targets: [PolicyTarget.service('productpage')],
      rules: [{ principals: ['cluster.local/ns/bookinfo/sa/curl'], methods: ['GET'] }],
    });
    expect(parity(Testing.synth(chart), ambientFixture('l7-productpage-viewer.yaml'))).toEqual([]);
  });

  test('without a waypoint, ztunnel allows the callers themselves (L4 only)', () => {
    const chart = new Chart(Testing.app(), 'c', { namespace: 'bookinfo' });
    const bookinfo = new BookinfoApp(chart, 'bookinfo');
    new CallGraphAuthorization(chart, 'authz', { services: bookinfo.services, dataplaneMode: DataplaneMode.AMBIENT });
    const policies = Testing.synth(chart).filter((o) => o.kind === 'AuthorizationPolicy');
    expect(policies.map((p) => p.metadata.name)).toEqual(['allow-details', 'allow-ratings', 'allow-reviews', 'allow-nothing']);
    expect(policies[1].spec.rules).toEqual([{ from: [{ source: { principals: ['cluster.local/ns/bookinfo/sa/bookinfo-productpage', 'cluster.local/ns/bookinfo/sa/bookinfo-reviews'] } }], to: [{ operation: { ports: ['9080'] } }] }]);
  });

  test.each<[string, (c: Chart, b: BookinfoApp) => unknown, string]>([
    ['a waypoint with sidecars', (c, b) => new CallGraphAuthorization(c, 'authz', { services: b.services, waypoint: new Waypoint(c, 'w') }), 'c/authz: waypoint must be left out unless dataplaneMode is AMBIENT (sidecars enforce L7 policies themselves), got "c/w"'],
    ['a namespace out of the mesh', (c, b) => new CallGraphAuthorization(c, 'authz', { services: b.services, dataplaneMode: DataplaneMode.NONE }), 'c/authz: dataplaneMode must be SIDECAR or AMBIENT (a namespace out of the mesh has no proxy to enforce policies, and its callers no identity), got "none"'],
  ])('fails on %s', (_, make, message) => {
    const chart = new Chart(Testing.app(), 'c', { namespace: 'bookinfo' });
    expect(() => make(chart, new BookinfoApp(chart, 'bookinfo'))).toThrow(message);
  });
});

describe('ambient mistakes', () => {
  const ns = (name: string, labels: Record<string, string>) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels } });
  const svc = (name: string, labels: Record<string, string> = {}) => ({ apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: 'shop', labels }, spec: { selector: { app: name }, ports: [{ name: 'http', port: 80 }] } });
  const pod = (name: string) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'shop', labels: { app: name, version: 'v1' } }, spec: { containers: [{ name, image: 'x:1', ports: [{ containerPort: 80 }] }] } });
  const waypoint = (name: string) => ({ apiVersion: 'gateway.networking.k8s.io/v1', kind: 'Gateway', metadata: { name, namespace: 'shop' }, spec: { gatewayClassName: 'istio-waypoint', listeners: [{ name: 'mesh', port: 15008, protocol: 'HBONE' }] } });
  const findings = (objects: any[], code: string) => analyzeMesh(objects, { schemas: false }).filter((f) => f.code === code).map(formatFinding);

  test('CI0301: a VirtualService for mesh traffic to a Service of an ambient namespace, through its waypoint', () => {
    const vs = { apiVersion: 'networking.istio.io/v1', kind: 'VirtualService', metadata: { name: 'cart', namespace: 'shop' }, spec: { hosts: ['cart'], http: [{ route: [{ destination: { host: 'cart' } }] }] } };
    const enrolled = [ns('shop', { 'istio.io/dataplane-mode': 'ambient', 'istio.io/use-waypoint': 'waypoint' }), waypoint('waypoint'), svc('cart'), pod('cart')];
    expect(analyzeMesh([...enrolled, vs], { schemas: false }).map(formatFinding)).toEqual([
      'Warning [CI0301] (VirtualService shop/cart) It routes mesh traffic to shop/cart in ambient namespace shop, where waypoints implement HTTPRoutes: a VirtualService there is Alpha, and ztunnel applies none.',
    ]);
    // Bound to an ingress gateway only, it is the gateway's, which implements VirtualServices.
    expect(findings([...enrolled, { ...vs, spec: { ...vs.spec, gateways: ['ingress'] } }], 'CI0301')).toEqual([]);
    // Without a waypoint, it is Kiali's KIA1113 alone: one mistake, one finding.
    expect(analyzeMesh([ns('shop', { 'istio.io/dataplane-mode': 'ambient' }), svc('cart'), pod('cart'), vs], { schemas: false }).map((f) => f.code)).toEqual(['KIA1113']);
  });

  test('CI0303: a namespace enrolled in a missing waypoint is one finding, on the Namespace (not KIA1313 per workload)', () => {
    const objects = [ns('shop', { 'istio.io/dataplane-mode': 'ambient', 'istio.io/use-waypoint': 'missing' }), svc('cart'), pod('cart'), svc('orders'), pod('orders')];
    expect(analyzeMesh(objects, { schemas: false }).map(formatFinding)).toEqual([
      'Error [CI0303] (Namespace shop) It is enrolled in waypoint shop/missing (istio.io/use-waypoint), which cannot take its traffic: no Gateway shop/missing exists: create it with gatewayClassName istio-waypoint (istioctl waypoint generate). Its L7 routes and policies take no effect.',
    ]);
  });

  test('CI0303: a Service enrolled in a waypoint for workload traffic only', () => {
    const forWorkloads = { ...waypoint('waypoint'), metadata: { name: 'waypoint', namespace: 'shop', labels: { 'istio.io/waypoint-for': 'workload' } } };
    expect(findings([ns('shop', { 'istio.io/dataplane-mode': 'ambient' }), forWorkloads, svc('cart', { 'istio.io/use-waypoint': 'waypoint' }), pod('cart')], 'CI0303')).toEqual([
      'Error [CI0303] (Service shop/cart) It is enrolled in waypoint shop/waypoint (istio.io/use-waypoint), which cannot take its traffic: waypoint shop/waypoint takes workload traffic only: a Service\'s istio.io/use-waypoint needs istio.io/waypoint-for: service (or all). Its L7 routes and policies take no effect.',
    ]);
  });

  test('CI0302: a waypoint nothing is enrolled in; CI0303: a Service enrolled in a waypoint that does not exist', () => {
    const objects = [ns('shop', { 'istio.io/dataplane-mode': 'ambient' }), waypoint('waypoint'), svc('cart', { 'istio.io/use-waypoint': 'cart-waypoint' }), pod('cart')];
    expect([...findings(objects, 'CI0302'), ...findings(objects, 'CI0303')]).toEqual([
      'Warning [CI0302] (Gateway shop/waypoint) Nothing is enrolled in waypoint shop/waypoint (no istio.io/use-waypoint label names it), so it takes no traffic.',
      'Error [CI0303] (Service shop/cart) It is enrolled in waypoint shop/cart-waypoint (istio.io/use-waypoint), which cannot take its traffic: no Gateway shop/cart-waypoint exists: create it with gatewayClassName istio-waypoint (istioctl waypoint generate). Its L7 routes and policies take no effect.',
    ]);
    // Enrolled through the namespace, and "none" opts a Service out.
    expect(findings([ns('shop', { 'istio.io/dataplane-mode': 'ambient', 'istio.io/use-waypoint': 'waypoint' }), waypoint('waypoint'), svc('cart', { 'istio.io/use-waypoint': 'none' }), pod('cart')], 'CI0302')).toEqual([]);
  });
});

describe('the demo with DATAPLANE_MODE=ambient', () => {
  test('reads DATAPLANE_MODE', () => {
    expect(demoConfigFromEnv({ DATAPLANE_MODE: 'ambient' }).dataplaneMode).toBe(DataplaneMode.AMBIENT);
    expect(() => demoConfigFromEnv({ DATAPLANE_MODE: 'sidecarless' })).toThrow('DATAPLANE_MODE must be one of sidecar, ambient, got "sidecarless"');
  });

  test.each([['istio'], ['gateway-api']])('TRAFFIC_API=%s: ambient namespaces, a waypoint, a GAMMA canary, no sidecar settings, and no finding', (trafficApi) => {
    const objects = ambientDemo({ trafficApi: trafficApi as any, canaryWeight: 10 });
    expect(analyzeMesh(objects).filter((f) => !f.suppressed).map(formatFinding)).toEqual([]);
    expect(objects.filter((o) => o.kind === 'Namespace').map((o) => [o.metadata.name, o.metadata.labels])).toEqual([
      ['bookinfo', { 'istio.io/dataplane-mode': 'ambient', 'istio.io/use-waypoint': 'waypoint' }],
      ['demo', { 'istio.io/dataplane-mode': 'ambient' }],
    ]);
    expect(parity(objects, ambientFixture('waypoint-generate-bookinfo.yaml'))).toEqual([]);
    expect(parity(objects, ambientFixture('reviews-90-10.yaml').map((o) => ({ ...o, metadata: { ...o.metadata, namespace: 'bookinfo' } })))).toEqual([]);
    // East-west routing is the waypoint's HTTPRoute: no mesh VirtualService, no subsets.
    expect(objects.filter((o) => o.kind === 'DestinationRule')).toEqual([]);
    expect(objects.filter((o) => o.kind === 'VirtualService' && !(o.spec.gateways ?? []).length)).toEqual([]);
    // No sidecar, so nothing waits for one.
    expect(objects.filter((o) => o.kind === 'Deployment' && o.spec.template.metadata.annotations?.['proxy.istio.io/config'])).toEqual([]);
    // Tracing and access logs attach to the waypoint, the Envoy that sees Bookinfo's requests.
    expect(objects.filter((o) => o.kind === 'Telemetry').map((o) => [o.metadata.namespace, o.spec.targetRefs])).toEqual([
      ['bookinfo', [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'waypoint' }]],
    ]);
  });

  test('the Gateway API ingress is the getting-started one', () => {
    const objects = ambientDemo({ trafficApi: 'gateway-api' as any });
    const upstream = ambientFixture('bookinfo-gateway-api.yaml').map((o) => ({ ...o, metadata: { ...o.metadata, namespace: 'bookinfo' } }));
    expect(parity(objects, upstream.filter((o) => o.kind === 'Gateway'))).toEqual([]);
  });
});
