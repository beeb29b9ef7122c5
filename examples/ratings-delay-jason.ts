// Fault injection: a 7 s delay on ratings for user jason (Istio's
// virtual-service-ratings-test-delay.yaml); productpage's 3 s timeout then shows an error.
// Run: npm run example -- examples/ratings-delay-jason.ts (writes dist-examples/ratings-delay-jason/), or copy it into a
// cdk8s app as its main.ts.
import { App, Chart, Duration } from 'cdk8s';
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
      fault: { delay: { fixedDelay: Duration.seconds(7), percentage: 100 } },
      destinations: [{ subset: 'v1' }],
    },
    { destinations: [{ subset: 'v1' }] },
  ],
});
app.synth();
