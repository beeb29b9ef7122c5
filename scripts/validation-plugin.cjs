// The MeshValidation plugin for this repository's cdk8s.yaml (`validations:`): bundles
// src/validation-plugin.ts with esbuild, as scripts/app.mjs bundles the app, and exports it.
// Consumers of the npm package point cdk8s.yaml at ./node_modules/cdk8s-istio instead.
const path = require('node:path');
const { buildSync } = require('esbuild');

const outfile = path.join(__dirname, '..', '.build', 'validation-plugin.js');
buildSync({
  entryPoints: [path.join(__dirname, '..', 'src', 'checks', 'mesh-validation.ts')],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  packages: 'external',
  logLevel: 'warning',
});
module.exports = require(outfile);
