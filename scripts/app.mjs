// Runs the cdk8s app (app/main.ts) fast: scripts/build.cjs bundles it with esbuild (imports/ and
// the packages from node_modules included, rebuilt only when a source changed) and runs the
// bundle with a V8 code cache, as `cdk8s-istio run` does. cdk8s.yaml points here, so
// `cdk8s synth` and `npm run synth` run the same code. The app writes to $CDK8S_OUTDIR (default
// dist/).
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const require = createRequire(import.meta.url);
const { buildBundle, root, runBundle } = require('./build.cjs');

export { root };

const MAIN = path.join(root, 'app', 'main.ts');

/** Bundles an entry point (default app/main.ts) into .build/, unless up to date; returns the bundle's path. */
export function buildApp(entry = MAIN) {
  return buildBundle(path.resolve(entry));
}

/**
 * Builds and runs an app (app/main.ts, or a program such as examples/NAME.ts) in this process;
 * it synthesizes into $CDK8S_OUTDIR.
 */
export function runApp(entry = MAIN) {
  runBundle(buildApp(entry));
}

// `node scripts/app.mjs [examples/NAME.ts]`
if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  try {
    runApp(process.argv[2]);
  } catch (err) {
    // The message names the construct, prop or variable at fault; the stack is for bugs.
    console.error(process.env.DEBUG ? err?.stack : `${err?.message ?? err}\n(DEBUG=1 shows the stack trace)`);
    process.exit(1);
  }
}
