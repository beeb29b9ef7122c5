// The simulator's call table: for one set of manifests (the demo's dist/, a demo variant, an
// example), the calls Bookinfo and the curl pair really make, the calls nobody declared, and the
// reviews split, each with the outcome the manifests and the variant's settings lead to expect.
// test/simulator-variants.test.ts runs it on a sample of the demo's variants and every example;
// test/integration/simulator-variants.test.ts on every variant.
import { Testing } from 'cdk8s';
import { BOOKINFO_CALLS, DataplaneMode, MtlsMode, ReviewsVersion, TrafficApi } from '../../src';
import { ManifestIndex } from '../../src/checks/manifest-index';
import { simulate } from '../../src/checks/simulator/simulate';
import { SimulationRequest, SimulationResult } from '../../src/checks/simulator/types';
import { DemoConfig } from '../../app/config';
import { buildDemo } from '../../app/demo-app';

/** What a variant is meant to do beyond its manifests' call graph. */
export interface Intent {
  /** The shares of the reviews versions productpage's requests get (no `end-user` header). */
  readonly reviewsSplit?: Readonly<Record<string, number>>;
  /** With `end-user: jason`: the reviews version reached, or the fault ratings answers with. */
  readonly jason?: { readonly reviews?: string; readonly ratingsFault?: string };
}

/** One call to check. */
export interface CallCase {
  /** `real` (made by the app), `undeclared` (made by nobody: must be refused when the namespace denies by default), `split`, `header`. */
  readonly kind: 'real' | 'undeclared' | 'split' | 'header';
  /** `productpage → details`. */
  readonly label: string;
  readonly request: SimulationRequest;
  readonly allowed: boolean;
  /** Why that outcome is expected (from the manifests or the settings). */
  readonly because: string;
  /** The expected shares per version (split and header cases). */
  readonly versions?: Readonly<Record<string, number>>;
  /** The fault expected on the route (`abort 500`, `delay 7s`). */
  readonly fault?: string;
}

/** The paths the Bookinfo ingress routes (productpage.py's pages and API), each one checked. */
export const INGRESS_PATHS = ['/productpage', '/static/tailwind/tailwind.css', '/login', '/logout',
  '/api/v1/products', '/api/v1/products/0', '/api/v1/products/0/reviews', '/api/v1/products/0/ratings'];

/** The caller from outside the mesh: a namespace the manifests do not have. */
const OUTSIDE = 'outside/default';
const INGRESS_HOST = 'bookinfo.example.com';

/** The demo's objects for a config, built in this process (no validation: other tests run it). */
export function demoObjects(config: DemoConfig): any[] {
  const app = Testing.app();
  buildDemo(app, config);
  return app.charts.flatMap((c) => c.toJson());
}

/** The reviews split a demo config asks for: v1 the rest, the canary its weight. */
export function demoIntent(config: DemoConfig): Intent {
  const weight = config.canaryWeight ?? 10;
  const canary = config.canaryVersion ?? ReviewsVersion.V2;
  const split: Record<string, number> = {};
  if (weight < 100) split.v1 = 100 - weight;
  if (weight > 0) split[canary] = weight;
  return { reviewsSplit: split };
}

/** `TRAFFIC_API=istio CANARY_VERSION=v2 ...`: a config as the environment variables that make it. */
export function demoName(config: Required<DemoConfig>): string {
  return `TRAFFIC_API=${config.trafficApi} CANARY_VERSION=${config.canaryVersion} CANARY_WEIGHT=${config.canaryWeight} MTLS_MODE=${config.mtlsMode} DATAPLANE_MODE=${config.dataplaneMode}`;
}

/** Every combination of the demo's variables the table covers: weights at 0, 10 and 100. */
export function demoGrid(): Array<Required<DemoConfig>> {
  const grid: Array<Required<DemoConfig>> = [];
  for (const dataplaneMode of [DataplaneMode.SIDECAR, DataplaneMode.AMBIENT]) {
    for (const trafficApi of [TrafficApi.ISTIO, TrafficApi.GATEWAY_API]) {
      for (const mtlsMode of [MtlsMode.STRICT, MtlsMode.PERMISSIVE]) {
        for (const canaryVersion of [ReviewsVersion.V2, ReviewsVersion.V3]) {
          for (const canaryWeight of [0, 10, 100]) grid.push({ trafficApi, canaryVersion, canaryWeight, mtlsMode, dataplaneMode });
        }
      }
    }
  }
  return grid;
}

/**
 * A pairwise sample of {@link demoGrid}: every pair of values of two variables appears in one of
 * these six (npm test runs them; the integration tests run the whole grid).
 */
