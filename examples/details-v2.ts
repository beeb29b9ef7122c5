// details v2 (the version that calls the Google Books API, used by Istio's egress tasks)
// deployed and all details traffic routed to it (Istio's virtual-service-details-v2.yaml).
// Run: npm run example -- examples/details-v2.ts (writes dist-examples/details-v2/), or copy it into a
// cdk8s app as its main.ts.
import { App, Chart, Size } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-28';
import { BookinfoApp, BookinfoDestinationRules, MeshNamespace, ServiceRoutes } from 'cdk8s-istio';

const app = new App();
const namespaces = new Chart(app, 'namespaces');
new MeshNamespace(namespaces, 'bookinfo'); // istio-injection: enabled
const chart = new Chart(app, 'bookinfo', { namespace: 'bookinfo' });
chart.addDependency(namespaces); // namespaces first: files are numbered in apply order
const bookinfo = new BookinfoApp(chart, 'bookinfo');
new BookinfoDestinationRules(chart, 'destination-rules', { bookinfo });
bookinfo.details.addVersion('v2', {
  image: 'docker.io/istio/examples-bookinfo-details-v2:1.20.3',
  env: { DO_NOT_ENCRYPT: 'true' },
  resources: { cpu: { request: Cpu.millis(20) }, memory: { request: Size.mebibytes(32), limit: Size.mebibytes(128) } },
});
new ServiceRoutes(chart, 'details-routes', { service: bookinfo.details, rules: [{ destinations: [{ subset: 'v2' }] }] });
app.synth();
