// `cdk8s synth` with this repository's cdk8s.yaml: the validation plugin reports the way cdk8s
// users expect, and fails a broken app.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const root = path.join(__dirname, '..', '..');

function cdk8sSynth(app: string, outdir: string) {
  return spawnSync(path.join(root, 'node_modules', '.bin', 'cdk8s'), ['synth', '--no-check-upgrade', '--output', outdir, '--app', app],
    { cwd: root, encoding: 'utf8' });
}

describe('cdk8s synth with the MeshValidation plugin', () => {
  let outdir: string;
  beforeEach(() => { outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-cli-')); });
  afterEach(() => fs.rmSync(outdir, { recursive: true, force: true }));

  test('passes the demo and writes it, with its topology', () => {
    const result = cdk8sSynth('node scripts/app.mjs', outdir);
    expect(result.stdout).toContain('Validations ended succesfully');
    expect(result.status).toBe(0);
    expect(fs.readdirSync(outdir).sort()).toEqual([
      '0000-namespaces.k8s.yaml', '0001-bookinfo.k8s.yaml', '0002-traffic.k8s.yaml', '0003-demo.k8s.yaml', '0004-security.k8s.yaml',
      'construct-metadata.json', 'mesh.md',
    ]);
  });

  test('fails a broken app with the analyzer\'s finding and exit status 2', () => {
    const result = cdk8sSynth('node scripts/app.mjs test/fixtures/apps/raw-broken-route.ts', outdir);
    expect(result.stdout).toContain('IST0101 ReferencedResourceNotFound (Error)');
    expect(result.stdout).toContain('Referenced host not found: "reviewz"');
    expect(result.status).toBe(2);
  });

  test('fails an app with a schema-invalid escape-hatch patch, and writes no manifest', () => {
    const result = cdk8sSynth('node scripts/app.mjs test/fixtures/apps/schema-invalid-patch.ts', outdir);
    expect(result.stderr + result.stdout).toContain('Error [CI0101] (Service bookinfo/reviews) The API server refuses it: /spec/ports/0/port must be number');
    expect(result.status).not.toBe(0);
    expect(fs.readdirSync(outdir).filter((f) => f.endsWith('.yaml'))).toEqual([]);
  });
});
