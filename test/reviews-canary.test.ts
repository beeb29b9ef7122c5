import { Testing } from 'cdk8s';
import { BookinfoApp, MeshDestinationRule, ReviewsCanary, ReviewsVersion, StringMatch, TrafficApi } from '../src';
import { chartIn, find, parity, upstream } from './util/manifests';
import { SchemaValidator } from '../src/checks/schema-validator';

function setup() {
  const chart = chartIn('bookinfo');
  const bookinfo = new BookinfoApp(chart, 'bookinfo');
  return { chart, bookinfo };
}
const jason = { name: 'end-user', value: StringMatch.exact('jason') };

describe('ReviewsCanary', () => {
  test('Istio API: DestinationRule subsets and a weighted VirtualService with the header pin first', () => {
    const { chart, bookinfo } = setup();
    const canary = new ReviewsCanary(chart, 'canary', { bookinfo, canaryVersion: ReviewsVersion.V2, canaryWeight: 10, canaryHeader: jason });
    const objects = Testing.synth(chart);
    expect(canary.stableVersion).toBe('v1');
    expect(find(objects, 'DestinationRule', 'reviews').spec.subsets.map((s: any) => s.name)).toEqual(['v1', 'v2', 'v3']);
    expect(find(objects, 'VirtualService', 'reviews').spec).toEqual({
      hosts: ['reviews'],
      http: [
        { match: [{ headers: { 'end-user': { exact: 'jason' } } }], route: [{ destination: { host: 'reviews', subset: 'v2' } }] },
        { route: [{ destination: { host: 'reviews', subset: 'v1' }, weight: 90 }, { destination: { host: 'reviews', subset: 'v2' }, weight: 10 }] },
      ],
    });
    expect(new SchemaValidator().validate(objects)).toEqual([]);
  });

  test('Gateway API (GAMMA): per-version Services and an HTTPRoute on the reviews Service', () => {
    const { chart, bookinfo } = setup();
    new ReviewsCanary(chart, 'canary', { bookinfo, canaryVersion: ReviewsVersion.V3, canaryWeight: 25, canaryHeader: jason, api: TrafficApi.GATEWAY_API });
    const objects = Testing.synth(chart);
    expect(parity(objects, upstream('bookinfo-versions.yaml').filter((o) => ['reviews-v1', 'reviews-v3'].includes(o.metadata.name)))).toEqual([]);
    expect(objects.filter((o) => o.kind === 'DestinationRule')).toEqual([]);
    expect(find(objects, 'HTTPRoute', 'reviews').spec).toEqual({
      parentRefs: [{ group: '', kind: 'Service', name: 'reviews', port: 9080 }],
      rules: [
        { matches: [{ headers: [{ type: 'Exact', name: 'end-user', value: 'jason' }] }], backendRefs: [{ name: 'reviews-v3', port: 9080 }] },
        { backendRefs: [{ name: 'reviews-v1', port: 9080, weight: 75 }, { name: 'reviews-v3', port: 9080, weight: 25 }] },
      ],
    });
    expect(new SchemaValidator().validate(objects)).toEqual([]);
  });

  test.each([
    [TrafficApi.ISTIO, 0, [{ route: [{ destination: { host: 'reviews', subset: 'v1' } }] }]],
    [TrafficApi.ISTIO, 100, [{ route: [{ destination: { host: 'reviews', subset: 'v2' } }] }]],
    [TrafficApi.GATEWAY_API, 0, [{ backendRefs: [{ name: 'reviews-v1', port: 9080 }] }]],
    [TrafficApi.GATEWAY_API, 100, [{ backendRefs: [{ name: 'reviews-v2', port: 9080 }] }]],
  ])('%s weight %i is a single destination without a weight', (api, canaryWeight, expected) => {
    const { chart, bookinfo } = setup();
    new ReviewsCanary(chart, 'canary', { bookinfo, canaryVersion: ReviewsVersion.V2, canaryWeight, api });
    const route = find(Testing.synth(chart), api === TrafficApi.ISTIO ? 'VirtualService' : 'HTTPRoute', 'reviews');
    expect(api === TrafficApi.ISTIO ? route.spec.http : route.spec.rules).toEqual(expected);
  });

  test('reuses the app\'s DestinationRule instead of adding a second one for the host', () => {
    const { chart, bookinfo } = setup();
    const dr = new MeshDestinationRule(chart, 'dr', { service: bookinfo.reviews });
    const canary = new ReviewsCanary(chart, 'canary', { bookinfo, canaryVersion: ReviewsVersion.V3, canaryWeight: 50, destinationRule: dr });
    expect(canary.destinationRule).toBe(dr);
    expect(Testing.synth(chart).filter((o) => o.kind === 'DestinationRule')).toHaveLength(1);
  });

  test.each([
    [{ canaryVersion: 'v4' }, 'test/canary: canaryVersion must be one of the reviews versions this BookinfoApp deploys (v1, v2, v3), got "v4"'],
    [{ canaryVersion: 'v1' }, 'test/canary: canaryVersion must be a version other than the stable one (v1), got "v1"'],
    [{ stableVersion: 'v0' }, 'test/canary: stableVersion must be one of the reviews versions this BookinfoApp deploys (v1, v2, v3), got "v0"'],
    [{ canaryWeight: 150 }, 'test/canary: canaryWeight must be an integer from 0 to 100, got 150'],
    [{ canaryWeight: -1 }, 'test/canary: canaryWeight must be an integer from 0 to 100, got -1'],
    [{ canaryWeight: 12.5 }, 'test/canary: canaryWeight must be an integer from 0 to 100, got 12.5'],
    [{ bookinfo: undefined }, 'test/canary: bookinfo must be a BookinfoApp, got undefined'],
  ])('fails on bad props %j', (props, message) => {
    const { chart, bookinfo } = setup();
    expect(() => new ReviewsCanary(chart, 'canary', { bookinfo, ...props } as any)).toThrow(message);
  });

  test('fails at synthesis when the DestinationRule lacks the canary subset, with one IST0101', () => {
    const { chart, bookinfo } = setup();
    const dr = new MeshDestinationRule(chart, 'dr', { service: bookinfo.reviews, subsets: ['v1', 'v2'] });
    new ReviewsCanary(chart, 'canary', { bookinfo, canaryVersion: ReviewsVersion.V3, canaryWeight: 10, destinationRule: dr });
    expect(() => Testing.synth(chart)).toThrow(/1 error:\n.*Error \[IST0101\] \(VirtualService bookinfo\/reviews\) Referenced host\+subset in destinationrule not found: "reviews\+v3" at test\/canary\/Routes\/Resource\n.*fix: Add subset v3 to the DestinationRule of reviews \(DestinationRule bookinfo\/reviews defines v1, v2\), or route to one of its subsets\./);
  });
});
