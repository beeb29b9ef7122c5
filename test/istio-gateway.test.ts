import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ApiObject, Chart, Size, Testing } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-28';
import { BookinfoApp, IstioGateway, MeshApp, MeshChecks, MeshService, StringMatch, TrafficApi } from '../src';
import { tlsSecret } from './util/certificates';
import { chartIn, find, parity, upstream } from './util/manifests';
import { SchemaValidator } from '../src/checks/schema-validator';

function setup() {
  const chart = chartIn('bookinfo');
  const bookinfo = new BookinfoApp(chart, 'bookinfo');
  return { chart, bookinfo };
}

describe('IstioGateway', () => {
  test('Istio API: equals bookinfo-gateway.yaml', () => {
    const { chart, bookinfo } = setup();
    const gateway = new IstioGateway(chart, 'bookinfo-gateway', { routeName: 'bookinfo', routes: [bookinfo.ingressRule] });
    const objects = Testing.synth(chart);
    expect(parity(objects, upstream('bookinfo-gateway.yaml'))).toEqual([]);
    expect(find(objects, 'VirtualService', 'bookinfo').spec.gateways).toEqual(['bookinfo-gateway']);
    expect(gateway.principal).toBe('cluster.local/ns/istio-system/sa/istio-ingressgateway-service-account');
    expect(new SchemaValidator().validate(objects)).toEqual([]);
  });

  test('Gateway API: equals gateway-api/bookinfo-gateway.yaml', () => {
    const { chart, bookinfo } = setup();
    const gateway = new IstioGateway(chart, 'bookinfo-gateway', { api: TrafficApi.GATEWAY_API, routeName: 'bookinfo', routes: [bookinfo.ingressRule] });
    const objects = Testing.synth(chart);
    expect(parity(objects, upstream('gateway-api/bookinfo-gateway.yaml'))).toEqual([]);
    expect(gateway.principal).toBe('cluster.local/ns/bookinfo/sa/bookinfo-gateway-istio');
    expect(new SchemaValidator().validate(objects)).toEqual([]);
  });

  test('Istio API: HTTPS with a credential and an HTTP to HTTPS redirect', () => {
    const { chart } = setup();
    // The credential, in the gateway pods' namespace: without it istioctl reports IST0101, and with a
    // certificate that is not valid IST0161, both errors.
    new ApiObject(chart, 'bookinfo-cert', tlsSecret('bookinfo-cert', 'istio-system'));
    new IstioGateway(chart, 'gw', {
      hosts: ['bookinfo.example.com'],
      tls: { credentialName: 'bookinfo-cert' },
      routes: [{ matches: [{ uri: StringMatch.prefix('/') }], destinations: [{ host: 'productpage' }] }],
    });
    const objects = Testing.synth(chart);
    expect(find(objects, 'Gateway', 'gw').spec).toEqual({
      selector: { istio: 'ingressgateway' },
      servers: [
        { port: { number: 8080, name: 'http', protocol: 'HTTP' }, hosts: ['bookinfo.example.com'], tls: { httpsRedirect: true } },
        { port: { number: 8443, name: 'https', protocol: 'HTTPS' }, hosts: ['bookinfo.example.com'], tls: { mode: 'SIMPLE', credentialName: 'bookinfo-cert' } },
      ],
    });
    expect(find(objects, 'VirtualService', 'gw').spec.hosts).toEqual(['bookinfo.example.com']);
    expect(new SchemaValidator().validate(objects)).toEqual([]);
  });

  test('Istio API: a credential made outside the app fails synth until the checks are told it is in the cluster', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'test', { namespace: 'bookinfo' });
    new IstioGateway(chart, 'gw', { hosts: ['bookinfo.example.com'], tls: { credentialName: 'bookinfo-cert' }, routes: [{ destinations: [{ host: 'productpage' }] }] });
    new MeshService(chart, 'productpage').addVersion('v1', { image: 'example/productpage:1', resources: { cpu: { request: Cpu.millis(10) }, memory: { request: Size.mebibytes(16) } } });
    const checks = MeshChecks.of(app);
    checks.configure({ warn: () => undefined });
    expect(() => app.synth()).toThrow('Error [IST0101] (Gateway bookinfo/gw) Referenced credentialName not found: "bookinfo-cert"');
    // `kubectl create -n istio-system secret tls bookinfo-cert ...`, as Istio's secure-gateway task does it.
    checks.configure({ clusterObjects: [{ apiVersion: 'v1', kind: 'Secret', type: 'kubernetes.io/tls', metadata: { name: 'bookinfo-cert', namespace: 'istio-system' } }] });
    expect(() => app.synth()).not.toThrow();
    expect(checks.findings.filter((f) => f.code === 'IST0101')).toEqual([]);

    // The same through MeshApp's props.
    const meshApp = new MeshApp({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'cluster-objects-')), warn: () => undefined, clusterObjects: [{ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'bookinfo-cert', namespace: 'istio-system' } }] });
    const meshChart = new Chart(meshApp, 'test', { namespace: 'bookinfo' });
    new IstioGateway(meshChart, 'gw', { hosts: ['bookinfo.example.com'], tls: { credentialName: 'bookinfo-cert' }, routes: [{ destinations: [{ host: 'productpage' }] }] });
    new MeshService(meshChart, 'productpage').addVersion('v1', { image: 'example/productpage:1', resources: { cpu: { request: Cpu.millis(10) }, memory: { request: Size.mebibytes(16) } } });
    expect(() => meshApp.synth()).not.toThrow();
    fs.rmSync(meshApp.outdir, { recursive: true, force: true });
  });

  test('Gateway API: HTTPS listener, the route on it, and a redirect route on the HTTP listener', () => {
    const { chart } = setup();
    new IstioGateway(chart, 'gw', {
      api: TrafficApi.GATEWAY_API,
      hosts: ['bookinfo.example.com'],
      tls: { credentialName: 'bookinfo-cert' },
      routes: [{ destinations: [{ host: 'productpage' }] }],
    });
    const objects = Testing.synth(chart);
    expect(find(objects, 'Gateway', 'gw').spec.listeners).toEqual([
      { name: 'http', port: 80, protocol: 'HTTP', allowedRoutes: { namespaces: { from: 'Same' } } },
      { name: 'https', port: 443, protocol: 'HTTPS', tls: { mode: 'Terminate', certificateRefs: [{ name: 'bookinfo-cert' }] }, allowedRoutes: { namespaces: { from: 'Same' } } },
    ]);
    expect(find(objects, 'HTTPRoute', 'gw').spec).toEqual({
      parentRefs: [{ name: 'gw', sectionName: 'https' }],
      hostnames: ['bookinfo.example.com'],
      rules: [{ backendRefs: [{ name: 'productpage', port: 9080 }] }],
    });
    expect(find(objects, 'HTTPRoute', 'gw-https-redirect').spec).toEqual({
      parentRefs: [{ name: 'gw', sectionName: 'http' }],
      hostnames: ['bookinfo.example.com'],
      rules: [{ filters: [{ type: 'RequestRedirect', requestRedirect: { scheme: 'https', statusCode: 301 } }] }],
    });
    expect(new SchemaValidator().validate(objects)).toEqual([]);
  });

  test('fails synth when a route goes to a host without a Service', () => {
    const { chart } = setup();
    new IstioGateway(chart, 'gw', { routes: [{ destinations: [{ host: 'frontpage', port: 9080 }] }] });
    expect(() => Testing.synth(chart)).toThrow('Error [IST0101] (VirtualService bookinfo/gw) Referenced host not found: "frontpage" at test/gw/Route');
  });

  test.each([
    [{ hosts: [] }, 'test/gw: hosts must be a non-empty list (use ["*"] for any host), got []'],
    [{ hosts: [''] }, 'test/gw: hosts must be "*", a host name or a "*." wildcard (labels of at most 63 characters), optionally prefixed "namespace/", got ""'],
    [{ hosts: ['http://bookinfo.example.com'] }, 'test/gw: hosts must be "*", a host name or a "*." wildcard (labels of at most 63 characters), optionally prefixed "namespace/", got "http://bookinfo.example.com"'],
    [{ hosts: ['bookinfo/bookinfo.example.com'], api: TrafficApi.GATEWAY_API }, 'test/gw: hosts must be "*", a host name or a "*." wildcard (labels of at most 63 characters), got "bookinfo/bookinfo.example.com"'],
    [{ tls: { credentialName: '' } }, 'test/gw: tls.credentialName must be the name of a kubernetes.io/tls Secret (HTTPS needs a certificate), got ""'],
    [{ tls: { credentialName: 'cert', port: 8080 } }, 'test/gw: tls.port must be a port other than httpPort (8080), got 8080'],
    [{ httpPort: 0 }, 'test/gw: httpPort must be an integer from 1 to 65535, got 0'],
    [{ selector: {} }, 'test/gw: selector must be at least one label, or the Gateway would configure every gateway pod, got {}'],
    [{ api: TrafficApi.GATEWAY_API, selector: { istio: 'ingress' } }, 'test/gw: selector must be left out with TrafficApi.GATEWAY_API'],
    [{ gatewayClassName: 'istio' }, 'test/gw: gatewayClassName must be left out with TrafficApi.ISTIO'],
    [{ routes: [{ destinations: [{ subset: 'v1' }] }] }, 'test/gw: routes[0].destinations[0].host must be set (there is no default service here), got undefined'],
    [{ hosts: ['*', 'bookinfo.example.com'] }, 'test/gw: hosts must be ["*"] alone or a list of host names ("*" already matches every host), got ["*","bookinfo.example.com"]'],
    [{ hosts: ['shop/bookinfo.example.com'] }, 'test/gw: hosts must be a host of this Gateway\'s namespace ("bookinfo/", "./" or "*/"), where its VirtualService lives, got "shop/bookinfo.example.com"'],
    [{ api: TrafficApi.GATEWAY_API, workloadNamespace: 'istio-ingress' }, 'test/gw: workloadNamespace must be left out with TrafficApi.GATEWAY_API'],
  ])('fails on bad props %#', (props, message) => {
    const { chart } = setup();
    expect(() => new IstioGateway(chart, 'gw', props as any)).toThrow(message);
  });

  test('names the gateway pods of a Helm install (istio-ingress) when told', () => {
    const { chart } = setup();
    const gateway = new IstioGateway(chart, 'gw', {
      selector: { istio: 'ingress' }, workloadNamespace: 'istio-ingress', workloadServiceAccount: 'istio-ingress', routes: [{ destinations: [{ host: 'productpage' }] }],
    });
    expect(gateway.principal).toBe('cluster.local/ns/istio-ingress/sa/istio-ingress');
    expect(gateway.workloadNamespace).toBe('istio-ingress');
    expect(gateway.workloadSelector).toEqual({ istio: 'ingress' });
  });

  test('Gateway API: the HTTPS redirect names a non-default HTTPS port', () => {
    const { chart } = setup();
    new IstioGateway(chart, 'gw', { api: TrafficApi.GATEWAY_API, hosts: ['bookinfo.example.com'], tls: { credentialName: 'cert', port: 8443 }, routes: [{ destinations: [{ host: 'productpage' }] }] });
    expect(find(Testing.synth(chart), 'HTTPRoute', 'gw-https-redirect').spec.rules[0].filters[0].requestRedirect).toEqual({ scheme: 'https', statusCode: 301, port: 8443 });
  });

  test('accepts namespace-prefixed and wildcard hosts in the Istio API', () => {
    const { chart } = setup();
    new IstioGateway(chart, 'gw', { hosts: ['bookinfo/bookinfo.example.com', './books.example.com', '*.example.org'], routes: [{ destinations: [{ host: 'productpage' }] }] });
    const objects = Testing.synth(chart);
    expect(find(objects, 'Gateway', 'gw').spec.servers[0].hosts).toEqual(['bookinfo/bookinfo.example.com', './books.example.com', '*.example.org']);
    expect(find(objects, 'VirtualService', 'gw').spec.hosts).toEqual(['bookinfo.example.com', 'books.example.com', '*.example.org']);
  });
});
