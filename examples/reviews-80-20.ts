// Traffic shifting: 80 % of reviews traffic to v1, 20 % to v2 (Istio's virtual-service-reviews-80-20.yaml).
// Run: npm run example -- examples/reviews-80-20.ts (writes dist-examples/reviews-80-20/), or copy it into a
// cdk8s app as its main.ts.
import { App, Chart } from 'cdk8s';
import { BookinfoApp, BookinfoDestinationRules, MeshNamespace, ReviewsCanary, ReviewsVersion } from 'cdk8s-istio';

const app = new App();
const namespaces = new Chart(app, 'namespaces');
new MeshNamespace(namespaces, 'bookinfo'); // istio-injection: enabled
const chart = new Chart(app, 'bookinfo', { namespace: 'bookinfo' });
chart.addDependency(namespaces); // namespaces first: files are numbered in apply order
const bookinfo = new BookinfoApp(chart, 'bookinfo');
const destinationRules = new BookinfoDestinationRules(chart, 'destination-rules', { bookinfo });
new ReviewsCanary(chart, 'reviews-canary', {
  bookinfo,
  canaryVersion: ReviewsVersion.V2,
  canaryWeight: 20,
  destinationRule: destinationRules.forService(bookinfo.reviews),
});
app.synth();
