import { Testing } from 'cdk8s';
import { BookinfoApp, CallGraphAuthorization, IstioGateway, MtlsMode, ReviewsVersion, TrafficApi } from '../src';
import { buildDemo } from '../src/demo/demo-app';
import { chartIn, synthApp } from './util/manifests';

/** Allowed principals per workload, read back from the synthesized AuthorizationPolicies. */
function allows(objects: any[], namespace: string): Record<string, string[]> {
  return Object.fromEntries(objects
    .filter((o) => o.kind === 'AuthorizationPolicy' && o.metadata.namespace === namespace && o.spec.selector)
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
      ratings: ['cluster.local/ns/bookinfo/sa/bookinfo-reviews'],
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
    expect(allows(synthApp(app), 'bookinfo').productpage).toEqual(['cluster.local/ns/bookinfo/sa/bookinfo-gateway-istio']);
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
    const authz = new CallGraphAuthorization(chart, 'authz', { services: bookinfo.services });
    const objects = Testing.synth(chart);
    expect(authz.allowedPrincipals(bookinfo.ratings)).toEqual([]);
    expect(allows(objects, 'bookinfo')).toEqual({
      details: ['cluster.local/ns/bookinfo/sa/bookinfo-productpage'],
      reviews: ['cluster.local/ns/bookinfo/sa/bookinfo-productpage'],
    });
  });

  test('without deny-by-default there is no allow-nothing policy', () => {
    const chart = chartIn('bookinfo');
    const bookinfo = new BookinfoApp(chart, 'bookinfo');
    new CallGraphAuthorization(chart, 'authz', { services: bookinfo.services, denyByDefault: false });
    expect(Testing.synth(chart).filter((o) => o.metadata.name === 'allow-nothing')).toEqual([]);
  });

  test('fails when a call is declared after the policies were derived', () => {
    const chart = chartIn('bookinfo');
    const bookinfo = new BookinfoApp(chart, 'bookinfo');
    new CallGraphAuthorization(chart, 'authz', { services: bookinfo.services });
    expect(() => bookinfo.details.addCall(bookinfo.ratings))
      .toThrow('test/bookinfo/details: a call to bookinfo/ratings was declared after test/authz derived its AuthorizationPolicies; declare every call before creating CallGraphAuthorization');
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
