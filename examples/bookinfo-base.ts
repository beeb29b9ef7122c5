// Shared start of the routing examples: Bookinfo in an injected namespace, with a
// DestinationRule per service (Istio's destination-rule-all.yaml) so routes can name subsets,
// and the mesh analyzer, which fails synthesis on broken references.
import { App, Chart } from 'cdk8s';
import { BookinfoApp, BookinfoDestinationRules, MeshAnalyzer, MeshNamespace, TlsMode } from '../src';

export interface BookinfoBase {
  readonly chart: Chart;
  readonly bookinfo: BookinfoApp;
  readonly destinationRules: BookinfoDestinationRules;
}

export function bookinfoBase(app: App, options: { tlsMode?: TlsMode } = {}): BookinfoBase {
  MeshAnalyzer.attach(app);
  const namespaces = new Chart(app, 'namespaces');
  new MeshNamespace(namespaces, 'bookinfo');
  const chart = new Chart(app, 'bookinfo', { namespace: 'bookinfo' });
  chart.addDependency(namespaces);
  const bookinfo = new BookinfoApp(chart, 'bookinfo');
  const destinationRules = new BookinfoDestinationRules(chart, 'destination-rules', { bookinfo, tlsMode: options.tlsMode });
  return { chart, bookinfo, destinationRules };
}
