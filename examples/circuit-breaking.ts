// Circuit breaking: at most one connection and one pending request to reviews, and eject an
// endpoint after one 5xx (Istio's circuit-breaking task, applied to reviews).
import { App, Chart, Duration } from 'cdk8s';
import { BookinfoApp, MeshAnalyzer, MeshDestinationRule, MeshNamespace } from '../src';

export function build(app: App): void {
  MeshAnalyzer.attach(app);
  const namespaces = new Chart(app, 'namespaces');
  new MeshNamespace(namespaces, 'bookinfo');
  const chart = new Chart(app, 'bookinfo', { namespace: 'bookinfo' });
  chart.addDependency(namespaces);
  const bookinfo = new BookinfoApp(chart, 'bookinfo');
  new MeshDestinationRule(chart, 'reviews-circuit-breaker', {
    service: bookinfo.reviews,
    connectionPool: { maxConnections: 1, http1MaxPendingRequests: 1, maxRequestsPerConnection: 1 },
    outlierDetection: { consecutive5xxErrors: 1, interval: Duration.seconds(1), baseEjectionTime: Duration.minutes(3), maxEjectionPercent: 100 },
  });
}
