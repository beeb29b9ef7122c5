// The MeshValidation plugin for this repository's cdk8s.yaml (`validations:`): src/checks/
// mesh-validation.ts bundled as scripts/app.mjs bundles the app (rebuilt only when a source
// changed) and run with its V8 code cache. Consumers of the npm package point cdk8s.yaml at
// ./node_modules/cdk8s-istio instead.
const { buildBundle, runBundle } = require('./build.cjs');

// The packages stay in node_modules: a plugin that reuses the app's report loads none of them.
module.exports = runBundle(buildBundle('src/checks/mesh-validation.ts', 'validation-plugin', { packages: 'external' }));
