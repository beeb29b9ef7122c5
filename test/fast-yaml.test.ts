// The fast YAML emitter used inside app.synth() must write exactly what cdk8s's Yaml.stringify
// writes: compared on every manifest of the project and on random JSON documents.
import { Testing, Yaml } from 'cdk8s';
import * as fc from 'fast-check';
import { TrafficApi } from '../src';
import { buildDemo } from '../app/demo-app';
import { fastYamlStringify } from '../src/private/fast-yaml';
import { synthApp } from './util/manifests';

const original = (...docs: any[]) => Yaml.stringify(...docs);
const fast = fastYamlStringify(original);

describe('fastYamlStringify', () => {
  test('writes the demo (both traffic APIs) exactly as Yaml.stringify does (the examples: examples.test.ts)', () => {
    const apps = [TrafficApi.ISTIO, TrafficApi.GATEWAY_API].map((trafficApi) => {
      const app = Testing.app();
      buildDemo(app, { trafficApi });
      return synthApp(app);
    });
    for (const docs of apps) expect(fast(...docs)).toBe(original(...docs));
  });

  test('writes names (lowercase letters, digits, dashes, dots, slashes) as Yaml.stringify does, YAML 1.1 look-alikes (e1, no, 0x1f) quoted', () => {
    const name = fc.stringMatching(/^[a-z][a-z0-9./e-]{0,10}$/);
    const edge = fc.constantFrom('e1', 'e-1', 'e12', 'e1.5', 'e1x', 'no', 'on', 'y', 'n', 'yes', 'off', 'null', 'true', 'false', 'x0x1', 'a.b', 'a/b', 'e0', 'e9-9');
    fc.assert(fc.property(fc.dictionary(fc.oneof(name, edge), fc.oneof(name, edge, fc.array(fc.oneof(name, edge), { maxLength: 3 })), { minKeys: 1, maxKeys: 6 }), (doc) => {
      expect(fast(doc)).toBe(original(doc));
    }), { numRuns: 150 });
  });

  test('writes random JSON documents exactly as Yaml.stringify does', () => {
    const key = fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('app', 'version', '9080', 'true', 'yes', 'null', '*', '-', 'a: b', '#x', 'istio.io/rev', ''));
    const scalar = fc.oneof(fc.string({ maxLength: 20 }), fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.boolean(), fc.constant(null),
      fc.constantFrom('*', 'yes', 'no', 'on', '~', '0x1F', '1e3', '- x', ': x', 'a\nb', ' lead', 'trail ', '"q"', "'s'", '{x}', '[y]', '|', '>'));
    const { doc } = fc.letrec((tie) => ({
      value: fc.oneof({ depthSize: 'small' }, scalar, tie('map'), fc.array(fc.oneof(scalar, tie('map')), { maxLength: 4 })),
      map: fc.dictionary(key, tie('value'), { maxKeys: 5 }),
      doc: fc.dictionary(key, tie('value'), { minKeys: 1, maxKeys: 6 }),
    }));
    fc.assert(fc.property(fc.array(doc, { minLength: 1, maxLength: 3 }), (docs) => {
      expect(fast(...docs)).toBe(original(...docs));
    }), { numRuns: 100 });
  });
});