export function demoSample(): Array<Required<DemoConfig>> {
  const row = (canaryWeight: number, trafficApi: TrafficApi, canaryVersion: ReviewsVersion, mtlsMode: MtlsMode, dataplaneMode: DataplaneMode) => ({ trafficApi, canaryVersion, canaryWeight, mtlsMode, dataplaneMode });
  const { ISTIO: I, GATEWAY_API: G } = TrafficApi;
  const { V2, V3 } = ReviewsVersion;
  const { STRICT: S, PERMISSIVE: P } = MtlsMode;
  const { SIDECAR: side, AMBIENT: amb } = DataplaneMode;
  return [row(0, I, V2, S, side), row(0, G, V3, P, amb), row(10, I, V3, P, side), row(10, G, V2, S, amb), row(100, I, V2, P, amb), row(100, G, V3, S, side)];
}

const nsOf = (o: any): string => o?.metadata?.namespace ?? 'default';

/** The facts of the manifests the expectations come from. */
class Facts {
  constructor(readonly index: ManifestIndex) {}

  service(namespace: string, name: string): any | undefined {
    return this.index.services.get(`${name}.${namespace}.svc.cluster.local`);
  }

  /** `namespace/serviceaccount` of the pods labelled `app: <app>`. */
  caller(namespace: string, app: string): string | undefined {
    const w = this.index.workloads.find((x) => x.namespace === namespace && x.labels.app === app);
    return w && `${namespace}/${w.spec?.serviceAccountName ?? 'default'}`;
  }

  /** `host:port` of a Service (its first port). */
  target(namespace: string, name: string, callerNamespace: string): string {
    const port = this.service(namespace, name)?.spec?.ports?.[0]?.port;
    return `${namespace === callerNamespace ? name : `${name}.${namespace}`}:${port}`;
  }

  /** Whether a namespace denies by default: an ALLOW policy without rules, selector or targetRefs there or in the root namespace. */
  deniesByDefault(namespace: string): string | undefined {
    const p = this.index.list('security.istio.io', 'AuthorizationPolicy').find((o) => [namespace, 'istio-system'].includes(nsOf(o))
      && (o.spec?.action ?? 'ALLOW') === 'ALLOW' && !o.spec?.rules?.length && !o.spec?.selector && !o.spec?.targetRefs?.length);
    return p && `AuthorizationPolicy ${nsOf(p)}/${p.metadata.name} denies by default`;
  }

  /** Whether a namespace requires mutual TLS: a STRICT PeerAuthentication without selector there or in the root namespace. */
  strict(namespace: string): string | undefined {
    const p = this.index.list('security.istio.io', 'PeerAuthentication').find((o) => [namespace, 'istio-system'].includes(nsOf(o))
      && !o.spec?.selector && o.spec?.mtls?.mode === 'STRICT');
    return p && `PeerAuthentication ${nsOf(p)}/${p.metadata.name} is STRICT`;
  }

