// Seeds, step 3: open productpage through the Istio ingress gateway: an Istio Gateway and a
// VirtualService bound to it (samples/bookinfo/networking/bookinfo-gateway.yaml).
// Run: npm run example -- examples/03-ingress-istio.ts (writes dist-examples/03-ingress-istio/), or copy it into a
// cdk8s app as its main.ts.
import { App, Chart } from 'cdk8s';
import { BookinfoApp, IstioGateway, MeshNamespace } from 'cdk8s-istio';

const app = new App();
const namespaces = new Chart(app, 'namespaces');
new MeshNamespace(namespaces, 'bookinfo'); // istio-injection: enabled
const chart = new Chart(app, 'bookinfo', { namespace: 'bookinfo' });
chart.addDependency(namespaces); // namespaces first: files are numbered in apply order
const bookinfo = new BookinfoApp(chart, 'bookinfo');
new IstioGateway(chart, 'bookinfo-gateway', { routeName: 'bookinfo', routes: [bookinfo.ingressRule] });
app.synth();
