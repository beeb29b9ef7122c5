import { Duration, Testing } from 'cdk8s';
import { BookinfoApp, LoadBalancer, MeshDestinationRule, TlsMode } from '../src';
import { chartIn, find } from './util/manifests';

function setup() {
  const chart = chartIn('bookinfo');
  return { chart, bookinfo: new BookinfoApp(chart, 'bookinfo') };
}

describe('MeshDestinationRule', () => {
  test('takes its subsets from the service\'s versions', () => {
    const { chart, bookinfo } = setup();
    const dr = new MeshDestinationRule(chart, 'dr', { service: bookinfo.reviews });
    expect(dr.subsets).toEqual(['v1', 'v2', 'v3']);
    expect(find(Testing.synth(chart), 'DestinationRule', 'reviews')).toEqual({
      apiVersion: 'networking.istio.io/v1',
      kind: 'DestinationRule',
      metadata: { name: 'reviews', namespace: 'bookinfo' },
      spec: { host: 'reviews', subsets: ['v1', 'v2', 'v3'].map((v) => ({ name: v, labels: { version: v } })) },
    });
  });

  test('renders mTLS, load balancing and circuit breaking', () => {
    const { chart, bookinfo } = setup();
    const dr = new MeshDestinationRule(chart, 'dr', {
      service: bookinfo.ratings,
      tlsMode: TlsMode.ISTIO_MUTUAL,
      loadBalancer: LoadBalancer.LEAST_REQUEST,
      connectionPool: { maxConnections: 100, connectTimeout: Duration.millis(250), http2MaxRequests: 1000 },
      outlierDetection: { consecutive5xxErrors: 5, interval: Duration.seconds(10), baseEjectionTime: Duration.seconds(30), maxEjectionPercent: 50 },
    });
    dr.addSubset('v2');
    expect(find(Testing.synth(chart), 'DestinationRule', 'ratings').spec).toEqual({
      host: 'ratings',
      trafficPolicy: {
        tls: { mode: 'ISTIO_MUTUAL' },
        loadBalancer: { simple: 'LEAST_REQUEST' },
        connectionPool: { tcp: { maxConnections: 100, connectTimeout: '0.25s' }, http: { http2MaxRequests: 1000 } },
        outlierDetection: { consecutive5xxErrors: 5, interval: '10s', baseEjectionTime: '30s', maxEjectionPercent: 50 },
      },
      subsets: [{ name: 'v1', labels: { version: 'v1' } }, { name: 'v2', labels: { version: 'v2' } }],
    });
  });

  test.each([
    [{ subsets: ['v1', 'v1'] }, 'test/dr: subsets must be a list without duplicates ("v1" appears twice), got ["v1","v1"]'],
    [{ subsets: ['V1'] }, 'test/dr: subsets must be a DNS-1123 label'],
    [{ tlsMode: 'STRICT' }, 'test/dr: tlsMode must be one of DISABLE, SIMPLE, MUTUAL, ISTIO_MUTUAL, got "STRICT"'],
    [{ connectionPool: { maxConnections: 0 } }, 'test/dr: connectionPool.maxConnections must be an integer from 1 to 2147483647, got 0'],
    [{ outlierDetection: { maxEjectionPercent: 101 } }, 'test/dr: outlierDetection.maxEjectionPercent must be an integer from 0 to 100, got 101'],
    [{ outlierDetection: { interval: Duration.millis(0) } }, 'test/dr: outlierDetection.interval must be a Duration of whole milliseconds, at least 1 ms (e.g. Duration.seconds(7)), got "0ms"'],
  ])('fails on bad props %j', (props, message) => {
    const { chart, bookinfo } = setup();
    expect(() => new MeshDestinationRule(chart, 'dr', { service: bookinfo.reviews, ...props } as any)).toThrow(message);
  });

  test('fails when a subset is added twice', () => {
    const { chart, bookinfo } = setup();
    const dr = new MeshDestinationRule(chart, 'dr', { service: bookinfo.reviews });
    expect(() => dr.addSubset('v2')).toThrow('test/dr: subset must be a subset not defined yet (have v1, v2, v3), got "v2"');
  });
});
