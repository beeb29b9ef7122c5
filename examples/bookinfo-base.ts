// Shared start of the routing examples: Bookinfo in an injected namespace, with a
// DestinationRule per service (Istio's destination-rule-all.yaml) so routes can name subsets.
import { App, Chart } from 'cdk8s';
import { BOOKINFO_SUBSETS, BookinfoApp, MeshDestinationRule, MeshNamespace, TlsMode } from '../src';

export interface BookinfoBase {
  readonly chart: Chart;
  readonly bookinfo: BookinfoApp;
  readonly destinationRules: Record<string, MeshDestinationRule>;
}

export function bookinfoBase(app: App, options: { tlsMode?: TlsMode } = {}): BookinfoBase {
  const namespaces = new Chart(app, 'namespaces');
  new MeshNamespace(namespaces, 'bookinfo');
  const chart = new Chart(app, 'bookinfo', { namespace: 'bookinfo' });
  chart.addDependency(namespaces);
  const bookinfo = new BookinfoApp(chart, 'bookinfo');
  const destinationRules: Record<string, MeshDestinationRule> = {};
  for (const service of bookinfo.services) {
    destinationRules[service.name] = new MeshDestinationRule(chart, `${service.name}-subsets`, {
      service,
      subsets: [...BOOKINFO_SUBSETS[service.name]],
      tlsMode: options.tlsMode,
    });
  }
  return { chart, bookinfo, destinationRules };
}
