// The mesh simulator, rule by rule. Each test names a rule of the simulator's semantics
// (research note SEMANTICS.md: AZ = AuthorizationPolicy, RM = rule matching, C = JWT, MT = mTLS,
// VS = VirtualService, GW = Istio gateway, HR = HTTPRoute, DEF = default route) and cites its
// source: an istio.io page (URL + quote), or a file of istio/istio 1.28.10 (`istio:`), istio/api
// v1.28.9 (`api:`) or kubernetes-sigs/gateway-api v1.4.0 (`gwapi:`) with its lines. Small
// hand-written manifests; the demo's dist/ at the end.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ManifestIndex } from '../src/checks/manifest-index';
import { readManifests } from '../src/checks/simulator/read-manifests';
import { simulate } from '../src/checks/simulator/simulate';
import { SimulationRequest } from '../src/checks/simulator/types';

// ---- manifest builders -------------------------------------------------------------------

const P = (ns: string, sa: string) => `cluster.local/ns/${ns}/sa/${sa}`;
const PP = P('bookinfo', 'productpage');

function ns(name: string, inject = true): any {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels: inject ? { 'istio-injection': 'enabled' } : {} } };
}

interface AppOptions {
  readonly port?: number;
  readonly targetPort?: number | string;
  readonly portName?: string;
  readonly containerPort?: number;
  readonly versions?: string[];
  readonly replicas?: Record<string, number>;
  readonly sa?: string;
  readonly podLabels?: Record<string, string>;
}

/** A Service and one Deployment per version (labels app + version), running as service account `name`. */
function app(name: string, namespace: string, o: AppOptions = {}): any[] {
  const port = o.port ?? 9080;
  return [
    { apiVersion: 'v1', kind: 'Service', metadata: { name, namespace },
      spec: { selector: { app: name }, ports: [{ name: o.portName ?? 'http', port, ...(o.targetPort !== undefined ? { targetPort: o.targetPort } : {}) }] } },
    ...(o.versions ?? ['v1']).map((v) => ({
      apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: `${name}-${v}`, namespace },
      spec: {
        replicas: o.replicas?.[v] ?? 1,
        selector: { matchLabels: { app: name, version: v } },
        template: {
          metadata: { labels: { app: name, version: v, ...o.podLabels } },
          spec: { serviceAccountName: o.sa ?? name, containers: [{ name, image: 'x', ports: [{ name: 'http', containerPort: o.containerPort ?? (typeof o.targetPort === 'number' ? o.targetPort : port) }] }] },
        },
      },
    })),
  ];
}

/** A per-version Service (`reviews-v1` selects app reviews, version v1), as Bookinfo's bookinfo-versions.yaml. */
const versionService = (name: string, v: string, namespace = 'bookinfo', port = 9080) => ({
  apiVersion: 'v1', kind: 'Service', metadata: { name: `${name}-${v}`, namespace }, spec: { selector: { app: name, version: v }, ports: [{ name: 'http', port }] },
});

const meta = (name: string, namespace: string, extra: Record<string, unknown> = {}) => ({ name, namespace, ...extra });
const ap = (name: string, spec: any, namespace = 'bookinfo', extra: Record<string, unknown> = {}) => ({ apiVersion: 'security.istio.io/v1', kind: 'AuthorizationPolicy', metadata: meta(name, namespace, extra), spec });
const pa = (name: string, spec: any, namespace = 'bookinfo') => ({ apiVersion: 'security.istio.io/v1', kind: 'PeerAuthentication', metadata: meta(name, namespace), spec });
const ra = (name: string, spec: any, namespace = 'bookinfo') => ({ apiVersion: 'security.istio.io/v1', kind: 'RequestAuthentication', metadata: meta(name, namespace), spec });
const vs = (name: string, spec: any, namespace = 'bookinfo', extra: Record<string, unknown> = {}) => ({ apiVersion: 'networking.istio.io/v1', kind: 'VirtualService', metadata: meta(name, namespace, extra), spec });
const dr = (name: string, spec: any, namespace = 'bookinfo') => ({ apiVersion: 'networking.istio.io/v1', kind: 'DestinationRule', metadata: meta(name, namespace), spec });
const istioGateway = (name: string, spec: any, namespace = 'bookinfo') => ({ apiVersion: 'networking.istio.io/v1', kind: 'Gateway', metadata: meta(name, namespace), spec });
const k8sGateway = (name: string, spec: any, namespace = 'bookinfo') => ({ apiVersion: 'gateway.networking.k8s.io/v1', kind: 'Gateway', metadata: meta(name, namespace), spec: { gatewayClassName: 'istio', ...spec } });
const hr = (name: string, spec: any, namespace = 'bookinfo', extra: Record<string, unknown> = {}) => ({ apiVersion: 'gateway.networking.k8s.io/v1', kind: 'HTTPRoute', metadata: meta(name, namespace, extra), spec });
const reviewsSubsets = dr('reviews', { host: 'reviews', subsets: ['v1', 'v2', 'v3'].map((v) => ({ name: v, labels: { version: v } })) });
const bookinfoGateway = istioGateway('bookinfo-gateway', { selector: { istio: 'ingressgateway' }, servers: [{ port: { number: 8080, name: 'http', protocol: 'HTTP' }, hosts: ['*'] }] });
const INGRESS = 'istio-system/istio-ingressgateway-service-account';
const ALLOW_ALL = { rules: [{}] };
const DENY_ALL = { action: 'DENY', rules: [{}] };

/** A small Bookinfo in `bookinfo` (sidecars), plus `legacy` (not in the mesh) and `extra` objects. */
function mesh(...extra: any[]): any[] {
  return [
    ns('bookinfo'), ns('legacy', false), ns('istio-system', false),
    ...app('productpage', 'bookinfo'), ...app('details', 'bookinfo'), ...app('ratings', 'bookinfo'),
    ...app('reviews', 'bookinfo', { versions: ['v1', 'v2', 'v3'] }),
    ...extra,
  ];
}

const run = (objects: any[], request: Partial<SimulationRequest> & { to: string }) => simulate(objects, { from: 'bookinfo/productpage', ...request });
const allowed = (objects: any[], request: Partial<SimulationRequest> & { to: string }) => run(objects, request).allowed;

// ---- A. AuthorizationPolicy evaluation ---------------------------------------------------

describe('A. AuthorizationPolicy evaluation', () => {
  test('AZ-1 CUSTOM, then DENY, then ALLOW; no ALLOW policy allows, an unmatched ALLOW denies', () => {
    // api:security/v1beta1/authorization_policy.proto:25-33 "2. If there are any DENY policies that match the request,
    // deny the request. 3. If there are no ALLOW policies for the workload, allow the request. ... 5. Deny the request."
    expect(run(mesh(), { to: 'details:9080' })).toMatchObject({ allowed: true, policy: 'no policy' });
    expect(run(mesh(ap('deny-all', DENY_ALL), ap('allow-all', ALLOW_ALL)), { to: 'details:9080' }))
      .toMatchObject({ allowed: false, policy: 'AuthorizationPolicy bookinfo/deny-all', rule: 0, action: 'DENY', response: 403 });
    const r = run(mesh(ap('allow-x', { rules: [{ from: [{ source: { principals: [P('bookinfo', 'reviews')] } }] }] })), { to: 'details:9080' });
    expect(r).toMatchObject({ allowed: false, policy: 'AuthorizationPolicy bookinfo/allow-x', action: 'ALLOW', response: 403 });
    expect(r.rule).toBeUndefined();
  });

  test('AZ-2 a denied request gets 403 "RBAC: access denied"; [none] when ALLOW policies exist and none matched', () => {
    // envoy:source/extensions/filters/http/rbac/rbac_filter.cc: sendLocalReply(Http::Code::Forbidden, "RBAC: access denied", ...)
    const r = run(mesh(ap('allow-x', { rules: [{ from: [{ source: { principals: ['nobody'] } }] }] })), { to: 'details:9080' });
    expect(r.response).toBe(403);
    expect(r.reason).toContain('RBAC: access denied');
    expect(r.reason).toContain('rbac_access_denied_matched_policy[none]');
  });

  test('AZ-3 the deciding rule is the lexicographically first matching id (rule[10] before rule[2])', () => {
    // istio:pilot/pkg/security/authz/builder/builder.go:364-370 names rules ns[<ns>]-policy[<name>]-rule[<i>];
    // envoy:source/extensions/filters/common/rbac/engine_impl.h keeps them in a std::map (sorted by name).
    const rules = Array.from({ length: 11 }, (_, i) => ({ to: [{ operation: { paths: [i === 2 || i === 10 ? '/x' : `/r${i}`] } }] }));
    const r = run(mesh(ap('many', { action: 'DENY', rules })), { to: 'details:9080', path: '/x' });
    expect(r).toMatchObject({ allowed: false, policy: 'AuthorizationPolicy bookinfo/many', rule: 10, action: 'DENY' });
    expect(r.enforcement[0].matched).toEqual(['ns[bookinfo]-policy[many]-rule[2]', 'ns[bookinfo]-policy[many]-rule[10]']);
  });

  test('AZ-4 allow-nothing: an ALLOW policy without rules denies everything until another ALLOW matches', () => {
    // api:security/v1beta1/authorization_policy.proto:309-312 "If not set, the match will never occur. This is equivalent
    // to setting a default of deny for the target workloads if the action is ALLOW."
    const nothing = ap('allow-nothing', {});
    expect(run(mesh(nothing), { to: 'details:9080' })).toMatchObject({ allowed: false, policy: 'AuthorizationPolicy bookinfo/allow-nothing', action: 'ALLOW' });
    const details = ap('allow-details', { selector: { matchLabels: { app: 'details' } }, rules: [{ from: [{ source: { principals: [PP] } }] }] });
    expect(run(mesh(nothing, details), { to: 'details:9080' })).toMatchObject({ allowed: true, policy: 'AuthorizationPolicy bookinfo/allow-details', rule: 0 });
  });

  test('AZ-5 a DENY policy without rules does nothing; ALLOW rules: [{}] allows everything', () => {
    // https://istio.io/latest/docs/concepts/security/#allow-nothing-deny-all-and-allow-all-policy "It will make other
    // ALLOW policies useless as it will always allow the request"; never-match policy for no rules: builder.go:228-233.
    expect(run(mesh(ap('deny-none', { action: 'DENY' })), { to: 'details:9080' })).toMatchObject({ allowed: true, policy: 'no policy' });
    const r = run(mesh(ap('allow-all', ALLOW_ALL), ap('allow-other', { rules: [{ from: [{ source: { principals: ['other'] } }] }] })), { to: 'details:9080' });
    expect(r).toMatchObject({ allowed: true, policy: 'AuthorizationPolicy bookinfo/allow-all', rule: 0 });
  });

  test('AZ-6 AUDIT and dry-run policies never decide', () => {
    // api:security/v1beta1/authorization_policy.proto:35-37 "AUDIT policies do not affect whether requests are allowed or
    // denied"; dry-run goes to shadow rules (istio:pilot/pkg/security/authz/builder/builder.go:147-157).
    const audit = run(mesh(ap('audit', { action: 'AUDIT', rules: [{}] })), { to: 'details:9080' });
    expect(audit).toMatchObject({ allowed: true, policy: 'no policy' });
    expect(audit.notes.join(' ')).toContain('AUDIT never decides');
    const dry = run(mesh(ap('deny-dry', DENY_ALL, 'bookinfo', { annotations: { 'istio.io/dry-run': 'true' } })), { to: 'details:9080' });
    expect(dry).toMatchObject({ allowed: true, policy: 'no policy' });
    expect(dry.notes.join(' ')).toContain('dry-run');
  });

  test('AZ-7 CUSTOM is reported and assumed to allow; DENY and ALLOW still decide', () => {
    // api:security/v1beta1/authorization_policy.proto:331-338 "the extension cannot bypass the authorization decision made
    // by ALLOW and DENY action".
    const custom = ap('ext', { action: 'CUSTOM', provider: { name: 'opa' }, rules: [{}] });
    const r = run(mesh(custom), { to: 'details:9080' });
    expect(r.allowed).toBe(true);
    expect(r.notes.join(' ')).toContain('provider opa decides');
    expect(run(mesh(custom, ap('deny-all', DENY_ALL)), { to: 'details:9080' })).toMatchObject({ allowed: false, policy: 'AuthorizationPolicy bookinfo/deny-all' });
  });

  test('AZ-8 scope: root namespace for the mesh, selectors as label subsets, targetRefs ignored by sidecars', () => {
    // istio:pilot/pkg/model/authorization.go:97-110 (root and workload namespace); policyattachment.go:130-137 "if targetRef
    // is specified, ignore the policy altogether"; authorization_policy.proto:157-158 "If set to root namespace, the policy
    // applies to all namespaces in a mesh".
    expect(allowed(mesh(ap('deny-all', DENY_ALL, 'istio-system')), { to: 'details:9080' })).toBe(false);
    const rootSelector = ap('deny-details', { action: 'DENY', selector: { matchLabels: { app: 'details' } }, rules: [{}] }, 'istio-system');
    expect(allowed(mesh(rootSelector), { to: 'details:9080' })).toBe(false);
    const targeted = ap('deny-gw', { action: 'DENY', targetRefs: [{ kind: 'Gateway', group: 'gateway.networking.k8s.io', name: 'gw' }], rules: [{}] });
    expect(run(mesh(targeted), { to: 'details:9080' })).toMatchObject({ allowed: true, policy: 'no policy' });
    const reviewsOnly = ap('deny-reviews', { action: 'DENY', selector: { matchLabels: { app: 'reviews' } }, rules: [{}] });
    expect(allowed(mesh(reviewsOnly), { to: 'ratings:9080' })).toBe(true);
    expect(allowed(mesh(ap('deny-elsewhere', DENY_ALL, 'demo')), { to: 'details:9080' })).toBe(true);
  });

  test('AZ-9 on a TCP port, ALLOW rules with HTTP-only fields are dropped (narrower), DENY rules lose those fields (broader)', () => {
    // istio:pilot/pkg/security/authz/model/model.go:330-353 checkError: "effectively result in a smaller allow policy" /
    // "effectively resulting in a wider deny or audit policy"; proto:128-131 "For a DENY rule, missing attributes are treated as matches".
    const tcp = [ns('bookinfo'), ...app('productpage', 'bookinfo'), ...app('db', 'bookinfo', { port: 3306, portName: 'tcp-db' })];
    const allowGet = run([...tcp, ap('allow-get', { rules: [{ to: [{ operation: { methods: ['GET'] } }] }] })], { to: 'db:3306' });
    expect(allowGet).toMatchObject({ allowed: false, policy: 'AuthorizationPolicy bookinfo/allow-get' });
    expect(allowGet.enforcement[0].layer).toBe('L4');
    expect(allowGet.notes.join(' ')).toContain('AZ-9');
    const denyAdmin = run([...tcp, ap('deny-admin', { action: 'DENY', rules: [{ to: [{ operation: { paths: ['/admin'] } }] }] })], { to: 'db:3306', path: '/public' });
    expect(denyAdmin).toMatchObject({ allowed: false, policy: 'AuthorizationPolicy bookinfo/deny-admin', action: 'DENY' });
  });
});

