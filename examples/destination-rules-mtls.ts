// DestinationRules that require Istio mutual TLS towards every Bookinfo service
// (Istio's destination-rule-all-mtls.yaml, with its subsets for every published version).
// Run: npm run example -- examples/destination-rules-mtls.ts (writes dist-examples/destination-rules-mtls/), or copy it into a
// cdk8s app as its main.ts.
import { App, Chart } from 'cdk8s';
import { BookinfoApp, BookinfoDestinationRules, BookinfoSubsets, MeshNamespace, TlsMode } from 'cdk8s-istio';

const app = new App();
const namespaces = new Chart(app, 'namespaces');
new MeshNamespace(namespaces, 'bookinfo'); // istio-injection: enabled
const chart = new Chart(app, 'bookinfo', { namespace: 'bookinfo' });
chart.addDependency(namespaces); // namespaces first: files are numbered in apply order
const bookinfo = new BookinfoApp(chart, 'bookinfo');
new BookinfoDestinationRules(chart, 'destination-rules', { bookinfo, tlsMode: TlsMode.ISTIO_MUTUAL, subsets: BookinfoSubsets.UPSTREAM });
app.synth();
