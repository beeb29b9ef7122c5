// Every program in examples/, each run once for all the tests here: it synthesizes, schema-valid
// and analyzer-clean; the tutorial steps produce what the seeds walk through; the routing tasks
// equal Istio's sample YAML for that task; and the simulator finds each real call allowed.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Yaml } from 'cdk8s';
import { parseAllDocuments } from 'yaml';
import { analyzeMesh, formatFinding } from '../src';
import { fastYamlStringify } from '../src/private/fast-yaml';
import { ManifestIndex } from '../src/checks/manifest-index';
import { find, parity, readDist, runExampleInto, upstream } from './util/manifests';
import { CallCase, callCases, callTable, describeCalls, Intent } from './util/sim-table';

const EXAMPLES = fs.readdirSync(path.join(__dirname, '..', 'examples')).filter((f) => f.endsWith('.ts')).sort();

// Each program runs once for every test here (the folder it writes, and its objects).
const outputs = new Map<string, { outdir: string; objects: any[] }>();
function output(file: string): { outdir: string; objects: any[] } {
  let out = outputs.get(file);
  if (!out) {
    const outdir = runExampleInto(file);
    out = { outdir, objects: readDist(outdir) };
    outputs.set(file, out);
  }
  return out;
}
const synthExample = (file: string): any[] => output(file).objects;
afterAll(() => outputs.forEach(({ outdir }) => fs.rmSync(outdir, { recursive: true, force: true })));

