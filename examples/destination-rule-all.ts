// DestinationRules with a subset for every version Istio publishes an image for, exactly Istio's
// destination-rule-all.yaml (its other tasks route to ratings v2 and details v2). The subsets of
// versions this app does not deploy select no pods: istioctl's IST0173, suppressed on those rules.
// Without `subsets`, BookinfoDestinationRules defines the deployed versions' subsets only.
// Run: npm run example -- examples/destination-rule-all.ts (writes dist-examples/destination-rule-all/), or copy it into a
// cdk8s app as its main.ts.
import { App, Chart } from 'cdk8s';
import { BookinfoApp, BookinfoDestinationRules, BookinfoSubsets, MeshNamespace } from 'cdk8s-istio';

const app = new App();
const namespaces = new Chart(app, 'namespaces');
new MeshNamespace(namespaces, 'bookinfo'); // istio-injection: enabled
const chart = new Chart(app, 'bookinfo', { namespace: 'bookinfo' });
chart.addDependency(namespaces); // namespaces first: files are numbered in apply order
const bookinfo = new BookinfoApp(chart, 'bookinfo');
new BookinfoDestinationRules(chart, 'destination-rules', { bookinfo, subsets: BookinfoSubsets.UPSTREAM });
app.synth();
