// The simulator over the demo (every example: test/examples.test.ts): each call Bookinfo and the curl pair really make
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
import { CallCase, callCases, callTable, demoIntent, demoName, demoObjects, demoSample, describeCalls, INGRESS_PATHS, Intent } from './util/sim-table';

interface Variant {
  readonly name: string;
  readonly objects: () => any[];
  readonly intent: Intent;
}

const VARIANTS: Variant[] = [
  { name: 'dist/ (committed, the defaults)', objects: () => readManifests(path.join(__dirname, '..', 'dist')), intent: demoIntent({}) },
  ...demoSample().map((c) => ({ name: `demo ${demoName(c)}`, objects: () => demoObjects(c), intent: demoIntent(c) })),
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
  describeCalls(`${variant.name}: ${cases.length} calls checked`, index, cases);
}

afterAll(() => {
  const table = callTable(rows);
  if (process.env.SIM_TABLE_FILE) fs.writeFileSync(process.env.SIM_TABLE_FILE, `${table}\n`);
  process.stdout.write(`\nThe simulator's call table (calls checked per variant):\n${table}\n`);
});
