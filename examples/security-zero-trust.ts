// Security: STRICT mTLS, deny-by-default and one ALLOW policy per called workload, derived from
// the call graph (productpage -> details, reviews; reviews -> ratings; ingress -> productpage),
// and a JWT required on /productpage at the ingress gateway (Istio's sample issuer).
import { App } from 'cdk8s';
import { CallGraphAuthorization, IstioGateway, MtlsMode, RequestAuthentication } from '../src';
import { bookinfoBase } from './bookinfo-base';

export function build(app: App): void {
  const { chart, bookinfo } = bookinfoBase(app);
  const gateway = new IstioGateway(chart, 'bookinfo-gateway', { routeName: 'bookinfo', routes: [bookinfo.ingressRule] });
  new CallGraphAuthorization(chart, 'zero-trust', { services: bookinfo.services, gateways: [gateway], mtlsMode: MtlsMode.STRICT });
  new RequestAuthentication(chart, 'ingress-jwt', {
    gateway,
    issuers: [{ issuer: 'testing@secure.istio.io', jwksUri: 'https://raw.githubusercontent.com/istio/istio/release-1.28/security/tools/jwt/samples/jwks.json' }],
    requireTokenOnPaths: ['/productpage'],
  });
}