// ---- B. Rule matching ----------------------------------------------------------------------

describe('B. Rule matching', () => {
  test('RM-1 a rule matches when a source, an operation and every condition match; an empty rule always', () => {
    // api:security/v1beta1/authorization_policy.proto:379-381 "A match occurs when at least one source, one operation and
    // all conditions matches the request. An empty rule is always matched."
    const policy = ap('allow', { rules: [{ from: [{ source: { principals: [PP] } }], to: [{ operation: { paths: ['/x'] } }], when: [{ key: 'request.headers[x-a]', values: ['1'] }] }] });
    expect(allowed(mesh(policy), { to: 'details:9080', path: '/x', headers: { 'X-A': '1' } })).toBe(true);
    expect(allowed(mesh(policy), { to: 'details:9080', path: '/x' })).toBe(false);
    expect(allowed(mesh(policy), { to: 'details:9080', path: '/y', headers: { 'x-a': '1' } })).toBe(false);
    expect(allowed(mesh(policy), { from: 'bookinfo/reviews', to: 'details:9080', path: '/x', headers: { 'x-a': '1' } })).toBe(false);
  });

  test('RM-2 fields of a source AND, the values of a field OR', () => {
    // api:security/v1beta1/authorization_policy.proto:419-429 "matches if the principal is admin or dev and the namespace
    // is prod or test".
    const objects = [...mesh(ns('foo'), ns('bar')), ap('allow', { rules: [{ from: [{ source: { principals: ['*/sa/a', '*/sa/b'], namespaces: ['foo'] } }] }] })];
    expect(allowed(objects, { from: 'foo/a', to: 'details.bookinfo:9080' })).toBe(true);
    expect(allowed(objects, { from: 'foo/b', to: 'details.bookinfo:9080' })).toBe(true);
    expect(allowed(objects, { from: 'bar/a', to: 'details.bookinfo:9080' })).toBe(false);
    expect(allowed(objects, { from: 'foo/c', to: 'details.bookinfo:9080' })).toBe(false);
  });

  test('RM-3 exact, prefix, suffix and presence; presence is not "unspecified"', () => {
    // https://istio.io/latest/docs/concepts/security/#value-matching "Presence match: * is used to specify anything but not
    // empty ... This is different from leaving a field unspecified, which means match anything, including empty."
    const paths = ap('allow', { rules: [{ to: [{ operation: { paths: ['/exact', '/pre*', '*/suf'] } }] }] });
    const ok = (p: string) => allowed(mesh(paths), { to: 'details:9080', path: p });
    expect([ok('/exact'), ok('/exactly'), ok('/prefix'), ok('/a/suf'), ok('/a/sufx')]).toEqual([true, false, true, true, false]);
    const anyPeer = ap('allow', { rules: [{ from: [{ source: { principals: ['*'] } }] }] });
    expect(allowed(mesh(anyPeer), { to: 'details:9080' })).toBe(true);
    expect(allowed(mesh(anyPeer), { from: 'legacy/sleep', to: 'details.bookinfo:9080' })).toBe(false); // plain text: empty principal
    expect(allowed(mesh(ap('allow', { rules: [{ to: [{ operation: { methods: ['GET'] } }] }] })), { from: 'legacy/sleep', to: 'details.bookinfo:9080' })).toBe(true);
  });

  test('RM-4 principals match the mTLS peer identity (exact, prefix, suffix), never plain text', () => {
    // istio:pilot/pkg/security/authz/model/generator.go:226-229 (value with spiffe:// prepended); proto:432-439 "requires mTLS enabled".
    const allowP = (v: string) => ap('allow', { rules: [{ from: [{ source: { principals: [v] } }] }] });
    for (const v of [PP, 'cluster.local/ns/bookinfo/*', '*/sa/productpage']) expect(allowed(mesh(allowP(v)), { to: 'details:9080' })).toBe(true);
    expect(allowed(mesh(allowP('*/sa/reviews')), { to: 'details:9080' })).toBe(false);
    // The same caller in plain text (its DestinationRule disables TLS; the server is PERMISSIVE): no principal.
    const plain = dr('details', { host: 'details', trafficPolicy: { tls: { mode: 'DISABLE' } } });
    const r = run(mesh(allowP(PP), plain), { to: 'details:9080' });
    expect(r).toMatchObject({ allowed: false, mtls: { transport: 'plaintext', callerMtls: false, outcome: 'ok' } });
    expect(r.enforcement[0].principal).toBeUndefined();
  });

  test('RM-5 namespaces match the namespace of the peer identity, with * inside, and need mTLS', () => {
    // istio:pilot/pkg/security/authz/model/generator.go:173-187 regex ".*/ns/<ns>/.*"; proto:454-458.
    const allowNs = (v: string) => ap('allow', { rules: [{ from: [{ source: { namespaces: [v] } }] }] });
    expect(allowed(mesh(allowNs('bookinfo')), { to: 'details:9080' })).toBe(true);
    expect(allowed(mesh(allowNs('book*')), { to: 'details:9080' })).toBe(true);
    expect(allowed(mesh(allowNs('demo')), { to: 'details:9080' })).toBe(false);
    expect(allowed(mesh(allowNs('legacy')), { from: 'legacy/sleep', to: 'details.bookinfo:9080' })).toBe(false);
  });

  test('RM-6 serviceAccounts: "sa" in the policy namespace or "ns/sa"', () => {
    // api:security/v1beta1/authorization_policy.proto:463-476; istio:pilot/pkg/security/authz/model/generator.go:197-218
    // regex spiffe://.+/ns/<ns>/(.+/|)sa/<sa>(/.+)?
    const allowSa = (v: string) => ap('allow', { rules: [{ from: [{ source: { serviceAccounts: [v] } }] }] });
    expect(allowed(mesh(allowSa('productpage')), { to: 'details:9080' })).toBe(true);
    expect(allowed(mesh(allowSa('bookinfo/productpage')), { to: 'details:9080' })).toBe(true);
    expect(allowed(mesh(allowSa('other/productpage')), { to: 'details:9080' })).toBe(false);
    expect(allowed(mesh(allowSa('productpage-x')), { to: 'details:9080' })).toBe(false);
  });

  test('RM-7 plain text: principals never match, notPrincipals always do (DENY notPrincipals ["*"] requires mTLS)', () => {
    // https://istio.io/latest/news/security/istio-security-2021-004/ "These mTLS-only fields will never match when the
    // traffic is plain text"; security-policy-examples require-mtls: "The following policy enforces mTLS".
    const from = 'legacy/sleep';
    const to = 'details.bookinfo:9080';
    expect(allowed(mesh(ap('allow', { rules: [{ from: [{ source: { principals: [PP] } }] }] })), { from, to })).toBe(false);
    expect(allowed(mesh(ap('allow', { rules: [{ from: [{ source: { notPrincipals: [PP] } }] }] })), { from, to })).toBe(true);
    const requireMtls = ap('require-mtls', { action: 'DENY', rules: [{ from: [{ source: { notPrincipals: ['*'] } }] }] });
    expect(run(mesh(requireMtls), { from, to })).toMatchObject({ allowed: false, policy: 'AuthorizationPolicy bookinfo/require-mtls' });
    expect(allowed(mesh(requireMtls), { to: 'details:9080' })).toBe(true);
  });

  test('RM-8 requestPrincipals: iss/sub split at the last "/", with * forms; none without a JWT', () => {
    // istio:pilot/pkg/security/authz/model/generator.go:239-297; proto:444-449 "requires request authentication enabled".
    const jwtRule = ra('jwt', { jwtRules: [{ issuer: 'https://issuer.example/a' }] });
    const allowRp = (v: string) => ap('allow', { rules: [{ from: [{ source: { requestPrincipals: [v] } }] }] });
    const jwt = { iss: 'https://issuer.example/a', sub: 'alice' };
    for (const v of ['*', 'https://issuer.example/a/alice', 'https://issuer.example/a/*', '*/alice', '*.example/a/alice']) {
      expect([v, allowed(mesh(jwtRule, allowRp(v)), { to: 'details:9080', jwt })]).toEqual([v, true]);
    }
    // Split at the last "/": "https://issuer*" is issuer "https:/" and a subject prefix "issuer", so it matches nothing here.
    for (const v of ['https://issuer.example/a/bob', 'https://issuer*']) {
      expect([v, allowed(mesh(jwtRule, allowRp(v)), { to: 'details:9080', jwt })]).toEqual([v, false]);
    }
    expect(allowed(mesh(jwtRule, allowRp('*')), { to: 'details:9080' })).toBe(false);
  });

  test('RM-9 hosts match the :authority case-insensitively; an exact value does not match host:port', () => {
    // https://istio.io/latest/docs/ops/best-practices/security/#writing-host-match-policies "you would use hosts:
    // ["example.com", "example.com:*"]"; istio:pilot/pkg/security/authz/matcher/header.go:58-90.
    const allowHost = (v: string) => ap('allow', { rules: [{ to: [{ operation: { hosts: [v] } }] }] });
    expect(allowed(mesh(allowHost('details')), { to: 'details:9080' })).toBe(false);
    expect(allowed(mesh(allowHost('details*')), { to: 'details:9080' })).toBe(true);
    expect(allowed(mesh(allowHost('DETAILS:*')), { to: 'details:9080' })).toBe(true);
  });

  test('RM-10 methods are case-sensitive; a lower-case method gets 400', () => {
    // istio:pilot/pkg/security/authz/model/generator.go:399-406; https://istio.io/latest/docs/reference/config/security/normalization/
    // "Istio will reject requests with HTTP 400 if the verb in the HTTP request is not in upper case".
    const allowGet = ap('allow', { rules: [{ to: [{ operation: { methods: ['GET'] } }] }] });
    expect(allowed(mesh(allowGet), { to: 'details:9080' })).toBe(true);
    expect(allowed(mesh(allowGet), { to: 'details:9080', method: 'POST' })).toBe(false);
    expect(run(mesh(allowGet), { to: 'details:9080', method: 'get' })).toMatchObject({ allowed: false, response: 400 });
  });

  test('RM-11 ports are the pod (target) port, not the Service port', () => {
    // api:security/v1beta1/authorization_policy.proto:533-536 "A list of ports as specified in the connection";
    // peer_authentication.proto:169-171 "The port refers to the port of the workload, not the port of the Kubernetes service".
    const objects = (port: string) => [ns('bookinfo'), ...app('productpage', 'bookinfo'), ...app('httpbin', 'bookinfo', { port: 8000, targetPort: 80 }),
      ap('allow', { rules: [{ to: [{ operation: { ports: [port] } }] }] })];
    expect(allowed(objects('80'), { to: 'httpbin:8000' })).toBe(true);
    expect(allowed(objects('8000'), { to: 'httpbin:8000' })).toBe(false);
    const named = [ns('bookinfo'), ...app('productpage', 'bookinfo'), ...app('httpbin', 'bookinfo', { port: 8000, targetPort: 'http', containerPort: 8080 }),
      ap('allow', { rules: [{ to: [{ operation: { ports: ['8080'] } }] }] })];
    expect(allowed(named, { to: 'httpbin:8000' })).toBe(true);
  });

  test('RM-12 paths are normalized (BASE) and compared without the query', () => {
    // istio:tests/integration/security/authz_test.go:1650-1720 (paths ["/public*"]) and :1034-1083 (DENY /allow/admin,
    // ALLOW /allow*); https://istio.io/latest/docs/reference/config/security/normalization/ "Istio authorization policy
    // will remove anything after the question mark".
    const pub = ap('allow', { rules: [{ to: [{ operation: { paths: ['/public*'] } }] }] });
    const ok = (objects: any[], p: string) => allowed(objects, { to: 'details:9080', path: p });
    expect(['/public/../public', '/public/../private', '/public/%2E%2E/private', '/public/%2e/%2e%2e/private'].map((p) => ok(mesh(pub), p)))
      .toEqual([true, false, false, false]);
    const precedence = mesh(ap('deny', { action: 'DENY', rules: [{ to: [{ operation: { paths: ['/allow/admin'] } }] }] }), ap('allow', { rules: [{ to: [{ operation: { paths: ['/allow*'] } }] }] }));
    expect(['/allow/admin', '/allow/admin?param=value', '/allow', '/allow?param=value'].map((p) => ok(precedence, p))).toEqual([false, false, true, true]);
    expect(run(mesh(), { to: 'details:9080', path: '/a/%00' })).toMatchObject({ allowed: false, response: 400 });
  });

  test('RM-13 path templates: {*} one segment, {**} anything, full match', () => {
    // istio:tests/integration/security/authz_test.go:1086-1184 (paths ["/allow/admin/{**}", "/foo/{*}/bar/{**}", "/store/{**}/cart"]);
    // api:security/v1beta1/authorization_policy.proto:554-567 "{*} matches a single glob that cannot extend beyond a path segment".
    const policy = mesh(ap('allow', { rules: [{ to: [{ operation: { paths: ['/allow/admin/{**}', '/foo/{*}/bar/{**}', '/store/{**}/cart'] } }] }] }));
    const ok = (p: string) => allowed(policy, { to: 'details:9080', path: p });
    for (const p of ['/allow/admin/', '/allow/admin/temp', '/allow/admin/foo/temp.txt', '/foo/buzz/bar/bat.txt', '/foo/buzz/bar/bat/fuzz.txt', '/foo/buzz/bar/bat', '/store//cart', '/store/foo/bar/cart']) {
      expect([p, ok(p)]).toEqual([p, true]);
    }
    for (const p of ['/allow/admin', '/allow/admin?param=value', '/allow/user/', '/allow', '/foo/bar/bat.txt', '/foo//bar/bat.txt', '/store/cart']) {
      expect([p, ok(p)]).toEqual([p, false]);
    }
  });

  test('RM-14 when: request.headers values / notValues (a missing header), and an unknown key drops the rule', () => {
    // istio:tests/integration/security/testdata/authz/conditions.yaml.tmpl:9-21; istio:pilot/pkg/security/authz/model/model.go:116-117
    // "unknown attribute"; builder.go "skipped invalid rule".
    const when = (w: any) => ap('allow', { rules: [{ when: [w] }] });
    expect(allowed(mesh(when({ key: 'request.headers[x-foo]', values: ['foo'] })), { to: 'details:9080', headers: { 'x-foo': 'foo' } })).toBe(true);
    expect(allowed(mesh(when({ key: 'request.headers[x-foo]', values: ['foo'] })), { to: 'details:9080', headers: { 'x-foo': 'bar' } })).toBe(false);
    expect(allowed(mesh(when({ key: 'request.headers[x-foo]', notValues: ['bar'] })), { to: 'details:9080' })).toBe(true);
    expect(allowed(mesh(when({ key: 'source.namespace', values: ['bookinfo'] })), { to: 'details:9080' })).toBe(true);
    expect(allowed(mesh(when({ key: 'destination.port', values: ['9080'] })), { to: 'details:9080' })).toBe(true);
    const unknown = run(mesh(when({ key: 'request.unknown', values: ['x'] })), { to: 'details:9080' });
    expect(unknown).toMatchObject({ allowed: false, policy: 'AuthorizationPolicy bookinfo/allow' });
    expect(unknown.notes.join(' ')).toContain('unknown when key');
  });
});

