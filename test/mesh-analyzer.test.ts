import { Testing } from 'cdk8s';
import { analyzeMesh, DataplaneMode, formatFinding, MeshFinding, MtlsMode, TrafficApi } from '../src';
import { buildDemo } from '../app/demo-app';
import { synthApp } from './util/manifests';

const active = (findings: MeshFinding[]) => findings.filter((f) => !f.suppressed).map(formatFinding);

function demoObjects(): any[] {
  const app = Testing.app();
  buildDemo(app);
  return synthApp(app);
}

/** The demo with one object changed by `mutate` (objects are plain JSON). */
function seeded(mutate: (objects: any[]) => void): MeshFinding[] {
  const objects = JSON.parse(JSON.stringify(demoObjects()));
  mutate(objects);
  return analyzeMesh(objects).filter((f) => !f.suppressed);
}
const get = (objects: any[], kind: string, name: string, namespace = 'bookinfo') =>
  objects.find((o) => o.kind === kind && o.metadata.name === name && (o.metadata.namespace ?? namespace) === namespace);

describe('analyzeMesh', () => {
  // The Gateway API ingress policies attach to the Gateway with targetRefs (no IST0166).
  test.each([[{}], [{ mtlsMode: MtlsMode.PERMISSIVE, canaryWeight: 100 }], [{ trafficApi: TrafficApi.GATEWAY_API }],
    [{ trafficApi: TrafficApi.GATEWAY_API, canaryWeight: 0 }], [{ dataplaneMode: DataplaneMode.AMBIENT }]])('reports no finding on the demo app %j', (config) => {
    const app = Testing.app();
    buildDemo(app, config);
    expect(active(analyzeMesh(synthApp(app)))).toEqual([]);
  });

  test('the demo\'s suppressed findings are exactly the intended ones', () => {
    const suppressed = analyzeMesh(demoObjects()).filter((f) => f.suppressed).map((f) => `${f.code} ${f.resource}`);
    expect(suppressed.sort()).toEqual([
      // deny-by-default on purpose (AuthorizationPolicy.allowNothing)
      'CI0002 AuthorizationPolicy bookinfo/allow-nothing',
      'CI0002 AuthorizationPolicy demo/allow-nothing',
    ]);
  });

  test.each<[string, (o: any[]) => void, string | string[]]>([
    ['a route to a host with no Service', (o) => { get(o, 'VirtualService', 'reviews').spec.http[0].route[0].destination.host = 'reviewz'; }, [
      'Error [IST0101] (VirtualService bookinfo/reviews) Referenced host not found: "reviewz"',
      // and no DestinationRule of reviewz has its subset v1
      'Error [IST0101] (VirtualService bookinfo/reviews) Referenced host+subset in destinationrule not found: "reviewz+v1"']],
    ['a route to a subset no DestinationRule defines', (o) => { get(o, 'VirtualService', 'reviews').spec.http[0].route[1].destination.subset = 'v9'; },
      'Error [IST0101] (VirtualService bookinfo/reviews) Referenced host+subset in destinationrule not found: "reviews+v9"'],
    ['a VirtualService bound to a missing Gateway', (o) => { get(o, 'VirtualService', 'bookinfo').spec.gateways = ['frontdoor']; }, [
      'Error [IST0101] (VirtualService bookinfo/bookinfo) Referenced gateway not found: "frontdoor"',
      'Warning [IST0132] (VirtualService bookinfo/bookinfo) one or more host [*] defined in VirtualService bookinfo/bookinfo not found in Gateway bookinfo/frontdoor.']],
    ['a port name without a protocol prefix', (o) => { get(o, 'Service', 'ratings').spec.ports[0].name = 'web'; },
      // istioctl prints the targetPort as given: none is 0
      'Info [IST0118] (Service bookinfo/ratings) Port name web (port: 9080, targetPort: 0) doesn\'t follow the naming convention of Istio port.'],
    ['a namespace not injected', (o) => { delete get(o, 'Namespace', 'demo', 'default').metadata.labels; }, [
      // its pods leave the mesh, so its policies apply to no workload
      'Warning [IST0127] (AuthorizationPolicy demo/allow-nginx) No matching workloads for this resource with the following labels: app=nginx',
      'Warning [IST0127] (AuthorizationPolicy demo/allow-httpd) No matching workloads for this resource with the following labels: app=httpd',
      'Warning [IST0127] (AuthorizationPolicy demo/allow-nothing) No matching workloads for this resource with the following labels: ',
      'Info [IST0102] (Namespace demo) The namespace is not enabled for Istio injection. Run \'kubectl label namespace demo istio-injection=enabled\' to enable it, or \'kubectl label namespace demo istio-injection=disabled\' to explicitly mark it as not needing injection.']],
    ['two VirtualServices for one host', (o) => { o.push({ ...get(o, 'VirtualService', 'reviews'), metadata: { name: 'reviews-2', namespace: 'bookinfo' } }); },
      'Error [IST0109] (VirtualService bookinfo/reviews) The VirtualServices bookinfo/reviews,bookinfo/reviews-2 associated with mesh gateway define the same host */reviews.bookinfo.svc.cluster.local which can lead to undefined behavior. This can be fixed by merging the conflicting VirtualServices into a single resource.'],
    ['subset labels that match no pod template', (o) => { get(o, 'DestinationRule', 'reviews').spec.subsets[0].labels = { version: 'V1' }; },
      'Error [IST0173] (DestinationRule bookinfo/reviews) The Subset v1 defined in the DestinationRule does not select any pods. Which may lead to 503 UH (NoHealthyUpstream).'],
    ['a workload without a version label', (o) => {
      const d = get(o, 'Deployment', 'ratings-v1');
      for (const labels of [d.metadata.labels, d.spec.selector.matchLabels, d.spec.template.metadata.labels]) delete labels.version;
    },
      'Warning [CI0001] (Deployment bookinfo/ratings-v1) The pod template has no version label.'],
    ['a principal naming no service account', (o) => { get(o, 'AuthorizationPolicy', 'allow-ratings').spec.rules[0].from[0].source.principals = ['cluster.local/ns/bookinfo/sa/reviews']; },
      'Error [KIA0106] (AuthorizationPolicy bookinfo/allow-ratings) Service Account not found for this principal'],
    ['an ALLOW policy without rules', (o) => { delete get(o, 'AuthorizationPolicy', 'allow-ratings').spec.rules; },
      'Warning [CI0002] (AuthorizationPolicy bookinfo/allow-ratings) It has no rules, so it denies every request to the workloads labelled {"app":"ratings"}.'],
  ])('finds %s', (_, mutate, expected) => {
    expect(seeded(mutate).map(formatFinding).filter((f) => !f.startsWith('Error [IST0109] (VirtualService bookinfo/reviews-2)'))).toEqual([expected].flat());
  });

  test('finds Gateway API parents and backends that do not exist', () => {
    const app = Testing.app();
    buildDemo(app, { trafficApi: TrafficApi.GATEWAY_API });
    const objects = synthApp(app);
    get(objects, 'HTTPRoute', 'bookinfo').spec.parentRefs[0].name = 'frontdoor';
    get(objects, 'HTTPRoute', 'reviews').spec.rules[0].backendRefs[1].name = 'reviews-v9';
    expect(active(analyzeMesh(objects))).toEqual([
      'Error [KIA1401] (HTTPRoute bookinfo/bookinfo) Route is pointing to a non-existent or inaccessible K8s gateway',
      'Error [KIA1402] (HTTPRoute bookinfo/reviews) Reference doesn\'t have a valid service (Service name not found)',
    ]);
  });

  test('honors galley.istio.io/analyze-suppress, as istioctl does', () => {
    const findings = seeded((o) => {
      const svc = get(o, 'Service', 'ratings');
      svc.spec.ports[0].name = 'web';
      svc.metadata.annotations = { 'galley.istio.io/analyze-suppress': 'IST0118' };
    });
    expect(findings).toEqual([]);
  });

});
