import { Size, Testing } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-28';
import { MeshService, Protocol } from '../src';
import { chartIn, find } from './util/manifests';

const resources = { cpu: { request: Cpu.millis(10) }, memory: { request: Size.mebibytes(16), limit: Size.mebibytes(32) } };

describe('MeshService', () => {
  test('synthesizes a Service, a ServiceAccount and a Deployment per version with exact names and labels', () => {
    // given
    const chart = chartIn('shop');
    // when
    const svc = new MeshService(chart, 'cart', { port: 8080, serviceAccountName: 'shop-cart' });
    svc.addVersion('v1', { image: 'example/cart:1.0', resources });
    svc.addVersion('v2', { image: 'example/cart:2.0', resources, replicas: 2 });
    const objects = Testing.synth(chart);

    // then
    expect(objects.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual(['Service/cart', 'ServiceAccount/shop-cart', 'Deployment/cart-v1', 'Deployment/cart-v2']);
    expect(find(objects, 'Service', 'cart')).toEqual({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'cart', namespace: 'shop', labels: { app: 'cart', service: 'cart' } },
      spec: { ports: [{ name: 'http', port: 8080 }], selector: { app: 'cart' } },
    });
    const v2 = find(objects, 'Deployment', 'cart-v2');
    expect(v2.metadata.labels).toEqual({ app: 'cart', version: 'v2' });
    expect(v2.spec.selector.matchLabels).toEqual({ app: 'cart', version: 'v2' });
    expect(v2.spec.template.metadata.labels).toEqual({ app: 'cart', version: 'v2' });
    expect(v2.spec.replicas).toBe(2);
    expect(v2.spec.template.spec.serviceAccountName).toBe('shop-cart');
    expect(v2.spec.template.spec.containers).toEqual([{
      name: 'cart',
      image: 'example/cart:2.0',
      imagePullPolicy: 'IfNotPresent',
      ports: [{ containerPort: 8080 }],
      resources: { requests: { cpu: '10m', memory: '16Mi' }, limits: { memory: '32Mi' } },
      securityContext: { allowPrivilegeEscalation: false, seccompProfile: { type: 'RuntimeDefault' } },
    }]);
  });

  test('never selects pods by cdk8s.io/metadata.addr or hashes names', () => {
    const chart = chartIn('shop');
    new MeshService(chart, 'cart').addVersion('v1', { image: 'example/cart:1.0', resources });
    const text = JSON.stringify(Testing.synth(chart));
    expect(text).not.toContain('cdk8s.io/metadata.addr');
    expect(text).not.toMatch(/cart-[0-9a-f]{8}/);
  });

  test('exposes what routing and security compose with', () => {
    const chart = Testing.chart();
    const svc = new MeshService(chart, 'api', { namespace: 'shop', port: 9000, targetPort: 8080, protocol: Protocol.GRPC });
    svc.addVersion('v1', { image: 'example/api:1', resources });
    svc.addVersion('v2', { image: 'example/api:2', resources });
    expect(svc.host).toBe('api');
    expect(svc.fqdn).toBe('api.shop.svc.cluster.local');
    expect(svc.portName).toBe('grpc');
    expect(svc.principal).toBe('cluster.local/ns/shop/sa/api');
    expect(svc.versions).toEqual(['v1', 'v2']);
    expect(svc.findVersion('v2')?.podLabels).toEqual({ app: 'api', version: 'v2' });
    const objects = Testing.synth(chart);
    expect(find(objects, 'Service', 'api').spec.ports).toEqual([{ name: 'grpc', port: 9000, targetPort: 8080 }]);
    expect(find(objects, 'Deployment', 'api-v1').spec.template.spec.containers[0].ports).toEqual([{ containerPort: 8080 }]);
  });

  test('renders env, scratch volumes, command and pod annotations', () => {
    const chart = chartIn('shop');
    new MeshService(chart, 'job').addVersion('v1', {
      image: 'example/job:1',
      resources,
      env: { A: '1', B: 'two' },
      command: ['/bin/sh', '-c'],
      args: ['run'],
      scratchVolumes: [{ name: 'tmp', mountPath: '/tmp' }],
      podAnnotations: { 'proxy.istio.io/config': '{}' },
    });
    const d = find(Testing.synth(chart), 'Deployment', 'job-v1');
    const c = d.spec.template.spec.containers[0];
    expect(c.env).toEqual([{ name: 'A', value: '1' }, { name: 'B', value: 'two' }]);
    expect(c.command).toEqual(['/bin/sh', '-c']);
    expect(c.args).toEqual(['run']);
    expect(c.volumeMounts).toEqual([{ name: 'tmp', mountPath: '/tmp' }]);
    expect(d.spec.template.spec.volumes).toEqual([{ name: 'tmp', emptyDir: {} }]);
    expect(d.spec.template.metadata.annotations).toEqual({ 'proxy.istio.io/config': '{}' });
  });

  test('fails without a namespace', () => {
    const chart = Testing.chart();
    expect(() => new MeshService(chart, 'cart'))
      .toThrow('test/cart: namespace must be set, here or on the chart, because every mesh object needs an explicit namespace, got undefined');
  });

  test.each([
    [{ port: 0 }, 'test/cart: port must be an integer from 1 to 65535, got 0'],
    [{ port: 65536 }, 'test/cart: port must be an integer from 1 to 65535, got 65536'],
    [{ targetPort: 80.5 }, 'test/cart: targetPort must be an integer from 1 to 65535, got 80.5'],
    [{ name: 'Cart' }, 'test/cart: name must be a DNS-1035 label'],
    [{ protocol: 'udp' as Protocol }, 'test/cart: protocol must be one of http, http2, https, grpc, tcp, tls, got "udp"'],
  ])('fails on bad props %j', (props, message) => {
    const chart = chartIn('shop');
    expect(() => new MeshService(chart, 'cart', props)).toThrow(message);
  });

  test('fails when a version is added twice', () => {
    const chart = chartIn('shop');
    const svc = new MeshService(chart, 'cart');
    svc.addVersion('v1', { image: 'example/cart:1', resources });
    expect(() => svc.addVersion('v1', { image: 'example/cart:1', resources }))
      .toThrow('test/cart: version must be a version not added yet (have v1), got "v1"');
  });

  test('fails without resource requests', () => {
    const chart = chartIn('shop');
    const svc = new MeshService(chart, 'cart');
    expect(() => svc.addVersion('v1', { image: 'example/cart:1', resources: { cpu: { request: Cpu.millis(10) } } }))
      .toThrow('test/cart: versions.v1.resources must be set with cpu.request and memory.request, e.g. { cpu: { request: Cpu.millis(50) }, memory: { request: Size.mebibytes(64) } }, got {"cpu":{"request":{"amount":"10m"}}}');
  });

  test('fails when the memory limit is below the request', () => {
    const chart = chartIn('shop');
    const svc = new MeshService(chart, 'cart');
    expect(() => svc.addVersion('v1', {
      image: 'example/cart:1',
      resources: { cpu: { request: Cpu.millis(10) }, memory: { request: Size.mebibytes(64), limit: Size.mebibytes(32) } },
    })).toThrow('test/cart: versions.v1.resources.memory.limit must be at least the memory request (64Mi), got "32Mi"');
  });

  test.each([
    [{ replicas: -1 }, 'test/cart: versions.v1.replicas must be an integer from 0 to 1000, got -1'],
    [{ image: '' }, 'test/cart: versions.v1.image must be a non-empty string without whitespace, got ""'],
    [{ scratchVolumes: [{ name: 'tmp', mountPath: 'tmp' }] }, 'test/cart: versions.v1.scratchVolumes["tmp"].mountPath must be an absolute path without ".." (the API server refuses others), got "tmp"'],
    [{ scratchVolumes: [{ name: 'a', mountPath: '/a' }, { name: 'a', mountPath: '/b' }] }, 'test/cart: versions.v1.scratchVolumes names must be a list without duplicates ("a" appears twice)'],
    [{ env: { 'BAD NAME': 'x' } }, 'test/cart: versions.v1.env name must be a C identifier-like environment variable name, got "BAD NAME"'],
  ])('fails on bad version options %j', (options, message) => {
    const chart = chartIn('shop');
    const svc = new MeshService(chart, 'cart');
    expect(() => svc.addVersion('v1', { image: 'example/cart:1', resources, ...options })).toThrow(message);
  });
});
