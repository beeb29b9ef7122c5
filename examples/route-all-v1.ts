// Request routing, step 1: every service to v1 (Istio's virtual-service-all-v1.yaml).
// Run: npm run example -- examples/route-all-v1.ts (writes dist-examples/route-all-v1/), or copy it into a
// cdk8s app as its main.ts.
import { App, Chart } from 'cdk8s';
import { BookinfoApp, BookinfoDestinationRules, MeshNamespace, ServiceRoutes } from 'cdk8s-istio';

const app = new App();
const namespaces = new Chart(app, 'namespaces');
new MeshNamespace(namespaces, 'bookinfo'); // istio-injection: enabled
const chart = new Chart(app, 'bookinfo', { namespace: 'bookinfo' });
chart.addDependency(namespaces); // namespaces first: files are numbered in apply order
const bookinfo = new BookinfoApp(chart, 'bookinfo');
new BookinfoDestinationRules(chart, 'destination-rules', { bookinfo });
for (const service of [bookinfo.productpage, bookinfo.reviews, bookinfo.ratings, bookinfo.details]) {
  new ServiceRoutes(chart, `${service.name}-routes`, { service, rules: [{ destinations: [{ subset: 'v1' }] }] });
}
app.synth();
