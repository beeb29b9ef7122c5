// reviews split 50/50 between v2 and v3 (Istio's virtual-service-reviews-v2-v3.yaml).
// Run: npm run example -- examples/reviews-v2-v3.ts (writes dist-examples/reviews-v2-v3/), or copy it into a
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
  stableVersion: ReviewsVersion.V2,
  canaryVersion: ReviewsVersion.V3,
  canaryWeight: 50,
  destinationRule: destinationRules.forService(bookinfo.reviews),
});
app.synth();
