// A synthetic mesh of N services through the public API, for `npm run bench`: each service has a
// Deployment, Service, ServiceAccount, DestinationRule, VirtualService (a 90/10 split between
// two versions) and an AuthorizationPolicy (service i calls service i+1), in one injected
// namespace, with the analyzer attached as in the demo. Prints a JSON line with its own timings.
import { Chart, Size } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-28';
import { CallGraphAuthorization, MeshApp, MeshDestinationRule, MeshNamespace, MeshService, ServiceRoutes } from 'cdk8s-istio';

const started = process.hrtime.bigint();
const n = Number(process.env.BENCH_SERVICES ?? 100);
const app = new MeshApp({ fastYaml: true });
const namespaces = new Chart(app, 'namespaces');
new MeshNamespace(namespaces, 'mesh');
const chart = new Chart(app, 'mesh', { namespace: 'mesh' });
chart.addDependency(namespaces);
const resources = { cpu: { request: Cpu.millis(10) }, memory: { request: Size.mebibytes(32), limit: Size.mebibytes(64) } };
const services: MeshService[] = [];
for (let i = 0; i < n; i++) {
  const service = new MeshService(chart, `svc-${i}`, { port: 8080 });
  service.addVersion('v1', { image: 'example/app:1.0.0', resources });
  service.addVersion('v2', { image: 'example/app:1.1.0', resources, replicas: 0 });
  new MeshDestinationRule(chart, `svc-${i}-subsets`, { service });
  new ServiceRoutes(chart, `svc-${i}-routes`, { service, rules: [{ destinations: [{ subset: 'v1', weight: 90 }, { subset: 'v2', weight: 10 }] }] });
  services.push(service);
}
services.forEach((s, i) => s.addCall(services[(i + 1) % n]));
new CallGraphAuthorization(chart, 'zero-trust', { services });
const built = process.hrtime.bigint();
app.synth();
const done = process.hrtime.bigint();
const objects = app.node.findAll().filter((c) => (c as any).kind !== undefined && (c as any).apiVersion !== undefined).length;
process.stdout.write(`${JSON.stringify({
  services: n, objects, constructMs: Number(built - started) / 1e6, synthMs: Number(done - built) / 1e6, maxRssMb: process.resourceUsage().maxRSS / 1024,
})}\n`);
