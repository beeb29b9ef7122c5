// Seeds, part 5: nginx and httpd in the injected namespace demo, curling each other every 3 s
// (kubectl logs -n demo deploy/nginx-v1 -c curl), under mTLS with the two calls allowed, and
// Envoy access logs plus 1 % tracing for the namespace.
// Run: npm run example -- examples/curl-pair.ts (writes dist-examples/curl-pair/), or copy it into a
// cdk8s app as its main.ts.
import { App, Chart } from 'cdk8s';
import { CallGraphAuthorization, DemoCurlPair, MeshTelemetry } from 'cdk8s-istio';

const app = new App();
const chart = new Chart(app, 'demo');
const pair = new DemoCurlPair(chart, 'curl-pair');
new CallGraphAuthorization(chart, 'zero-trust', { namespace: pair.namespace.name, services: [pair.nginx, pair.httpd] });
new MeshTelemetry(chart, 'telemetry', { namespace: pair.namespace.name });
app.synth();
