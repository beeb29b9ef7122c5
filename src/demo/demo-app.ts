import { App } from 'cdk8s';
import { BookinfoChart } from './bookinfo-chart';
import { NamespaceChart } from './namespace-chart';

/** Settings of the demo app. */
export interface DemoConfig {
  /**
   * Namespace of Bookinfo.
   * @default 'bookinfo'
   */
  readonly bookinfoNamespace?: string;
}

/** The charts of the demo, in apply order. */
export interface DemoCharts {
  readonly namespaces: NamespaceChart;
  readonly bookinfo: BookinfoChart;
}

/**
 * Builds the demo the seeds walk through: an injected namespace, then Bookinfo in it.
 * Chart dependencies make cdk8s number the files (`0000-namespaces.k8s.yaml`, ...) in the
 * order `kubectl apply -f dist/` needs.
 */
export function buildDemo(app: App, config: DemoConfig = {}): DemoCharts {
  const namespace = config.bookinfoNamespace ?? 'bookinfo';
  const namespaces = new NamespaceChart(app, 'namespaces', { namespaces: { [namespace]: {} } });
  const bookinfo = new BookinfoChart(app, 'bookinfo', { namespace });
  bookinfo.addDependency(namespaces);
  return { namespaces, bookinfo };
}
