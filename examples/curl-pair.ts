// Seeds, part 5: nginx and httpd in the injected namespace demo, curling each other every 3 s
// (kubectl logs -n demo deploy/nginx-v1 -c curl), under mTLS with the two calls allowed, and
// Envoy access logs plus 1 % tracing for the namespace.
import { App, Chart } from 'cdk8s';
import { CallGraphAuthorization, DemoCurlPair, MeshAnalyzer, MeshTelemetry } from '../src';

export function build(app: App): void {
  MeshAnalyzer.attach(app);
  const chart = new Chart(app, 'demo');
  const pair = new DemoCurlPair(chart, 'curl-pair');
  new CallGraphAuthorization(chart, 'zero-trust', { namespace: pair.namespace.name, services: [pair.nginx, pair.httpd] });
  new MeshTelemetry(chart, 'telemetry', { namespace: pair.namespace.name });
}
