import { Chart, Size, Testing } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-28';
import { BOOKINFO_CALLS, BookinfoApp, ReviewsVersion } from '../src';
import { find, parity, upstream } from './util/manifests';
import { SchemaValidator } from '../src/checks/schema-validator';

function synthBookinfo(props: ConstructorParameters<typeof BookinfoApp>[2] = {}) {
  const chart = Testing.chart();
  const app = new BookinfoApp(chart, 'bookinfo', props);
  return { app, objects: Testing.synth(chart) };
}

describe('BookinfoApp', () => {
  test('equals Istio\'s bookinfo.yaml object for object and field for field', () => {
    const { objects } = synthBookinfo();
    const reference = upstream('bookinfo.yaml');
    expect(reference).toHaveLength(14);
    expect(parity(objects, reference)).toEqual([]);
    // ...and adds no object of its own.
    expect(objects.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual(reference.map((o) => `${o.kind}/${o.metadata.name}`));
  });

  test('puts every object in the bookinfo namespace by default', () => {
    const { app, objects } = synthBookinfo();
    expect(app.namespace).toBe('bookinfo');
    expect(new Set(objects.map((o) => o.metadata.namespace))).toEqual(new Set(['bookinfo']));
  });

  test('takes the namespace from the chart, or from the prop', () => {
    const chart = new Chart(Testing.app(), 'c', { namespace: 'books' });
    expect(new BookinfoApp(chart, 'a').namespace).toBe('books');
    expect(new BookinfoApp(Testing.chart(), 'b', { namespace: 'shelf' }).namespace).toBe('shelf');
  });

  test('exposes hosts, ports, versions and service accounts', () => {
    const { app } = synthBookinfo();
    expect(app.services.map((s) => s.host)).toEqual(['details', 'ratings', 'reviews', 'productpage']);
    expect(app.port).toBe(9080);
    expect(app.reviews.versions).toEqual(['v1', 'v2', 'v3']);
    expect(app.productpage.serviceAccountName).toBe('bookinfo-productpage');
    expect(app.reviews.principal).toBe('cluster.local/ns/bookinfo/sa/bookinfo-reviews');
    expect(app.ratings.fqdn).toBe('ratings.bookinfo.svc.cluster.local');
  });

  test('declares Bookinfo\'s call graph, as the upstream sources make the calls', () => {
    const callers = (app: BookinfoApp) => Object.fromEntries(app.services.map((s) => [s.name, s.callers.map((c) => c.callerName)]));
    expect(callers(synthBookinfo().app)).toEqual({
      details: ['bookinfo/productpage'],
      // productpage.py:303-307,366-378: /api/v1/products/<id>/ratings; LibertyRestEndpoint.java:145-160: reviews v2 and v3.
      ratings: ['bookinfo/productpage', 'bookinfo/reviews'],
      reviews: ['bookinfo/productpage'],
      productpage: [],
    });
    // reviews v1 shows no stars and never calls ratings; productpage still does.
    expect(callers(synthBookinfo({ reviewsVersions: [ReviewsVersion.V1] }).app).ratings).toEqual(['bookinfo/productpage']);
    expect(BOOKINFO_CALLS.map((c) => `${c.from} -> ${c.to} ${c.method} ${c.path}`)).toEqual([
      'productpage -> details GET /details/0', 'productpage -> reviews GET /reviews/0', 'productpage -> ratings GET /ratings/0', 'reviews -> ratings GET /ratings/0',
    ]);
  });

  test('runs every container under Kubernetes\' restricted profile, as Istio\'s bookinfo-psa.yaml does', () => {
    const { objects } = synthBookinfo();
    const contexts = objects.filter((o) => o.kind === 'Deployment').flatMap((d) => d.spec.template.spec.containers.map((c: any) => c.securityContext));
    expect(contexts).toHaveLength(6);
    for (const context of contexts) {
      expect(context).toEqual({ allowPrivilegeEscalation: false, runAsNonRoot: true, capabilities: { drop: ['ALL'] }, seccompProfile: { type: 'RuntimeDefault' } });
    }
  });

  test('Service selectors match the pod labels of their Deployments and every pod runs as an existing ServiceAccount', () => {
    const { objects } = synthBookinfo();
    const deployments = objects.filter((o) => o.kind === 'Deployment');
    const accounts = new Set(objects.filter((o) => o.kind === 'ServiceAccount').map((o) => o.metadata.name));
    for (const svc of objects.filter((o) => o.kind === 'Service')) {
      const selected = deployments.filter((d) => Object.entries(svc.spec.selector).every(([k, v]) => d.spec.template.metadata.labels[k] === v));
      expect(selected.length).toBeGreaterThan(0);
      expect(svc.spec.ports.map((p: any) => p.name)).toEqual(['http']);
    }
    for (const d of deployments) {
      expect(d.spec.selector.matchLabels).toEqual(d.spec.template.metadata.labels);
      expect(Object.keys(d.spec.template.metadata.labels).sort()).toEqual(['app', 'version']);
      expect(accounts.has(d.spec.template.spec.serviceAccountName)).toBe(true);
    }
  });

  test('gives every container requests, a memory limit and room for the JVM of reviews', () => {
    const { objects } = synthBookinfo();
    const resources = Object.fromEntries(objects.filter((o) => o.kind === 'Deployment')
      .map((d) => [d.metadata.name, d.spec.template.spec.containers[0].resources]));
    expect(resources).toEqual({
      'details-v1': { requests: { cpu: '20m', memory: '32Mi' }, limits: { memory: '128Mi' } },
      'ratings-v1': { requests: { cpu: '20m', memory: '48Mi' }, limits: { memory: '128Mi' } },
      'reviews-v1': { requests: { cpu: '100m', memory: '256Mi' }, limits: { memory: '1024Mi' } },
      'reviews-v2': { requests: { cpu: '100m', memory: '256Mi' }, limits: { memory: '1024Mi' } },
      'reviews-v3': { requests: { cpu: '100m', memory: '256Mi' }, limits: { memory: '1024Mi' } },
      'productpage-v1': { requests: { cpu: '50m', memory: '64Mi' }, limits: { memory: '256Mi' } },
    });
  });

  test('applies registry, tag, replicas, reviews versions and resources', () => {
    const { app, objects } = synthBookinfo({
      imageRegistry: 'registry.example.com/mirror/',
      imageTag: '1.20.2',
      replicas: 2,
      reviewsVersions: [ReviewsVersion.V1, ReviewsVersion.V3],
      resources: { reviews: { cpu: { request: Cpu.millis(200) }, memory: { request: Size.mebibytes(512), limit: Size.gibibytes(1) } } },
    });
    expect(app.reviews.versions).toEqual(['v1', 'v3']);
    expect(objects.filter((o) => o.kind === 'Deployment').map((d) => d.metadata.name)).toEqual(['details-v1', 'ratings-v1', 'reviews-v1', 'reviews-v3', 'productpage-v1']);
    const reviews = find(objects, 'Deployment', 'reviews-v3');
    expect(reviews.spec.replicas).toBe(2);
    expect(reviews.spec.template.spec.containers[0].image).toBe('registry.example.com/mirror/examples-bookinfo-reviews-v3:1.20.2');
    expect(reviews.spec.template.spec.containers[0].resources).toEqual({ requests: { cpu: '200m', memory: '512Mi' }, limits: { memory: '1024Mi' } });
    expect(find(objects, 'Deployment', 'details-v1').spec.template.spec.containers[0].resources.requests).toEqual({ cpu: '20m', memory: '32Mi' });
  });

  test('every object is valid against the Kubernetes 1.28 schema', () => {
    expect(new SchemaValidator().validate(synthBookinfo().objects)).toEqual([]);
  });

  test.each([
    [{ reviewsVersions: [] }, 'test/bookinfo: reviewsVersions must be a non-empty list of v1, v2, v3, got []'],
    [{ reviewsVersions: ['v4'] }, 'test/bookinfo: reviewsVersions must be one of v1, v2, v3 (the versions Istio publishes images for), got "v4"'],
    [{ reviewsVersions: ['v1', 'v1'] }, 'test/bookinfo: reviewsVersions must be a list without duplicates ("v1" appears twice), got ["v1","v1"]'],
    [{ replicas: -1 }, 'test/bookinfo: replicas must be an integer from 0 to 1000, got -1'],
    [{ replicas: 1.5 }, 'test/bookinfo: replicas must be an integer from 0 to 1000, got 1.5'],
    [{ namespace: 'Book Info' }, 'test/bookinfo: namespace must be a DNS-1123 label'],
    [{ imageTag: 'latest version' }, 'test/bookinfo: imageTag must be a Docker tag (letters, digits, "_", "." and "-", at most 128 characters), got "latest version"'],
    [{ imageRegistry: ' ' }, 'test/bookinfo: imageRegistry must be a non-empty string without whitespace, got " "'],
  ])('fails on bad props %j', (props, message) => {
    expect(() => synthBookinfo(props as any)).toThrow(message);
  });
});
