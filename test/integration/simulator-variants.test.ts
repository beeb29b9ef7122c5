// The simulator's call table over every variant of the demo: TRAFFIC_API x CANARY_VERSION x
// CANARY_WEIGHT (0, 10, 100) x MTLS_MODE x DATAPLANE_MODE, 48 in all (npm test runs a pairwise
// sample of them, test/simulator-variants.test.ts). Same cases and expectations: real calls
// allowed, undeclared calls refused, the reviews split equal to CANARY_WEIGHT.
import * as fs from 'node:fs';
import { ManifestIndex } from '../../src/checks/manifest-index';
import { CallCase, callCases, demoGrid, demoIntent, demoName, demoObjects, describeCalls } from '../util/sim-table';

const rows: Array<{ name: string; cases: CallCase[] }> = [];

test('the grid is every combination: 2 x 2 x 3 x 2 x 2', () => {
  expect(new Set(demoGrid().map(demoName)).size).toBe(48);
});

for (const config of demoGrid()) {
  const index = new ManifestIndex(demoObjects(config));
  const cases = callCases(index, demoIntent(config));
  rows.push({ name: demoName(config), cases });
  describeCalls(`demo ${demoName(config)}: ${cases.length} calls checked`, index, cases);
}

afterAll(() => {
  const lines = ['| Variant | calls checked |', '| --- | ---: |', ...rows.map((r) => `| ${r.name} | ${r.cases.length} |`),
    `| **${rows.length} variants** | ${rows.reduce((s, r) => s + r.cases.length, 0)} |`];
  if (process.env.SIM_TABLE_FILE) fs.writeFileSync(process.env.SIM_TABLE_FILE, `${lines.join('\n')}\n`);
});
