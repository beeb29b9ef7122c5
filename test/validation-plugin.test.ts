import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ApiObject, App, Chart } from 'cdk8s';
import { MeshValidation, PluginValidationContext, PluginViolation } from '../src';
import { buildDemo } from '../app/demo-app';
import { build as buildBroken } from './fixtures/apps/broken-route';


/** Synthesizes an app into a temporary folder and runs the plugin on it, as cdk8s-cli would. */
async function runPlugin(build: (app: App) => void): Promise<{ status?: string; violations: PluginViolation[]; metadata?: Record<string, string> }> {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'plugin-'));
  try {
    const app = new App({ outdir });
    build(app);
    app.synth();
    const { parseAllDocuments } = require('yaml');
    const result: { status?: string; violations: PluginViolation[]; metadata?: Record<string, string> } = { violations: [] };
    const context: PluginValidationContext = {
      manifests: fs.readdirSync(outdir).sort().map((f) => path.join(outdir, f)),
      parseManifest: (p) => parseAllDocuments(fs.readFileSync(p, 'utf8')).map((d: any) => d.toJS()),
      report: { addViolation: (v) => result.violations.push(v), submit: (status, metadata) => Object.assign(result, { status, metadata }) },
      logger: { log: () => undefined },
    };
    await new MeshValidation().validate(context);
    return result;
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

describe('MeshValidation (cdk8s validation plugin)', () => {
  test('passes the demo: no finding, no schema problem', async () => {
    const result = await runPlugin((app) => buildDemo(app));
    expect(result).toEqual({ status: 'success', violations: [], metadata: { objects: '41', findings: '0', schemaProblems: '0' } });
  });

  test('fails a broken app with the analyzer\'s finding, as a violation', async () => {
    const result = await runPlugin((app) => buildBroken(app, { analyze: false }));
    expect(result.status).toBe('failure');
    expect(result.violations).toEqual([{
      ruleName: 'IST0101 Referenced resource not found (Error)',
      recommendation: 'Referenced resource not found',
      fix: 'Add the Service, DestinationRule subset, Gateway or parent the route refers to, or fix the reference.',
      violatingResources: [{ resourceName: 'reviews', locations: ['Referenced host not found: "reviewz"'], manifestPath: expect.stringMatching(/0000-broken\.k8s\.yaml$|broken\.k8s\.yaml$/) }],
    }]);
  });

  test('reports schema problems', async () => {
    const result = await runPlugin((app) => {
      const chart = new Chart(app, 'raw', { namespace: 'bookinfo' });
      // A raw object with a field no Service has (the analyzer has nothing against it).
      new ApiObject(chart, 'svc', { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web' }, spec: { ports: [{ name: 'http', port: 80, portName: 'web' }] } });
    });
    expect(result.status).toBe('failure');
    expect(result.violations.map((v) => [v.ruleName, v.violatingResources[0].locations])).toEqual([
      ['schema v1 Service', ['Service/web: /spec/ports/0 must NOT have additional properties {"additionalProperty":"portName"}']],
    ]);
  });
});
