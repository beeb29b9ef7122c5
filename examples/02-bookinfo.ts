// Seeds, step 2: Istio's Bookinfo in the injected namespace: 4 Services, 4 ServiceAccounts and
// 6 Deployments, as samples/bookinfo/platform/kube/bookinfo.yaml, with explicit resources.
import { App, Chart } from 'cdk8s';
import { BookinfoApp, MeshAnalyzer, MeshNamespace } from '../src';

export function build(app: App): void {
  MeshAnalyzer.attach(app);
  const namespaces = new Chart(app, 'namespaces');
  new MeshNamespace(namespaces, 'bookinfo');
  const chart = new Chart(app, 'bookinfo', { namespace: 'bookinfo' });
  chart.addDependency(namespaces);
  new BookinfoApp(chart, 'bookinfo');
}
