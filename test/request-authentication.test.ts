import { Testing } from 'cdk8s';
import { BookinfoApp, IstioGateway, RequestAuthentication, TrafficApi } from '../src';
import { chartIn, find } from './util/manifests';
import { SchemaValidator } from '../src/checks/schema-validator';

const issuer = { issuer: 'testing@secure.istio.io', jwksUri: 'https://raw.githubusercontent.com/istio/istio/release-1.28/security/tools/jwt/samples/jwks.json' };

function withGateway(api: TrafficApi, hosts?: string[]) {
  const chart = chartIn('bookinfo');
  const bookinfo = new BookinfoApp(chart, 'bookinfo');
  const gateway = new IstioGateway(chart, 'bookinfo-gateway', { api, hosts, routes: [bookinfo.ingressRule] });
  return { chart, gateway };
}

describe('RequestAuthentication', () => {
  test('validates JWTs at the Istio ingress gateway and requires one on /productpage of this app\'s hosts only', () => {
    const { chart, gateway } = withGateway(TrafficApi.ISTIO, ['bookinfo.example.com']);
    new RequestAuthentication(chart, 'jwt', { gateway, issuers: [issuer], requireTokenOnPaths: ['/productpage'] });
    const objects = Testing.synth(chart);
    expect(find(objects, 'RequestAuthentication', 'jwt')).toEqual({
      apiVersion: 'security.istio.io/v1',
      kind: 'RequestAuthentication',
      metadata: { name: 'jwt', namespace: 'istio-system' },
      spec: { selector: { matchLabels: { istio: 'ingressgateway' } }, jwtRules: [issuer] },
    });
    expect(find(objects, 'AuthorizationPolicy', 'jwt-require-jwt')).toEqual({
      apiVersion: 'security.istio.io/v1',
      kind: 'AuthorizationPolicy',
      metadata: { name: 'jwt-require-jwt', namespace: 'istio-system' },
      spec: {
        selector: { matchLabels: { istio: 'ingressgateway' } },
        action: 'DENY',
        // istioctl's ingress pods serve every app's Gateway: the requirement names this one's hosts.
        rules: [{ from: [{ source: { notRequestPrincipals: ['*'] } }], to: [{ operation: { hosts: ['bookinfo.example.com', 'bookinfo.example.com:*'], paths: ['/productpage'], ports: ['8080'] } }] }],
      },
    });
    expect(new SchemaValidator().validate(objects)).toEqual([]);
  });

  test('fails to require a token at istioctl\'s shared ingress for a gateway of every host, which would reach other apps', () => {
    const { chart, gateway } = withGateway(TrafficApi.ISTIO);
    expect(() => new RequestAuthentication(chart, 'jwt', { gateway, issuers: [issuer], requireTokenOnPaths: ['/productpage'] }))
      .toThrow('test/jwt: requireTokenOnPaths must be used with a gateway of exact hosts: on istioctl\'s shared ingress gateway, a gateway serving "*" would require a token on those paths for other apps too, or let requests with a port in the Host header pass (give the IstioGateway its exact hosts, or pods of its own with selector), got "test/bookinfo-gateway"');
  });

  test('requires a token on a Gateway API gateway through its targetRef, with no host scope (its pods are its own)', () => {
    const { chart, gateway } = withGateway(TrafficApi.GATEWAY_API);
    new RequestAuthentication(chart, 'jwt', { gateway, issuers: [issuer], requireTokenOnPaths: ['/productpage'] });
    expect(find(Testing.synth(chart), 'AuthorizationPolicy', 'jwt-require-jwt').spec).toEqual({
      targetRefs: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'bookinfo-gateway' }],
      action: 'DENY',
      // The listener's port: a DENY of HTTP attributes alone would deny every TCP port too.
      rules: [{ from: [{ source: { notRequestPrincipals: ['*'] } }], to: [{ operation: { paths: ['/productpage'], ports: ['80'] } }] }],
    });
  });

  test('targets the generated gateway pods with the Gateway API', () => {
    const { chart, gateway } = withGateway(TrafficApi.GATEWAY_API);
    new RequestAuthentication(chart, 'jwt', { gateway, issuers: [{ ...issuer, audiences: ['bookinfo'], forwardOriginalToken: true }] });
    expect(find(Testing.synth(chart), 'RequestAuthentication', 'jwt')).toEqual({
      apiVersion: 'security.istio.io/v1',
      kind: 'RequestAuthentication',
      metadata: { name: 'jwt', namespace: 'bookinfo' },
      spec: {
        // Istio ignores selectors on Gateway API gateway pods (IST0166); a targetRef reaches them.
        targetRefs: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'bookinfo-gateway' }],
        jwtRules: [{ ...issuer, audiences: ['bookinfo'], forwardOriginalToken: true }],
      },
    });
  });

  test.each([
    [{ issuers: [] }, 'test/jwt: issuers must be a non-empty list of JWT issuers, got []'],
    [{ issuers: [{ issuer: '', jwksUri: issuer.jwksUri }] }, 'test/jwt: issuers[0].issuer must be a non-empty issuer (the tokens\' iss claim), got ""'],
    [{ issuers: [{ issuer: 'me', jwksUri: 'ftp://example.com/jwks.json' }] }, 'test/jwt: issuers[0].jwksUri must be an https:// (or http://) URL of a JSON Web Key Set, got "ftp://example.com/jwks.json"'],
    [{ issuers: [{ issuer: 'me', jwksUri: 'jwks.json' }] }, 'test/jwt: issuers[0].jwksUri must be an https:// (or http://) URL of a JSON Web Key Set, got "jwks.json"'],
    [{ issuers: [issuer, issuer] }, 'test/jwt: issuers must be a list without duplicates ("testing@secure.istio.io" appears twice)'],
    [{ issuers: [issuer], requireTokenOnPaths: [] }, 'test/jwt: requireTokenOnPaths must be a non-empty list of paths, or left out, got []'],
  ])('fails on bad props %#', (props, message) => {
    expect(() => new RequestAuthentication(chartIn('bookinfo'), 'jwt', props as any)).toThrow(message);
  });
});
