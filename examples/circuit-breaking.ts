// Circuit breaking: at most one connection and one pending request to reviews, and eject an
// endpoint after one 5xx (Istio's circuit-breaking task, applied to reviews).
import { App, Duration } from 'cdk8s';
import { MeshDestinationRule } from '../src';
import { bookinfoInMesh } from './bookinfo-base';

export function build(app: App): void {
  const { chart, bookinfo } = bookinfoInMesh(app);
  new MeshDestinationRule(chart, 'reviews-circuit-breaker', {
    service: bookinfo.reviews,
    connectionPool: { maxConnections: 1, http1MaxPendingRequests: 1, maxRequestsPerConnection: 1 },
    outlierDetection: { consecutive5xxErrors: 1, interval: Duration.seconds(1), baseEjectionTime: Duration.minutes(3), maxEjectionPercent: 100 },
  });
}
