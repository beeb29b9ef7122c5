// Property-based tests: random valid route and canary props always give schema-valid,
// analyzer-clean output; random invalid ones always throw at construction.
import { Chart, Duration, Testing } from 'cdk8s';
import * as fc from 'fast-check';
import {
  BookinfoApp, BookinfoDestinationRules, Canary, formatFinding, HttpRouteRule, MeshChecks, MeshNamespace, ReviewsCanary,
  ServiceRoutes, StringMatch, TrafficApi,
} from '../src';

const VERSIONS = ['v1', 'v2', 'v3'];

/** Bookinfo in an injected namespace, with DestinationRules (Istio API) or per-version Services. */
function base(api: TrafficApi) {
  const app = Testing.app();
  new MeshNamespace(new Chart(app, 'ns'), 'bookinfo');
  const chart = new Chart(app, 'bookinfo', { namespace: 'bookinfo' });
  const bookinfo = new BookinfoApp(chart, 'bookinfo');
  const rules = api === TrafficApi.ISTIO ? new BookinfoDestinationRules(chart, 'drs', { bookinfo }) : undefined;
  if (api === TrafficApi.GATEWAY_API) VERSIONS.forEach((v) => bookinfo.reviews.addVersionService(v));
  return { app, chart, bookinfo, rules };
}

/**
 * Every finding of the app's own checks (analyzer and schemas): synthesis runs them once, and an
 * error (a schema problem included) fails it; warnings and infos are listed.
 */
function clean(app: ReturnType<typeof Testing.app>): string[] {
  Testing.synth(app.charts[0]); // validates the whole app: the checks run on every object
  return MeshChecks.of(app).findings.map(formatFinding);
}

const api = fc.constantFrom(TrafficApi.ISTIO, TrafficApi.GATEWAY_API);
const headerName = fc.stringMatching(/^[a-z][a-z0-9-]{0,15}$/);
const headerValue = fc.stringMatching(/^[A-Za-z0-9._-]{1,20}$/);
/** A normalized absolute path: "/", "/a", "/a/b-c". */
const path = fc.array(fc.stringMatching(/^[a-z0-9_-]{1,8}$/), { maxLength: 3 }).map((segments) => `/${segments.join('/')}`);
/** 1 to 3 distinct subsets with integer weights adding up to 100. */
const split = fc.shuffledSubarray(VERSIONS, { minLength: 1, maxLength: 3 }).chain((subsets) =>
  fc.array(fc.integer({ min: 0, max: 100 }), { minLength: subsets.length - 1, maxLength: subsets.length - 1 }).map((cuts) => {
    const points = [0, ...cuts.sort((a, b) => a - b), 100];
    return subsets.map((subset, i) => ({ subset, weight: points[i + 1] - points[i] }));
  }));

