// Fault injection: ratings answers HTTP 500 to user jason (Istio's
// virtual-service-ratings-test-abort.yaml).
// Run: npm run example -- examples/ratings-abort-jason.ts (writes dist-examples/ratings-abort-jason/), or copy it into a
// cdk8s app as its main.ts.
import { App, Chart } from 'cdk8s';
import { BookinfoApp, BookinfoDestinationRules, MeshNamespace, ServiceRoutes, StringMatch } from 'cdk8s-istio';

const app = new App();
const namespaces = new Chart(app, 'namespaces');
new MeshNamespace(namespaces, 'bookinfo'); // istio-injection: enabled
const chart = new Chart(app, 'bookinfo', { namespace: 'bookinfo' });
chart.addDependency(namespaces); // namespaces first: files are numbered in apply order
const bookinfo = new BookinfoApp(chart, 'bookinfo');
new BookinfoDestinationRules(chart, 'destination-rules', { bookinfo });
new ServiceRoutes(chart, 'ratings-routes', {
  service: bookinfo.ratings,
  rules: [
    {
      matches: [{ headers: { 'end-user': StringMatch.exact('jason') } }],
      fault: { abort: { httpStatus: 500, percentage: 100 } },
      destinations: [{ subset: 'v1' }],
    },
    { destinations: [{ subset: 'v1' }] },
  ],
});
app.synth();
