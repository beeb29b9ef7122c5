// The cdk8s-istio command, in process: main() with its output captured.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Testing } from 'cdk8s';
import { main } from '../src/cli/cdk8s-istio';
import { DataplaneMode } from '../src';
import { buildDemo } from '../app/demo-app';

const DIST = path.join(__dirname, '..', 'dist');
const INGRESS = 'istio-system/istio-ingressgateway-service-account';

function cli(...argv: string[]): { status: number; stdout: string; stderr: string } {
  let stdout = '';
  let stderr = '';
  const status = main(argv, { stdout: (t) => { stdout += t; }, stderr: (t) => { stderr += t; } });
  return { status, stdout, stderr };
}

describe('cdk8s-istio simulate', () => {
  test('allowed: exit 0, with the route, the decision (policy and rule) and the mTLS', () => {
    const r = cli('simulate', DIST, '--from', INGRESS, '--to', 'productpage.bookinfo.svc.cluster.local:9080', '--path', '/productpage');
    expect(r).toMatchObject({ status: 0, stderr: '' });
    expect(r.stdout.split('\n').slice(0, 4)).toEqual([
      'route     VirtualService bookinfo/bookinfo rule 0 match 0',
      '          → productpage.bookinfo.svc.cluster.local:9080 version v1  100%',
      'decision  ALLOWED: AuthorizationPolicy bookinfo/allow-productpage rule 0 (ALLOW) at sidecar Deployment bookinfo/productpage-v1',
      'mTLS      STRICT from PeerAuthentication bookinfo/default (namespace), port 9080; the caller sends mTLS as cluster.local/ns/istio-system/sa/istio-ingressgateway-service-account',
    ]);
  });

  test('denied: exit 3, naming the deciding policy', () => {
    const r = cli('simulate', DIST, '--from', 'bookinfo/bookinfo-ratings', '--to', 'productpage:9080', '--path', '/productpage', '--method', 'GET', '--header', 'x-b3-sampled=1');
    expect(r.status).toBe(3);
    expect(r.stdout).toContain('decision  DENIED (403): AuthorizationPolicy bookinfo/allow-nothing (ALLOW, no rule matches) at sidecar Deployment bookinfo/productpage-v1');
  });

  test('--json prints the result: allowed, policy, route.destinations with host, subset, weight', () => {
    const r = cli('simulate', DIST, '--from', 'bookinfo/bookinfo-productpage', '--to', 'reviews:9080', '--path', '/reviews/0', '--json');
    expect(r.status).toBe(0);
    const result = JSON.parse(r.stdout);
    expect(result).toMatchObject({ allowed: true, policy: 'AuthorizationPolicy bookinfo/allow-reviews', rule: 0, route: { object: 'VirtualService bookinfo/reviews' } });
    expect(result.route.destinations.map((d: any) => [d.host, d.subset, d.weight])).toEqual([
      ['reviews.bookinfo.svc.cluster.local', 'v1', 90], ['reviews.bookinfo.svc.cluster.local', 'v2', 10],
    ]);
  });

  test('--jwt and --verbose: the token reaches the enforcement points; notes are printed', () => {
    const r = cli('simulate', DIST, '--from', 'bookinfo/bookinfo-productpage', '--to', 'details:9080', '--jwt', 'https://issuer.example/alice', '-v');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('note      no RequestAuthentication applies at sidecar Deployment bookinfo/details-v1: the token is not validated');
  });

  test.each([
    ['--from must be NAMESPACE/SERVICEACCOUNT (lower-case names, e.g. bookinfo/bookinfo-productpage), got "productpage"', ['simulate', DIST, '--from', 'productpage', '--to', 'reviews']],
    ['--to must be HOST or HOST:PORT (a DNS name, a port from 1 to 65535, e.g. reviews:9080), got "reviews:http"', ['simulate', DIST, '--from', 'a/b', '--to', 'reviews:http']],
    ['--method must be an HTTP method in upper case (GET, POST, PUT, DELETE...), got "get"', ['simulate', DIST, '--from', 'a/b', '--to', 'reviews', '--method', 'get']],
    ['--header must be NAME=VALUE (a header name, "=", its value, e.g. end-user=jason), got "end-user"', ['simulate', DIST, '--from', 'a/b', '--to', 'reviews', '--header', 'end-user']],
    ['--jwt must be ISSUER/SUBJECT', ['simulate', DIST, '--from', 'a/b', '--to', 'reviews', '--jwt', 'issuer']],
    ['--from NS/SA is required', ['simulate', DIST, '--to', 'reviews']],
    ['the manifests folder (DIR) is required', ['simulate', '--from', 'a/b', '--to', 'reviews']],
    ["Unknown option '--frm'; the options are --from, --to, --path, --method, --header, --jwt, --json, --verbose (-v), --help (-h)", ['simulate', DIST, '--from', 'a/b', '--to', 'reviews', '--frm', 'x']],
    ['unknown command "simulat"; the command is: simulate', ['simulat']],
  ])('usage error: exit 2 and "%s"', (message, argv) => {
    const r = cli(...argv);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(`cdk8s-istio: ${message}`);
  });

  test('other errors exit 1: a folder without manifests', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cli-'));
    try {
      const r = cli('simulate', dir, '--from', 'a/b', '--to', 'reviews');
      expect(r.status).toBe(1);
      expect(r.stderr).toBe(`cdk8s-istio: no Kubernetes objects in ${dir} (read 0 files: *.yaml, *.yml, *.json)\n`);
      expect(cli('simulate', path.join(dir, 'missing'), '--from', 'a/b', '--to', 'reviews').status).toBe(1);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('ambient: the waypoint then the ztunnel enforce, the waypoint connects to the pods; without a waypoint, no routing rules', () => {
    // The demo with DATAPLANE_MODE=ambient, written as `npm run synth` would (one JSON file is enough for readManifests).
    const app = Testing.app();
    buildDemo(app, { dataplaneMode: DataplaneMode.AMBIENT });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cli-'));
    try {
      fs.writeFileSync(path.join(dir, 'demo.json'), JSON.stringify(app.charts.flatMap((c) => c.toJson())));
      const r = cli('simulate', dir, '--from', 'bookinfo/bookinfo-productpage', '--to', 'reviews:9080', '--path', '/reviews/0', '--verbose');
      expect(r.status).toBe(0);
      expect(r.stdout.split('\n').filter((l) => /^(route|decision|mTLS|enforced) /.test(l))).toEqual([
        'route     HTTPRoute bookinfo/reviews rule 0',
        'decision  ALLOWED: AuthorizationPolicy bookinfo/allow-reviews rule 0 (ALLOW) at ztunnel for Deployment bookinfo/reviews-v1',
        'mTLS      STRICT from PeerAuthentication bookinfo/default (namespace), port 9080; the waypoint sends mTLS as cluster.local/ns/bookinfo/sa/waypoint',
        'enforced  waypoint Gateway bookinfo/waypoint (L7, port 9080): allow, AuthorizationPolicy bookinfo/allow-reviews-waypoint rule 0; matched ns[bookinfo]-policy[allow-reviews-waypoint]-rule[0]',
        'enforced  ztunnel for Deployment bookinfo/reviews-v1 (L4, port 9080): allow, AuthorizationPolicy bookinfo/allow-reviews rule 0; matched ns[bookinfo]-policy[allow-reviews]-rule[0]',
        'enforced  ztunnel for Deployment bookinfo/reviews-v2 (L4, port 9080): allow, AuthorizationPolicy bookinfo/allow-reviews rule 0; matched ns[bookinfo]-policy[allow-reviews]-rule[0]',
      ]);
      const denied = cli('simulate', dir, '--from', 'demo/nginx', '--to', 'details.bookinfo:9080');
      expect(denied.status).toBe(3);
      expect(denied.stdout).toContain('decision  DENIED (403): AuthorizationPolicy bookinfo/allow-details-waypoint (ALLOW, no rule matches) at waypoint Gateway bookinfo/waypoint');
      const pair = cli('simulate', dir, '--from', 'demo/nginx', '--to', 'httpd:80');
      expect(pair.stdout.split('\n')[0]).toBe("route     no routing rules (ztunnel, no waypoint): the Service's endpoints, evenly");
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('--help prints the usage and exits 0', () => {
    const r = cli('simulate', '--help');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^Usage: cdk8s-istio simulate DIR --from NS\/SA --to HOST\[:PORT\]/);
  });
});