describe('properties', () => {
  test('any valid canary is schema-valid and analyzer-clean', () => {
    fc.assert(fc.property(
      api, fc.shuffledSubarray(VERSIONS, { minLength: 2, maxLength: 2 }), fc.integer({ min: 0, max: 100 }),
      fc.option(fc.record({ name: headerName, value: headerValue, regex: fc.boolean() }), { nil: undefined }),
      (trafficApi, [stable, canary], weight, header) => {
        const { app, chart, bookinfo, rules } = base(trafficApi);
        new Canary(chart, 'canary', {
          service: bookinfo.reviews, stableVersion: stable, canaryVersion: canary, canaryWeight: weight, api: trafficApi,
          destinationRule: rules?.forService(bookinfo.reviews),
          canaryHeader: header && { name: header.name, value: header.regex ? StringMatch.regex(`^${header.value}$`) : StringMatch.exact(header.value) },
        });
        expect(clean(app)).toEqual([]);
      }), { numRuns: 30 });
  });

  test('any valid route rule is schema-valid and analyzer-clean', () => {
    fc.assert(fc.property(
      api, split,
      fc.option(fc.integer({ min: 1, max: 120_000 }), { nil: undefined }),
      fc.option(fc.record({ uri: path, prefix: fc.boolean() }), { nil: undefined }),
      fc.option(fc.record({ status: fc.integer({ min: 200, max: 599 }), percentage: fc.integer({ min: 1, max: 100 }), delayMs: fc.integer({ min: 1, max: 10_000 }) }), { nil: undefined }),
      (trafficApi, destinations, timeoutMs, match, fault) => {
        const { app, chart, bookinfo } = base(trafficApi);
        const rule: HttpRouteRule = {
          destinations,
          timeout: timeoutMs === undefined ? undefined : Duration.millis(timeoutMs),
          matches: match && [{ uri: match.prefix ? StringMatch.prefix(match.uri) : StringMatch.exact(match.uri) }],
          // Faults and retries exist in the Istio API only.
          fault: fault && trafficApi === TrafficApi.ISTIO
            ? { abort: { httpStatus: fault.status, percentage: fault.percentage }, delay: { fixedDelay: Duration.millis(fault.delayMs), percentage: fault.percentage } }
            : undefined,
          retries: fault && trafficApi === TrafficApi.ISTIO ? { attempts: 2, perTryTimeout: Duration.millis(fault.delayMs) } : undefined,
        };
        new ServiceRoutes(chart, 'routes', { service: bookinfo.reviews, api: trafficApi, rules: [rule] });
        expect(clean(app)).toEqual([]);
      }), { numRuns: 40 });
  });

  test('weights that do not add up to 100 always throw', () => {
    fc.assert(fc.property(api, fc.array(fc.integer({ min: 0, max: 200 }), { minLength: 2, maxLength: 3 }).filter((w) => w.reduce((a, b) => a + b, 0) !== 100),
      (trafficApi, weights) => {
        const { chart, bookinfo } = base(trafficApi);
        const destinations = weights.map((weight, i) => ({ subset: VERSIONS[i], weight }));
        expect(() => new ServiceRoutes(chart, 'routes', { service: bookinfo.reviews, api: trafficApi, rules: [{ destinations }] })).toThrow(/rules\[0\]\.destinations/);
      }), { numRuns: 30 });
  });

  test('canary weights outside 0..100 or not integers always throw', () => {
    const bad = fc.oneof(fc.integer({ max: -1 }), fc.integer({ min: 101 }), fc.double({ min: 0, max: 100, noNaN: true }).filter((n) => !Number.isInteger(n)));
    fc.assert(fc.property(bad, (canaryWeight) => {
      const { chart, bookinfo } = base(TrafficApi.ISTIO);
      expect(() => new ReviewsCanary(chart, 'canary', { bookinfo, canaryWeight }))
        .toThrow('bookinfo/canary: canaryWeight must be an integer from 0 to 100');
    }), { numRuns: 30 });
  });

  test('durations that are not whole milliseconds, or fault percentages outside (0, 100], always throw', () => {
    const badPercentage = fc.oneof(fc.double({ max: 0, noNaN: true }), fc.double({ min: 100.000001, noNaN: true }));
    const badMs = fc.double({ min: 0, max: 10_000, noNaN: true }).filter((n) => !Number.isInteger(n) || n < 1);
    fc.assert(fc.property(badMs, badPercentage, (ms, percentage) => {
      const { chart, bookinfo } = base(TrafficApi.ISTIO);
      const routes = new ServiceRoutes(chart, 'routes', { service: bookinfo.reviews });
      expect(() => routes.addRule({ destinations: [{}], timeout: Duration.millis(ms) })).toThrow('rules[0].timeout must be a Duration of whole milliseconds');
      expect(() => routes.addRule({ destinations: [{}], fault: { abort: { httpStatus: 503, percentage } } })).toThrow('rules[0].fault.abort.percentage must be a percentage greater than 0 and at most 100');
    }), { numRuns: 30 });
  });
});
