import { App } from 'cdk8s';
import { DataplaneMode, MtlsMode, ReviewsVersion, TrafficApi } from 'cdk8s-istio';
import { BookinfoChart } from './bookinfo-chart';
import { DemoConfig } from './config';
import { CurlPairChart } from './curl-pair-chart';
import { NamespaceChart } from './namespace-chart';
import { SecurityChart } from './security-chart';
import { TrafficChart } from './traffic-chart';

/** The charts of the demo, in apply order. */
export interface DemoCharts {
  readonly namespaces: NamespaceChart;
  readonly bookinfo: BookinfoChart;
  readonly traffic: TrafficChart;
  readonly curlPair: CurlPairChart;
  readonly security: SecurityChart;
}

/**
 * Builds the demo the seeds walk through: an injected namespace, Bookinfo in it, its ingress,
 * DestinationRules and reviews canary, the nginx/httpd curl pair in `demo`, and zero-trust
 * policies for both. Chart dependencies make cdk8s number the files (`0000-namespaces.k8s.yaml`,
 * ...) in the order `kubectl apply -f dist/` needs. In ambient mode the namespaces are ambient,
 * Bookinfo gets a waypoint, and its east-west routes are GAMMA HTTPRoutes whatever the ingress.
 */
export function buildDemo(app: App, config: DemoConfig = {}): DemoCharts {
  const dataplaneMode = config.dataplaneMode ?? DataplaneMode.SIDECAR;
  const namespaces = new NamespaceChart(app, 'namespaces', { namespaces: { bookinfo: { dataplaneMode } } });
  const bookinfo = new BookinfoChart(app, 'bookinfo', { namespace: 'bookinfo' });
  bookinfo.addDependency(namespaces);
  const traffic = new TrafficChart(app, 'traffic', {
    bookinfo: bookinfo.bookinfo,
    meshNamespace: namespaces.namespaces[0],
    api: config.trafficApi ?? TrafficApi.ISTIO,
    canaryVersion: config.canaryVersion ?? ReviewsVersion.V2,
    canaryWeight: config.canaryWeight ?? 10,
  });
  traffic.addDependency(bookinfo);
  const curlPair = new CurlPairChart(app, 'demo', { curlPair: { dataplaneMode } });
  curlPair.addDependency(traffic);
  const security = new SecurityChart(app, 'security', {
    bookinfo: bookinfo.bookinfo,
    gateway: traffic.gateway,
    curlPair: curlPair.curlPair,
    waypoint: traffic.waypoint,
    dataplaneMode,
    mtlsMode: config.mtlsMode ?? MtlsMode.STRICT,
  });
  security.addDependency(curlPair);
  return { namespaces, bookinfo, traffic, curlPair, security };
}