// ---- C. JWT --------------------------------------------------------------------------------

describe('C. RequestAuthentication and JWT', () => {
  const jwtRule = ra('jwt', { selector: { matchLabels: { app: 'details' } }, jwtRules: [{ issuer: 'testing@secure.istio.io' }] });
  const jwt = { iss: 'testing@secure.istio.io', sub: 'testing@secure.istio.io' };

  test('C-1 a token of an unknown issuer gets 401; no token means no request principal, not a refusal', () => {
    // api:security/v1beta1/request_authentication.proto:22-26 "A request that does not contain any authentication credentials
    // will be accepted but will not have any authenticated identity."
    expect(allowed(mesh(jwtRule), { to: 'details:9080' })).toBe(true);
    expect(run(mesh(jwtRule), { to: 'details:9080', jwt: { iss: 'other', sub: 'x' } })).toMatchObject({ allowed: false, response: 401 });
    const r = run(mesh(jwtRule), { to: 'details:9080', jwt });
    expect(r.allowed).toBe(true);
    expect(r.enforcement[0].requestPrincipal).toBe('testing@secure.istio.io/testing@secure.istio.io');
  });

  test('C-2 DENY notRequestPrincipals ["*"] requires a token, for every path or per path', () => {
    // https://istio.io/latest/docs/tasks/security/authentication/authn-policy/#require-a-valid-token "The rule therefore
    // denies requests without valid tokens." ... "The request now fails with error code 403".
    const requireJwt = ap('require-jwt', { selector: { matchLabels: { app: 'details' } }, action: 'DENY', rules: [{ from: [{ source: { notRequestPrincipals: ['*'] } }] }] });
    expect(run(mesh(jwtRule, requireJwt), { to: 'details:9080' })).toMatchObject({ allowed: false, response: 403, policy: 'AuthorizationPolicy bookinfo/require-jwt' });
    expect(allowed(mesh(jwtRule, requireJwt), { to: 'details:9080', jwt })).toBe(true);
    const perPath = ap('require-jwt', { action: 'DENY', rules: [{ from: [{ source: { notRequestPrincipals: ['*'] } }], to: [{ operation: { paths: ['/headers'] } }] }] });
    expect(allowed(mesh(jwtRule, perPath), { to: 'details:9080', path: '/headers' })).toBe(false);
    expect(allowed(mesh(jwtRule, perPath), { to: 'details:9080', path: '/ip' })).toBe(true);
  });

  test('C-3 RequestAuthentications of a workload combine, with the AuthorizationPolicy scope rules', () => {
    // https://istio.io/latest/docs/concepts/security/#request-authentication "When more than one policy matches a workload,
    // Istio combines all rules as if they were specified as a single policy"; istio:pilot/pkg/model/authentication.go:247-252.
    const second = ra('jwt2', { jwtRules: [{ issuer: 'other@example.com' }] });
    expect(allowed(mesh(jwtRule, second), { to: 'details:9080', jwt: { iss: 'other@example.com', sub: 'x' } })).toBe(true);
    expect(allowed(mesh(jwtRule, second), { to: 'details:9080', jwt })).toBe(true);
    // jwtRule selects details only: at ratings only `second` applies, which does not know the issuer.
    expect(run(mesh(jwtRule, second), { to: 'ratings:9080', jwt })).toMatchObject({ allowed: false, response: 401 });
  });
});

// ---- D. mTLS -------------------------------------------------------------------------------

describe('D. PeerAuthentication and client TLS', () => {
  const legacy = { from: 'legacy/sleep', to: 'details.bookinfo:9080' };

  test('MT-1 modes: PERMISSIVE takes both, STRICT mTLS only; an unset mesh-wide mode is PERMISSIVE', () => {
    // https://istio.io/latest/docs/concepts/security/#peer-authentication "Mesh-wide peer authentication policies with an
    // unset mode use the PERMISSIVE mode by default."
    expect(run(mesh(), legacy).mtls).toMatchObject({ mode: 'PERMISSIVE', outcome: 'ok', transport: 'plaintext' });
    expect(run(mesh(pa('default', { mtls: { mode: 'STRICT' } })), legacy).mtls).toMatchObject({ mode: 'STRICT', outcome: 'connection reset' });
    expect(run(mesh(pa('default', {}, 'istio-system')), legacy).mtls).toMatchObject({ mode: 'PERMISSIVE', source: 'PeerAuthentication istio-system/default (mesh)' });
  });

  test('MT-2 workload > namespace > mesh > PERMISSIVE; UNSET inherits; a root-namespace selector is ignored', () => {
    // istio:pilot/pkg/security/authn/policy_applier.go:398-466 (:421 "Workload-level policy, aka the one with selector and
    // not in root namespace"); https://istio.io/latest/docs/concepts/security/ "Istio applies the narrowest matching policy".
    const mode = (...objects: any[]) => run(mesh(...objects), { to: 'details:9080' }).mtls;
    expect(mode(pa('ns', { mtls: { mode: 'STRICT' } }), pa('w', { selector: { matchLabels: { app: 'details' } }, mtls: { mode: 'DISABLE' } })))
      .toMatchObject({ mode: 'DISABLE', source: 'PeerAuthentication bookinfo/w (workload)' });
    expect(mode(pa('ns', { mtls: { mode: 'UNSET' } }), pa('mesh', { mtls: { mode: 'STRICT' } }, 'istio-system')))
      .toMatchObject({ mode: 'STRICT', source: 'PeerAuthentication istio-system/mesh (mesh)' });
    expect(mode()).toMatchObject({ mode: 'PERMISSIVE', source: 'default (no PeerAuthentication)' });
    expect(mode(pa('root-sel', { selector: { matchLabels: { app: 'details' } }, mtls: { mode: 'STRICT' } }, 'istio-system'))).toMatchObject({ mode: 'PERMISSIVE' });
  });

  test('MT-3 portLevelMtls is keyed by the pod port and inherits the workload mode when UNSET', () => {
    // api:security/v1beta1/peer_authentication.proto:169-174; authn-policy task "The port value in the peer authentication
    // policy is the container's port".
    const objects = (ports: any) => [ns('bookinfo'), ns('legacy', false), ...app('httpbin', 'bookinfo', { port: 8000, targetPort: 80 }),
      pa('httpbin', { selector: { matchLabels: { app: 'httpbin' } }, mtls: { mode: 'STRICT' }, portLevelMtls: ports })];
    const r = run(objects({ 80: { mode: 'PERMISSIVE' } }), { from: 'legacy/sleep', to: 'httpbin.bookinfo:8000' });
    expect(r).toMatchObject({ allowed: true, mtls: { mode: 'PERMISSIVE', source: 'PeerAuthentication bookinfo/httpbin (workload, port 80)', port: 80 } });
    expect(run(objects({ 8000: { mode: 'PERMISSIVE' } }), { from: 'legacy/sleep', to: 'httpbin.bookinfo:8000' }).mtls.mode).toBe('STRICT');
    expect(run(objects({ 80: { mode: 'UNSET' } }), { from: 'legacy/sleep', to: 'httpbin.bookinfo:8000' }).mtls.mode).toBe('STRICT');
  });

  test('MT-4 a caller without a sidecar: STRICT resets the connection before any policy; PERMISSIVE lets it in without principal', () => {
    // https://istio.io/latest/docs/tasks/security/authentication/authn-policy/#globally-enabling-istio-mutual-tls-in-strict-mode
    // "sleep.legacy to httpbin.foo: 000 / command terminated with exit code 56 ... the workload without sidecar cannot comply."
    const strict = run(mesh(pa('default', { mtls: { mode: 'STRICT' } }), ap('allow-all', ALLOW_ALL)), legacy);
    expect(strict).toMatchObject({ allowed: false, response: 'connection reset', policy: 'no policy', caller: { proxy: 'none' }, mtls: { callerMtls: false } });
    expect(strict.enforcement).toEqual([]);
    const permissive = run(mesh(ap('allow', { rules: [{ from: [{ source: { namespaces: ['legacy'] } }] }] })), legacy);
    expect(permissive).toMatchObject({ allowed: false, response: 403, mtls: { mode: 'PERMISSIVE', outcome: 'ok' } });
  });

  test('MT-5 the client: a DestinationRule tls mode wins, else auto mTLS (plain text to pods without sidecar)', () => {
    // istio:pilot/pkg/xds/endpoints/mtls_checker.go:49-63; authn-policy task "Auto mutual TLS": "send plain text traffic to
    // workloads without sidecars"; network-issues#503-errors-after-setting-destination-rule.
    const objects = (...extra: any[]) => [...mesh(...extra), ...app('httpbin', 'legacy')];
    expect(run(objects(), { to: 'httpbin.legacy:9080' })).toMatchObject({ allowed: true, mtls: { mode: 'NONE', transport: 'plaintext', clientTls: 'auto mTLS' } });
    const mutual = dr('httpbin', { host: 'httpbin.legacy.svc.cluster.local', trafficPolicy: { tls: { mode: 'ISTIO_MUTUAL' } } });
    expect(run(objects(mutual), { to: 'httpbin.legacy:9080' })).toMatchObject({ allowed: false, response: 503 });
    const disable = dr('details', { host: 'details', trafficPolicy: { tls: { mode: 'DISABLE' } } });
    expect(run(objects(disable, pa('default', { mtls: { mode: 'STRICT' } })), { to: 'details:9080' })).toMatchObject({ allowed: false, response: 503 });
    expect(run(objects(reviewsSubsets), { to: 'reviews:9080' }).mtls).toMatchObject({ callerMtls: true, clientTls: 'auto mTLS' });
    const portLevel = dr('details', { host: 'details', trafficPolicy: { portLevelSettings: [{ port: { number: 9080 }, tls: { mode: 'DISABLE' } }] } });
    expect(run(objects(portLevel), { to: 'details:9080' }).mtls).toMatchObject({ transport: 'plaintext', clientTls: 'DestinationRule bookinfo/details (tls DISABLE)' });
  });

  test('MT-6 the result reports the server mode and its source, and what the caller sends', () => {
    // https://istio.io/latest/docs/concepts/security/#peer-authentication (modes); SEMANTICS.md MT-6.
    const r = run(mesh(pa('default', { mtls: { mode: 'STRICT' } })), { to: 'details:9080' });
    expect(r.mtls).toEqual({
      mode: 'STRICT', source: 'PeerAuthentication bookinfo/default (namespace)', port: 9080, workload: 'Deployment bookinfo/details-v1',
      callerMtls: true, transport: 'mTLS', clientTls: 'auto mTLS', principal: PP, outcome: 'ok',
    });
  });
});

// ---- E. VirtualService ---------------------------------------------------------------------

