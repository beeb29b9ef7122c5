import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ApiObject, App, Chart } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { MeshApp, MeshValidation, PluginValidationContext, PluginViolation } from '../src';
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

describe('MeshValidation reuses the findings a MeshApp leaves beside its manifests', () => {
  let outdir: string;
  beforeEach(() => { outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'plugin-report-')); });
  afterEach(() => fs.rmSync(outdir, { recursive: true, force: true }));

  const { parseAllDocuments } = require('yaml');
  async function plugin(properties = {}) {
    const result: { status?: string; violations: PluginViolation[]; metadata?: Record<string, string> } = { violations: [] };
    const manifests = fs.readdirSync(outdir).filter((f) => f.endsWith('.yaml')).map((f) => path.join(outdir, f));
    let parsed = 0;
    await new MeshValidation(properties).validate({
      manifests,
      parseManifest: (p) => { parsed++; return parseAllDocuments(fs.readFileSync(p, 'utf8')).map((d: any) => d.toJS()); },
      report: { addViolation: (v) => result.violations.push(v), submit: (status, metadata) => Object.assign(result, { status, metadata }) },
      logger: { log: () => undefined },
    });
    return { ...result, parsed };
  }
  const metadataFile = () => path.join(outdir, 'construct-metadata.json');
  const readMetadata = () => JSON.parse(fs.readFileSync(metadataFile(), 'utf8'));

  /** The demo with one warning (a workload without a version label), as `cdk8s synth` runs it. */
  function synthDemo(fastYaml: boolean) {
    const app = new MeshApp({ outdir, fastYaml, recordConstructMetadata: true, warn: () => undefined });
    buildDemo(app);
    const chart = new Chart(app, 'extra', { namespace: 'bookinfo' });
    new k8s.KubeDeployment(chart, 'unversioned', {
      metadata: { name: 'unversioned' },
      spec: { selector: { matchLabels: { app: 'unversioned' } }, template: { metadata: { labels: { app: 'unversioned' } }, spec: { containers: [{ name: 'c', image: 'example/c:1' }] } } },
    });
    app.synth();
    return app;
  }

  test.each([true, false])('fastYaml %p: the same report as analyzing the files, without parsing them', async (fastYaml) => {
    const app = synthDemo(fastYaml);
    expect(app.checks.findings.length).toBeGreaterThan(0);
    const reused = await plugin();
    expect(reused.parsed).toBe(0);
    // Without the report, the plugin parses and analyzes the same files, and finds the same.
    const { 'cdk8s-istio': report, ...rest } = readMetadata();
    expect(report.objects).toBe(app.checks.index!.objects.length);
    fs.writeFileSync(metadataFile(), JSON.stringify(rest));
    const analyzed = await plugin();
    expect(analyzed.parsed).toBeGreaterThan(0);
    expect({ ...reused, parsed: 0 }).toEqual({ ...analyzed, parsed: 0 });
  });

  test('analyzes again when a manifest changed, another file joined, or the options differ', async () => {
    synthDemo(true);
    // A finding only the report has shows whether the plugin used it.
    const metadata = readMetadata();
    metadata['cdk8s-istio'].findings.push({ code: 'IST0101', resource: 'Service bookinfo/reviews', message: 'from the report', fix: 'none' });
    fs.writeFileSync(metadataFile(), JSON.stringify(metadata));
    const fromReport = (r: { violations: PluginViolation[] }) => r.violations.some((v) => v.recommendation === 'from the report');
    expect(fromReport(await plugin())).toBe(true);
    expect(fromReport(await plugin({ schemas: false }))).toBe(false);
    expect(fromReport(await plugin({ meshConfig: { rootNamespace: 'istio-config' } }))).toBe(false);

    fs.writeFileSync(path.join(outdir, 'more.k8s.yaml'), 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: more\n');
    expect(fromReport(await plugin())).toBe(false);
    fs.rmSync(path.join(outdir, 'more.k8s.yaml'));
    expect(fromReport(await plugin())).toBe(true);

    const file = path.join(outdir, fs.readdirSync(outdir).find((f) => f.endsWith('.yaml'))!);
    fs.appendFileSync(file, '---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: added\n');
    expect(fromReport(await plugin())).toBe(false);
  });
});