  /** The ingress callers: Istio's ingress gateway for an Istio Gateway, `<name>-istio` for a Gateway API one. */
  ingresses(): Array<{ from: string; to: string; gateway: string }> {
    const istio = this.index.list('networking.istio.io', 'Gateway').filter((g) => g.spec?.selector?.istio === 'ingressgateway').map((g) => {
      const server = g.spec?.servers?.[0] ?? {};
      const host = String(server.hosts?.[0] ?? '*').replace(/^[^/]*\//, '');
      return { from: 'istio-system/istio-ingressgateway-service-account', to: `${host === '*' ? INGRESS_HOST : host}:${server.port?.number}`, gateway: `Gateway ${nsOf(g)}/${g.metadata.name}` };
    });
    const k8s = this.index.list('gateway.networking.k8s.io', 'Gateway').filter((g) => g.spec?.gatewayClassName === 'istio').map((g) => {
      const listener = (g.spec?.listeners ?? []).find((l: any) => l?.protocol === 'HTTP') ?? {};
      return { from: `${nsOf(g)}/${g.metadata.name}-istio`, to: `${listener.hostname ?? INGRESS_HOST}:${listener.port}`, gateway: `Gateway ${nsOf(g)}/${g.metadata.name}` };
    });
    return [...istio, ...k8s];
  }

  /** The issuer of a RequestAuthentication of the ingress, whose token the ingress calls then carry. */
  ingressIssuer(): string | undefined {
    return this.index.list('security.istio.io', 'RequestAuthentication').flatMap((r) => r.spec?.jwtRules ?? []).map((r: any) => r.issuer)[0];
  }

  /** Paths an ingress DENY policy refuses without a token (`notRequestPrincipals: ["*"]`). */
  tokenOnlyPaths(): string[] {
    return this.index.list('security.istio.io', 'AuthorizationPolicy').filter((p) => p.spec?.action === 'DENY')
      .flatMap((p) => p.spec?.rules ?? []).filter((r: any) => (r.from ?? []).some((f: any) => f.source?.notRequestPrincipals?.includes('*')))
      .flatMap((r: any) => (r.to ?? []).flatMap((t: any) => t.operation?.paths ?? []));
  }

  /** Versions of an app's pods, with their pod counts. */
  podsByVersion(namespace: string, app: string): Record<string, number> {
    const out: Record<string, number> = {};
    for (const w of this.index.workloads.filter((x) => x.namespace === namespace && x.labels.app === app)) {
      const replicas = typeof w.object?.spec?.replicas === 'number' ? w.object.spec.replicas : 1;
      out[w.labels.version] = (out[w.labels.version] ?? 0) + replicas;
    }
    return out;
  }
}

/** Shares in percent, by version: the even split over pods when no route splits (DEF-2). */
function evenSplit(pods: Record<string, number>): Record<string, number> {
  const total = Object.values(pods).reduce((a, b) => a + b, 0);
  return Object.fromEntries(Object.entries(pods).map(([v, n]) => [v, Math.round((10000 * n) / total) / 100]));
}

/** The calls to check on a set of manifests, with the expected outcomes. */
export function callCases(index: ManifestIndex, intent: Intent = {}): CallCase[] {
  const facts = new Facts(index);
  const cases: CallCase[] = [];
  const pp = index.list('', 'Service').find((s) => s.metadata?.name === 'productpage' && ['details', 'reviews', 'ratings'].every((n) => facts.service(nsOf(s), n)));
  const bookinfo = pp && nsOf(pp);
  const pair = index.list('', 'Service').find((s) => s.metadata?.name === 'httpd' && facts.service(nsOf(s), 'nginx'));
  const demo = pair && nsOf(pair);
  const real = (label: string, request: SimulationRequest, because: string) => cases.push({ kind: 'real', label, request, allowed: true, because });

  if (bookinfo) {
    for (const call of BOOKINFO_CALLS) {
      const from = facts.caller(bookinfo, call.from)!;
      real(`${call.from} → ${call.to}`, { from, to: facts.target(bookinfo, call.to, bookinfo), method: call.method, path: call.path }, `BOOKINFO_CALLS (${call.source})`);
    }
    const issuer = facts.ingressIssuer();
    const jwt = issuer ? { iss: issuer, sub: 'user' } : undefined;
    for (const ingress of facts.ingresses()) {
      for (const path of INGRESS_PATHS) {
        real(`ingress → productpage ${path}`, { from: ingress.from, to: ingress.to, path, jwt }, `${ingress.gateway} routes ${path} to productpage${jwt ? `, with a token of ${issuer}` : ''}`);
      }
      for (const path of jwt ? facts.tokenOnlyPaths() : []) {
        cases.push({ kind: 'undeclared', label: `ingress → productpage ${path} without a token`, request: { from: ingress.from, to: ingress.to, path }, allowed: false, because: `a DENY policy requires a token on ${path}` });
      }
    }
  }
  if (demo) {
    const nginx = facts.caller(demo, 'nginx')!;
    const httpd = facts.caller(demo, 'httpd')!;
    real('nginx → httpd', { from: nginx, to: facts.target(demo, 'httpd', demo) }, 'the curl pair curls each other');
    real('httpd → nginx', { from: httpd, to: facts.target(demo, 'nginx', demo) }, 'the curl pair curls each other');
  }

  // Calls nobody declared: refused where the destination namespace denies by default (and, from
  // outside the mesh, also where it requires mutual TLS); Istio allows them otherwise.
  const undeclared = (label: string, from: string, namespace: string, service: string, outside = false) => {
    const reasons = [facts.deniesByDefault(namespace), outside ? facts.strict(namespace) : undefined].filter((x): x is string => !!x);
    cases.push({ kind: 'undeclared', label, request: { from, to: facts.target(namespace, service, from.split('/')[0]) }, allowed: !reasons.length,
      because: reasons.join('; ') || `namespace ${namespace} neither denies by default${outside ? ' nor requires mTLS' : ''}: Istio allows` });
  };
  if (bookinfo) {
    undeclared('ratings → productpage', facts.caller(bookinfo, 'ratings')!, bookinfo, 'productpage');
    for (const service of ['productpage', 'details', 'reviews', 'ratings']) {
      if (demo) undeclared(`${demo}/nginx → ${service}`, facts.caller(demo, 'nginx')!, bookinfo, service);
      undeclared(`outside the mesh → ${service}`, OUTSIDE, bookinfo, service, true);
    }
  }
  if (demo) undeclared('outside the mesh → httpd', OUTSIDE, demo, 'httpd', true);

  if (bookinfo) {
    const from = facts.caller(bookinfo, 'productpage')!;
    const to = facts.target(bookinfo, 'reviews', bookinfo);
    const split = intent.reviewsSplit ?? evenSplit(facts.podsByVersion(bookinfo, 'reviews'));
    cases.push({ kind: 'split', label: 'productpage → reviews split', request: { from, to, path: '/reviews/0' }, allowed: true, versions: split,
      because: intent.reviewsSplit ? 'the canary settings' : 'no route splits reviews: every pod alike' });
    if (intent.jason?.reviews) {
      cases.push({ kind: 'header', label: 'productpage → reviews, end-user: jason', request: { from, to, path: '/reviews/0', headers: { 'end-user': 'jason' } }, allowed: true,
        versions: { [intent.jason.reviews]: 100 }, because: `jason sees reviews ${intent.jason.reviews}` });
    }
    if (intent.jason?.ratingsFault) {
      const abort = intent.jason.ratingsFault.startsWith('abort');
      cases.push({ kind: 'header', label: 'reviews → ratings, end-user: jason', request: { from: facts.caller(bookinfo, 'reviews')!, to: facts.target(bookinfo, 'ratings', bookinfo), path: '/ratings/0', headers: { 'end-user': 'jason' } },
        allowed: !abort, fault: intent.jason.ratingsFault, because: `jason gets the ${intent.jason.ratingsFault} fault` });
    }
  }
  return cases;
}

/** What a case checks of a result, for one comparison whose failure shows the deciding policy and the reason. */
export function observed(c: CallCase, r: SimulationResult): Record<string, unknown> {
  const out: Record<string, unknown> = { allowed: r.allowed };
  if (c.versions) {
    const shares: Record<string, number> = {};
    for (const d of r.route.destinations) shares[d.version ?? d.host] = Math.round(((shares[d.version ?? d.host] ?? 0) + d.weight) * 100) / 100;
    out.versions = shares;
  }
  if (c.fault) {
    const f = r.route.fault;
    out.fault = f?.abort?.percentage ? `abort ${f.abort.httpStatus}` : f?.delay?.percentage ? `delay ${f.delay.fixedDelay}` : 'none';
  }
  return out;
}

/** The expected counterpart of {@link observed}. */
export function expected(c: CallCase): Record<string, unknown> {
  return { allowed: c.allowed, ...(c.versions ? { versions: c.versions } : {}), ...(c.fault ? { fault: c.fault } : {}) };
}

/** Runs a case; the result's decision goes beside the comparison so that a failure names the policy. */
export function runCase(index: ManifestIndex, c: CallCase): { got: Record<string, unknown>; want: Record<string, unknown>; detail: string; result: SimulationResult } {
  const result = simulate(index, c.request);
  const detail = `${c.label}: ${result.allowed ? 'allowed' : `denied (${result.response})`} by ${result.policy}${result.enforcedAt ? ` at ${result.enforcedAt}` : ''}: ${result.reason}`;
  return { got: observed(c, result), want: expected(c), detail, result };
}

/**
 * A describe block of one set of manifests' calls, titled `title`: one test per call, comparing
 * what the simulator decided with what was expected.
 */
export function describeCalls(title: string, index: ManifestIndex, cases: readonly CallCase[]): void {
  describe(title, () => {
    if (!cases.length) {
      test('has neither Bookinfo nor the curl pair: nothing to call', () => expect(index.list('', 'Service')).toEqual([]));
      return;
    }
    test.each(cases.map((c) => [`${c.kind}: ${c.label} → ${c.allowed ? 'allowed' : 'denied'} (${c.because})`, c] as const))('%s', (_, c) => {
      const { got, want, detail } = runCase(index, c);
      // `call` shows what the simulator decided, and why, when the comparison fails.
      expect({ call: detail, ...got }).toEqual({ call: expect.any(String), ...want });
    });
  });
}

/** The call table of some variants, as Markdown: real, undeclared and split/header calls, and all. */
export function callTable(rows: ReadonlyArray<{ readonly name: string; readonly cases: readonly CallCase[] }>): string {
  const count = (cases: readonly CallCase[], ...kinds: string[]) => cases.filter((c) => kinds.includes(c.kind)).length;
  const sum = (f: (cases: readonly CallCase[]) => number) => rows.reduce((s, r) => s + f(r.cases), 0);
  return [
    '| Variant | real calls (allowed) | undeclared calls | reviews split / header | calls checked |',
    '| --- | ---: | ---: | ---: | ---: |',
    ...rows.map(({ name, cases }) => `| ${name} | ${count(cases, 'real')} | ${count(cases, 'undeclared')} | ${count(cases, 'split', 'header')} | ${cases.length} |`),
    `| **${rows.length} variants** | ${sum((c) => count(c, 'real'))} | ${sum((c) => count(c, 'undeclared'))} | ${sum((c) => count(c, 'split', 'header'))} | ${sum((c) => c.length)} |`,
  ].join('\n');
}
