// Every Bookinfo routing task Istio documents, built with the public API in examples/ and
// compared with the spec of Istio's sample YAML for that task.
import { analyzeMesh } from '../src';
import { find, parity, runExample, upstream } from './util/manifests';

// Each example runs as a program; its synthesis runs the mesh checks (schemas included), so
// output that comes back is schema-valid and analyzer-clean.
const synthExample = (name: string): any[] => runExample(`${name}.ts`);

const to = (host: string, subset: string, weight?: number) => ({ destination: { host, subset }, ...(weight === undefined ? {} : { weight }) });
const jason = [{ headers: { 'end-user': { exact: 'jason' } } }];

describe('Istio routing tasks', () => {
  test('route all to v1 (virtual-service-all-v1.yaml)', () => {
    const objects = synthExample('route-all-v1');
    for (const host of ['productpage', 'reviews', 'ratings', 'details']) {
      expect(find(objects, 'VirtualService', host).spec).toEqual({ hosts: [host], http: [{ route: [to(host, 'v1')] }] });
    }
  });

  test('end-user jason to reviews v2, others v1 (virtual-service-reviews-test-v2.yaml)', () => {
    expect(find(synthExample('reviews-jason-v2'), 'VirtualService', 'reviews').spec).toEqual({
      hosts: ['reviews'],
      http: [{ match: jason, route: [to('reviews', 'v2')] }, { route: [to('reviews', 'v1')] }],
    });
  });

  test('jason to v2, others v3 (virtual-service-reviews-jason-v2-v3.yaml)', () => {
    expect(find(synthExample('reviews-jason-v2-others-v3'), 'VirtualService', 'reviews').spec).toEqual({
      hosts: ['reviews'],
      http: [{ match: jason, route: [to('reviews', 'v2')] }, { route: [to('reviews', 'v3')] }],
    });
  });

  test.each([
    ['reviews-80-20', 'v1', 80, 'v2', 20],
    ['reviews-50-v3', 'v1', 50, 'v3', 50],
    ['reviews-v2-v3', 'v2', 50, 'v3', 50],
  ])('weighted split %s', (example, a, wa, b, wb) => {
    expect(find(synthExample(example), 'VirtualService', 'reviews').spec).toEqual({
      hosts: ['reviews'],
      http: [{ route: [to('reviews', a, wa), to('reviews', b, wb)] }],
    });
  });

  test('all to v3 (virtual-service-reviews-v3.yaml): weight 100 is one destination without a weight', () => {
    expect(find(synthExample('reviews-v3'), 'VirtualService', 'reviews').spec).toEqual({
      hosts: ['reviews'],
      http: [{ route: [to('reviews', 'v3')] }],
    });
  });

  test('ratings 7 s delay for jason (virtual-service-ratings-test-delay.yaml)', () => {
    expect(find(synthExample('ratings-delay-jason'), 'VirtualService', 'ratings').spec).toEqual({
      hosts: ['ratings'],
      http: [
        { match: jason, fault: { delay: { percentage: { value: 100 }, fixedDelay: '7s' } }, route: [to('ratings', 'v1')] },
        { route: [to('ratings', 'v1')] },
      ],
    });
  });

  test('ratings HTTP 500 for jason (virtual-service-ratings-test-abort.yaml)', () => {
    expect(find(synthExample('ratings-abort-jason'), 'VirtualService', 'ratings').spec).toEqual({
      hosts: ['ratings'],
      http: [
        { match: jason, fault: { abort: { percentage: { value: 100 }, httpStatus: 500 } }, route: [to('ratings', 'v1')] },
        { route: [to('ratings', 'v1')] },
      ],
    });
  });

  test('details v2 (virtual-service-details-v2.yaml), with the details-v2 Deployment', () => {
    const objects = synthExample('details-v2');
    expect(find(objects, 'VirtualService', 'details').spec).toEqual({ hosts: ['details'], http: [{ route: [to('details', 'v2')] }] });
    const deployment = find(objects, 'Deployment', 'details-v2');
    expect(deployment.spec.template.metadata.labels).toEqual({ app: 'details', version: 'v2' });
    expect(deployment.spec.template.spec.containers[0].image).toBe('docker.io/istio/examples-bookinfo-details-v2:1.20.3');
  });

  test('DestinationRules of every published version (destination-rule-all.yaml), IST0173 suppressed where meant', () => {
    const objects = synthExample('destination-rule-all');
    expect(parity(objects, upstream('destination-rule-all.yaml'))).toEqual([]);
    // ratings v2-mysql and v2-mysql-vm select no pods: istioctl's IST0173, suppressed on that rule. (istioctl matches a
    // subset's labels against every pod, without the Service's selector (destinationrule/subset.go:102, util/service_lookup.go:66-87),
    // so ratings v2 and details v2 count as selecting reviews-v2's pods.)
    const found = analyzeMesh(objects).filter((f) => f.code === 'IST0173').map((f) => [f.resource, f.message, f.suppressed]);
    expect(found).toEqual(['v2-mysql', 'v2-mysql-vm'].map((subset) => ['DestinationRule bookinfo/ratings',
      `The Subset ${subset} defined in the DestinationRule does not select any pods. Which may lead to 503 UH (NoHealthyUpstream).`, true]));
  });

  test('DestinationRules with mutual TLS (destination-rule-all-mtls.yaml)', () => {
    const objects = synthExample('destination-rules-mtls');
    const subsets = (...names: string[]) => names.map((name) => ({ name, labels: { version: name } }));
    const expected: Record<string, string[]> = {
      productpage: ['v1'], reviews: ['v1', 'v2', 'v3'], ratings: ['v1', 'v2', 'v2-mysql', 'v2-mysql-vm'], details: ['v1', 'v2'],
    };
    for (const [host, names] of Object.entries(expected)) {
      expect(find(objects, 'DestinationRule', host).spec).toEqual({ host, trafficPolicy: { tls: { mode: 'ISTIO_MUTUAL' } }, subsets: subsets(...names) });
    }
  });

  test('circuit breaking on reviews', () => {
    expect(find(synthExample('circuit-breaking'), 'DestinationRule', 'reviews').spec).toEqual({
      host: 'reviews',
      trafficPolicy: {
        connectionPool: { tcp: { maxConnections: 1 }, http: { http1MaxPendingRequests: 1, maxRequestsPerConnection: 1 } },
        outlierDetection: { consecutive5xxErrors: 1, interval: '1s', baseEjectionTime: '180s', maxEjectionPercent: 100 },
      },
      subsets: [{ name: 'v1', labels: { version: 'v1' } }, { name: 'v2', labels: { version: 'v2' } }, { name: 'v3', labels: { version: 'v3' } }],
    });
  });
});
