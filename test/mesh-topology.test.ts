import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
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

  test('writes Mermaid that Mermaid\'s own parser accepts, for every flavor of the demo and the examples', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mermaid-'));
    try {
      const pages: Record<string, string> = {
        'istio.md': renderMeshTopology(demo()),
        'gateway-api.md': renderMeshTopology(demo({ trafficApi: TrafficApi.GATEWAY_API, canaryWeight: 0 })),
        'permissive.md': renderMeshTopology(demo({ canaryWeight: 100, mtlsMode: 'PERMISSIVE' as any })),
        'zero-trust.md': renderMeshTopology(runExample('security-zero-trust.ts')),
        'routes.md': renderMeshTopology(runExample('reviews-jason-v2-others-v3.ts')),
      };
      for (const [file, text] of Object.entries(pages)) fs.writeFileSync(path.join(dir, file), text);
      const files = Object.keys(pages).map((f) => path.join(dir, f));
      const run = spawnSync(process.execPath, [path.join(__dirname, 'util', 'parse-mermaid.mjs'), ...files], { encoding: 'utf8' });
      expect(run.stderr).toBe('');
      expect(JSON.parse(run.stdout)).toEqual(Object.fromEntries(files.map((f) => [f, 'ok'])));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('the Mermaid check catches a broken diagram', () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'mermaid-')), 'broken.md');
    try {
      fs.writeFileSync(file, '```mermaid\nflowchart LR\n  a -->|"x| b\n```\n');
      const run = spawnSync(process.execPath, [path.join(__dirname, 'util', 'parse-mermaid.mjs'), file], { encoding: 'utf8' });
      expect(JSON.parse(run.stdout)[file]).toMatch(/^Parse error on line/);
    } finally {
      fs.rmSync(path.dirname(file), { recursive: true, force: true });
    }
  });
});
