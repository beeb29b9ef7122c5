// Seeds, step 1: a namespace enrolled in the mesh. `istio-injection: enabled` gets every new
// pod an Envoy sidecar; a revision label or the ambient data plane are the alternatives.
// Run: npm run example -- examples/01-mesh-namespace.ts (writes dist-examples/01-mesh-namespace/), or copy it into a
// cdk8s app as its main.ts.
import { App, Chart } from 'cdk8s';
import { DataplaneMode, MeshNamespace } from 'cdk8s-istio';

const app = new App();
const chart = new Chart(app, 'namespaces');
new MeshNamespace(chart, 'bookinfo'); // istio-injection: enabled
new MeshNamespace(chart, 'canary-apps', { revision: '1-28-10' }); // istio.io/rev: 1-28-10
new MeshNamespace(chart, 'ambient-apps', { dataplaneMode: DataplaneMode.AMBIENT }); // istio.io/dataplane-mode: ambient
app.synth();
