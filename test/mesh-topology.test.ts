import { Testing } from 'cdk8s';
import { meshTopology, renderMeshTopology, TrafficApi } from '../src';
import { DemoConfig } from '../app/config';
import { buildDemo } from '../app/demo-app';
import { runExample, synthApp } from './util/manifests';

function demo(config: DemoConfig = {}): any[] {
  const app = Testing.app();
  buildDemo(app, config);
  return synthApp(app);
}
const edges = (objects: any[]) => meshTopology(objects).map((e) => `${e.kind}: ${e.from} -> ${e.to} (${e.label})`);

describe('mesh topology (dist/mesh.md)', () => {
  test('the default demo: ingress, the canary split (the version at 0 % too), and who may call whom', () => {
    expect(edges(demo())).toEqual([
      'allow: bookinfo/productpage -> bookinfo/details (port 9080)',
      'allow: bookinfo/productpage -> bookinfo/ratings (port 9080)',
      'allow: bookinfo/productpage -> bookinfo/reviews (port 9080)',
      'allow: bookinfo/reviews -> bookinfo/ratings (port 9080)',
      'allow: demo/httpd -> demo/nginx (port 80)',
      'allow: demo/nginx -> demo/httpd (port 80)',
      'allow: gateway bookinfo/bookinfo-gateway -> bookinfo/productpage (port 9080)',
      'ingress: gateway bookinfo/bookinfo-gateway -> bookinfo/productpage (/productpage /static /login /logout /api/v1/products)',
      'version: bookinfo/details -> bookinfo/details v1 (100%)',
      'version: bookinfo/productpage -> bookinfo/productpage v1 (100%)',
      'version: bookinfo/ratings -> bookinfo/ratings v1 (100%)',
      'version: bookinfo/reviews -> bookinfo/reviews v1 (90%)',
      'version: bookinfo/reviews -> bookinfo/reviews v2 (10%)',
      'version: bookinfo/reviews -> bookinfo/reviews v3 (0%)',
      'version: demo/httpd -> demo/httpd v1 (100%)',
      'version: demo/nginx -> demo/nginx v1 (100%)',
    ]);
  });

  test('the Gateway API flavor: the same mesh through HTTPRoutes and per-version Services', () => {
    const got = edges(demo({ trafficApi: TrafficApi.GATEWAY_API, canaryWeight: 25 }));
    expect(got).toContain('ingress: gateway bookinfo/bookinfo-gateway -> bookinfo/productpage (/productpage /static /login /logout /api/v1/products)');
    expect(got).toContain('allow: gateway bookinfo/bookinfo-gateway -> bookinfo/productpage (port 9080)');
    expect(got).toContain('version: bookinfo/reviews -> bookinfo/reviews v1 (75%)');
    expect(got).toContain('version: bookinfo/reviews -> bookinfo/reviews v2 (25%)');
    expect(got).toContain('version: bookinfo/reviews -> bookinfo/reviews v3 (0%)');
  });

  test('renders one subgraph per namespace with its mTLS mode, a legend inside the picture, and the edges as a table', () => {
    const page = renderMeshTopology(demo());
    expect(page).toContain('```mermaid\nflowchart LR\n  legend["Legend<br/>solid arrow: where requests go');
    expect(page).toContain('  subgraph ns0["namespace bookinfo · mTLS STRICT · deny by default"]\n');
    expect(page).toContain('  subgraph ns1["namespace demo · mTLS STRICT · deny by default"]\n');
    expect(page).toMatch(/ {2}n\d+ -->\|"10%"\| n\d+\n/);
    expect(page).toMatch(/ {2}n\d+ -->\|"0%"\| n\d+\n/);
    expect(page).toContain('| version | bookinfo/reviews | bookinfo/reviews v2 | 10% |');
    expect(page).toContain('| bookinfo | STRICT | yes |');
    expect(page.split('\n').filter((l) => /^\| (allow|ingress|version) /.test(l))).toHaveLength(16);
  });

  test('marks the paths where a gateway requires a JWT', () => {
    const page = renderMeshTopology(runExample('security-zero-trust.ts'));
    expect(page).toContain('{{"gateway bookinfo/bookinfo-gateway<br/>JWT required: /productpage"}}');
    expect(page).toContain('| gateway bookinfo/bookinfo-gateway | /productpage |');
  });

});
