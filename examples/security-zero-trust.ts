// Security: STRICT mTLS, deny-by-default and one ALLOW policy per called workload, derived from
// the call graph (productpage -> details, reviews; reviews -> ratings; ingress -> productpage),
// and a JWT required on /productpage at the ingress gateway (Istio's sample issuer).
// Run: npm run example -- examples/security-zero-trust.ts (writes dist-examples/security-zero-trust/), or copy it into a
// cdk8s app as its main.ts.
import { App, Chart } from 'cdk8s';
import { BookinfoApp, CallGraphAuthorization, IstioGateway, MeshNamespace, MtlsMode, RequestAuthentication } from 'cdk8s-istio';

const app = new App();
const namespaces = new Chart(app, 'namespaces');
new MeshNamespace(namespaces, 'bookinfo'); // istio-injection: enabled
const chart = new Chart(app, 'bookinfo', { namespace: 'bookinfo' });
chart.addDependency(namespaces); // namespaces first: files are numbered in apply order
const bookinfo = new BookinfoApp(chart, 'bookinfo');
const gateway = new IstioGateway(chart, 'bookinfo-gateway', { hosts: ['bookinfo.example.com'], routeName: 'bookinfo', routes: [bookinfo.ingressRule] });
new CallGraphAuthorization(chart, 'zero-trust', { services: bookinfo.services, gateways: [gateway], mtlsMode: MtlsMode.STRICT });
new RequestAuthentication(chart, 'ingress-jwt', {
  gateway,
  issuers: [{ issuer: 'testing@secure.istio.io', jwksUri: 'https://raw.githubusercontent.com/istio/istio/release-1.28/security/tools/jwt/samples/jwks.json' }],
  requireTokenOnPaths: ['/productpage'],
});
app.synth();