describe('E. VirtualService routing at a sidecar', () => {
  const toV = (v: string, hosts = ['reviews'], extra: any = {}) => vs(`reviews-${v}`, { hosts, http: [{ route: [{ destination: { host: 'reviews', subset: v } }] }], ...extra });

  test('VS-1 only VirtualServices bound to mesh and exported to the caller apply', () => {
    // api:networking/v1alpha3/virtual_service.proto:180-193 "When this field is omitted, the default gateway (mesh) will be
    // used"; :218-230 exportTo "." is the same namespace.
    expect(run(mesh(reviewsSubsets, toV('v1', ['reviews'], { gateways: ['bookinfo-gateway'] })), { to: 'reviews:9080' }).route.object).toBeUndefined();
    expect(run(mesh(reviewsSubsets, toV('v1', ['reviews'], { gateways: ['bookinfo-gateway', 'mesh'] })), { to: 'reviews:9080' }).route.object).toBe('VirtualService bookinfo/reviews-v1');
    const privateVs = toV('v1', ['reviews'], { exportTo: ['.'] });
    const objects = [...mesh(reviewsSubsets, privateVs), ns('demo'), ...app('sleep', 'demo')];
    expect(run(objects, { to: 'reviews:9080' }).route.object).toBe('VirtualService bookinfo/reviews-v1');
    expect(run(objects, { from: 'demo/sleep', to: 'reviews.bookinfo:9080' }).route.object).toBeUndefined();
  });

  test('VS-2 short hosts expand in the VirtualService namespace; a dotted host is an FQDN; wildcards match by suffix', () => {
    // api:networking/v1alpha3/virtual_service.proto:163-170 "a rule in the "default" namespace containing a host "reviews"
    // will be interpreted as "reviews.default.svc.cluster.local""; istio:pilot/pkg/model/sidecar.go:838-871 (most specific).
    expect(run(mesh(reviewsSubsets, toV('v1', ['reviews.bookinfo'])), { to: 'reviews:9080' }).route.object).toBeUndefined();
    expect(run(mesh(reviewsSubsets, toV('v1', ['*.bookinfo.svc.cluster.local'])), { to: 'reviews:9080' }).route.object).toBe('VirtualService bookinfo/reviews-v1');
    const both = run(mesh(reviewsSubsets, toV('v1', ['*.bookinfo.svc.cluster.local']), toV('v3', ['reviews'])), { to: 'reviews:9080' });
    expect(both.route.object).toBe('VirtualService bookinfo/reviews-v3');
    const objects = [...mesh(reviewsSubsets, toV('v2')), ns('demo'), ...app('sleep', 'demo')];
    expect(run(objects, { from: 'demo/sleep', to: 'reviews.bookinfo:9080' }).route).toMatchObject({ object: 'VirtualService bookinfo/reviews-v2', destinations: [{ subset: 'v2' }] });
  });

  test('VS-3 several VirtualServices for one host at a sidecar: the oldest wins, no merge', () => {
    // https://istio.io/latest/docs/ops/best-practices/traffic-management/#split-virtual-services "Host merging is not
    // supported in sidecars."; istio:pilot/pkg/networking/core/httproute.go:401-413 "duplicate domain from virtual service".
    const older = toV('v3', ['reviews'], {});
    (older as any).metadata.creationTimestamp = '2025-01-01T00:00:00Z';
    const newer = toV('v1', ['reviews'], {});
    (newer as any).metadata.creationTimestamp = '2025-01-02T00:00:00Z';
    const r = run(mesh(reviewsSubsets, newer, older), { to: 'reviews:9080' });
    expect(r.route).toMatchObject({ object: 'VirtualService bookinfo/reviews-v3', destinations: [{ subset: 'v3', weight: 100 }] });
    expect(r.notes.join(' ')).toContain('VS-3');
  });

  test('VS-4 rules are tried top to bottom; the first match wins', () => {
    // https://istio.io/latest/docs/concepts/traffic-management/#routing-rule-precedence "Routing rules are evaluated in
    // sequential order from top to bottom".
    const routes = vs('reviews', { hosts: ['reviews'], http: [
      { match: [{ headers: { 'end-user': { exact: 'jason' } } }], route: [{ destination: { host: 'reviews', subset: 'v2' } }] },
      { route: [{ destination: { host: 'reviews', subset: 'v1' } }] },
    ] });
    expect(run(mesh(reviewsSubsets, routes), { to: 'reviews:9080', headers: { 'end-user': 'jason' } }).route).toMatchObject({ rule: 0, match: 0, destinations: [{ subset: 'v2' }] });
    expect(run(mesh(reviewsSubsets, routes), { to: 'reviews:9080' }).route).toMatchObject({ rule: 1, destinations: [{ subset: 'v1' }] });
  });

  test('VS-5 matches: regex is a full match, prefix a string prefix, values case-sensitive, sourceLabels a selector', () => {
    // api:networking/v1alpha3/virtual_service.proto:398-402 (AND within a match, OR across), :814-826 "This is not a
    // runtime match, but is a selector"; istio:pilot/pkg/networking/core/route/route.go:1095-1112 (plain prefix).
    const route = (match: any) => vs('reviews', { hosts: ['reviews'], http: [{ match: [match], route: [{ destination: { host: 'reviews', subset: 'v2' } }] }] });
    const rule = (match: any, request: any) => run(mesh(reviewsSubsets, route(match)), { to: 'reviews:9080', ...request }).route.rule;
    expect(rule({ uri: { regex: '/api/v1/products/[0-9]+' } }, { path: '/api/v1/products/0' })).toBe(0);
    expect(rule({ uri: { regex: '/api/v1/products/[0-9]+' } }, { path: '/api/v1/products/0/reviews' })).toBeUndefined();
    expect(rule({ uri: { prefix: '/static' } }, { path: '/staticfoo' })).toBe(0);
    expect(rule({ headers: { 'end-user': { exact: 'jason' } } }, { headers: { 'end-user': 'Jason' } })).toBeUndefined();
    expect(rule({ withoutHeaders: { 'end-user': { exact: 'jason' } } }, {})).toBe(0);
    expect(rule({ queryParams: { v: { exact: '2' } } }, { path: '/x?v=2' })).toBe(0);
    // A match entry for other sources is removed; with none left the VirtualService is ignored for this caller.
    const r = run(mesh(reviewsSubsets, route({ sourceLabels: { app: 'ratings' } })), { to: 'reviews:9080' });
    expect(r.route.object).toBeUndefined();
    expect(r.notes.join(' ')).toContain('default route applies');
  });

  test('VS-6 a VirtualService that applies but has no matching rule gives 404', () => {
    // istio:pilot/pkg/networking/core/route/route.go:316-323 (no default route in a VirtualService's virtual host).
    const only = vs('reviews', { hosts: ['reviews'], http: [{ match: [{ uri: { prefix: '/reviews' } }], route: [{ destination: { host: 'reviews' } }] }] });
    expect(run(mesh(only), { to: 'reviews:9080', path: '/health' })).toMatchObject({ allowed: false, response: 404, route: { object: 'VirtualService bookinfo/reviews', destinations: [] } });
  });

  test('VS-7 weights share weight/sum, 0 drops a destination, an undefined subset gives 503, versions come from subset labels', () => {
    // api:networking/v1alpha3/virtual_service.proto:945-947 "A destination will receive weight/(sum of all weights)
    // requests"; traffic-management best practices "would refer to non-existent upstream pools. This results in HTTP 503".
    const split = vs('reviews', { hosts: ['reviews'], http: [{ route: [
      { destination: { host: 'reviews', subset: 'v1' }, weight: 1 }, { destination: { host: 'reviews', subset: 'v3' }, weight: 3 },
      { destination: { host: 'reviews', subset: 'v2' }, weight: 0 },
    ] }] });
    const r = run(mesh(reviewsSubsets, split), { to: 'reviews:9080' });
    expect(r.route.destinations.map((d) => [d.subset, d.version, d.weight, d.workloads])).toEqual([
      ['v1', 'v1', 25, ['Deployment bookinfo/reviews-v1']], ['v3', 'v3', 75, ['Deployment bookinfo/reviews-v3']],
    ]);
    const missing = vs('reviews', { hosts: ['reviews'], http: [{ route: [{ destination: { host: 'reviews', subset: 'v9' } }] }] });
    expect(run(mesh(reviewsSubsets, missing), { to: 'reviews:9080' })).toMatchObject({ allowed: false, response: 503, route: { destinations: [{ subset: 'v9', response: 503 }] } });
  });

  test('VS-8 an abort fault answers at the caller, before any policy; a fault without percentage injects nothing', () => {
    // api:networking/v1alpha3/virtual_service.proto:1519-1522 "If not specified, no request will be aborted";
    // istio:pilot/pkg/networking/core/route/route.go:1388-1440.
    const fault = (abort: any) => vs('ratings', { hosts: ['ratings'], http: [{ fault: { abort }, route: [{ destination: { host: 'ratings' } }] }] });
    const aborted = run(mesh(fault({ httpStatus: 500, percentage: { value: 100 } }), ap('deny-all', DENY_ALL)), { to: 'ratings:9080' });
    expect(aborted).toMatchObject({ allowed: false, response: 500, route: { fault: { abort: { httpStatus: 500, percentage: 100 } } } });
    expect(aborted.enforcement).toEqual([]);
    const none = run(mesh(fault({ httpStatus: 500 })), { to: 'ratings:9080' });
    expect(none).toMatchObject({ allowed: true, route: { fault: { abort: { percentage: 0 } } } });
    expect(none.notes.join(' ')).toContain('injects nothing');
  });

  test('VS-9 the route timeout is reported; none by default', () => {
    // api:networking/v1alpha3/virtual_service.proto:444-445 "Timeout for HTTP requests, default is disabled."
    const timed = vs('reviews', { hosts: ['reviews'], http: [{ timeout: '0.5s', route: [{ destination: { host: 'reviews' } }] }] });
    expect(run(mesh(timed), { to: 'reviews:9080' }).route.timeout).toBe('0.5s');
    expect(run(mesh(), { to: 'reviews:9080' }).route.timeout).toBeUndefined();
  });

  test('VS-10 retries: 2 by default, 0 disables them, attempts alone keep the default retryOn', () => {
    // istio:pilot/pkg/networking/core/route/retry/retry.go:44-51 (NumRetries 2, RetryOn "connect-failure,refused-stream,
    // unavailable,cancelled,retriable-status-codes"), :85-101.
    const retry = (retries?: any) => run(mesh(vs('reviews', { hosts: ['reviews'], http: [{ retries, route: [{ destination: { host: 'reviews' } }] }] })), { to: 'reviews:9080' }).route.retries;
    expect(retry()).toEqual({ attempts: 2, retryOn: 'connect-failure,refused-stream,unavailable,cancelled,retriable-status-codes', isDefault: true });
    expect(retry({ attempts: 0 })).toEqual({ attempts: 0, isDefault: false });
    expect(retry({ attempts: 3, perTryTimeout: '2s' })).toEqual({ attempts: 3, retryOn: 'connect-failure,refused-stream,unavailable,cancelled,retriable-status-codes', perTryTimeout: '2s', isDefault: false });
  });

  test('VS-11 mirrors are reported with their share; mirrorPercentage absent is 100', () => {
    // api:networking/v1alpha3/virtual_service.proto:464-490 mirror / mirrorPercentage, :1547-1561 mirrors[].
    const mirrored = vs('reviews', { hosts: ['reviews'], http: [{ route: [{ destination: { host: 'reviews', subset: 'v1' } }], mirror: { host: 'reviews', subset: 'v2' }, mirrors: [{ destination: { host: 'ratings' }, percentage: { value: 5 } }] }] });
    expect(run(mesh(reviewsSubsets, mirrored), { to: 'reviews:9080' }).route.mirror).toEqual([
      { host: 'reviews.bookinfo.svc.cluster.local', subset: 'v2', port: undefined, percentage: 100 },
      { host: 'ratings.bookinfo.svc.cluster.local', subset: undefined, port: undefined, percentage: 5 },
    ]);
  });

  test('VS-12 a rewrite happens after matching: the destination\'s policies see the new path', () => {
    // istio:pilot/pkg/networking/core/route/route.go:503-511,625-662 (rewrite after match).
    const rewrite = vs('details', { hosts: ['details'], http: [{ match: [{ uri: { prefix: '/v1/' } }], rewrite: { uri: '/v2/' }, route: [{ destination: { host: 'details' } }] }] });
    const onlyV2 = ap('allow', { rules: [{ to: [{ operation: { paths: ['/v2/*'] } }] }] });
    expect(run(mesh(rewrite, onlyV2), { to: 'details:9080', path: '/v1/x' })).toMatchObject({ allowed: true, route: { rewrite: '/v2/x' } });
  });
});

// ---- F. Istio gateway ----------------------------------------------------------------------

describe('F. Ingress through an Istio Gateway', () => {
  const ingressVs = (name: string, spec: any, namespace = 'bookinfo') => vs(name, { gateways: ['bookinfo-gateway'], hosts: ['*'], ...spec }, namespace);
  const toProductpage = ingressVs('bookinfo', { http: [{ match: [{ uri: { exact: '/productpage' } }], route: [{ destination: { host: 'productpage', port: { number: 9080 } } }] }] });
  const ingress = (objects: any[], request: Partial<SimulationRequest> = {}) => simulate(objects, { from: INGRESS, to: 'bookinfo.example.com', path: '/productpage', ...request });

  test('GW-1 a Gateway selects the ingress pods by label; VirtualServices bind by name; Service port 80 is pod port 8080', () => {
    // api:networking/v1alpha3/gateway.proto:223-235 (selector across namespaces); istio:manifests/charts/gateways/
    // istio-ingress/values.yaml:23-26 (80 → 8080); istio:pilot/pkg/model/virtualservice.go:132-137 (gateway names).
    const r = ingress(mesh(bookinfoGateway, toProductpage), { to: 'bookinfo.example.com:80' });
    expect(r).toMatchObject({ allowed: true, caller: { proxy: 'gateway', gateways: ['Gateway bookinfo/bookinfo-gateway'] }, route: { object: 'VirtualService bookinfo/bookinfo', rule: 0, match: 0 } });
    expect(r.enforcement[0]).toMatchObject({ kind: 'gateway', port: 8080 });
    const elsewhere = vs('bookinfo', { gateways: ['bookinfo/bookinfo-gateway'], hosts: ['*'], http: [{ route: [{ destination: { host: 'productpage.bookinfo.svc.cluster.local' } }] }] }, 'other');
    expect(ingress(mesh(bookinfoGateway, elsewhere)).route.object).toBe('VirtualService other/bookinfo');
    const otherPods = istioGateway('bookinfo-gateway', { selector: { istio: 'other' }, servers: [{ port: { number: 8080, name: 'http', protocol: 'HTTP' }, hosts: ['*'] }] });
    expect(ingress(mesh(otherPods, toProductpage))).toMatchObject({ allowed: false, response: 404 });
  });

  test('GW-2 the Host must match a server host and a bound VirtualService host, else 404', () => {
    // api:networking/v1alpha3/gateway.proto:314-343 "The match could be an exact match or a suffix match with the server's hosts".
    const exampleOnly = istioGateway('bookinfo-gateway', { selector: { istio: 'ingressgateway' }, servers: [{ port: { number: 8080, name: 'http', protocol: 'HTTP' }, hosts: ['bookinfo.example.com'] }] });
    expect(ingress(mesh(exampleOnly, toProductpage)).allowed).toBe(true);
    expect(ingress(mesh(exampleOnly, toProductpage), { to: 'other.example.com' })).toMatchObject({ allowed: false, response: 404 });
    const wildcardVs = ingressVs('bookinfo', { hosts: ['*.example.com'], http: [{ route: [{ destination: { host: 'productpage' } }] }] });
    expect(ingress(mesh(bookinfoGateway, wildcardVs), { to: 'shop.example.com' }).allowed).toBe(true);
    expect(ingress(mesh(bookinfoGateway, wildcardVs), { to: 'example.org' })).toMatchObject({ response: 404 });
  });

  test('GW-3 VirtualServices sharing a gateway host are merged, catch-all routes last', () => {
    // istio:pilot/pkg/networking/core/route/route.go:1621-1632 SortVHostRoutes "moves the catch all routes alone to the end".
    const catchAll = ingressVs('a-catch-all', { http: [{ route: [{ destination: { host: 'productpage' } }] }] });
    const reviews = ingressVs('b-reviews', { http: [{ match: [{ uri: { prefix: '/reviews' } }], route: [{ destination: { host: 'reviews' } }] }] });
    expect(ingress(mesh(bookinfoGateway, catchAll, reviews), { path: '/reviews/0' }).route.object).toBe('VirtualService bookinfo/b-reviews');
    expect(ingress(mesh(bookinfoGateway, catchAll, reviews), { path: '/x' }).route.object).toBe('VirtualService bookinfo/a-catch-all');
  });

  test('GW-4 mesh VirtualServices do not apply at the gateway: it sends to every pod of the Service', () => {
    // https://istio.io/latest/docs/ops/common-problems/network-issues/#route-rules-have-no-effect-on-ingress-gateway-requests
    // "requests to the helloworld service via the ingress gateway will not be directed to subset v1".
    const gwReviews = ingressVs('bookinfo', { http: [{ route: [{ destination: { host: 'reviews' } }] }] });
    const meshV1 = vs('reviews', { hosts: ['reviews'], http: [{ route: [{ destination: { host: 'reviews', subset: 'v1' } }] }] });
    const r = ingress(mesh(bookinfoGateway, gwReviews, meshV1, reviewsSubsets), { path: '/reviews/0' });
    expect(r.route.destinations).toEqual([expect.objectContaining({ host: 'reviews.bookinfo.svc.cluster.local', subset: undefined, weight: 100,
      workloads: ['Deployment bookinfo/reviews-v1', 'Deployment bookinfo/reviews-v2', 'Deployment bookinfo/reviews-v3'] })]);
    expect(r.notes.join(' ')).toContain('GW-4');
  });

  test('JWT claims route at the gateway once a RequestAuthentication there validated the token', () => {
    // https://istio.io/latest/docs/tasks/security/authentication/jwt-route/ (headers "@request.auth.claims.groups");
    // istio:pilot/pkg/networking/core/route/route.go translateMetadataMatch.
    const byGroup = ingressVs('bookinfo', { http: [
      { match: [{ headers: { '@request.auth.claims.groups': { exact: 'group1' } } }], route: [{ destination: { host: 'reviews', subset: 'v2' } }] },
      { route: [{ destination: { host: 'productpage' } }] },
    ] });
    const jwtAtGateway = ra('jwt', { selector: { matchLabels: { istio: 'ingressgateway' } }, jwtRules: [{ issuer: 'issuer' }] }, 'istio-system');
    const jwt = { iss: 'issuer', sub: 'alice', claims: { groups: ['group1', 'group2'] } };
    expect(ingress(mesh(bookinfoGateway, byGroup, reviewsSubsets, jwtAtGateway), { jwt }).route).toMatchObject({ rule: 0, destinations: [{ subset: 'v2' }] });
    expect(ingress(mesh(bookinfoGateway, byGroup, reviewsSubsets), { jwt }).route.rule).toBe(1);
  });

  test('gateway pods enforce their own policies on requests from outside: a DENY requiring a JWT on some paths', () => {
    // https://istio.io/latest/docs/ops/configuration/security/security-policy-examples/#require-mandatory-authorization-check-with-deny-policy
    // "The policy uses DENY action which means it cannot be bypassed by another ALLOW policy."
    const gwSelector = { matchLabels: { istio: 'ingressgateway' } };
    const jwtAtGateway = ra('jwt', { selector: gwSelector, jwtRules: [{ issuer: 'issuer' }] }, 'istio-system');
    const requireJwt = ap('require-jwt', { selector: gwSelector, action: 'DENY', rules: [{ from: [{ source: { notRequestPrincipals: ['*'] } }], to: [{ operation: { paths: ['/productpage'] } }] }] }, 'istio-system');
    const objects = mesh(bookinfoGateway, toProductpage, jwtAtGateway, requireJwt);
    expect(ingress(objects)).toMatchObject({ allowed: false, response: 403, policy: 'AuthorizationPolicy istio-system/require-jwt', enforcedAt: 'gateway Deployment istio-system/istio-ingressgateway' });
    const withToken = ingress(objects, { jwt: { iss: 'issuer', sub: 'alice' } });
    expect(withToken).toMatchObject({ allowed: true });
    expect(withToken.notes.join(' ')).toContain('destination sees no JWT');
    // The request to productpage carries the gateway's principal.
    expect(withToken.enforcement[1]).toMatchObject({ at: 'sidecar Deployment bookinfo/productpage-v1', principal: P('istio-system', 'istio-ingressgateway-service-account') });
  });
});

