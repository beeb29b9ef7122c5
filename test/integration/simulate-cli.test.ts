// `npm run -s simulate`: the cdk8s-istio command bundled by scripts/simulate.mjs, as a child
// process, on the committed dist/.
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';

const root = path.join(__dirname, '..', '..');

describe('npm run simulate', () => {
  test('the ingress reaches productpage: exit 0, with the route, the decision and the mTLS', () => {
    const result = spawnSync('npm', ['run', '-s', 'simulate', '--', 'dist', '--from', 'istio-system/istio-ingressgateway-service-account',
      '--to', 'productpage.bookinfo.svc.cluster.local:9080', '--path', '/productpage'], { cwd: root, encoding: 'utf8' });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^route {5}VirtualService bookinfo\/bookinfo rule 0 match 0\n/);
    expect(result.stdout).toContain('decision  ALLOWED: AuthorizationPolicy bookinfo/allow-productpage rule 0 (ALLOW)');
    expect(result.stdout).toContain('mTLS      STRICT from PeerAuthentication bookinfo/default (namespace)');
  });
});
