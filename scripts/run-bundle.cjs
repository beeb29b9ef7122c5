// Runs a CommonJS bundle (one that scripts/app.mjs built) with a V8 code cache beside it, as
// `cdk8s-istio run` runs a user's app (src/cli/run-app.ts, through scripts/build.cjs):
// `node scripts/run-bundle.cjs .build/main.js`, or runBundle(file) from another script.
//
// Compiling the app's code (cdk8s, cdk8s-plus-28 and this library: 3 MB) is the largest part of a
// synth that Node repeats every time; the cache keeps what V8 compiled in an earlier run. With
// DEBUG set, the bundle is required as usual, source maps on, for stack traces in src/*.ts.
'use strict';
const { runBundle } = require('./build.cjs');

module.exports = { runBundle };

if (require.main === module) {
  if (!process.argv[2]) {
    console.error('usage: node scripts/run-bundle.cjs BUNDLE');
    process.exit(2);
  }
  runBundle(process.argv[2]);
}
