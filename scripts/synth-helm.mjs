// `npm run synth:helm [-- --output DIR]`: the demo app as a Helm chart (default dist-helm/), via
// `cdk8s synth --format helm`, with the same validation plugin as `cdk8s synth`.
//
// The CLI's Helm mode downloads every CRD listed under imports: in cdk8s.yaml to bundle it in
// crds/. Istio installs its CRDs itself (and this project touches no network at synth), so the
// CLI runs from a scratch folder whose cdk8s.yaml has no imports. The chart is named after that
// folder: bookinfo-mesh.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';
import { root } from './app.mjs';

const args = process.argv.slice(2);
const at = args.indexOf('--output');
if (at >= 0 && !args[at + 1]) {
  console.error('usage: npm run synth:helm [-- --output DIR]');
  process.exit(2);
}
const output = path.resolve(at >= 0 ? args[at + 1] : path.join(root, 'dist-helm'));
const { version } = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));

const scratch = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-istio-helm-')), 'bookinfo-mesh');
fs.mkdirSync(scratch);
fs.writeFileSync(path.join(scratch, 'cdk8s.yaml'), stringify({
  language: 'typescript',
  app: `node ${JSON.stringify(path.join(root, 'scripts', 'app.mjs'))}`,
  validations: [{ package: path.join(root, 'scripts', 'validation-plugin.cjs'), class: 'MeshValidation', version: '0.1.0' }],
}));
try {
  const result = spawnSync(path.join(root, 'node_modules', '.bin', 'cdk8s'),
    ['synth', '--no-check-upgrade', '--format', 'helm', '--chart-version', version, '--output', output], {
      cwd: scratch,
      stdio: 'inherit',
      // The topology goes beside Chart.yaml: templates/ must hold manifests only.
      env: { ...process.env, MESH_TOPOLOGY_FILE: path.join(output, 'mesh.md') },
    });
  process.exitCode = result.status ?? 1;
  // The CLI leaves the construct metadata it gathers for validation plugins in templates/, where
  // Helm would render it as a manifest without apiVersion and kind.
  fs.rmSync(path.join(output, 'templates', 'construct-metadata.json'), { force: true });
} finally {
  fs.rmSync(path.dirname(scratch), { recursive: true, force: true });
}
