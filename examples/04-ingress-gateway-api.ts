// The same ingress with the Kubernetes Gateway API: a Gateway of class istio (Istio deploys
// bookinfo-gateway-istio for it) and an HTTPRoute (samples/bookinfo/gateway-api/bookinfo-gateway.yaml).
// Install the Gateway API CRDs first (README "Deploy it").
// Run: npm run example -- examples/04-ingress-gateway-api.ts (writes dist-examples/04-ingress-gateway-api/), or copy it into a
// cdk8s app as its main.ts.
import { App, Chart } from 'cdk8s';
import { BookinfoApp, IstioGateway, MeshNamespace, TrafficApi } from 'cdk8s-istio';

const app = new App();
const namespaces = new Chart(app, 'namespaces');
new MeshNamespace(namespaces, 'bookinfo'); // istio-injection: enabled
const chart = new Chart(app, 'bookinfo', { namespace: 'bookinfo' });
chart.addDependency(namespaces); // namespaces first: files are numbered in apply order
const bookinfo = new BookinfoApp(chart, 'bookinfo');
new IstioGateway(chart, 'bookinfo-gateway', { api: TrafficApi.GATEWAY_API, routeName: 'bookinfo', routes: [bookinfo.ingressRule] });
app.synth();
