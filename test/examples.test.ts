// Every program in examples/ synthesizes, schema-valid and analyzer-clean; the tutorial steps
// produce what the seeds walk through.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Yaml } from 'cdk8s';
import { parseAllDocuments } from 'yaml';
import { analyzeMesh, formatFinding } from '../src';
import { fastYamlStringify } from '../src/private/fast-yaml';
import { find, readDist, runExampleInto } from './util/manifests';

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
