// The simulator over the demo and every example: each call Bookinfo and the curl pair really make
// is allowed, each call nobody declared is refused where the namespace denies by default, and the
// reviews split is the one asked for. The demo: its committed dist/ and a pairwise sample of its
// variables (TRAFFIC_API x CANARY_VERSION x CANARY_WEIGHT 0/10/100 x MTLS_MODE x DATAPLANE_MODE;
// test/integration/simulator-variants.test.ts runs all 48). The expected outcomes come from the
// settings and the manifests (test/util/sim-table.ts), not from the simulator. A summary table of
// the calls checked per variant is printed once (SIM_TABLE_FILE=path also writes it as Markdown).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Chart, Testing } from 'cdk8s';
import { BookinfoApp, StringMatchKind } from '../src';
import { ManifestIndex } from '../src/checks/manifest-index';
import { readManifests } from '../src/checks/simulator/read-manifests';
import { hrMatches } from '../src/checks/simulator/http-route';
import { runExample } from './util/manifests';
import { CallCase, callCases, demoIntent, demoName, demoObjects, demoSample, INGRESS_PATHS, Intent, runCase } from './util/sim-table';

const EXAMPLES = fs.readdirSync(path.join(__dirname, '..', 'examples')).filter((f) => f.endsWith('.ts')).sort();

/** What an example means for reviews and ratings, as its header comment says (each is an Istio sample's VirtualService). */
const EXAMPLE_INTENT: Record<string, Intent> = {
  'reviews-50-v3.ts': { reviewsSplit: { v1: 50, v3: 50 } }, // "reviews split 50/50 between v1 and v3"
  'reviews-80-20.ts': { reviewsSplit: { v1: 80, v2: 20 } }, // "80 % of reviews traffic to v1, 20 % to v2"
  'reviews-jason-v2-others-v3.ts': { reviewsSplit: { v3: 100 }, jason: { reviews: 'v2' } }, // "jason sees reviews v2, everyone else v3"
  'reviews-jason-v2.ts': { reviewsSplit: { v1: 100 }, jason: { reviews: 'v2' } }, // "user jason sees reviews v2, everyone else v1"
  'reviews-v2-v3.ts': { reviewsSplit: { v2: 50, v3: 50 } }, // "reviews split 50/50 between v2 and v3"
  'reviews-v3.ts': { reviewsSplit: { v3: 100 } }, // "all reviews traffic to v3"
  'route-all-v1.ts': { reviewsSplit: { v1: 100 } }, // "every service to v1"
  'ratings-abort-jason.ts': { jason: { ratingsFault: 'abort 500' } }, // "ratings answers HTTP 500 to user jason"
  'ratings-delay-jason.ts': { jason: { ratingsFault: 'delay 7s' } }, // "a 7 s delay on ratings for user jason"
};

interface Variant {
  readonly name: string;
  readonly objects: () => any[];
  readonly intent: Intent;
}

const VARIANTS: Variant[] = [
  { name: 'dist/ (committed, the defaults)', objects: () => readManifests(path.join(__dirname, '..', 'dist')), intent: demoIntent({}) },
  ...demoSample().map((c) => ({ name: `demo ${demoName(c)}`, objects: () => demoObjects(c), intent: demoIntent(c) })),
  ...EXAMPLES.map((f) => ({ name: `examples/${f}`, objects: () => runExample(f), intent: EXAMPLE_INTENT[f] ?? {} })),
];

const rows: Array<{ name: string; cases: CallCase[] }> = [];

test('INGRESS_PATHS: each is routed by the Bookinfo ingress rule, and each match of the rule has one', () => {
  const rule = new BookinfoApp(new Chart(Testing.app(), 'c'), 'b').ingressRule;
  const matches = rule.matches!.map((m) => ({ path: { type: m.uri!.kind === StringMatchKind.EXACT ? 'Exact' : 'PathPrefix', value: m.uri!.value } }));
  const req = (p: string) => ({ host: 'h', authority: 'h', path: p, query: new Map(), method: 'GET', headers: {}, port: 80 });
  expect(INGRESS_PATHS.filter((p) => !matches.some((m) => hrMatches(m, req(p))))).toEqual([]);
  expect(matches.filter((m) => !INGRESS_PATHS.some((p) => hrMatches(m, req(p))))).toEqual([]);
});

for (const variant of VARIANTS) {
  const index = new ManifestIndex(variant.objects());
  const cases = callCases(index, variant.intent);
  rows.push({ name: variant.name, cases });
  describe(`${variant.name}: ${cases.length} calls checked`, () => {
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

afterAll(() => {
  const count = (cases: CallCase[], ...kinds: string[]) => cases.filter((c) => kinds.includes(c.kind)).length;
  const lines = [
    '| Variant | real calls (allowed) | undeclared calls | reviews split / header | calls checked |',
    '| --- | ---: | ---: | ---: | ---: |',
    ...rows.map(({ name, cases }) => `| ${name} | ${count(cases, 'real')} | ${count(cases, 'undeclared')} | ${count(cases, 'split', 'header')} | ${cases.length} |`),
    `| **${rows.length} variants** | ${rows.reduce((s, r) => s + count(r.cases, 'real'), 0)} | ${rows.reduce((s, r) => s + count(r.cases, 'undeclared'), 0)} | ${rows.reduce((s, r) => s + count(r.cases, 'split', 'header'), 0)} | ${rows.reduce((s, r) => s + r.cases.length, 0)} |`,
  ];
  if (process.env.SIM_TABLE_FILE) fs.writeFileSync(process.env.SIM_TABLE_FILE, `${lines.join('\n')}\n`);
  process.stdout.write(`\nThe simulator's call table (calls checked per variant):\n${lines.join('\n')}\n`);
});
