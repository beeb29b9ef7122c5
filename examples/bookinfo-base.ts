// Shared start of the routing examples: Bookinfo in an injected namespace, with a
// DestinationRule per service (Istio's destination-rule-all.yaml) so routes can name subsets,
// and the mesh analyzer, which fails synthesis on broken references.
import { App, Chart } from 'cdk8s';
import { BookinfoApp, BookinfoDestinationRules, MeshAnalyzer, MeshNamespace, TlsMode } from '../src';

export interface BookinfoInMesh {
  readonly chart: Chart;
  readonly bookinfo: BookinfoApp;
}

export interface BookinfoBase extends BookinfoInMesh {
  readonly destinationRules: BookinfoDestinationRules;
}

/** Bookinfo in an injected namespace, with the mesh analyzer attached. */
export function bookinfoInMesh(app: App): BookinfoInMesh {
  MeshAnalyzer.attach(app);
  const namespaces = new Chart(app, 'namespaces');
  new MeshNamespace(namespaces, 'bookinfo');
  const chart = new Chart(app, 'bookinfo', { namespace: 'bookinfo' });
  chart.addDependency(namespaces);
  return { chart, bookinfo: new BookinfoApp(chart, 'bookinfo') };
}

/** The same, plus a DestinationRule per service (destination-rule-all.yaml). */
export function bookinfoBase(app: App, options: { tlsMode?: TlsMode } = {}): BookinfoBase {
  const { chart, bookinfo } = bookinfoInMesh(app);
  const destinationRules = new BookinfoDestinationRules(chart, 'destination-rules', { bookinfo, tlsMode: options.tlsMode });
  return { chart, bookinfo, destinationRules };
}
