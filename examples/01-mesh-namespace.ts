// Seeds, step 1: a namespace enrolled in the mesh. `istio-injection: enabled` gets every new
// pod an Envoy sidecar; a revision label or the ambient data plane are the alternatives.
// Run: CDK8S_OUTDIR=out node scripts/app.mjs examples/01-mesh-namespace.ts
import { App, Chart } from 'cdk8s';
import { DataplaneMode, MeshAnalyzer, MeshNamespace } from '../src';

export function build(app: App): void {
  MeshAnalyzer.attach(app);
  const chart = new Chart(app, 'namespaces');
  new MeshNamespace(chart, 'bookinfo'); // istio-injection: enabled
  new MeshNamespace(chart, 'canary-apps', { revision: '1-28-10' }); // istio.io/rev: 1-28-10
  new MeshNamespace(chart, 'ambient-apps', { dataplaneMode: DataplaneMode.AMBIENT }); // istio.io/dataplane-mode: ambient
}
