import { Testing } from 'cdk8s';
import { BookinfoApp, CallGraphAuthorization, IstioGateway, MtlsMode, ReviewsVersion, StringMatch, TrafficApi } from '../src';
import { buildDemo } from '../app/demo-app';
import { chartIn, synthApp } from './util/manifests';

/** Allowed principals per workload, read back from the synthesized AuthorizationPolicies. */
function allows(objects: any[], namespace: string): Record<string, string[]> {
  return Object.fromEntries(objects
    .filter((o) => o.kind === 'AuthorizationPolicy' && o.metadata.namespace === namespace && o.spec.selector?.matchLabels?.app)
    .map((o) => [o.spec.selector.matchLabels.app, o.spec.rules.flatMap((r: any) => r.from.flatMap((f: any) => f.source.principals))]));
}

describe('CallGraphAuthorization', () => {
  test('the demo allows exactly the call graph, by principal, under STRICT mTLS and deny-by-default', () => {
    const app = Testing.app();
    buildDemo(app);
    const objects = synthApp(app);
    expect(allows(objects, 'bookinfo')).toEqual({
      details: ['cluster.local/ns/bookinfo/sa/bookinfo-productpage'],
      reviews: ['cluster.local/ns/bookinfo/sa/bookinfo-productpage'],
      // productpage calls ratings for /api/v1/products/<id>/ratings (productpage.py:303-307,366-378).
      ratings: ['cluster.local/ns/bookinfo/sa/bookinfo-productpage', 'cluster.local/ns/bookinfo/sa/bookinfo-reviews'],
      productpage: ['cluster.local/ns/istio-system/sa/istio-ingressgateway-service-account'],
    });
    expect(allows(objects, 'demo')).toEqual({
      nginx: ['cluster.local/ns/demo/sa/httpd'],
      httpd: ['cluster.local/ns/demo/sa/nginx'],
    });
    for (const namespace of ['bookinfo', 'demo']) {
      const peer = objects.find((o) => o.kind === 'PeerAuthentication' && o.metadata.namespace === namespace);
      expect(peer.spec).toEqual({ mtls: { mode: 'STRICT' } });
      const denyAll = objects.find((o) => o.kind === 'AuthorizationPolicy' && o.metadata.namespace === namespace && o.metadata.name === 'allow-nothing');
      expect(denyAll.spec).toEqual({});
    }
    // Each allow is for the workload's own port.
    const policy = objects.find((o) => o.kind === 'AuthorizationPolicy' && o.metadata.name === 'allow-httpd');
    expect(policy.spec.rules[0].to).toEqual([{ operation: { ports: ['80'] } }]);
  });

  test('ingress reaches productpage with the Gateway API too, as the generated gateway\'s service account', () => {
    const app = Testing.app();
    buildDemo(app, { trafficApi: TrafficApi.GATEWAY_API });
    const objects = synthApp(app);
    expect(allows(objects, 'bookinfo').productpage).toEqual(['cluster.local/ns/bookinfo/sa/bookinfo-gateway-istio']);
    // The generated gateway pods live in bookinfo, under allow-nothing: their listener is open to
    // clients from outside the mesh, which have no principal.
    const ingress = objects.find((o) => o.kind === 'AuthorizationPolicy' && o.metadata.name === 'allow-ingress-bookinfo-gateway');
    expect(ingress.spec).toEqual({
      // A targetRef: Istio ignores selectors on Gateway API gateway pods (IST0166).
      targetRefs: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'bookinfo-gateway' }],
      action: 'ALLOW',
      rules: [{ to: [{ operation: { ports: ['80'] } }] }],
    });
  });

  test('the Istio ingress gateway lives in istio-system: no policy for it in the protected namespace', () => {
    const app = Testing.app();
    buildDemo(app);
    expect(synthApp(app).filter((o) => o.metadata.name.startsWith('allow-ingress'))).toEqual([]);
  });

  test('fails with mTLS DISABLE, which would make every derived policy deny', () => {
    const chart = chartIn('bookinfo');
    const bookinfo = new BookinfoApp(chart, 'bookinfo');
    expect(() => new CallGraphAuthorization(chart, 'authz', { services: bookinfo.services, mtlsMode: MtlsMode.DISABLE }))
      .toThrow('test/authz: mtlsMode must be STRICT or PERMISSIVE (plain-text callers have no principal, so with DISABLE every derived policy would deny), got "DISABLE"');
  });

  test('a gateway route added after CallGraphAuthorization lets the gateway call its destination', () => {
    const chart = chartIn('bookinfo');
    const bookinfo = new BookinfoApp(chart, 'bookinfo', { reviewsVersions: [ReviewsVersion.V1] });
    const gateway = new IstioGateway(chart, 'gw', { routes: [bookinfo.ingressRule] });
    new CallGraphAuthorization(chart, 'authz', { services: bookinfo.services, gateways: [gateway] });
    gateway.addRoute({ matches: [{ uri: StringMatch.prefix('/details') }], destinations: [{ host: 'details', port: 9080 }] });
    expect(allows(Testing.synth(chart), 'bookinfo').details).toEqual([
      'cluster.local/ns/bookinfo/sa/bookinfo-productpage', 'cluster.local/ns/istio-system/sa/istio-ingressgateway-service-account',
    ]);
  });

  test('MTLS_MODE=PERMISSIVE switches both namespaces for migration', () => {
    const app = Testing.app();
    buildDemo(app, { mtlsMode: MtlsMode.PERMISSIVE });
    const modes = synthApp(app).filter((o) => o.kind === 'PeerAuthentication').map((o) => o.spec.mtls.mode);
    expect(modes).toEqual(['PERMISSIVE', 'PERMISSIVE']);
  });

  test('a workload nobody calls gets no allow', () => {
    const chart = chartIn('bookinfo');
    const bookinfo = new BookinfoApp(chart, 'bookinfo', { reviewsVersions: [ReviewsVersion.V1] });
    // No gateway: nothing calls productpage.
    const authz = new CallGraphAuthorization(chart, 'authz', { services: bookinfo.services });
    const objects = Testing.synth(chart);
    expect(authz.allowedPrincipals(bookinfo.productpage)).toEqual([]);
    expect(allows(objects, 'bookinfo')).toEqual({
      details: ['cluster.local/ns/bookinfo/sa/bookinfo-productpage'],
      ratings: ['cluster.local/ns/bookinfo/sa/bookinfo-productpage'],
      reviews: ['cluster.local/ns/bookinfo/sa/bookinfo-productpage'],
    });
  });

  test('without deny-by-default there is no allow-nothing policy', () => {
    const chart = chartIn('bookinfo');
    const bookinfo = new BookinfoApp(chart, 'bookinfo');
    new CallGraphAuthorization(chart, 'authz', { services: bookinfo.services, denyByDefault: false });
    expect(Testing.synth(chart).filter((o) => o.metadata.name === 'allow-nothing')).toEqual([]);
  });

  test('a call declared after CallGraphAuthorization gets the ALLOW it declares', () => {
    const chart = chartIn('bookinfo');
    const bookinfo = new BookinfoApp(chart, 'bookinfo', { reviewsVersions: [ReviewsVersion.V1] });
    const authz = new CallGraphAuthorization(chart, 'authz', { services: bookinfo.services });
    bookinfo.details.addCall(bookinfo.productpage); // productpage had no caller when the policies were made
    bookinfo.reviews.addCall(bookinfo.productpage);
    expect(allows(Testing.synth(chart), 'bookinfo')).toEqual({
      details: ['cluster.local/ns/bookinfo/sa/bookinfo-productpage'],
      productpage: ['cluster.local/ns/bookinfo/sa/bookinfo-details', 'cluster.local/ns/bookinfo/sa/bookinfo-reviews'],
      ratings: ['cluster.local/ns/bookinfo/sa/bookinfo-productpage'],
      reviews: ['cluster.local/ns/bookinfo/sa/bookinfo-productpage'],
    });
    expect(authz.allowedPrincipals(bookinfo.productpage)).toEqual(['cluster.local/ns/bookinfo/sa/bookinfo-details', 'cluster.local/ns/bookinfo/sa/bookinfo-reviews']);
  });

  test('fails when a service of another namespace is listed', () => {
    const chart = chartIn('bookinfo');
    const bookinfo = new BookinfoApp(chart, 'bookinfo');
    const other = new BookinfoApp(chart, 'other', { namespace: 'shop' });
    expect(() => new CallGraphAuthorization(chart, 'authz', { services: [...bookinfo.services, other.details] }))
      .toThrow('test/authz: services must be services of namespace bookinfo, got "shop/details"');
  });

  test('gateways call the services their routes lead to', () => {
    const chart = chartIn('bookinfo');
    const bookinfo = new BookinfoApp(chart, 'bookinfo');
    const gateway = new IstioGateway(chart, 'gw', { routes: [bookinfo.ingressRule] });
    const authz = new CallGraphAuthorization(chart, 'authz', { services: bookinfo.services, gateways: [gateway] });
    expect(authz.allowedPrincipals(bookinfo.productpage)).toEqual([gateway.principal]);
  });
});
