import { SchemaValidator } from '../src/checks/schema-validator';

// The validator itself must be able to fail, or the schema checks elsewhere prove nothing.
describe('SchemaValidator', () => {
  const validator = new SchemaValidator();
  const service = {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'reviews', namespace: 'bookinfo' },
    spec: { ports: [{ name: 'http', port: 9080 }], selector: { app: 'reviews' } },
  };
  const virtualService = {
    apiVersion: 'networking.istio.io/v1',
    kind: 'VirtualService',
    metadata: { name: 'reviews', namespace: 'bookinfo' },
    spec: { hosts: ['reviews'], http: [{ route: [{ destination: { host: 'reviews', subset: 'v1' } }] }] },
  };

  test('accepts valid Kubernetes and Istio objects', () => {
    expect(validator.validate([service, virtualService])).toEqual([]);
  });

  test('rejects an unknown field in a Kubernetes object', () => {
    const bad = { ...service, spec: { ...service.spec, ports: [{ name: 'http', port: 9080, portName: 'x' }] } };
    expect(validator.validate([bad])).toEqual([
      'Service/reviews: /spec/ports/0 must NOT have additional properties {"additionalProperty":"portName"}',
    ]);
  });

  test('rejects a missing required field and a wrong type', () => {
    const bad = { ...service, spec: { ports: [{ name: 'http' }], selector: { app: 1 } } };
    expect(validator.validate([bad])).toEqual([
      'Service/reviews: /spec/ports/0 must have required property \'port\' {"missingProperty":"port"}',
      'Service/reviews: /spec/selector/app must be string {"type":"string"}',
    ]);
  });

  test('rejects an unknown field in a CRD object, closed although the CRD does not say so', () => {
    const bad = { ...virtualService, spec: { ...virtualService.spec, http: [{ route: [{ destination: { host: 'reviews', weigth: 10 } }] }] } };
    expect(validator.validate([bad])).toEqual([
      'VirtualService/reviews: /spec/http/0/route/0/destination must NOT have additional properties {"additionalProperty":"weigth"}',
    ]);
  });

  test('validates CRD metadata as ObjectMeta', () => {
    const bad = { ...virtualService, metadata: { name: 'reviews', labelz: {} } };
    expect(validator.validate([bad])).toEqual([
      'VirtualService/reviews: /metadata must NOT have additional properties {"additionalProperty":"labelz"}',
    ]);
  });

  test('reports kinds it has no schema for', () => {
    expect(validator.validate([{ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' } }]))
      .toEqual(['Widget/w: no schema for example.com/v1 Widget']);
  });

  test('rejects a wrong apiVersion/kind pairing', () => {
    expect(validator.validate([{ ...service, apiVersion: 'apps/v1' }])).toEqual(['Service/reviews: no schema for apps/v1 Service']);
  });
});

test('compiles the schema of every vendored CRD version', () => {
  const validator = new SchemaValidator();
  const keys = Object.keys(require('../schemas/crds.json'));
  for (const key of keys) {
    const [group, version, kind] = key.split('/');
    const problems = validator.validate([{ apiVersion: `${group}/${version}`, kind, metadata: { name: 'x' }, spec: {} }]);
    expect(problems.filter((p) => p.includes('no schema'))).toEqual([]);
  }
  expect(keys.length).toBeGreaterThan(30);
});

describe('SchemaValidator runs the CRDs\' CEL rules (x-kubernetes-validations)', () => {
  const validator = new SchemaValidator();
  const metadata = { name: 'x', namespace: 'bookinfo' };
  test.each([
    [{ apiVersion: 'gateway.networking.k8s.io/v1', kind: 'Gateway', metadata, spec: { gatewayClassName: 'istio', listeners: [{ name: 'http', port: 80, protocol: 'HTTP' }, { name: 'http', port: 8080, protocol: 'HTTP' }] } },
      'Gateway/x: /spec/listeners Listener name must be unique within the Gateway'],
    [{ apiVersion: 'gateway.networking.k8s.io/v1', kind: 'HTTPRoute', metadata, spec: { rules: [{ backendRefs: [{ name: 'productpage' }] }] } },
      'HTTPRoute/x: /spec/rules/0/backendRefs/0 Must have port for Service reference'],
    [{ apiVersion: 'gateway.networking.k8s.io/v1', kind: 'HTTPRoute', metadata, spec: { parentRefs: [{ name: 'gw' }, { name: 'gw' }] } },
      'HTTPRoute/x: /spec/parentRefs sectionName must be unique when parentRefs includes 2 or more references to the same parent'],
    [{ apiVersion: 'networking.istio.io/v1', kind: 'VirtualService', metadata, spec: { hosts: ['x'], http: [{ timeout: '0s', route: [{ destination: { host: 'x' } }] }] } },
      'VirtualService/x: /spec/http/0/timeout must be a valid duration greater than 1ms'],
    [{ apiVersion: 'security.istio.io/v1', kind: 'PeerAuthentication', metadata, spec: { portLevelMtls: { 9080: { mode: 'STRICT' } } } },
      'PeerAuthentication/x: /spec portLevelMtls requires selector'],
    [{ apiVersion: 'security.istio.io/v1', kind: 'RequestAuthentication', metadata, spec: { jwtRules: [{ issuer: 'a', jwksUri: 'ftp://x/y' }] } },
      'RequestAuthentication/x: /spec/jwtRules/0/jwksUri url must have scheme http:// or https://'],
  ])('%#: reports a broken rule with the CRD\'s message', (object, message) => {
    expect(validator.validate([object])).toEqual([message]);
  });

  test('knows the Kubernetes CEL functions the CRDs use (isURL, url, getScheme)', () => {
    const plugin = (url: string) => ({ apiVersion: 'extensions.istio.io/v1alpha1', kind: 'WasmPlugin', metadata, spec: { url } });
    expect(validator.validate([plugin('oci://ghcr.io/istio/filter:1.0'), plugin('ghcr.io/istio/filter:1.0')])).toEqual([]);
    expect(validator.validate([plugin('ftp://example.com/filter.wasm')])).toEqual(['WasmPlugin/x: /spec/url url must have schema one of [http, https, file, oci]']);
  });

  test('applies CRD defaults before the rules, as the API server does', () => {
    // Two parentRefs to the same Gateway differ only by sectionName; group and kind come from defaults.
    const route = { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'HTTPRoute', metadata, spec: { parentRefs: [{ name: 'gw', sectionName: 'http' }, { name: 'gw', sectionName: 'https' }] } };
    expect(validator.validate([route])).toEqual([]);
  });
});