// ---- G. Gateway API HTTPRoute --------------------------------------------------------------

describe('G. Gateway API HTTPRoute', () => {
  const gateway = (listener: any = {}) => k8sGateway('gw', { listeners: [{ name: 'http', port: 80, protocol: 'HTTP', ...listener }] });
  const toProductpage = (spec: any = {}, namespace = 'bookinfo') => hr('bookinfo', { parentRefs: [{ name: 'gw', namespace: 'bookinfo' }], rules: [{ backendRefs: [{ name: 'productpage', namespace: 'bookinfo', port: 9080 }] }], ...spec }, namespace);
  const viaGateway = (objects: any[], request: Partial<SimulationRequest> = {}) => simulate(objects, { from: 'bookinfo/gw-istio', to: 'bookinfo.example.com', path: '/productpage', ...request });
  const grant = { apiVersion: 'gateway.networking.k8s.io/v1beta1', kind: 'ReferenceGrant', metadata: { name: 'g', namespace: 'bookinfo' },
    spec: { from: [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', namespace: 'other' }], to: [{ group: '', kind: 'Service' }] } };

  test('HR-1 ingress attachment: parentRefs, allowedRoutes, hostnames; GAMMA: a port limits the route to that Service port', () => {
    // gwapi:apis/v1/httproute_types.go:62-119 "there must be at least one intersecting hostname"; istio:pilot/pkg/config/
    // kube/gateway/route_collections.go:132-139 (port); gwapi:conformance/tests/mesh/mesh-ports.go "Route should not apply".
    expect(viaGateway(mesh(gateway(), toProductpage()))).toMatchObject({ allowed: true, caller: { proxy: 'gateway' }, route: { object: 'HTTPRoute bookinfo/bookinfo' } });
    expect(viaGateway(mesh(gateway(), toProductpage({}, 'other'), grant))).toMatchObject({ response: 404 });
    expect(viaGateway(mesh(gateway({ allowedRoutes: { namespaces: { from: 'All' } } }), toProductpage({}, 'other'), grant)).allowed).toBe(true);
    expect(viaGateway(mesh(gateway(), toProductpage({ hostnames: ['shop.example.com'] })))).toMatchObject({ response: 404 });
    expect(viaGateway(mesh(gateway({ hostname: '*.example.com' }), toProductpage({ hostnames: ['bookinfo.example.com'] }))).allowed).toBe(true);
    const gamma = (port: number) => hr('reviews', { parentRefs: [{ group: '', kind: 'Service', name: 'reviews', port }], rules: [{ backendRefs: [{ name: 'reviews-v2', port: 9080 }] }] });
    const objects = (port: number) => mesh(versionService('reviews', 'v2'), gamma(port));
    expect(run(objects(9080), { to: 'reviews:9080' }).route).toMatchObject({ object: 'HTTPRoute bookinfo/reviews', destinations: [{ host: 'reviews-v2.bookinfo.svc.cluster.local', version: 'v2' }] });
    expect(run(objects(9999), { to: 'reviews:9080' }).route.object).toBeUndefined();
  });

  test('HR-2 a producer route applies to every caller, a consumer route only to its own namespace (and wins there)', () => {
    // gwapi:site-src/mesh/index.md:77-117 "will only affect requests from workloads in the same Namespace as the Route";
    // istio:pilot/pkg/networking/core/route/route.go:279-291.
    const route = (name: string, namespace: string, v: string) => hr(name, { parentRefs: [{ group: '', kind: 'Service', name: 'reviews', namespace: 'bookinfo' }], rules: [{ backendRefs: [{ name: `reviews-${v}`, namespace: 'bookinfo', port: 9080 }] }] }, namespace);
    const demoGrant = { ...grant, spec: { ...grant.spec, from: [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', namespace: 'demo' }] } };
    const objects = [...mesh(versionService('reviews', 'v2'), versionService('reviews', 'v3'), route('producer', 'bookinfo', 'v2'), route('consumer', 'demo', 'v3'), demoGrant), ns('demo'), ...app('sleep', 'demo')];
    expect(run(objects, { to: 'reviews:9080' }).route).toMatchObject({ object: 'HTTPRoute bookinfo/producer', destinations: [{ version: 'v2' }] });
    const fromDemo = run(objects, { from: 'demo/sleep', to: 'reviews.bookinfo:9080' });
    expect(fromDemo.route).toMatchObject({ object: 'HTTPRoute demo/consumer', destinations: [{ version: 'v3' }] });
  });

  test('HR-3 precedence across rules: Exact, then the longest PathPrefix (the conformance vectors)', () => {
    // gwapi:apis/v1/httproute_types.go:178-200; gwapi:conformance/tests/httproute-path-match-order.go/.yaml;
    // istio:pilot/pkg/config/kube/gateway/conversion.go:460-531 sortHTTPRoutes.
    const infra = 'gateway-conformance-infra';
    const backends = ['v1', 'v2', 'v3'].flatMap((v) => app(`infra-backend-${v}`, infra, { port: 8080 }));
    const rule = (type: string, value: string, v: string) => ({ matches: [{ path: { type, value } }], backendRefs: [{ name: `infra-backend-${v}`, port: 8080 }] });
    const route = hr('path-matching-order', { parentRefs: [{ name: 'same-namespace' }], rules: [
      rule('Exact', '/match', 'v1'), rule('Exact', '/match/exact', 'v2'), rule('Exact', '/match/exact/one', 'v3'),
      rule('PathPrefix', '/match/', 'v3'), rule('PathPrefix', '/match/prefix/', 'v1'), rule('PathPrefix', '/match/prefix/one', 'v2'),
    ] }, infra);
    const objects = [ns(infra), ...backends, k8sGateway('same-namespace', { listeners: [{ name: 'http', port: 80, protocol: 'HTTP' }] }, infra), route];
    const backend = (p: string) => simulate(objects, { from: `${infra}/same-namespace-istio`, to: 'example.com', path: p }).route.destinations[0]?.host.split('.')[0];
    expect(['/match/exact/one', '/match/exact', '/match', '/match/prefix/one/any', '/match/prefix/any', '/match/any'].map(backend))
      .toEqual(['infra-backend-v3', 'infra-backend-v2', 'infra-backend-v1', 'infra-backend-v2', 'infra-backend-v1', 'infra-backend-v3']);
  });

  test('HR-4 PathPrefix is element-wise; header names are case-insensitive; no matches means PathPrefix /', () => {
    // gwapi:apis/v1/httproute_types.go:491-507 "/abc, /abc/, and /abc/def would all match the prefix /abc, but the path
    // /abcd would not"; :588-629 header names case-insensitive; :174-176 default match.
    const gamma = (matches?: any[]) => mesh(versionService('reviews', 'v2'), hr('reviews', { parentRefs: [{ group: '', kind: 'Service', name: 'reviews' }], rules: [{ matches, backendRefs: [{ name: 'reviews-v2', port: 9080 }] }] }));
    const prefix = gamma([{ path: { type: 'PathPrefix', value: '/abc' } }]);
    expect(['/abc', '/abc/', '/abc/def', '/abcd'].map((p) => run(prefix, { to: 'reviews:9080', path: p }).response)).toEqual([undefined, undefined, undefined, 404]);
    const header = gamma([{ headers: [{ name: 'End-User', value: 'jason' }] }]);
    expect(run(header, { to: 'reviews:9080', headers: { 'end-user': 'jason' } }).allowed).toBe(true);
    expect(run(header, { to: 'reviews:9080', headers: { 'end-user': 'Jason' } }).response).toBe(404);
    expect(run(gamma(undefined), { to: 'reviews:9080', path: '/anything' }).allowed).toBe(true);
  });

  test('HR-5 with routes attached to a Service, a request no rule matches is rejected with 404', () => {
    // gwapi:site-src/mesh/index.md:47-51 "requests that do not match at least one of the Routes will be rejected";
    // gwapi:apis/v1/httproute_types.go:202-203 "a HTTP 404 status code MUST be returned".
    const route = hr('reviews', { parentRefs: [{ group: '', kind: 'Service', name: 'reviews' }], rules: [{ matches: [{ path: { type: 'Exact', value: '/reviews/0' } }], backendRefs: [{ name: 'reviews', port: 9080 }] }] });
    expect(run(mesh(route), { to: 'reviews:9080', path: '/reviews/1' })).toMatchObject({ allowed: false, response: 404, route: { object: 'HTTPRoute bookinfo/reviews' } });
  });

  test('HR-6 backend weights default to 1; all 0 gives 500; a missing or ungranted backend gets 500 for its share', () => {
    // gwapi:apis/v1/shared_types.go:306-316 "If unspecified, weight defaults to 1"; istio:pilot/pkg/config/kube/gateway/
    // conversion.go:229-233 (all weights 0); gwapi spec :271-279 (invalid backends: 500).
    const route = (backendRefs: any[]) => hr('reviews', { parentRefs: [{ group: '', kind: 'Service', name: 'reviews' }], rules: [{ backendRefs }] });
    const versions = [versionService('reviews', 'v1'), versionService('reviews', 'v2')];
    const even = run(mesh(...versions, route([{ name: 'reviews-v1', port: 9080 }, { name: 'reviews-v2', port: 9080 }])), { to: 'reviews:9080' });
    expect(even.route.destinations.map((d) => [d.version, d.weight])).toEqual([['v1', 50], ['v2', 50]]);
    expect(run(mesh(...versions, route([{ name: 'reviews-v1', port: 9080, weight: 0 }])), { to: 'reviews:9080' }).response).toBe(500);
    const missing = run(mesh(...versions, route([{ name: 'reviews-v1', port: 9080, weight: 90 }, { name: 'reviews-v9', port: 9080, weight: 10 }])), { to: 'reviews:9080' });
    expect(missing).toMatchObject({ allowed: false, response: 500 });
    expect(missing.reason).toContain('Fails for 10% of the requests');
    const crossNs = run(mesh(...versions, route([{ name: 'details', namespace: 'other', port: 9080 }])), { to: 'reviews:9080' });
    expect(crossNs.route.destinations[0]).toMatchObject({ response: 500 });
  });

  test('HR-7 filters: RequestRedirect defaults to 302; RequestHeaderModifier changes what the destination sees; others invalidate the rule', () => {
    // gwapi:apis/v1/httproute_types.go:1272-1274 (302 default); istio:pilot/pkg/config/kube/gateway/conversion.go:138-183.
    const route = (filters: any[]) => hr('reviews', { parentRefs: [{ group: '', kind: 'Service', name: 'reviews' }], rules: [{ filters, backendRefs: [{ name: 'reviews', port: 9080 }] }] });
    expect(run(mesh(route([{ type: 'RequestRedirect', requestRedirect: { hostname: 'example.com' } }])), { to: 'reviews:9080', path: '/x' }))
      .toMatchObject({ allowed: false, response: 302, route: { redirect: '302 http://example.com/x' } });
    const needsHeader = ap('allow', { rules: [{ when: [{ key: 'request.headers[x-added]', values: ['yes'] }] }] });
    expect(allowed(mesh(needsHeader, route([{ type: 'RequestHeaderModifier', requestHeaderModifier: { set: [{ name: 'X-Added', value: 'yes' }] } }])), { to: 'reviews:9080' })).toBe(true);
    expect(run(mesh(route([{ type: 'ExtensionRef', extensionRef: { group: 'x', kind: 'Y', name: 'z' } }])), { to: 'reviews:9080' }).response).toBe(500);
  });

  test('HR-8 timeouts.request is the route timeout; retry gives attempts (default 2); none keeps the mesh default', () => {
    // istio:pilot/pkg/config/kube/gateway/conversion.go:185-228.
    const route = (rule: any) => hr('reviews', { parentRefs: [{ group: '', kind: 'Service', name: 'reviews' }], rules: [{ backendRefs: [{ name: 'reviews', port: 9080 }], ...rule }] });
    const r = run(mesh(route({ timeouts: { request: '10s', backendRequest: '2s' }, retry: { codes: [503] } })), { to: 'reviews:9080' }).route;
    expect(r).toMatchObject({ timeout: '10s', retries: { attempts: 2, retryOn: 'connect-failure,refused-stream,unavailable,cancelled,retriable-status-codes', perTryTimeout: '2s', isDefault: false } });
    expect(run(mesh(route({})), { to: 'reviews:9080' }).route.retries).toMatchObject({ attempts: 2, isDefault: true });
  });

  test('Gateway API gateway pods take targetRefs policies, and namespace-wide ones (allow-nothing needs an ALLOW of the listener port)', () => {
    // istio:pilot/pkg/model/policyattachment.go:139-198 (gateway pods: targetRefs kind Gateway; selector-based policies
    // too, ENABLE_SELECTOR_BASED_K8S_GATEWAY_POLICY, istio:pilot/pkg/features/pilot.go:263-265).
    const allowListener = ap('allow-gw', { targetRefs: [{ kind: 'Gateway', group: 'gateway.networking.k8s.io', name: 'gw' }], rules: [{ to: [{ operation: { ports: ['80'] } }] }] });
    const nothing = ap('allow-nothing', {});
    const allowGwToPp = ap('allow-pp', { selector: { matchLabels: { app: 'productpage' } }, rules: [{ from: [{ source: { principals: [P('bookinfo', 'gw-istio')] } }] }] });
    expect(viaGateway(mesh(gateway(), toProductpage(), nothing, allowGwToPp))).toMatchObject({ allowed: false, policy: 'AuthorizationPolicy bookinfo/allow-nothing', enforcedAt: 'gateway Deployment bookinfo/gw-istio' });
    const ok = viaGateway(mesh(gateway(), toProductpage(), nothing, allowGwToPp, allowListener));
    expect(ok).toMatchObject({ allowed: true, policy: 'AuthorizationPolicy bookinfo/allow-pp' });
    expect(ok.enforcement.map((e) => [e.at, e.policy])).toEqual([
      ['gateway Deployment bookinfo/gw-istio', 'AuthorizationPolicy bookinfo/allow-gw'],
      ['sidecar Deployment bookinfo/productpage-v1', 'AuthorizationPolicy bookinfo/allow-pp'],
    ]);
  });
});

// ---- H. Default route ----------------------------------------------------------------------

describe('H. No VirtualService or HTTPRoute', () => {
  test('DEF-1 the default route goes to every endpoint of the Service; DestinationRule subsets are not used', () => {
    // https://istio.io/latest/docs/ops/best-practices/traffic-management/#set-default-routes-for-services "Istio only applies
    // the policies you define for specific subsets if you explicitly routed traffic to the corresponding subset".
    const r = run(mesh(reviewsSubsets), { to: 'reviews:9080' });
    expect(r.route.object).toBeUndefined();
    expect(r.route.description).toContain('split evenly over its endpoints');
    expect(r.route.destinations.map((d) => [d.subset, d.version, d.weight])).toEqual([[undefined, 'v1', 33.33], [undefined, 'v2', 33.33], [undefined, 'v3', 33.33]]);
  });

  test('DEF-2 the split is even over pods, not versions', () => {
    // istio:pilot/pkg/networking/core/cluster_traffic_policy.go:333-346 (LEAST_REQUEST over endpoints).
    const objects = [ns('bookinfo'), ...app('productpage', 'bookinfo'), ...app('reviews', 'bookinfo', { versions: ['v1', 'v2', 'v3'], replicas: { v1: 2 } })];
    expect(run(objects, { to: 'reviews:9080' }).route.destinations.map((d) => d.weight)).toEqual([50, 25, 25]);
  });

  test('DEF-3 the default route has the default retries and no timeout', () => {
    // istio:pilot/pkg/networking/core/route/route.go:1360-1367.
    expect(run(mesh(), { to: 'reviews:9080' }).route).toMatchObject({ timeout: undefined, retries: { attempts: 2, isDefault: true } });
  });

  test('DEF-4 the default route uses auto mTLS', () => {
    // https://istio.io/latest/docs/tasks/security/authentication/authn-policy/#auto-mutual-tls "configures client proxies to
    // send mutual TLS traffic to those workloads automatically".
    expect(run(mesh(), { to: 'details:9080' }).mtls).toMatchObject({ clientTls: 'auto mTLS', transport: 'mTLS', principal: PP });
  });

  test('DEF-5 a host that is no Service leaves the mesh (passthrough)', () => {
    // istio:pkg/config/mesh/mesh.go:83 (outboundTrafficPolicy ALLOW_ANY).
    const r = run(mesh(ap('allow-nothing', {})), { to: 'www.example.com:443' });
    expect(r).toMatchObject({ allowed: true, policy: 'no policy' });
    expect(r.route.description).toContain('PassthroughCluster');
  });
});

// ---- K. Ambient mode -----------------------------------------------------------------------

describe('K. Ambient mode: ztunnel and waypoints', () => {
  const ambientNs = (name: string, labels: Record<string, string> = {}) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels: { 'istio.io/dataplane-mode': 'ambient', ...labels } } });
  /** A waypoint as `istioctl waypoint generate` writes it, with optional labels and HBONE listener settings. */
  const waypoint = (name = 'waypoint', namespace = 'bookinfo', labels: Record<string, string> = {}, listener: any = {}) => ({
    apiVersion: 'gateway.networking.k8s.io/v1', kind: 'Gateway', metadata: { name, namespace, labels },
    spec: { gatewayClassName: 'istio-waypoint', listeners: [{ name: 'mesh', port: 15008, protocol: 'HBONE', ...listener }] },
  });
  const WP = P('bookinfo', 'waypoint');
  /** Bookinfo (without reviews' other versions) in an ambient namespace, `legacy` outside the mesh, and `extra`. */
  function ambient(nsLabels: Record<string, string> = {}, ...extra: any[]): any[] {
    return [ambientNs('bookinfo', nsLabels), ns('legacy', false), ns('istio-system', false),
      ...app('productpage', 'bookinfo'), ...app('details', 'bookinfo'), ...app('ratings', 'bookinfo'), ...app('reviews', 'bookinfo', { versions: ['v1', 'v2'] }), ...extra];
  }
  const enrolled = (...extra: any[]) => ambient({ 'istio.io/use-waypoint': 'waypoint' }, waypoint(), ...extra);
  const onlyFrom = (name: string, principals: string[], spec: any = {}) => ap(name, { selector: { matchLabels: { app: 'details' } }, rules: [{ from: [{ source: { principals } }], ...spec }] });
  const toService = (name: string, service: string, rule: any, extra: any = {}) => ap(name, { targetRefs: [{ kind: 'Service', group: '', name: service }], rules: [rule], ...extra });

  test('AM-1 ztunnel captures the pods of an ambient namespace, or a pod labelled ambient; `none` opts out; a sidecar wins', () => {
    // https://istio.io/latest/docs/ambient/usage/add-workloads/ "ambient mode is used for a pod if: The namespace or pod has
    // the label istio.io/dataplane-mode=ambient; The pod does not have the opt-out label istio.io/dataplane-mode=none; The
    // annotation sidecar.istio.io/status is not present on the pod" and "the sidecar mode currently takes precedence"
    // (istio:cni/README.md:55-60); the injector has no ambient awareness (istio-injection=enabled still injects).
    const objects = [...ambient(), ns('plain', false), ...app('opted-out', 'bookinfo', { podLabels: { 'istio.io/dataplane-mode': 'none' } }),
      ...app('own-label', 'plain', { podLabels: { 'istio.io/dataplane-mode': 'ambient' } }), ambientNs('both', { 'istio-injection': 'enabled' }), ...app('both', 'both')];
    expect(run(objects, { to: 'details:9080' })).toMatchObject({ caller: { proxy: 'ztunnel', workload: 'Deployment bookinfo/productpage-v1' },
      enforcement: [{ kind: 'ztunnel', layer: 'L4', at: 'ztunnel for Deployment bookinfo/details-v1', principal: PP }] });
    expect(run(objects, { from: 'bookinfo/opted-out', to: 'details:9080' })).toMatchObject({ caller: { proxy: 'none' }, mtls: { transport: 'plaintext' } });
    expect(run(objects, { from: 'plain/own-label', to: 'details.bookinfo:9080' }).caller.proxy).toBe('ztunnel');
    expect(run(objects, { from: 'both/both', to: 'details.bookinfo:9080' }).caller.proxy).toBe('sidecar');
    expect(run(objects, { to: 'both.both:9080' }).enforcement.map((e) => e.kind)).toEqual(['sidecar']);
    expect(run(objects, { from: 'bookinfo/not-deployed', to: 'details:9080' }).caller.proxy).toBe('ztunnel');
  });

  test('AM-2 without a waypoint the destination ztunnel enforces L4 policies with the caller\'s identity; a refusal resets the connection', () => {
    // https://istio.io/latest/docs/ambient/usage/l4-policy/ "The actual enforcement point is at the receiving (server-side)
    // ztunnel proxy in the path of a connection"; ztunnel:src/state.rs:536-600 (DENY, then no ALLOW, then ALLOW, else
    // refused); a refused HBONE CONNECT gets 401 (ztunnel:src/proxy/inbound.rs:218-221) and curl sees "exit code 56".
    const objects = ambient({}, onlyFrom('allow-pp', [PP], { to: [{ operation: { ports: ['9080'] } }] }));
    const r = run(objects, { to: 'details:9080' });
    expect(r).toMatchObject({ allowed: true, policy: 'AuthorizationPolicy bookinfo/allow-pp', rule: 0, action: 'ALLOW', enforcedAt: 'ztunnel for Deployment bookinfo/details-v1',
      route: { object: undefined, destinations: [{ host: 'details.bookinfo.svc.cluster.local', weight: 100 }] } });
    expect(r.mtls).toMatchObject({ transport: 'mTLS', principal: PP, clientTls: "HBONE from the caller's ztunnel" });
    expect(run(objects, { from: 'bookinfo/reviews', to: 'details:9080' })).toMatchObject({ allowed: false, response: 'connection reset', policy: 'AuthorizationPolicy bookinfo/allow-pp', action: 'ALLOW' });
    expect(run(ambient({}, ap('deny-reviews', { action: 'DENY', rules: [{ from: [{ source: { namespaces: ['bookinfo'] } }] }] }, 'istio-system')), { to: 'details:9080' }))
      .toMatchObject({ allowed: false, policy: 'AuthorizationPolicy istio-system/deny-reviews', action: 'DENY', response: 'connection reset' });
  });

  test('AM-3 an ALLOW rule with HTTP attributes is left out at ztunnel, so without a waypoint the traffic is denied', () => {
    // https://istio.io/latest/docs/ambient/usage/l4-policy/ "If an AuthorizationPolicy has been configured that requires any
    // traffic processing beyond L4, and if no waypoint proxies are configured for the destination of the traffic, then ztunnel
    // proxy will simply drop all traffic as a defensive move"; istio:pilot/pkg/serviceregistry/kube/controller/ambient/
    // authorization.go:577-581 "L7 policies never match for ALLOW" (per rule: a purely L4 rule of the policy still allows);
    // every `when` key but source.ip/namespace/principal and destination.ip/port is HTTP (authorization.go:586-592).
    const get = onlyFrom('allow-get', [PP], { to: [{ operation: { methods: ['GET'] } }] });
    const r = run(ambient({}, get), { to: 'details:9080' });
    expect(r).toMatchObject({ allowed: false, response: 'connection reset', policy: 'AuthorizationPolicy bookinfo/allow-get' });
    expect(r.notes.join(' ')).toContain('ztunnel does not support HTTP attributes (found: methods)');
    const mixed = ap('allow-mixed', { selector: { matchLabels: { app: 'details' } }, rules: [{ to: [{ operation: { paths: ['/x'] } }] }, { from: [{ source: { principals: [PP] } }] }] });
    expect(run(ambient({}, mixed), { to: 'details:9080' })).toMatchObject({ allowed: true, rule: 1 });
    const header = onlyFrom('allow-header', [PP], { when: [{ key: 'request.headers[x-user]', values: ['a'] }] });
    expect(run(ambient({}, header), { to: 'details:9080', headers: { 'x-user': 'a' } }).allowed).toBe(false);
    const l4When = onlyFrom('allow-ns', [PP], { when: [{ key: 'source.namespace', values: ['bookinfo'] }, { key: 'destination.port', values: ['9080'] }] });
    expect(run(ambient({}, l4When), { to: 'details:9080' }).allowed).toBe(true);
  });

  test('AM-4 a DENY rule keeps its L4 fields at ztunnel; a from/to/when left with no L4 field never matches', () => {
    // authorization.go:511-584 keeps DENY rules without their HTTP parts; ztunnel:src/rbac.rs:113-116 skips an empty match
    // ("empty clause"), and its test rbac_empty_policy (rbac.rs:525-537) asserts a clause of one empty match never matches.
    // So `ports + methods` denies the whole port, while `methods` alone denies nothing: the sidecar's AZ-9 widening differs.
    const denyPort = ap('deny-post', { action: 'DENY', rules: [{ to: [{ operation: { ports: ['9080'], methods: ['POST'] } }] }] });
    expect(run(ambient({}, denyPort), { to: 'details:9080', method: 'GET' })).toMatchObject({ allowed: false, policy: 'AuthorizationPolicy bookinfo/deny-post', action: 'DENY' });
    const denyMethod = ap('deny-post', { action: 'DENY', rules: [{ from: [{ source: { principals: [PP] } }], to: [{ operation: { methods: ['POST'] } }] }] });
    const r = run(ambient({}, denyMethod), { to: 'details:9080', method: 'POST' });
    expect(r).toMatchObject({ allowed: true, policy: 'no policy' });
    expect(r.notes.join(' ')).toContain('the DENY rule is enforced on its L4 fields alone');
    expect(run(ambient({}, ap('deny-all', DENY_ALL)), { to: 'details:9080' }).allowed).toBe(false); // rules: [{}] has no clause: matches
  });

  test('AM-5 targetRefs policies are the waypoint\'s, never ztunnel\'s; a waypoint ignores selector and namespace-wide policies', () => {
    // authorization.go:397-402 "TargetRef is not intended for ztunnel"; istio:pilot/pkg/model/policyattachment.go:139-147
    // "waypoints never use selector"; api:security/v1beta1/authorization_policy.proto "Waypoint proxies are required to use
    // this field for policies to apply; selector policies will be ignored."
    const denyTargeted = toService('deny-details', 'details', {}, { action: 'DENY' });
    expect(run(ambient({}, denyTargeted), { to: 'details:9080' })).toMatchObject({ allowed: true, policy: 'no policy' });
    const r = run(enrolled(denyTargeted), { to: 'details:9080' });
    expect(r).toMatchObject({ allowed: false, response: 403, policy: 'AuthorizationPolicy bookinfo/deny-details', enforcedAt: 'waypoint Gateway bookinfo/waypoint' });
    const nsDeny = ap('deny-pp', { action: 'DENY', rules: [{ from: [{ source: { principals: [PP] } }] }] });
    const behind = run(enrolled(nsDeny), { to: 'details:9080' });
    expect(behind).toMatchObject({ allowed: true, policy: 'no policy' }); // at ztunnel the peer is the waypoint, not productpage
    expect(behind.enforcement.map((e) => [e.kind, e.policy])).toEqual([['waypoint', 'no policy'], ['ztunnel', 'no policy']]);
  });

  test('AM-6 through a waypoint: it sees the caller, the destination ztunnel sees the waypoint', () => {
    // https://istio.io/latest/docs/ambient/usage/l4-policy/ "Traffic arriving at the destination ztunnel will be coming from
    // the waypoint's identity because waypoint proxies do not impersonate src identity on behalf of the client"; the table:
    // targetRefs Service → "client pod" at the waypoint, Selector with a waypoint → "waypoint" at the destination ztunnel.
    // The waypoint's service account is the Gateway's name (istio:pilot/pkg/config/kube/gateway/deploymentcontroller.go:197-203).
    const l7 = toService('details-viewer', 'details', { from: [{ source: { principals: [PP] } }], to: [{ operation: { methods: ['GET'] } }] });
    const clientOnly = onlyFrom('details-ztunnel', [PP]);
    const denied = run(enrolled(l7, clientOnly), { to: 'details:9080' });
    expect(denied).toMatchObject({ allowed: false, response: 503, policy: 'AuthorizationPolicy bookinfo/details-ztunnel', enforcedAt: 'ztunnel for Deployment bookinfo/details-v1' });
    expect(denied.enforcement).toMatchObject([
      { kind: 'waypoint', at: 'waypoint Gateway bookinfo/waypoint', layer: 'L7', principal: PP, allowed: true, policy: 'AuthorizationPolicy bookinfo/details-viewer' },
      { kind: 'ztunnel', at: 'ztunnel for Deployment bookinfo/details-v1', layer: 'L4', principal: WP, allowed: false },
    ]);
    const r = run(enrolled(l7, onlyFrom('details-ztunnel', [WP])), { to: 'details:9080' });
    expect(r).toMatchObject({ allowed: true, mtls: { principal: WP, clientTls: 'HBONE from the waypoint' } });
    expect(run(enrolled(l7, onlyFrom('details-ztunnel', [WP])), { to: 'details:9080', method: 'POST' })).toMatchObject({ allowed: false, response: 403, enforcedAt: 'waypoint Gateway bookinfo/waypoint' });
  });

  test('AM-7 enrollment: the Service\'s label over its namespace\'s, `none` opts out, a missing waypoint is no fallback', () => {
    // https://istio.io/latest/docs/ambient/usage/waypoint/ "If the istio.io/use-waypoint label exists on both a namespace and a
    // service, the service waypoint takes precedence over the namespace waypoint"; istio:pilot/pkg/serviceregistry/kube/
    // controller/ambient/waypoints.go:196-213 ("Istio reserves the word "none"") and :114-127 (a named waypoint that is not
    // there leaves the Service without one: "waypoint %q is not ready").
    const labelled = (value: string) => (o: any) => (o.kind === 'Service' && o.metadata.name === 'details' ? { ...o, metadata: { ...o.metadata, labels: { 'istio.io/use-waypoint': value } } } : o);
    const at = (objects: any[]) => run(objects, { to: 'details:9080' }).enforcement.map((e) => e.at);
    expect(at(enrolled())).toEqual(['waypoint Gateway bookinfo/waypoint', 'ztunnel for Deployment bookinfo/details-v1']);
    expect(at(enrolled(waypoint('details-wp')).map(labelled('details-wp')))).toEqual(['waypoint Gateway bookinfo/details-wp', 'ztunnel for Deployment bookinfo/details-v1']);
    expect(at(enrolled().map(labelled('none')))).toEqual(['ztunnel for Deployment bookinfo/details-v1']);
    const missing = run(enrolled().map(labelled('gone')), { to: 'details:9080' });
    expect(missing.enforcement.map((e) => e.kind)).toEqual(['ztunnel']);
    expect(missing.notes.join(' ')).toContain('names waypoint bookinfo/gone, which is no Gateway of class istio-waypoint');
  });

  test('AM-8 waypoint-for decides which traffic a waypoint takes; another namespace needs allowedRoutes and use-waypoint-namespace', () => {
    // api label istio.io/waypoint-for "Valid options: service, workload, all, and none" (default service, waypoints.go:240-254);
    // waypoints.go:167-173 (Service traffic needs service or all). https://istio.io/latest/docs/ambient/usage/waypoint/
    // "Straight out of the box, a waypoint proxy is usable by resources within the same namespace" ... "The keyword All may be
    // specified as the value for allowedRoutes.namespaces.from"; istio.io/use-waypoint-namespace names the waypoint's namespace.
    const kinds = (objects: any[]) => run(objects, { to: 'details:9080' }).enforcement.map((e) => e.kind);
    for (const [type, want] of [['service', ['waypoint', 'ztunnel']], ['all', ['waypoint', 'ztunnel']], ['workload', ['ztunnel']], ['none', ['ztunnel']]] as const) {
      expect(kinds(ambient({ 'istio.io/use-waypoint': 'waypoint' }, waypoint('waypoint', 'bookinfo', { 'istio.io/waypoint-for': type })))).toEqual(want);
    }
    const shared = { 'istio.io/use-waypoint': 'egress', 'istio.io/use-waypoint-namespace': 'infra' };
    expect(kinds(ambient(shared, ambientNs('infra'), waypoint('egress', 'infra')))).toEqual(['ztunnel']);
    const objects = ambient(shared, ambientNs('infra'), waypoint('egress', 'infra', {}, { allowedRoutes: { namespaces: { from: 'All' } } }));
    expect(run(objects, { to: 'details:9080' }).enforcement).toMatchObject([{ at: 'waypoint Gateway infra/egress' }, { principal: P('infra', 'egress') }]);
  });

  test('AM-9 the waypoint routes by the HTTPRoutes of the Service (from its namespace or the waypoint\'s); ztunnel alone does not route', () => {
    // https://istio.io/latest/docs/ambient/usage/l7-features/ (HTTPRoute with parentRefs to the Service: the reviews 90/10
    // route); istio:pilot/pkg/networking/core/listener_waypoint.go:1094-1111 "We only allow routes in the same namespace as
    // the service or in the waypoint's own namespace"; without a waypoint, istio:pilot/pkg/config/kube/gateway/conditions.go
    // "istio.io/use-waypoint label missing from parent and parent namespace; in ambient mode, route will not be respected".
    const split = hr('reviews', { parentRefs: [{ group: '', kind: 'Service', name: 'reviews', port: 9080 }],
      rules: [{ backendRefs: [{ name: 'reviews-v1', port: 9080, weight: 90 }, { name: 'reviews-v2', port: 9080, weight: 10 }] }] });
    const versions = [versionService('reviews', 'v1'), versionService('reviews', 'v2')];
    const r = run(enrolled(...versions, split), { to: 'reviews:9080' });
    expect(r.route).toMatchObject({ object: 'HTTPRoute bookinfo/reviews', destinations: [{ version: 'v1', weight: 90 }, { version: 'v2', weight: 10 }] });
    expect(r.enforcement.map((e) => e.at)).toEqual(['waypoint Gateway bookinfo/waypoint', 'ztunnel for Deployment bookinfo/reviews-v1', 'ztunnel for Deployment bookinfo/reviews-v2']);
    const bare = run(ambient({}, ...versions, split), { to: 'reviews:9080' });
    expect(bare.route).toMatchObject({ object: undefined, destinations: [{ version: 'v1', weight: 50 }, { version: 'v2', weight: 50 }] });
    expect(bare.notes.join(' ')).toContain('HTTPRoute bookinfo/reviews does not apply: ztunnel does not route HTTP');
    const consumer = { ...split, metadata: { name: 'reviews', namespace: 'demo' }, spec: { ...split.spec, parentRefs: [{ group: '', kind: 'Service', name: 'reviews', namespace: 'bookinfo' }] } };
    expect(run(enrolled(...versions, consumer), { to: 'reviews:9080' }).route.object).toBeUndefined();
    // Not simulated, and said so: VirtualServices at a waypoint (Alpha) and routes attached to the waypoint itself.
    const toVs = vs('reviews', { hosts: ['reviews'], http: [{ route: [{ destination: { host: 'reviews-v2' } }] }] });
    const onGateway = hr('all', { parentRefs: [{ name: 'waypoint' }], rules: [{ backendRefs: [{ name: 'reviews-v2', port: 9080 }] }] });
    const flagged = run(enrolled(...versions, toVs, onGateway), { to: 'reviews:9080' }).notes.join(' ');
    expect(flagged).toContain('VirtualService bookinfo/reviews would route at Gateway bookinfo/waypoint (Alpha in ambient mode); the simulator does not simulate VirtualServices at waypoints');
    expect(flagged).toContain('HTTPRoute bookinfo/all attaches to Gateway bookinfo/waypoint itself, which the simulator does not simulate');
  });

  test('AM-10 a waypoint takes policies by targetRefs: the Service, the waypoint Gateway, the istio-waypoint GatewayClass from the root namespace', () => {
    // istio:pilot/pkg/model/policyattachment.go:149-189; api:security/v1beta1/authorization_policy.proto:287-307 "kind:
    // GatewayClass with group: gateway.networking.k8s.io in the root namespace" and "kind: Service with group: "" ... only
    // supported for waypoints"; the Service's policies apply to requests addressed to it only (listener_waypoint.go:829-836).
    const gw = ap('deny-all-wp', { action: 'DENY', targetRefs: [{ kind: 'Gateway', group: 'gateway.networking.k8s.io', name: 'waypoint' }], rules: [{}] });
    expect(run(enrolled(gw), { to: 'details:9080' })).toMatchObject({ allowed: false, policy: 'AuthorizationPolicy bookinfo/deny-all-wp' });
    const cls = ap('default-deny', { targetRefs: [{ kind: 'GatewayClass', group: 'gateway.networking.k8s.io', name: 'istio-waypoint' }] }, 'istio-system');
    expect(run(enrolled(cls), { to: 'details:9080' })).toMatchObject({ allowed: false, policy: 'AuthorizationPolicy istio-system/default-deny', enforcedAt: 'waypoint Gateway bookinfo/waypoint' });
    expect(run(enrolled({ ...cls, metadata: { name: 'default-deny', namespace: 'bookinfo' } }), { to: 'details:9080' }).allowed).toBe(true);
    const forRatings = toService('deny-ratings', 'ratings', {}, { action: 'DENY' });
    expect(run(enrolled(forRatings), { to: 'details:9080' }).allowed).toBe(true);
    expect(run(enrolled(forRatings), { to: 'ratings:9080' }).allowed).toBe(false);
  });

  test('AM-11 RequestAuthentication at a waypoint by targetRefs gives the request principal to its policies', () => {
    // api:security/v1beta1/request_authentication.proto targetRefs (waypoints use targetRefs, policyattachment.go:139-147);
    // https://istio.io/latest/docs/ambient/usage/l7-features/ lists authorization on request attributes at the waypoint.
    const jwtRule = ra('jwt', { targetRefs: [{ kind: 'Service', group: '', name: 'details' }], jwtRules: [{ issuer: 'https://issuer' }] });
    const needsToken = toService('require-jwt', 'details', { from: [{ source: { requestPrincipals: ['https://issuer/alice'] } }] });
    const jwt = { iss: 'https://issuer', sub: 'alice' };
    expect(run(enrolled(jwtRule, needsToken), { to: 'details:9080', jwt })).toMatchObject({ allowed: true, enforcement: [{ kind: 'waypoint', requestPrincipal: 'https://issuer/alice' }, { kind: 'ztunnel' }] });
    expect(run(enrolled(jwtRule, needsToken), { to: 'details:9080' })).toMatchObject({ allowed: false, response: 403 });
    expect(run(enrolled(jwtRule, needsToken), { to: 'details:9080', jwt: { iss: 'https://other', sub: 'x' } })).toMatchObject({ allowed: false, response: 401 });
  });

  test('AM-12 mTLS: STRICT refuses callers outside the mesh (ztunnel\'s static strict DENY policy), PERMISSIVE admits them without identity, DISABLE is ignored', () => {
    // https://istio.io/latest/docs/ambient/usage/add-workloads/ "setting a PeerAuthentication policy with mTLS mode set to STRICT,
    // in a namespace with ambient mode enabled, will cause traffic from outside the mesh to be denied"; istio:pilot/pkg/
    // serviceregistry/kube/controller/ambient/policies.go:262-292 (DENY istio_converted_static_strict, notPrincipals presence);
    // https://istio.io/latest/docs/ambient/usage/l4-policy/ "it is not possible to use the DISABLE mode in a policy. Such
    // policies will be ignored." Plain text carries no identity, so principal rules cannot match it.
    const legacy = { from: 'legacy/sleep', to: 'details.bookinfo:9080' };
    const strict = run(ambient({}, pa('default', { mtls: { mode: 'STRICT' } })), legacy);
    expect(strict).toMatchObject({ allowed: false, response: 'connection reset', caller: { proxy: 'none' }, mtls: { mode: 'STRICT', transport: 'plaintext', outcome: 'connection reset' } });
    expect(strict.reason).toContain('istio-system/istio_converted_static_strict');
    expect(run(ambient({}, pa('default', { mtls: { mode: 'STRICT' } })), { to: 'details:9080' })).toMatchObject({ allowed: true, mtls: { mode: 'STRICT', callerMtls: true } });
    expect(run(ambient(), legacy)).toMatchObject({ allowed: true, mtls: { mode: 'PERMISSIVE', transport: 'plaintext' }, enforcement: [{ kind: 'ztunnel', principal: undefined }] });
    const noIdentity = run(ambient({}, onlyFrom('allow-pp', [PP])), legacy);
    expect(noIdentity).toMatchObject({ allowed: false, response: 'connection reset', policy: 'AuthorizationPolicy bookinfo/allow-pp' });
    expect(noIdentity.reason).toContain('none matches a plain-text connection (no peer identity): ztunnel closes the plain-text connection');
    expect(run(ambient({}, pa('default', { mtls: { mode: 'DISABLE' } })), legacy).mtls).toMatchObject({ mode: 'PERMISSIVE', outcome: 'ok' });
    expect(run(ambient({}, pa('default', { mtls: { mode: 'DISABLE' } })), { to: 'details:9080' }).mtls).toMatchObject({ transport: 'mTLS', principal: PP });
  });

  test('AM-13 an ingress gateway bypasses the waypoint unless the Service (or else its namespace) has istio.io/ingress-use-waypoint: "true"', () => {
    // istio:pilot/pkg/xds/endpoints/endpoint_builder.go:884-907 "Currently only ingress and e/w gateway will call waypoints" /
    // "They need to explicitly opt-in on the service to send from ingress -> waypoint"; the Service's label wins over the
    // namespace's (istio:pilot/pkg/serviceregistry/kube/controller/ambient/sidecar_interop.go:174-182).
    const vsToPp = vs('bookinfo', { gateways: ['bookinfo-gateway'], hosts: ['*'], http: [{ route: [{ destination: { host: 'productpage', port: { number: 9080 } } }] }] });
    const ppPolicy = toService('productpage-viewer', 'productpage', { from: [{ source: { principals: [P('istio-system', 'istio-ingressgateway-service-account')] } }] });
    const label = (value: string) => (o: any) => (o.kind === 'Service' && o.metadata.name === 'productpage' ? { ...o, metadata: { ...o.metadata, labels: { 'istio.io/ingress-use-waypoint': value } } } : o);
    const ingress = (objects: any[]) => simulate(objects, { from: INGRESS, to: 'bookinfo.example.com:8080', path: '/productpage' });
    const direct = ingress(enrolled(bookinfoGateway, vsToPp, ppPolicy));
    expect(direct.enforcement.map((e) => [e.kind, e.principal])).toEqual([['gateway', undefined], ['ztunnel', P('istio-system', 'istio-ingressgateway-service-account')]]);
    expect(direct.notes.join(' ')).toContain('without istio.io/ingress-use-waypoint: "true" the gateway sends to its pods directly');
    const via = ingress(enrolled(bookinfoGateway, vsToPp, ppPolicy).map(label('true')));
    expect(via).toMatchObject({ allowed: true, route: { object: 'VirtualService bookinfo/bookinfo', destinations: [{ host: 'productpage.bookinfo.svc.cluster.local', weight: 100 }] } });
    expect(via.enforcement.map((e) => [e.kind, e.principal, e.policy])).toEqual([['gateway', undefined, 'no policy'],
      ['waypoint', P('istio-system', 'istio-ingressgateway-service-account'), 'AuthorizationPolicy bookinfo/productpage-viewer'], ['ztunnel', WP, 'no policy']]);
    const nsWide = ambient({ 'istio.io/use-waypoint': 'waypoint', 'istio.io/ingress-use-waypoint': 'true' }, waypoint(), bookinfoGateway, vsToPp, ppPolicy);
    expect(ingress(nsWide).enforcement.map((e) => e.kind)).toEqual(['gateway', 'waypoint', 'ztunnel']);
    expect(ingress(nsWide.map(label('false'))).enforcement.map((e) => e.kind)).toEqual(['gateway', 'ztunnel']);
    const refused = ingress(enrolled(bookinfoGateway, vsToPp, toService('pp-nobody', 'productpage', { from: [{ source: { principals: ['nobody'] } }] })).map(label('true')));
    expect(refused).toMatchObject({ allowed: false, response: 403, policy: 'AuthorizationPolicy bookinfo/pp-nobody', enforcedAt: 'waypoint Gateway bookinfo/waypoint' });
  });

  test('AM-14 sidecars call an enrolled Service\'s pods directly (over HBONE); ztunnel and waypoints reach sidecars over HBONE', () => {
    // endpoint_builder.go:885-888 (only gateways call waypoints); the ambient profile sets ISTIO_META_ENABLE_HBONE, so injected
    // pods are labelled networking.istio.io/tunnel: http (istio:manifests/charts/istio-control/istio-discovery/files/
    // injection-template.yaml:35-36) and ztunnel sends them HBONE (istio:pilot/pkg/serviceregistry/kube/controller/ambient/
    // workloads.go:1336-1346).
    const objects = [...enrolled(onlyFrom('details-ztunnel', [P('sidecars', 'client')])), ns('sidecars'), ...app('client', 'sidecars'), ...app('web', 'sidecars')];
    const r = run(objects, { from: 'sidecars/client', to: 'details.bookinfo:9080' });
    expect(r).toMatchObject({ allowed: true, caller: { proxy: 'sidecar' }, mtls: { transport: 'mTLS', principal: P('sidecars', 'client') }, enforcement: [{ kind: 'ztunnel' }] });
    expect(r.notes.join(' ')).toContain('a sidecar does not send through waypoints');
    const toSidecar = run([...objects, ap('web-pp', { selector: { matchLabels: { app: 'web' } }, rules: [{ from: [{ source: { principals: [PP] } }] }] }, 'sidecars')], { to: 'web.sidecars:9080' });
    expect(toSidecar).toMatchObject({ allowed: true, mtls: { transport: 'mTLS', principal: PP }, enforcement: [{ kind: 'sidecar', layer: 'L7', principal: PP }] });
  });

  test('AM-15 ztunnel ignores AUDIT, CUSTOM and dry-run policies', () => {
    // authorization.go:419-423 "ztunnel does not support the %s action"; policies.go:171-174 skips istio.io/dry-run policies.
    const custom = ap('ext', { action: 'CUSTOM', provider: { name: 'opa' }, rules: [{}] });
    const dry = ap('deny-dry', DENY_ALL, 'bookinfo', { annotations: { 'istio.io/dry-run': 'true' } });
    const r = run(ambient({}, custom, dry, ap('audit', { action: 'AUDIT', rules: [{}] })), { to: 'details:9080' });
    expect(r).toMatchObject({ allowed: true, policy: 'no policy' });
    expect(r.notes.join(' ')).toContain('ztunnel does not support the CUSTOM action');
  });
});

// ---- Callers, requests, manifests ------------------------------------------------------------

describe('callers and inputs', () => {
  test('a caller in a namespace outside the mesh, or opted out, has no sidecar and no routing rules', () => {
    // https://istio.io/latest/docs/concepts/traffic-management/ "Istio's traffic management model relies on the Envoy proxies
    // that are deployed along with your services".
    const r = run(mesh(vs('reviews', { hosts: ['reviews'], http: [{ route: [{ destination: { host: 'reviews', subset: 'v1' } }] }] })), { from: 'legacy/sleep', to: 'reviews.bookinfo:9080' });
    expect(r).toMatchObject({ caller: { proxy: 'none' }, route: { object: undefined } });
    expect(r.route.destinations).toHaveLength(3);
    const optedOut = [...mesh(), ...app('batch', 'bookinfo', { podLabels: { 'sidecar.istio.io/inject': 'false' } })];
    expect(run(optedOut, { from: 'bookinfo/batch', to: 'details:9080' })).toMatchObject({ caller: { proxy: 'none', workload: 'Deployment bookinfo/batch-v1' }, mtls: { transport: 'plaintext' } });
  });

  test('a gateway Deployment of the manifests (Istio\'s proxy image) is a gateway caller', () => {
    // https://istio.io/latest/docs/setup/additional-setup/gateway/ (gateway deployments run the proxyv2 image).
    const deployment = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'my-ingress', namespace: 'ingress' }, spec: { template: {
      metadata: { labels: { istio: 'ingressgateway' } },
      spec: { serviceAccountName: 'my-ingress', containers: [{ name: 'istio-proxy', image: 'docker.io/istio/proxyv2:1.28.10', ports: [{ containerPort: 8080 }] }] } } } };
    const toPp = vs('bookinfo', { gateways: ['bookinfo-gateway'], hosts: ['*'], http: [{ route: [{ destination: { host: 'productpage' } }] }] });
    const r = simulate(mesh(ns('ingress', false), deployment, bookinfoGateway, toPp), { from: 'ingress/my-ingress', to: 'bookinfo.example.com:8080' });
    expect(r).toMatchObject({ allowed: true, caller: { proxy: 'gateway', workload: 'Deployment ingress/my-ingress' }, route: { object: 'VirtualService bookinfo/bookinfo' } });
  });

  test('a bad from or to throws, naming the field and what it must be', () => {
    expect(() => run(mesh(), { from: 'productpage', to: 'details' })).toThrow('request.from must be "namespace/serviceaccount"');
    expect(() => run(mesh(), { to: 'details:99999' })).toThrow('request.to must be "host" or "host:port"');
    expect(() => run(mesh(), { to: 'details', path: 'x' })).toThrow('request.path must start with "/"');
  });

  test('without a port, the Service\'s only port; a port the Service lacks is refused', () => {
    expect(run(mesh(), { to: 'details' })).toMatchObject({ allowed: true, request: { port: 9080 } });
    expect(run(mesh(), { to: 'details:80' })).toMatchObject({ allowed: false, response: 'connection refused' });
  });

  test('readManifests reads YAML (multi-document), JSON and List objects; simulate() takes a folder or an index', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'simulate-'));
    try {
      fs.writeFileSync(path.join(dir, 'a.yaml'), 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: bookinfo\n  labels:\n    istio-injection: enabled\n---\n---\n');
      fs.writeFileSync(path.join(dir, 'b.json'), JSON.stringify({ apiVersion: 'v1', kind: 'List', items: app('details', 'bookinfo') }));
      fs.writeFileSync(path.join(dir, 'c.yml'), app('productpage', 'bookinfo').map((o) => JSON.stringify(o)).join('\n---\n'));
      fs.writeFileSync(path.join(dir, 'notes.txt'), 'not a manifest');
      expect(readManifests(dir).map((o) => o.kind)).toEqual(['Namespace', 'Service', 'Deployment', 'Service', 'Deployment']);
      expect(simulate(dir, { from: 'bookinfo/productpage', to: 'details:9080' }).allowed).toBe(true);
      const index = new ManifestIndex(readManifests(dir));
      expect(simulate(index, { from: 'bookinfo/productpage', to: 'details:9080' }).mtls.principal).toBe(PP);
      fs.rmSync(path.join(dir, 'a.yaml'));
      fs.rmSync(path.join(dir, 'b.json'));
      fs.rmSync(path.join(dir, 'c.yml'));
      expect(() => readManifests(dir)).toThrow('no Kubernetes objects in');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

// ---- The demo's committed dist/ (TRAFFIC_API=istio, STRICT) ----------------------------------

describe('the demo (dist/)', () => {
  const dist = new ManifestIndex(readManifests(path.join(__dirname, '..', 'dist')));
  const sim = (from: string, to: string, p = '/') => simulate(dist, { from, to, path: p });

  test('the ingress reaches productpage through VirtualService bookinfo/bookinfo', () => {
    const r = sim(INGRESS, 'productpage.bookinfo.svc.cluster.local:9080', '/productpage');
    expect(r).toMatchObject({ allowed: true, policy: 'AuthorizationPolicy bookinfo/allow-productpage', rule: 0, action: 'ALLOW',
      route: { object: 'VirtualService bookinfo/bookinfo', rule: 0, match: 0, destinations: [{ host: 'productpage.bookinfo.svc.cluster.local', port: 9080, version: 'v1', weight: 100 }] },
      mtls: { mode: 'STRICT', source: 'PeerAuthentication bookinfo/default (namespace)', callerMtls: true } });
    expect(sim(INGRESS, 'localhost:8080', '/health')).toMatchObject({ allowed: false, response: 404 });
  });

  test('productpage calls details and reviews; reviews calls ratings', () => {
    expect(sim('bookinfo/bookinfo-productpage', 'details:9080', '/details/0')).toMatchObject({ allowed: true, policy: 'AuthorizationPolicy bookinfo/allow-details', rule: 0 });
    expect(sim('bookinfo/bookinfo-productpage', 'reviews:9080', '/reviews/0')).toMatchObject({ allowed: true, policy: 'AuthorizationPolicy bookinfo/allow-reviews', rule: 0 });
    expect(sim('bookinfo/bookinfo-reviews', 'ratings:9080', '/ratings/0')).toMatchObject({ allowed: true, policy: 'AuthorizationPolicy bookinfo/allow-ratings', rule: 0 });
  });

  test('productpage → ratings (BOOKINFO-CALLS E3, /api/v1/products/<id>/ratings) is allowed', () => {
    // productpage calls ratings itself (samples/bookinfo/src/productpage/productpage.py:303-307,366-378), so the call
    // graph declares it and allow-ratings admits bookinfo-productpage beside bookinfo-reviews.
    expect(sim('bookinfo/bookinfo-productpage', 'ratings:9080', '/ratings/0')).toMatchObject({ allowed: true, policy: 'AuthorizationPolicy bookinfo/allow-ratings', rule: 0 });
  });

  test('ratings → productpage is denied by allow-nothing', () => {
    expect(sim('bookinfo/bookinfo-ratings', 'productpage:9080', '/productpage')).toMatchObject({ allowed: false, response: 403, policy: 'AuthorizationPolicy bookinfo/allow-nothing', action: 'ALLOW' });
  });

  test('the reviews canary: v1 90, v2 10 from VirtualService bookinfo/reviews', () => {
    const r = sim('bookinfo/bookinfo-productpage', 'reviews:9080', '/reviews/0');
    expect(r.route.object).toBe('VirtualService bookinfo/reviews');
    expect(r.route.destinations.map((d) => ({ host: d.host, subset: d.subset, version: d.version, weight: d.weight }))).toEqual([
      { host: 'reviews.bookinfo.svc.cluster.local', subset: 'v1', version: 'v1', weight: 90 },
      { host: 'reviews.bookinfo.svc.cluster.local', subset: 'v2', version: 'v2', weight: 10 },
    ]);
  });

  test('the demo pair: nginx ↔ httpd allowed; demo → bookinfo denied', () => {
    expect(sim('demo/nginx', 'httpd.demo.svc.cluster.local:80')).toMatchObject({ allowed: true, policy: 'AuthorizationPolicy demo/allow-httpd', rule: 0 });
    expect(sim('demo/httpd', 'nginx.demo.svc.cluster.local:80')).toMatchObject({ allowed: true, policy: 'AuthorizationPolicy demo/allow-nginx', rule: 0 });
    expect(sim('demo/nginx', 'reviews.bookinfo:9080', '/reviews/0')).toMatchObject({ allowed: false, response: 403, route: { object: 'VirtualService bookinfo/reviews' } });
    expect(sim('demo/nginx', 'productpage.bookinfo:9080', '/productpage')).toMatchObject({ allowed: false, response: 403 });
  });

  test('a caller outside the mesh is reset by STRICT before any policy', () => {
    expect(sim('legacy/default', 'productpage.bookinfo:9080', '/productpage')).toMatchObject({ allowed: false, response: 'connection reset', enforcement: [] });
  });
});
