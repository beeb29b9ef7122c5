// Circuit breaking: at most one connection and one pending request to reviews, and eject an
// endpoint after one 5xx (Istio's circuit-breaking task, applied to reviews).
// Run: npm run example -- examples/circuit-breaking.ts (writes dist-examples/circuit-breaking/), or copy it into a
// cdk8s app as its main.ts.
import { App, Chart, Duration } from 'cdk8s';
import { BookinfoApp, MeshDestinationRule, MeshNamespace } from 'cdk8s-istio';

const app = new App();
const namespaces = new Chart(app, 'namespaces');
new MeshNamespace(namespaces, 'bookinfo'); // istio-injection: enabled
const chart = new Chart(app, 'bookinfo', { namespace: 'bookinfo' });
chart.addDependency(namespaces); // namespaces first: files are numbered in apply order
const bookinfo = new BookinfoApp(chart, 'bookinfo');
new MeshDestinationRule(chart, 'reviews-circuit-breaker', {
  service: bookinfo.reviews,
  connectionPool: { maxConnections: 1, http1MaxPendingRequests: 1, maxRequestsPerConnection: 1 },
  outlierDetection: { consecutive5xxErrors: 1, interval: Duration.seconds(1), baseEjectionTime: Duration.minutes(3), maxEjectionPercent: 100 },
});
app.synth();