describe('examples/', () => {
  test.each(EXAMPLES)('%s runs as a program, schema-valid and analyzer-clean', (file) => {
    const objects = synthExample(file);
    expect(objects.length).toBeGreaterThan(0);
    expect(analyzeMesh(objects).filter((f) => !f.suppressed).map(formatFinding)).toEqual([]);
  });

  test.each(EXAMPLES)('%s: the fast YAML emitter writes its files byte for byte as cdk8s does', (file) => {
    const { outdir } = output(file);
    const fast = fastYamlStringify((...docs: any[]) => Yaml.stringify(...docs));
    for (const f of fs.readdirSync(outdir).filter((n) => n.endsWith('.yaml'))) {
      const text = fs.readFileSync(path.join(outdir, f), 'utf8');
      expect(fast(...parseAllDocuments(text).map((d) => d.toJS()))).toBe(text);
    }
  });

  test.each(EXAMPLES)('%s imports the package by name, as an app copied from it would', (file) => {
    const source = fs.readFileSync(path.join(__dirname, '..', 'examples', file), 'utf8');
    const modules = [...source.matchAll(/from '([^']+)'/g)].map((m) => m[1]);
    expect(modules.filter((m) => !/^(cdk8s|cdk8s-plus-28|cdk8s-istio|cdk8s-istio\/imports\/[a-z.]+)$/.test(m))).toEqual([]);
  });

  test('01-mesh-namespace: injection, revision and ambient labels', () => {
    expect(synthExample('01-mesh-namespace.ts').map((o) => [o.metadata.name, o.metadata.labels])).toEqual([
      ['bookinfo', { 'istio-injection': 'enabled' }],
      ['canary-apps', { 'istio.io/rev': '1-28-10' }],
      ['ambient-apps', { 'istio.io/dataplane-mode': 'ambient' }],
    ]);
  });

  test('02-bookinfo: the 14 objects of bookinfo.yaml after the namespace', () => {
    const objects = synthExample('02-bookinfo.ts');
    expect(objects.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual([
      'Namespace/bookinfo',
      'Service/details', 'ServiceAccount/bookinfo-details', 'Deployment/details-v1',
      'Service/ratings', 'ServiceAccount/bookinfo-ratings', 'Deployment/ratings-v1',
      'Service/reviews', 'ServiceAccount/bookinfo-reviews', 'Deployment/reviews-v1', 'Deployment/reviews-v2', 'Deployment/reviews-v3',
      'Service/productpage', 'ServiceAccount/bookinfo-productpage', 'Deployment/productpage-v1',
    ]);
  });

  test('03 and 04: the ingress in both APIs', () => {
    expect(find(synthExample('03-ingress-istio.ts'), 'VirtualService', 'bookinfo').spec.gateways).toEqual(['bookinfo-gateway']);
    expect(find(synthExample('04-ingress-gateway-api.ts'), 'HTTPRoute', 'bookinfo').spec.parentRefs).toEqual([{ name: 'bookinfo-gateway' }]);
  });

  test('security-zero-trust: STRICT, allows from the call graph, deny-by-default, JWT on /productpage', () => {
    const objects = synthExample('security-zero-trust.ts');
    expect(find(objects, 'PeerAuthentication', 'default').spec).toEqual({ mtls: { mode: 'STRICT' } });
    expect(objects.filter((o) => o.kind === 'AuthorizationPolicy').map((o) => o.metadata.name).sort())
      .toEqual(['allow-details', 'allow-nothing', 'allow-productpage', 'allow-ratings', 'allow-reviews', 'ingress-jwt-require-jwt']);
    expect(find(objects, 'RequestAuthentication', 'ingress-jwt').metadata.namespace).toBe('istio-system');
  });

  test('curl-pair: both workloads, both allows, telemetry', () => {
    const objects = synthExample('curl-pair.ts');
    expect(objects.filter((o) => o.kind === 'Deployment').map((o) => o.metadata.name)).toEqual(['nginx-v1', 'httpd-v1']);
    expect(objects.filter((o) => o.kind === 'AuthorizationPolicy').map((o) => o.metadata.name)).toEqual(['allow-nginx', 'allow-httpd', 'allow-nothing']);
    expect(find(objects, 'Telemetry', 'telemetry').spec.accessLogging).toEqual([{ providers: [{ name: 'envoy' }] }]);
  });
});

// The routing tasks name their program without the extension.
const synthTask = (name: string): any[] => synthExample(`${name}.ts`);
const to = (host: string, subset: string, weight?: number) => ({ destination: { host, subset }, ...(weight === undefined ? {} : { weight }) });
const jason = [{ headers: { 'end-user': { exact: 'jason' } } }];

describe('Istio routing tasks', () => {
  test('route all to v1 (virtual-service-all-v1.yaml)', () => {
    const objects = synthTask('route-all-v1');
    for (const host of ['productpage', 'reviews', 'ratings', 'details']) {
      expect(find(objects, 'VirtualService', host).spec).toEqual({ hosts: [host], http: [{ route: [to(host, 'v1')] }] });
    }
  });

  test('end-user jason to reviews v2, others v1 (virtual-service-reviews-test-v2.yaml)', () => {
    expect(find(synthTask('reviews-jason-v2'), 'VirtualService', 'reviews').spec).toEqual({
      hosts: ['reviews'],
      http: [{ match: jason, route: [to('reviews', 'v2')] }, { route: [to('reviews', 'v1')] }],
    });
  });

  test('jason to v2, others v3 (virtual-service-reviews-jason-v2-v3.yaml)', () => {
    expect(find(synthTask('reviews-jason-v2-others-v3'), 'VirtualService', 'reviews').spec).toEqual({
      hosts: ['reviews'],
      http: [{ match: jason, route: [to('reviews', 'v2')] }, { route: [to('reviews', 'v3')] }],
    });
  });

  test.each([
    ['reviews-80-20', 'v1', 80, 'v2', 20],
    ['reviews-50-v3', 'v1', 50, 'v3', 50],
    ['reviews-v2-v3', 'v2', 50, 'v3', 50],
  ])('weighted split %s', (example, a, wa, b, wb) => {
    expect(find(synthTask(example), 'VirtualService', 'reviews').spec).toEqual({
      hosts: ['reviews'],
      http: [{ route: [to('reviews', a, wa), to('reviews', b, wb)] }],
    });
  });

  test('all to v3 (virtual-service-reviews-v3.yaml): weight 100 is one destination without a weight', () => {
    expect(find(synthTask('reviews-v3'), 'VirtualService', 'reviews').spec).toEqual({
      hosts: ['reviews'],
      http: [{ route: [to('reviews', 'v3')] }],
    });
  });

  test('ratings 7 s delay for jason (virtual-service-ratings-test-delay.yaml)', () => {
    expect(find(synthTask('ratings-delay-jason'), 'VirtualService', 'ratings').spec).toEqual({
      hosts: ['ratings'],
      http: [
        { match: jason, fault: { delay: { percentage: { value: 100 }, fixedDelay: '7s' } }, route: [to('ratings', 'v1')] },
        { route: [to('ratings', 'v1')] },
      ],
    });
  });

  test('ratings HTTP 500 for jason (virtual-service-ratings-test-abort.yaml)', () => {
    expect(find(synthTask('ratings-abort-jason'), 'VirtualService', 'ratings').spec).toEqual({
      hosts: ['ratings'],
      http: [
        { match: jason, fault: { abort: { percentage: { value: 100 }, httpStatus: 500 } }, route: [to('ratings', 'v1')] },
        { route: [to('ratings', 'v1')] },
      ],
    });
  });

  test('details v2 (virtual-service-details-v2.yaml), with the details-v2 Deployment', () => {
    const objects = synthTask('details-v2');
    expect(find(objects, 'VirtualService', 'details').spec).toEqual({ hosts: ['details'], http: [{ route: [to('details', 'v2')] }] });
    const deployment = find(objects, 'Deployment', 'details-v2');
    expect(deployment.spec.template.metadata.labels).toEqual({ app: 'details', version: 'v2' });
    expect(deployment.spec.template.spec.containers[0].image).toBe('docker.io/istio/examples-bookinfo-details-v2:1.20.3');
  });

  test('DestinationRules of every published version (destination-rule-all.yaml), IST0173 suppressed where meant', () => {
    const objects = synthTask('destination-rule-all');
    expect(parity(objects, upstream('destination-rule-all.yaml'))).toEqual([]);
    // ratings v2-mysql and v2-mysql-vm select no pods: istioctl's IST0173, suppressed on that rule. (istioctl matches a
    // subset's labels against every pod, without the Service's selector (destinationrule/subset.go:102, util/service_lookup.go:66-87),
    // so ratings v2 and details v2 count as selecting reviews-v2's pods.)
    const found = analyzeMesh(objects).filter((f) => f.code === 'IST0173').map((f) => [f.resource, f.message, f.suppressed]);
    expect(found).toEqual(['v2-mysql', 'v2-mysql-vm'].map((subset) => ['DestinationRule bookinfo/ratings',
      `The Subset ${subset} defined in the DestinationRule does not select any pods. Which may lead to 503 UH (NoHealthyUpstream).`, true]));
  });

  test('DestinationRules with mutual TLS (destination-rule-all-mtls.yaml)', () => {
    const objects = synthTask('destination-rules-mtls');
    const subsets = (...names: string[]) => names.map((name) => ({ name, labels: { version: name } }));
    const expected: Record<string, string[]> = {
      productpage: ['v1'], reviews: ['v1', 'v2', 'v3'], ratings: ['v1', 'v2', 'v2-mysql', 'v2-mysql-vm'], details: ['v1', 'v2'],
    };
    for (const [host, names] of Object.entries(expected)) {
      expect(find(objects, 'DestinationRule', host).spec).toEqual({ host, trafficPolicy: { tls: { mode: 'ISTIO_MUTUAL' } }, subsets: subsets(...names) });
    }
  });

  test('circuit breaking on reviews', () => {
    expect(find(synthTask('circuit-breaking'), 'DestinationRule', 'reviews').spec).toEqual({
      host: 'reviews',
      trafficPolicy: {
        connectionPool: { tcp: { maxConnections: 1 }, http: { http1MaxPendingRequests: 1, maxRequestsPerConnection: 1 } },
        outlierDetection: { consecutive5xxErrors: 1, interval: '1s', baseEjectionTime: '180s', maxEjectionPercent: 100 },
      },
      subsets: [{ name: 'v1', labels: { version: 'v1' } }, { name: 'v2', labels: { version: 'v2' } }, { name: 'v3', labels: { version: 'v3' } }],
    });
  });
});

// The simulator over every example (test/simulator-variants.test.ts: the demo's dist/ and
// variants): each real call allowed, each undeclared one refused where the namespace denies by
// default, the split and the header routing as the example's header comment says.
/** What an example means for reviews and ratings, as its header comment says (each is an Istio sample's VirtualService). */
const EXAMPLE_INTENT: Record<string, Intent> = {
  'reviews-50-v3.ts': { reviewsSplit: { v1: 50, v3: 50 } }, // "reviews split 50/50 between v1 and v3"
  'reviews-80-20.ts': { reviewsSplit: { v1: 80, v2: 20 } }, // "80 % of reviews traffic to v1, 20 % to v2"
  'reviews-jason-v2-others-v3.ts': { reviewsSplit: { v3: 100 }, jason: { reviews: 'v2' } }, // "jason sees reviews v2, everyone else v3"
  'reviews-jason-v2.ts': { reviewsSplit: { v1: 100 }, jason: { reviews: 'v2' } }, // "user jason sees reviews v2, everyone else v1"
  'reviews-v2-v3.ts': { reviewsSplit: { v2: 50, v3: 50 } }, // "reviews split 50/50 between v2 and v3"
  'reviews-v3.ts': { reviewsSplit: { v3: 100 } }, // "all reviews traffic to v3"
  'route-all-v1.ts': { reviewsSplit: { v1: 100 } }, // "every service to v1"
  'ratings-abort-jason.ts': { jason: { ratingsFault: 'abort 500' } }, // "ratings answers HTTP 500 to user jason"
  'ratings-delay-jason.ts': { jason: { ratingsFault: 'delay 7s' } }, // "a 7 s delay on ratings for user jason"
};

const simRows: Array<{ name: string; cases: CallCase[] }> = [];
for (const file of EXAMPLES) {
  const index = new ManifestIndex(synthExample(file));
  const cases = callCases(index, EXAMPLE_INTENT[file] ?? {});
  simRows.push({ name: `examples/${file}`, cases });
  describeCalls(`the simulator over examples/${file}: ${cases.length} calls checked`, index, cases);
}
afterAll(() => process.stdout.write(`\n${callTable(simRows)}\n`));
