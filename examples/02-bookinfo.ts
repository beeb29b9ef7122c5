// Seeds, step 2: Istio's Bookinfo in the injected namespace: 4 Services, 4 ServiceAccounts and
// 6 Deployments, as samples/bookinfo/platform/kube/bookinfo.yaml, with explicit resources.
// MeshApp also writes mesh.md, a Mermaid picture of the mesh, beside the YAML.
// Run: npm run example -- examples/02-bookinfo.ts (writes dist-examples/02-bookinfo/), or copy it into a
// cdk8s app as its main.ts.
import { Chart } from 'cdk8s';
import { BookinfoApp, MeshApp, MeshNamespace } from 'cdk8s-istio';

const app = new MeshApp({ topology: true });
const namespaces = new Chart(app, 'namespaces');
new MeshNamespace(namespaces, 'bookinfo'); // istio-injection: enabled
const chart = new Chart(app, 'bookinfo', { namespace: 'bookinfo' });
chart.addDependency(namespaces); // namespaces first: files are numbered in apply order
new BookinfoApp(chart, 'bookinfo');
app.synth();
