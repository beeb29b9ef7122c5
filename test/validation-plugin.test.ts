import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ApiObject, App, Chart } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { MeshValidation, PluginValidationContext, PluginViolation } from '../src';
import { buildDemo } from '../app/demo-app';
import * as istio from '../imports/networking.istio.io';


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
    expect(result).toEqual({ status: 'success', violations: [], metadata: { objects: '41', findings: '0' } });
  });

  test('fails an app of raw objects with the analyzer\'s finding, as a violation', async () => {
    const result = await runPlugin((app) => {
      // Raw objects only: no construct of this library, so no mesh checks inside the app.
      const chart = new Chart(app, 'broken', { namespace: 'bookinfo' });
      new k8s.KubeService(chart, 'reviews', { metadata: { name: 'reviews' }, spec: { ports: [{ port: 9080, name: 'http' }], selector: { app: 'reviews' } } });
      new istio.VirtualService(chart, 'typo', { metadata: { name: 'reviews' }, spec: { hosts: ['reviews'], http: [{ route: [{ destination: { host: 'reviewz' } }] }] } });
    });
    expect(result.status).toBe('failure');
    expect(result.violations).toEqual([{
      ruleName: 'IST0101 ReferencedResourceNotFound (Error)',
      recommendation: 'Referenced host not found: "reviewz"',
      fix: 'Route to an existing Service or ServiceEntry, or add the Service reviewz.bookinfo.svc.cluster.local.',
      violatingResources: [{ resourceName: 'reviews', locations: ['Referenced host not found: "reviewz"'], manifestPath: expect.stringMatching(/broken\.k8s\.yaml$/) }],
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
      ['CI0101 SchemaViolation (Error)', ['The API server refuses it: /spec/ports/0 must NOT have additional properties {"additionalProperty":"portName"}']],
    ]);
  });
});
