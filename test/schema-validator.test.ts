import { SchemaValidator } from './util/schema-validator';

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
  const keys = Object.keys(require('./schemas/crds.json'));
  for (const key of keys) {
    const [group, version, kind] = key.split('/');
    const problems = validator.validate([{ apiVersion: `${group}/${version}`, kind, metadata: { name: 'x' }, spec: {} }]);
    expect(problems.filter((p) => p.includes('no schema'))).toEqual([]);
  }
  expect(keys.length).toBeGreaterThan(30);
});
