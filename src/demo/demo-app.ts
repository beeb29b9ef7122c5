import { App } from 'cdk8s';
import { ReviewsVersion } from '../bookinfo-app';
import { TrafficApi } from '../routing';
import { BookinfoChart } from './bookinfo-chart';
import { DemoConfig } from './config';
import { NamespaceChart } from './namespace-chart';
import { TrafficChart } from './traffic-chart';

/** The charts of the demo, in apply order. */
export interface DemoCharts {
  readonly namespaces: NamespaceChart;
  readonly bookinfo: BookinfoChart;
  readonly traffic: TrafficChart;
}

/**
 * Builds the demo the seeds walk through: an injected namespace, Bookinfo in it, then its
 * ingress, DestinationRules and reviews canary. Chart dependencies make cdk8s number the files
 * (`0000-namespaces.k8s.yaml`, ...) in the order `kubectl apply -f dist/` needs.
 */
export function buildDemo(app: App, config: DemoConfig = {}): DemoCharts {
  const namespaces = new NamespaceChart(app, 'namespaces', { namespaces: { bookinfo: {} } });
  const bookinfo = new BookinfoChart(app, 'bookinfo', { namespace: 'bookinfo' });
  bookinfo.addDependency(namespaces);
  const traffic = new TrafficChart(app, 'traffic', {
    bookinfo: bookinfo.bookinfo,
    api: config.trafficApi ?? TrafficApi.ISTIO,
    canaryVersion: config.canaryVersion ?? ReviewsVersion.V2,
    canaryWeight: config.canaryWeight ?? 10,
  });
  traffic.addDependency(bookinfo);
  return { namespaces, bookinfo, traffic };
}
