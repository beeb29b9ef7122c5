import { Testing } from 'cdk8s';
import { meshTopology, renderMeshTopology, TrafficApi } from '../src';
import { DemoConfig } from '../app/config';
import { buildDemo } from '../app/demo-app';
import { synthApp } from './util/manifests';

function edges(config: DemoConfig = {}): string[] {
  const app = Testing.app();
  buildDemo(app, config);
  return meshTopology(synthApp(app)).map((e) => `${e.kind}: ${e.from} -> ${e.to} (${e.label})`);
}

describe('mesh topology (dist/mesh.md)', () => {
  test('the default demo: ingress, the canary split, and who may call whom', () => {
    expect(edges()).toEqual([
      'allow: bookinfo/productpage -> bookinfo/details (port 9080)',
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
      'version: demo/httpd -> demo/httpd v1 (100%)',
      'version: demo/nginx -> demo/nginx v1 (100%)',
    ]);
  });

  test('the Gateway API flavor: the same mesh through HTTPRoutes and per-version Services', () => {
    const got = edges({ trafficApi: TrafficApi.GATEWAY_API, canaryWeight: 25 });
    expect(got).toContain('ingress: gateway bookinfo/bookinfo-gateway -> bookinfo/productpage (/productpage /static /login /logout /api/v1/products)');
    expect(got).toContain('allow: gateway bookinfo/bookinfo-gateway -> bookinfo/productpage (port 9080)');
    expect(got).toContain('version: bookinfo/reviews -> bookinfo/reviews v1 (75%)');
    expect(got).toContain('version: bookinfo/reviews -> bookinfo/reviews v2 (25%)');
  });

  test('renders a Mermaid flowchart and a table of the same edges', () => {
    const app = Testing.app();
    buildDemo(app);
    const page = renderMeshTopology(synthApp(app));
    expect(page).toContain('```mermaid\nflowchart LR\n');
    expect(page).toMatch(/ {2}n\d+ -->\|"10%"\| n\d+\n/);
    expect(page).toContain('| version | bookinfo/reviews | bookinfo/reviews v2 | 10% |');
    expect(page.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| kind') && !l.startsWith('| ---'))).toHaveLength(14);
  });
});
